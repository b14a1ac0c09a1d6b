#include "engine/engine.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "engine/explain.h"
#include "engine/participant.h"

namespace pacta {
namespace {

using explain::reason;
using explain::ref_suffix;
using explain::with_action;

// Same-day order: a signature comes before a consent of that day; withdrawals and their
// revocations of one day in the order they were recorded (the order the checks saw them in:
// a withdrawal, its revocation, and a new withdrawal the same day leave a withdrawal pending).
// A withdrawal comes before a consent of the same day: a party that denounces and accedes
// again the same day (Guyana, ICCPR-OP1, 5 January 1999) re-accedes while withdrawing.
int same_day_rank(ActionKind k) {
  switch (k) {
    case ActionKind::kSignature: return 0;
    case ActionKind::kWithdrawal:
    case ActionKind::kWithdrawalRevocation: return 1;
    default: return is_consent(k) ? 2 : 4;
  }
}

}  // namespace

const StatusInterval* ParticipantView::interval_on(Date on) const {
  auto it = std::upper_bound(intervals.begin(), intervals.end(), on,
                             [](Date d, const StatusInterval& i) { return d < i.from; });
  if (it == intervals.begin()) return nullptr;
  return &*std::prev(it);
}

Status ParticipantView::status_on(Date on) const {
  const StatusInterval* i = interval_on(on);
  return i ? i->status : Status::kNone;
}

ParticipantState ParticipantView::standing_on(Date on) const {
  const ParticipantOn then = as_of(on);
  return ParticipantState{status_on(on), then->signature, then->entry_into_force, then->withdrawal_received};
}

ParticipantOn ParticipantView::as_of(Date on) const {
  if (!treaty || !settled_from || on >= *settled_from) return ParticipantOn::same(*this);
  return ParticipantOn::refold(treaty->fold_as_of(*this, on));
}

Record record_for_treaty(const Record& all, const std::string& treaty) {
  Record r;
  for (const Action& a : all.actions)
    if (a.treaty == treaty) r.actions.push_back(a);
  r.facts = all.facts;
  for (const DomesticStep& s : all.steps)
    if (s.treaty.empty() || s.treaty == treaty) r.steps.push_back(s);
  return r;
}

TreatyView::TreatyView(TreatyProfile profile, Record record, std::shared_ptr<const TreatyView> parent)
    : profile_(std::move(profile)), record_(std::move(record)), parent_(std::move(parent)) {
  std::stable_sort(record_.actions.begin(), record_.actions.end(), [](const Action& a, const Action& b) {
    return std::make_tuple(a.date, same_day_rank(a.kind), a.prov.seq) <
           std::make_tuple(b.date, same_day_rank(b.kind), b.prov.seq);
  });
  for (const Action& a : record_.actions) {
    ParticipantView& p = participants_[a.state];
    p.state = a.state;
    p.actions.push_back(&a);
  }
  carry_parent_withdrawals();
  compute_entry_into_force();
  for (auto& [state, p] : participants_) {
    compute_participant(p);
    settle(p);
  }
  index_counts();
}

TreatyView::TreatyView(TreatyView&& o)
    : profile_(std::move(o.profile_)),
      record_(std::move(o.record_)),  // the actions stay where they are: participants keep pointing at them
      parent_(std::move(o.parent_)),
      own_eif_(std::move(o.own_eif_)),
      own_settled_from_(o.own_settled_from_),
      carried_(std::move(o.carried_)),  // a deque keeps its elements where they are
      eif_(o.eif_),
      threshold_date_(o.threshold_date_),
      eif_why_(std::move(o.eif_why_)),
      count_steps_(std::move(o.count_steps_)),
      eif_settled_from_(o.eif_settled_from_),
      participants_(std::move(o.participants_)),
      counts_(std::move(o.counts_)) {
  for (auto& [state, p] : participants_) p.treaty = this;
}

// A withdrawal from the parent (and its revocation) applies to this protocol when the parent's
// clause says so, for a State that had consented to the protocol by then: it joins that
// participant's actions as the parent's own entry (same seq and reference, `treaty` the parent's).
void TreatyView::carry_parent_withdrawals() {
  if (!parent_ || !profile_.consent.parent || profile_.consent.parent->treaty != parent_->profile().id) return;
  const std::optional<WithdrawalRule>& rule = parent_->profile().withdrawal;
  if (!rule || !rule->applies_to_protocols) return;
  for (auto& [state, p] : participants_) {
    const ParticipantView* pp = parent_->participant(state);
    if (!pp) continue;
    bool added = false;
    for (const Action* a : pp->actions) {
      if (a->treaty != parent_->profile().id) continue;
      if (a->kind != ActionKind::kWithdrawal && a->kind != ActionKind::kWithdrawalRevocation) continue;
      const bool consented = std::any_of(p.actions.begin(), p.actions.end(), [&](const Action* x) {
        return x->treaty == profile_.id && is_consent(x->kind) && x->date <= a->date;
      });
      if (!consented) continue;
      carried_.push_back(*a);
      p.actions.push_back(&carried_.back());
      added = true;
    }
    if (added)
      std::stable_sort(p.actions.begin(), p.actions.end(), [](const Action* a, const Action* b) {
        return std::make_tuple(a->date, same_day_rank(a->kind), a->prov.seq) < std::make_tuple(b->date, same_day_rank(b->kind), b->prov.seq);
      });
  }
}

const ParticipantView* TreatyView::participant(const std::string& state) const {
  auto it = participants_.find(state);
  return it == participants_.end() ? nullptr : &it->second;
}

void TreatyView::compute_entry_into_force() {
  if (profile_.entry_into_force.threshold_met_by_fact) {
    entry_into_force_by_fact();
  } else if (!profile_.entry_into_force.required_states.empty()) {
    // Every listed State's instrument (CTBT art. XIV(1)): settled from the last action of one of them.
    for (const Action& a : record_.actions)
      if (std::find(profile_.entry_into_force.required_states.begin(), profile_.entry_into_force.required_states.end(), a.state) !=
          profile_.entry_into_force.required_states.end())
        eif_settled_from_ = a.date;
    TreatyInForce r = in_force_by_required(std::nullopt);
    eif_ = r.date;
    threshold_date_ = r.threshold;
    eif_why_ = std::move(r.why);
  } else {
    entry_into_force_by_count();
  }
  if (profile_.entry_into_force.subject_to.empty()) return;
  if (!parent_) {
    eif_why_.push_back(reason("subject to the entry into force of " + profile_.entry_into_force.subject_to +
                                  ", whose record was not read for this answer: that condition is not applied here",
                              &profile_.entry_into_force.cite));
    return;
  }
  own_eif_ = TreatyInForce{eif_, threshold_date_, eif_why_};
  own_settled_from_ = eif_settled_from_;
  TreatyInForce t = subject_to_parent(TreatyInForce{eif_, threshold_date_, std::move(eif_why_)},
                                      TreatyInForce{parent_->eif_, parent_->threshold_date_, parent_->eif_why_}, std::nullopt);
  eif_ = t.date;
  threshold_date_ = t.threshold;
  eif_why_ = std::move(t.why);
  // Determined once both are: from the later of the two days they were settled.
  if (parent_->eif_settled_from_ && (!eif_settled_from_ || *eif_settled_from_ < *parent_->eif_settled_from_))
    eif_settled_from_ = parent_->eif_settled_from_;
}

// "Subject to the entry into force of the Covenant": in force on its own date or the other
// treaty's, whichever is later; not before that treaty is in force (as determined by `on`).
TreatyInForce TreatyView::subject_to_parent(TreatyInForce own, const TreatyInForce& parent, std::optional<Date> on) const {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  const TreatyProfile& p = parent_->profile();
  const std::string name = (p.short_title.empty() ? p.title : p.short_title) + " (" + p.id + ")";
  if (!own.date) return own;
  if (!parent.date) {
    own.why.push_back(reason("its own condition is met, but it is subject to the entry into force of the " + name + ", " +
                                 (on ? "whose entry into force was not yet determined on " + on->iso() : std::string("which is not in force")) +
                                 ": not yet in force",
                             &rule.cite));
    own.date.reset();
    own.threshold.reset();
    return own;
  }
  if (*parent.date > *own.date) {
    own.why.push_back(reason("subject to the entry into force of the " + name + ", which entered into force later, on " +
                                 parent.date->iso() + ": in force from that day, not " + own.date->iso(),
                             &rule.cite));
    own.date = parent.date;
  } else {
    own.why.push_back(reason("subject to the entry into force of the " + name + ": in force since " + parent.date->iso(), &rule.cite));
  }
  return own;
}

// "in no case earlier than two years after its opening for signature" (CWC art. XXI(1), CTBT
// art. XIV(1)): a computed date before that day moves to it.
void TreatyView::not_before_opening(TreatyInForce& t) const {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  if (!t.date || !rule.not_before_after_opening || !profile_.signature.opens) return;
  DateResult floor = add_period(*profile_.signature.opens, *rule.not_before_after_opening, Rounding::kUp);
  if (!floor.date) return;
  if (*t.date < *floor.date) {
    t.why.push_back(reason("not earlier than " + rule.not_before_after_opening->describe() + " after the opening for signature (" +
                               profile_.signature.opens->iso() + "): " + floor.date->iso(),
                           &rule.cite));
    t.date = floor.date;
  } else {
    t.why.push_back(reason("later than " + rule.not_before_after_opening->describe() + " after the opening for signature (" +
                               profile_.signature.opens->iso() + ", i.e. " + floor.date->iso() + ")",
                           &rule.cite));
  }
}

// The listed States' instruments as the record stood on `on` (or in full): in force `delay`
// after the last of them, when all have deposited and none withdrew its instrument.
TreatyInForce TreatyView::in_force_by_required(std::optional<Date> on) const {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  const std::vector<std::string>& listed = rule.required_states;
  std::map<std::string, const Action*> have;
  for (const Action& a : record_.actions) {
    if (on && a.date > *on) break;
    if (std::find(listed.begin(), listed.end(), a.state) == listed.end()) continue;
    if (std::find(rule.instruments.begin(), rule.instruments.end(), a.kind) != rule.instruments.end())
      have.emplace(a.state, &a);
    else if (a.kind == ActionKind::kInstrumentWithdrawal)
      have.erase(a.state);
  }
  TreatyInForce out;
  const Citation& cite = rule.required_cite ? *rule.required_cite : rule.cite;
  if (have.size() < listed.size()) {
    std::string missing;
    for (const std::string& s : listed)
      if (!have.count(s)) missing += (missing.empty() ? "" : ", ") + s;
    out.why.push_back(reason(std::to_string(have.size()) + " of the " + std::to_string(listed.size()) +
                                 " States whose instruments are all required " +
                                 (on ? "had deposited by " + on->iso() : std::string("have deposited")) +
                                 "; not yet in force. Not deposited: " + missing,
                             &cite));
    return out;
  }
  const Action* last = nullptr;
  for (const auto& [state, a] : have)
    if (!last || last->date < a->date) last = a;
  out.threshold = last->date;
  DateResult r = apply_delay(last->date, rule.delay);
  if (!r.date) {
    out.why.push_back(reason("entry into force cannot be computed: " + r.note, &rule.cite));
    return out;
  }
  out.date = r.date;
  out.why.push_back(with_action(reason("the last of the " + std::to_string(listed.size()) + " required instruments (" +
                                           std::string(to_string(last->kind)) + " by " + last->state + ") deposited " +
                                           last->date.iso() + ref_suffix(*last) + "; " + rule.delay.describe() + " = " +
                                           out.date->iso(),
                                       &rule.cite),
                                *last));
  not_before_opening(out);
  return out;
}

std::vector<std::string> TreatyView::required_missing(Date on) const {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  std::vector<std::string> missing;
  if (rule.required_states.empty()) return missing;
  std::set<std::string> have;
  for (const Action& a : record_.actions) {
    if (a.date > on) break;
    if (std::find(rule.instruments.begin(), rule.instruments.end(), a.kind) != rule.instruments.end())
      have.insert(a.state);
    else if (a.kind == ActionKind::kInstrumentWithdrawal)
      have.erase(a.state);
  }
  for (const std::string& s : rule.required_states)
    if (!have.count(s)) missing.push_back(s);
  return missing;
}

// When the threshold is not a plain count (Paris): the recorded date it was met.
void TreatyView::entry_into_force_by_fact() {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  const Fact* met = nullptr;
  for (const Fact& f : record_.facts)
    if (f.kind == FactKind::kThresholdMet && f.treaty == profile_.id && (!met || f.from < met->from)) met = &f;
  if (!met) {
    eif_why_.push_back(reason("no recorded fact that the condition for entry into force was met; not yet in force", &rule.cite));
    return;
  }
  threshold_date_ = met->from;
  eif_settled_from_ = met->from;  // before it, no recorded fact: not determined
  DateResult r = apply_delay(*threshold_date_, rule.delay);
  if (!r.date) {
    eif_why_.push_back(reason("entry into force cannot be computed: " + r.note, &rule.cite));
    return;
  }
  eif_ = r.date;
  std::string text = "the condition for entry into force was met on " + threshold_date_->iso() + " (recorded fact; source: " +
                     met->prov.source + "); " + rule.delay.describe() + " = " + eif_->iso();
  Reason why = reason(text, &rule.cite);
  if (met->prov.seq) why.entries.push_back(met->prov.seq);
  eif_why_.push_back(why);
}

// The Nth instrument of the kinds that count, not withdrawn before it took effect, as the
// record stood after each day of deposits: count_steps_ holds each change (before the threshold
// is met, every change of the count; after, every change of the instrument that met it).
void TreatyView::entry_into_force_by_count() {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  const size_t needed = static_cast<size_t>(std::max(rule.threshold, 1));
  std::vector<const Action*> counted;
  const std::vector<Action>& acts = record_.actions;
  for (size_t i = 0; i < acts.size();) {
    const Date day = acts[i].date;
    bool touched = false;
    for (; i < acts.size() && acts[i].date == day; ++i) {
      const Action& a = acts[i];
      if (std::find(rule.instruments.begin(), rule.instruments.end(), a.kind) != rule.instruments.end()) {
        counted.push_back(&a);
        touched = true;
      } else if (a.kind == ActionKind::kInstrumentWithdrawal) {
        // An instrument withdrawn before it took effect does not count (any of this state's
        // instruments deposited on or before the withdrawal).
        touched = std::erase_if(counted, [&](const Action* c) { return c->state == a.state; }) > 0 || touched;
      }
    }
    if (!touched) continue;
    const CountStep step{day, static_cast<int>(counted.size()), counted.size() >= needed ? counted[needed - 1] : nullptr};
    const CountStep* last = count_steps_.empty() ? nullptr : &count_steps_.back();
    if (!last || step.nth != last->nth || (!step.nth && step.counted != last->counted)) count_steps_.push_back(step);
  }
  if (!count_steps_.empty()) eif_settled_from_ = count_steps_.back().from;
  TreatyInForce result = in_force_by_count(count_steps_.empty() ? CountStep{} : count_steps_.back(), std::nullopt);
  eif_ = result.date;
  threshold_date_ = result.threshold;
  eif_why_ = std::move(result.why);
}

// The entry into force that `step` determines; `on` names the day asked about when it is not
// the whole record.
TreatyInForce TreatyView::in_force_by_count(const CountStep& step, std::optional<Date> on) const {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  TreatyInForce out;
  if (!step.nth) {
    out.why.push_back(reason(std::to_string(step.counted) + " of the " + std::to_string(rule.threshold) + " instruments needed " +
                                 (on ? "had been deposited by " + on->iso() : std::string("have been deposited")) +
                                 "; not yet in force",
                             &rule.cite));
    return out;
  }
  const Action& nth = *step.nth;
  out.threshold = nth.date;
  DateResult r = apply_delay(nth.date, rule.delay);
  if (!r.date) {
    out.why.push_back(reason("entry into force cannot be computed: " + r.note, &rule.cite));
    return out;
  }
  out.date = r.date;
  std::string text = "instrument no. " + std::to_string(rule.threshold) + " (" + std::string(to_string(nth.kind)) +
                     " by " + nth.state + ") deposited " + nth.date.iso() + ref_suffix(nth) + "; " +
                     rule.delay.describe() + " = " + out.date->iso();
  if (r.rounded) text += " (" + r.note + ")";
  out.why.push_back(with_action(reason(text, &rule.cite), nth));
  not_before_opening(out);
  return out;
}

TreatyInForce TreatyView::entry_into_force_on(Date on) const {
  if (!eif_settled_from_ || on >= *eif_settled_from_) return TreatyInForce{eif_, threshold_date_, eif_why_};
  TreatyInForce own = own_entry_into_force_on(on);
  if (profile_.entry_into_force.subject_to.empty() || !parent_) return own;
  return subject_to_parent(std::move(own), parent_->entry_into_force_on(on), on);
}

// The treaty's own condition as determined by `on` (before the day it was settled).
TreatyInForce TreatyView::own_entry_into_force_on(Date on) const {
  if (own_eif_ && (!own_settled_from_ || on >= *own_settled_from_)) return *own_eif_;
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  if (!rule.required_states.empty()) return in_force_by_required(on);
  if (rule.threshold_met_by_fact)
    return TreatyInForce{std::nullopt, std::nullopt,
                         {reason("no recorded fact that the condition for entry into force was met by " + on.iso() +
                                     "; not yet in force",
                                 &rule.cite)}};
  auto it = std::upper_bound(count_steps_.begin(), count_steps_.end(), on,
                             [](Date d, const CountStep& s) { return d < s.from; });
  return in_force_by_count(it == count_steps_.begin() ? CountStep{} : *std::prev(it), on);
}

// The state machine of one participant (participant.cc), every action through decide().
void TreatyView::compute_participant(ParticipantView& p) {
  p.treaty = this;
  fold_participant(FoldContext{profile_, record_.facts, eif_, threshold_date_, parent_ ? &parent_->profile() : nullptr}, p);
}

// The last day anything this participant's fold reads changes: its actions, the facts about it
// (a conflict's end too), the treaty's entry into force.
void TreatyView::settle(ParticipantView& p) const {
  std::optional<Date> last = eif_settled_from_;
  auto later = [&](Date d) {
    if (!last || *last < d) last = d;
  };
  for (const Action* a : p.actions) later(a->date);
  for (const Fact& f : record_.facts) {
    if (f.state != p.state) continue;
    later(f.from);
    if (f.kind == FactKind::kArmedConflict && f.to) later(*f.to);
  }
  p.settled_from = last;
}

// What had happened by `on`: the actions dated then or before (and a consent deposited later
// whose effect starts by then), the facts about the state that began by then (a conflict's end
// after `on` not yet known), the treaty's entry into force as determined then. The refold is an
// answer for `on`: its own as_of() is itself.
ParticipantView TreatyView::fold_as_of(const ParticipantView& p, Date on) const {
  ParticipantView q;
  q.state = p.state;
  for (const Action* a : p.actions) {
    bool by_then = a->date <= on;
    for (const RetroactiveConsent& r : p.retroactive) by_then = by_then || (r.action == a && r.effective <= on);
    if (by_then) q.actions.push_back(a);
  }
  std::vector<Fact> facts;
  for (const Fact& f : record_.facts) {
    if (f.state != p.state || f.from > on) continue;
    facts.push_back(f);
    if (f.kind == FactKind::kArmedConflict && f.to && *f.to > on) facts.back().to.reset();
  }
  const TreatyInForce in_force = entry_into_force_on(on);
  fold_participant(FoldContext{profile_, facts, in_force.date, in_force.threshold, parent_ ? &parent_->profile() : nullptr}, q);
  return q;
}

void TreatyView::index_counts() {
  std::map<Date, PartyCount> delta;
  for (const auto& [state, p] : participants_) {
    Status prev = Status::kNone;
    for (const StatusInterval& i : p.intervals) {
      PartyCount& d = delta[i.from];
      d.parties += counts_as_party(i.status) - counts_as_party(prev);
      d.deposited += has_standing_consent(i.status) - has_standing_consent(prev);
      d.signatories += (i.status == Status::kSignatory) - (prev == Status::kSignatory);
      prev = i.status;
    }
  }
  PartyCount running;
  for (const auto& [date, d] : delta) {
    running.parties += d.parties;
    running.deposited += d.deposited;
    running.signatories += d.signatories;
    counts_.emplace_back(date, running);
  }
}

PartyCount TreatyView::count_on(Date on) const {
  auto it = std::upper_bound(counts_.begin(), counts_.end(), on,
                             [](Date d, const std::pair<Date, PartyCount>& c) { return d < c.first; });
  if (it == counts_.begin()) return {};
  return std::prev(it)->second;
}

std::vector<DerivedEvent> TreatyView::events_between(Date from, Date until) const {
  std::vector<DerivedEvent> out;
  if (eif_ && from <= *eif_ && *eif_ < until)
    out.push_back(DerivedEvent{*eif_, "", "treaty_entry_into_force", "the treaty enters into force", false, eif_why_});
  for (const auto& [state, p] : participants_)
    for (const DerivedEvent& e : p.derived)
      if (from <= e.date && e.date < until) out.push_back(e);
  std::stable_sort(out.begin(), out.end(), [](const DerivedEvent& a, const DerivedEvent& b) { return a.date < b.date; });
  return out;
}

std::vector<DerivedEvent> TreatyView::events_between(Date from, Date until, Date as_of) const {
  std::vector<DerivedEvent> out;
  const TreatyInForce in_force = entry_into_force_on(as_of);
  if (in_force.date && from <= *in_force.date && *in_force.date < until)
    out.push_back(DerivedEvent{*in_force.date, "", "treaty_entry_into_force", "the treaty enters into force", false, in_force.why});
  for (const auto& [state, p] : participants_) {
    const ParticipantOn then = p.as_of(as_of);
    for (const DerivedEvent& e : then->derived)
      if (from <= e.date && e.date < until) out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const DerivedEvent& a, const DerivedEvent& b) { return a.date < b.date; });
  return out;
}

}  // namespace pacta
