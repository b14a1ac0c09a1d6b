#include "engine/engine.h"

#include <algorithm>
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
int same_day_rank(ActionKind k) {
  switch (k) {
    case ActionKind::kSignature: return 0;
    case ActionKind::kWithdrawal:
    case ActionKind::kWithdrawalRevocation: return 2;
    default: return is_consent(k) ? 1 : 4;
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
  return ParticipantState{status_on(on), signature, entry_into_force, withdrawal_received};
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

TreatyView::TreatyView(TreatyProfile profile, Record record) : profile_(std::move(profile)), record_(std::move(record)) {
  std::stable_sort(record_.actions.begin(), record_.actions.end(), [](const Action& a, const Action& b) {
    return std::make_tuple(a.date, same_day_rank(a.kind), a.prov.seq) <
           std::make_tuple(b.date, same_day_rank(b.kind), b.prov.seq);
  });
  for (const Action& a : record_.actions) {
    ParticipantView& p = participants_[a.state];
    p.state = a.state;
    p.actions.push_back(&a);
  }
  compute_entry_into_force();
  for (auto& [state, p] : participants_) compute_participant(p);
  index_counts();
}

const ParticipantView* TreatyView::participant(const std::string& state) const {
  auto it = participants_.find(state);
  return it == participants_.end() ? nullptr : &it->second;
}

void TreatyView::compute_entry_into_force() {
  if (profile_.entry_into_force.threshold_met_by_fact)
    entry_into_force_by_fact();
  else
    entry_into_force_by_count();
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

// The Nth instrument of the kinds that count, not withdrawn before it took effect.
void TreatyView::entry_into_force_by_count() {
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  std::vector<const Action*> counted;
  for (const Action& a : record_.actions) {
    if (std::find(rule.instruments.begin(), rule.instruments.end(), a.kind) == rule.instruments.end()) continue;
    // An instrument withdrawn before it took effect does not count.
    const bool withdrawn = std::any_of(record_.actions.begin(), record_.actions.end(), [&](const Action& w) {
      return w.kind == ActionKind::kInstrumentWithdrawal && w.state == a.state && w.date >= a.date;
    });
    if (!withdrawn) counted.push_back(&a);
  }
  if (static_cast<int>(counted.size()) < rule.threshold) {
    eif_why_.push_back(reason(std::to_string(counted.size()) + " of the " + std::to_string(rule.threshold) +
                                  " instruments needed have been deposited; not yet in force",
                              &rule.cite));
    return;
  }
  const Action& nth = *counted[static_cast<size_t>(rule.threshold - 1)];
  threshold_date_ = nth.date;
  DateResult r = apply_delay(nth.date, rule.delay);
  if (!r.date) {
    eif_why_.push_back(reason("entry into force cannot be computed: " + r.note, &rule.cite));
    return;
  }
  eif_ = r.date;
  std::string text = "instrument no. " + std::to_string(rule.threshold) + " (" + std::string(to_string(nth.kind)) +
                     " by " + nth.state + ") deposited " + nth.date.iso() + ref_suffix(nth) + "; " +
                     rule.delay.describe() + " = " + eif_->iso();
  if (r.rounded) text += " (" + r.note + ")";
  eif_why_.push_back(with_action(reason(text, &rule.cite), nth));
}

// The state machine of one participant (participant.cc), every action through decide().
void TreatyView::compute_participant(ParticipantView& p) {
  fold_participant(FoldContext{profile_, record_.facts, eif_, threshold_date_}, p);
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

}  // namespace pacta
