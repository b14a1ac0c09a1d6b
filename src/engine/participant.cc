#include "engine/participant.h"

#include <algorithm>

#include "engine/decide.h"
#include "engine/explain.h"

namespace pacta {
namespace {

using explain::instrument_name;
using explain::reason;
using explain::ref_suffix;
using explain::with_action;

// A status change due on a later date (entry into force, a withdrawal's effect).
struct Scheduled {
  Date at;
  Status to;
  std::vector<Reason> why;
};

class Timeline {
 public:
  explicit Timeline(std::vector<StatusInterval>& out) : out_(out) {}
  void go(Date d, Status s, std::vector<Reason> why) {
    if (only_notes() && d < out_.back().from) {  // the notes move into the status that began earlier
      why.insert(why.end(), out_.back().why.begin(), out_.back().why.end());
      out_.pop_back();
    }
    if (!out_.empty()) {
      if (out_.back().from == d) {  // two steps on one day: keep the later one, with both reasons
        auto& last = out_.back();
        if (s == last.status) return;
        why.insert(why.begin(), last.why.begin(), last.why.end());
        out_.pop_back();
        if (!out_.empty()) out_.back().until.reset();
        if (!out_.empty() && out_.back().status == s) return;
      } else {
        out_.back().until = d;
      }
    }
    out_.push_back(StatusInterval{d, std::nullopt, s, std::move(why)});
  }
  Status current() const { return out_.empty() ? Status::kNone : out_.back().status; }
  // Adds a reason to the current interval without changing the status.
  void note(Reason r) {
    if (!out_.empty()) out_.back().why.push_back(std::move(r));
  }
  // The same, opening an interval of status none on `d` when there is no status yet.
  void note_or_open(Date d, Reason r) {
    if (out_.empty()) out_.push_back(StatusInterval{d, std::nullopt, Status::kNone, {}});
    note(std::move(r));
  }
  // No status yet, only notes of actions without effect.
  bool only_notes() const { return out_.size() == 1 && out_.front().status == Status::kNone; }
  // The start of the latest status of its own (an interval of notes only is not one).
  std::optional<Date> latest_from() const {
    if (out_.empty() || only_notes()) return std::nullopt;
    return out_.back().from;
  }

 private:
  std::vector<StatusInterval>& out_;
};

// When the treaty enters into force for a consent, and why.
struct InForce {
  Date date;
  Reason why;
};

// A withdrawal's effect under the profile's conditions.
struct WithdrawalEffect {
  Date expiry;              // end of the notice period (or the later date the instrument names)
  Date effect;              // when it takes effect (unless open_ended)
  bool suspended = false;   // an armed conflict holds it back on expiry
  bool open_ended = false;  // ... and no end of that conflict is recorded
  std::vector<Reason> why;
};

class ParticipantFold {
 public:
  ParticipantFold(const FoldContext& t, ParticipantView& p) : t_(t), p_(p), timeline_(p.intervals) {}
  void run();

 private:
  ParticipantState state() const;
  void apply_due(std::optional<Date> upto);
  void derive(Date d, std::string kind, std::string label, std::vector<Reason> why, bool conditional);
  void leave_out(const Action& a, const Refusal& r);
  void apply(const Action& a, std::optional<Status> next);
  void sign(const Action& a, std::optional<Status> next);
  void consent(const Action& a, Status next);
  const Fact* succession_date(const Action& a) const;
  InForce succeeded_from(const Fact& succession, const std::string& deposited) const;
  std::optional<InForce> in_force_for(const Action& a, const Fact* succession, const std::string& deposited);
  void schedule_obligations(Date in_force);
  void withdraw(const Action& a, std::optional<Status> next);
  std::vector<Reason> disputed_readings(const Action& a) const;
  const Fact* conflict_on(Date d, const Fact* except) const;
  WithdrawalEffect hold_back(Date expiry, std::vector<Reason> why) const;
  void schedule_withdrawal(WithdrawalEffect w, bool disputed);
  void revoke(const Action& a, std::optional<Status> next);
  void withdraw_instrument(const Action& a, Status next);
  void communicate(const Action& a);
  const Fact* extinction() const;
  void cease();
  std::optional<Reason> carried(const Action& a) const;

  const FoldContext& t_;
  ParticipantView& p_;
  Timeline timeline_;
  std::vector<Scheduled> queue_;  // scheduled changes, in date order
  const Fact* ended_ = nullptr;   // the State ceased to exist (state_extinction), if recorded
  bool ceased_ = false;           // ... and the fold has reached that day
};

void ParticipantFold::run() {
  const TreatyState treaty{t_.entry_into_force};
  ended_ = extinction();
  for (const Action* a : p_.actions) {
    if (ended_ && a->date >= ended_->from) {
      cease();
      leave_out(*a, Refusal{RefusalKind::kNoEffect, std::nullopt,
                            p_.state + " ceased to exist on " + ended_->from.iso() + " (recorded fact): no act of it has effect after that day"});
      continue;
    }
    apply_due(a->date);
    const Decision d = decide(state(), *a, t_.profile, treaty);
    if (d.acts())
      apply(*a, d.next);  // received, or refused only for its form: the depositary received it
    else
      leave_out(*a, *d.refusal);
  }
  if (ended_)
    cease();
  else
    apply_due(std::nullopt);
}

// An action of the parent treaty carried into this one (CCW art. 9(3)): why it applies here.
std::optional<Reason> ParticipantFold::carried(const Action& a) const {
  if (a.treaty == t_.profile.id || !t_.parent || !t_.parent->withdrawal || !t_.parent->withdrawal->applies_to_protocols)
    return std::nullopt;
  const TreatyProfile& parent = *t_.parent;
  const std::string name = parent.short_title.empty() ? parent.title : parent.short_title;
  return with_action(reason(std::string(a.kind == ActionKind::kWithdrawal ? "a denunciation of the " : "a revocation of the denunciation of the ") +
                                name + " (" + parent.id + "), which applies to this " + t_.profile.self_name + " as well",
                            &*parent.withdrawal->applies_to_protocols),
                     a);
}

// The earliest recorded end of this State.
const Fact* ParticipantFold::extinction() const {
  const Fact* ended = nullptr;
  for (const Fact& f : t_.facts)
    if (f.kind == FactKind::kStateExtinction && f.state == p_.state && (!ended || f.from < ended->from)) ended = &f;
  return ended;
}

// The State ceased to exist: what was due before that day happens; nothing after it does (an
// entry into force, a withdrawal's effect, a deadline); from that day its status is none.
void ParticipantFold::cease() {
  if (ceased_) return;
  ceased_ = true;
  const Date end = ended_->from;
  while (!queue_.empty() && queue_.front().at < end) apply_due(queue_.front().at);
  queue_.clear();
  std::erase_if(p_.derived, [&](const DerivedEvent& e) { return e.date >= end; });
  if (p_.entry_into_force && *p_.entry_into_force >= end) p_.entry_into_force.reset();
  if (p_.withdrawal_effective && *p_.withdrawal_effective >= end) p_.withdrawal_effective.reset();
  p_.ceased = end;
  Reason why = reason(p_.state + " ceased to exist on " + end.iso() + " (recorded fact" +
                      (ended_->prov.source.empty() ? "" : "; source: " + ended_->prov.source) +
                      "): its participation ended that day (a successor takes part by its own instrument, recorded under its own name)");
  if (ended_->prov.seq) why.entries.push_back(ended_->prov.seq);
  if (p_.intervals.empty() || timeline_.current() != Status::kNone)
    timeline_.go(end, Status::kNone, {why});
  else
    timeline_.note(std::move(why));
}

ParticipantState ParticipantFold::state() const {
  return ParticipantState{timeline_.current(), p_.signature, p_.entry_into_force, p_.withdrawal_received};
}

void ParticipantFold::apply_due(std::optional<Date> upto) {
  while (!queue_.empty() && (!upto || queue_.front().at <= *upto)) {
    Scheduled s = std::move(queue_.front());
    queue_.erase(queue_.begin());
    timeline_.go(s.at, s.to, std::move(s.why));
  }
}

void ParticipantFold::derive(Date d, std::string kind, std::string label, std::vector<Reason> why, bool conditional) {
  p_.derived.push_back(DerivedEvent{d, p_.state, std::move(kind), std::move(label), conditional, std::move(why)});
}

// Kept out of the status, but shown: "instrument of accession of 2001-05-03 has no effect: ...".
void ParticipantFold::leave_out(const Action& a, const Refusal& r) {
  Reason why = with_action(reason(instrument_name(a.kind) + " of " + a.date.iso() + ref_suffix(a) + " has no effect: " + r.text,
                                  r.cite ? &*r.cite : nullptr),
                           a);
  why.noted_on = a.date;
  timeline_.note_or_open(a.date, std::move(why));
  p_.without_effect.push_back(ActionWithoutEffect{&a, r});
}

void ParticipantFold::apply(const Action& a, std::optional<Status> next) {
  switch (a.kind) {
    case ActionKind::kSignature: return sign(a, next);
    case ActionKind::kNotIntending:
      return timeline_.go(a.date, Status::kNotIntending,
                          {with_action(reason("notified on " + a.date.iso() + ref_suffix(a) +
                                              " that it does not intend to become a party"),
                                       a)});
    case ActionKind::kRatification:
    case ActionKind::kAcceptance:
    case ActionKind::kApproval:
    case ActionKind::kAccession:
    case ActionKind::kSuccession: return consent(a, next.value_or(Status::kContracting));
    case ActionKind::kWithdrawal: return withdraw(a, next);
    case ActionKind::kWithdrawalRevocation: return revoke(a, next);
    case ActionKind::kInstrumentWithdrawal: return withdraw_instrument(a, next.value_or(Status::kNone));
    case ActionKind::kCommunication: return communicate(a);
    case ActionKind::kReservation:
    case ActionKind::kDeclaration:
    case ActionKind::kObjection:
    case ActionKind::kReservationWithdrawal:
    case ActionKind::kObjectionWithdrawal:
    case ActionKind::kCompetenceDeclaration:
    case ActionKind::kCompetenceWithdrawal: return;  // no status of their own (engine/relation.h, engine/competence.h)
  }
}

void ParticipantFold::sign(const Action& a, std::optional<Status> next) {
  p_.signature = a.date;
  if (next) timeline_.go(a.date, *next, {with_action(reason("signed on " + a.date.iso() + ref_suffix(a)), a)});
}

void ParticipantFold::consent(const Action& a, Status next) {
  // Deposited while its withdrawal is pending: the state stays withdrawing until then, and the
  // new consent takes effect no earlier than the withdrawal (decide_consent).
  const std::optional<Date> after_withdrawal =
      timeline_.current() == Status::kWithdrawing ? p_.withdrawal_effective : std::nullopt;
  p_.consent = a.date;
  p_.consent_kind = a.kind;
  p_.withdrawal_received.reset();
  p_.withdrawal_effective.reset();
  p_.withdrawal_suspended_from.reset();
  const std::string deposited = instrument_name(a.kind) + " deposited " + a.date.iso() + ref_suffix(a);
  // A succession under a profile's succession rule, with the date of the succession of
  // States recorded: it takes effect from that date (or the treaty's entry into force),
  // even before the deposit. Otherwise the state is contracting from its deposit.
  const Fact* succession = succession_date(a);
  if (after_withdrawal) {
    Reason r = with_action(reason(deposited + ", while its withdrawal is pending"), a);
    r.noted_on = a.date;
    timeline_.note(std::move(r));
  } else if (!succession) {
    timeline_.go(a.date, next, {with_action(reason(deposited), a)});
  }
  if (!t_.entry_into_force) {
    p_.entry_into_force.reset();
    return;  // the treaty is not in force: contracting until it is
  }
  std::optional<InForce> in_force = in_force_for(a, succession, deposited);
  if (!in_force) return;
  if (after_withdrawal) {
    in_force->why.text += "; deposited while " + p_.state + "'s withdrawal was pending, it takes effect no earlier than that withdrawal, " +
                          after_withdrawal->iso() + (*after_withdrawal >= in_force->date ? " (no gap: the earlier consent ends and this one begins that day)" : "");
    in_force->date = std::max(in_force->date, *after_withdrawal);
  }
  Reason why = with_action(in_force->why, a);
  why.text = "in force for " + p_.state + " from " + in_force->date.iso() + ": " + why.text;
  p_.entry_into_force = in_force->date;
  derive(in_force->date, "entry_into_force", "in force for " + p_.state, {why}, false);
  if (in_force->date < a.date) {
    p_.retroactive.push_back(RetroactiveConsent{&a, in_force->date});
    timeline_.go(in_force->date, Status::kParty, {why});
    Reason known = with_action(reason(deposited + ": recorded from then on, with effect from " + in_force->date.iso()), a);
    known.noted_on = a.date;
    timeline_.note(std::move(known));
  } else {
    if (succession) timeline_.go(a.date, next, {with_action(reason(deposited), a)});
    queue_.push_back(Scheduled{in_force->date, Status::kParty, {why}});
  }
  schedule_obligations(in_force->date);
}

const Fact* ParticipantFold::succession_date(const Action& a) const {
  if (a.kind != ActionKind::kSuccession || !t_.profile.succession || !t_.entry_into_force) return nullptr;
  const Fact* succession = nullptr;
  for (const Fact& f : t_.facts)
    if (f.kind == FactKind::kStateSuccession && f.state == p_.state && f.from <= a.date &&
        (!succession || succession->from < f.from))
      succession = &f;
  return succession;
}

InForce ParticipantFold::succeeded_from(const Fact& s, const std::string& deposited) const {
  const Date eif = *t_.entry_into_force;
  Date in_force = std::max(s.from, eif);
  std::string text = deposited + "; date of the succession of States for " + p_.state + ": " + s.from.iso() +
                     " (recorded fact" + (s.prov.source.empty() ? "" : "; source: " + s.prov.source) + ")";
  if (s.from < eif) text += "; the treaty entered into force later, " + eif.iso();
  // An earlier status of its own (a signature) is not rewritten: the effect starts after it.
  if (std::optional<Date> since = timeline_.latest_from(); since && *since > in_force) {
    in_force = *since;
    text += "; bound from " + in_force.iso() + ", the start of its status recorded before";
  }
  Reason why = reason(text, &t_.profile.succession->cite);
  if (s.prov.seq) why.entries.push_back(s.prov.seq);
  return InForce{in_force, why};
}

std::optional<InForce> ParticipantFold::in_force_for(const Action& a, const Fact* succession, const std::string& deposited) {
  const Date eif = *t_.entry_into_force;
  if (succession) return succeeded_from(*succession, deposited);
  if (t_.threshold_date && a.date <= *t_.threshold_date)
    return InForce{eif, reason(deposited + ", not after the instrument that brought the treaty into force; bound from the treaty's entry into force, " +
                                   eif.iso(),
                               &t_.profile.entry_into_force.cite)};
  const StateEntryIntoForce& rule = t_.profile.entry_into_force_for_state;
  DateResult r = apply_delay(a.date, rule.delay);
  if (!r.date) {
    timeline_.go(a.date, Status::kContracting,
                 {with_action(reason(deposited + "; entry into force cannot be computed: " + r.note, &rule.cite), a)});
    return std::nullopt;
  }
  std::string text = deposited + "; " + rule.delay.describe() + " = " + r.date->iso();
  if (r.rounded) text += " (" + r.note + ")";
  if (*r.date < eif) text += "; not before the treaty's entry into force, " + eif.iso();
  return InForce{std::max(*r.date, eif), reason(text, &rule.cite)};
}

void ParticipantFold::schedule_obligations(Date in_force) {
  for (const Obligation& ob : t_.profile.obligations) {
    DateResult r = apply_delay(in_force, ob.delay);
    if (!r.date) continue;
    std::string text = ob.title + ": due " + r.date->iso() + ", " + ob.delay.describe() + " with D = entry into force for " +
                       p_.state + " (" + in_force.iso() + ")";
    if (r.rounded) text += " (" + r.note + ")";
    derive(*r.date, "obligation_deadline", ob.id, {reason(text, &ob.cite)}, false);
  }
}

void ParticipantFold::withdraw(const Action& a, std::optional<Status> next) {
  const WithdrawalRule& wr = *t_.profile.withdrawal;  // decide() leaves out a withdrawal without a clause
  p_.withdrawal_received = a.date;
  DateResult r = apply_delay(a.date, wr.notice);
  const std::string received = "instrument of withdrawal received " + a.date.iso() + ref_suffix(a);
  if (!r.date) {
    timeline_.go(a.date, Status::kWithdrawing,
                 {with_action(reason(received + "; the date it takes effect cannot be computed: " + r.note, &wr.cite), a)});
    return;
  }
  Date expiry = *r.date;
  std::string text = received + " + " + wr.notice.period.describe() + " = " + expiry.iso();
  if (r.rounded) text += " (" + r.note + ")";
  if (wr.later_date_allowed && a.later_date && *a.later_date > expiry) {
    text += "; the instrument names a later date, " + a.later_date->iso();
    expiry = *a.later_date;
  }
  Reason base = with_action(reason(text, &wr.cite), a);
  std::vector<Reason> effect_why{base};
  if (std::optional<Reason> c = carried(a)) {
    base.text = c->text + "; " + base.text;
    effect_why = {*c, base};
  }
  // A disputed effect: every recorded reading is shown beside the profile's computation.
  const std::vector<Reason> readings = disputed_readings(a);
  if (!readings.empty()) {
    p_.disputed = true;
    Reason note = reason("the effect of this withdrawal is disputed; pacta shows the treaty's own rule above and every recorded reading below, and does not choose between them");
    note.disputed = true;
    base.text += "; effect disputed (see the readings)";
    effect_why = {base, note};
    effect_why.insert(effect_why.end(), readings.begin(), readings.end());
  }
  WithdrawalEffect w = hold_back(expiry, std::move(effect_why));
  if (!next) {
    // Not bound yet: bound at entry into force (withdrawing from then on), unless the
    // withdrawal takes effect first.
    for (Scheduled& s : queue_)
      if (s.to == Status::kParty) s.to = Status::kWithdrawing;
    std::erase_if(queue_, [&](const Scheduled& s) { return s.to == Status::kWithdrawing && s.at >= w.expiry; });
  } else {
    std::vector<Reason> why{base};
    why.insert(why.end(), readings.begin(), readings.end());
    timeline_.go(a.date, *next, why);
  }
  schedule_withdrawal(std::move(w), !readings.empty());
}

std::vector<Reason> ParticipantFold::disputed_readings(const Action& a) const {
  std::vector<Reason> readings;
  for (const Fact& f : t_.facts) {
    if (f.kind != FactKind::kDisputedEffect || f.state != p_.state || f.from != a.date ||
        (!f.treaty.empty() && f.treaty != t_.profile.id))
      continue;
    Reason r = reason("DISPUTED: one reading" + (f.to ? " dates the effect " + f.to->iso() : std::string(" holds it did not take effect")) +
                      ": " + f.prov.notes + " (source: " + f.prov.source + ")");
    r.disputed = true;
    if (f.prov.seq) r.entries.push_back(f.prov.seq);
    readings.push_back(r);
  }
  return readings;
}

// A recorded armed conflict of this state holding on `d` (other than `except`, the one
// whose end `d` is).
const Fact* ParticipantFold::conflict_on(Date d, const Fact* except) const {
  for (const Fact& f : t_.facts)
    if (&f != except && f.state == p_.state && f.kind == FactKind::kArmedConflict && f.holds_on(d) &&
        (!f.to || *f.to > d || !except))
      return &f;
  return nullptr;
}

// Conditions: an armed conflict on expiry holds the effect back until it ends (several
// recorded conflicts may follow one another).
WithdrawalEffect ParticipantFold::hold_back(Date expiry, std::vector<Reason> why) const {
  WithdrawalEffect w{expiry, expiry, false, false, std::move(why)};
  for (const WithdrawalCondition& c : t_.profile.withdrawal->conditions) {
    if (c.kind != ConditionKind::kNotDuringArmedConflict) continue;
    const Fact* conflict = conflict_on(w.effect, nullptr);
    if (!conflict) w.why.push_back(reason("no armed conflict recorded for " + p_.state + " on " + w.effect.iso(), &c.cite));
    for (int guard = 0; conflict && guard < 1000; ++guard) {
      w.suspended = true;
      Reason held = reason(p_.state + " engaged in an armed conflict on " + w.effect.iso() + " (recorded from " +
                               conflict->from.iso() + (conflict->to ? " to " + conflict->to->iso() : ", no end recorded") +
                               (conflict->prov.source.empty() ? "" : "; source: " + conflict->prov.source) +
                               "): the withdrawal does not take effect before the end of the armed conflict",
                           &c.cite);
      if (conflict->prov.seq) held.entries.push_back(conflict->prov.seq);
      w.why.push_back(held);
      if (!conflict->to) {
        w.open_ended = true;
        break;
      }
      w.effect = std::max(w.effect, *conflict->to);
      conflict = conflict_on(w.effect, conflict);
    }
  }
  return w;
}

void ParticipantFold::schedule_withdrawal(WithdrawalEffect w, bool disputed) {
  const WithdrawalRule& wr = *t_.profile.withdrawal;
  if (w.suspended) {
    p_.withdrawal_suspended_from = w.expiry;
    queue_.push_back(Scheduled{w.expiry, Status::kWithdrawalSuspended, w.why});
    derive(w.expiry, "withdrawal_suspended", "withdrawal of " + p_.state + " held back by an armed conflict", w.why, false);
  }
  if (!w.open_ended) {
    if (w.suspended)
      w.why.push_back(reason("the armed conflict ended on " + w.effect.iso() + "; the withdrawal takes effect then",
                             &wr.conditions.front().cite));
    p_.withdrawal_effective = w.effect;
    queue_.push_back(Scheduled{w.effect, Status::kWithdrawn, w.why});
    derive(w.effect, "withdrawal_effect", "withdrawal of " + p_.state + " takes effect" + (disputed ? " (disputed)" : ""),
           w.why, !wr.conditions.empty() && !w.suspended);
  }
  std::stable_sort(queue_.begin(), queue_.end(), [](const Scheduled& x, const Scheduled& y) { return x.at < y.at; });
}

void ParticipantFold::revoke(const Action& a, std::optional<Status> next) {
  std::erase_if(queue_, [](const Scheduled& s) {
    return s.to == Status::kWithdrawn || s.to == Status::kWithdrawalSuspended;
  });
  for (Scheduled& s : queue_)
    if (s.to == Status::kWithdrawing) s.to = Status::kParty;
  std::erase_if(p_.derived, [](const DerivedEvent& e) {
    return e.kind == "withdrawal_effect" || e.kind == "withdrawal_suspended";
  });
  p_.withdrawal_effective.reset();
  p_.withdrawal_suspended_from.reset();
  Reason r = with_action(reason("withdrawal revoked on " + a.date.iso() + ref_suffix(a) +
                                ", before it took effect: it never takes effect"),
                         a);
  if (std::optional<Reason> c = carried(a)) r.text = c->text + "; " + r.text;
  if (next) timeline_.go(a.date, *next, {r});  // none while contracting: it stays contracting
  p_.withdrawal_received.reset();
}

void ParticipantFold::withdraw_instrument(const Action& a, Status next) {
  // The instrument never takes effect: no entry into force, no deadlines from it.
  std::erase_if(queue_, [](const Scheduled& s) { return s.to == Status::kParty || s.to == Status::kWithdrawing; });
  std::erase_if(p_.derived, [&](const DerivedEvent& e) {
    return (e.kind == "entry_into_force" || e.kind == "obligation_deadline") && p_.entry_into_force &&
           e.date >= *p_.entry_into_force;
  });
  p_.entry_into_force.reset();
  p_.consent.reset();
  p_.consent_kind.reset();
  timeline_.go(a.date, next,
               {with_action(reason("instrument of consent withdrawn on " + a.date.iso() + ref_suffix(a) +
                                   ", before it took effect: it never takes effect"),
                            a)});
}

void ParticipantFold::communicate(const Action& a) {
  p_.has_communications = true;
  Reason r = with_action(reason("communication received " + a.date.iso() + ref_suffix(a) +
                                " is recorded; the treaty does not provide for it, so it changes no status" +
                                (a.prov.notes.empty() ? "" : " (" + a.prov.notes + ")")),
                         a);
  r.noted_on = a.date;
  timeline_.note(std::move(r));
}

}  // namespace

void fold_participant(const FoldContext& treaty, ParticipantView& p) { ParticipantFold(treaty, p).run(); }

}  // namespace pacta
