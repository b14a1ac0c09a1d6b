#include "engine/engine.h"

#include <algorithm>
#include <tuple>

namespace pacta {
namespace {

std::string ref_suffix(const Action& a) { return a.reference.empty() ? "" : " (" + a.reference + ")"; }

std::string instrument_name(ActionKind k) {
  switch (k) {
    case ActionKind::kWithdrawal: return "instrument of withdrawal";
    case ActionKind::kSignature: return "signature";
    case ActionKind::kSuccession: return "notification of succession";
    default: return "instrument of " + std::string(to_string(k));
  }
}

Reason reason(std::string text, const Citation* c = nullptr) {
  Reason r;
  r.text = std::move(text);
  if (c) {
    r.article = c->article;
    r.quote = c->quote;
    r.text += " [" + c->article + "]";
  }
  return r;
}

Reason with_action(Reason r, const Action& a) {
  if (!a.reference.empty()) r.references.push_back(a.reference);
  if (a.prov.seq) r.entries.push_back(a.prov.seq);
  return r;
}

// Same-day order: a signature comes before a consent of that day, a withdrawal before its revocation.
int same_day_rank(ActionKind k) {
  switch (k) {
    case ActionKind::kSignature: return 0;
    case ActionKind::kWithdrawal: return 2;
    case ActionKind::kWithdrawalRevocation: return 3;
    default: return is_consent(k) ? 1 : 4;
  }
}

struct Transition {
  Date at;
  Status to;
  std::vector<Reason> why;
};

class Timeline {
 public:
  explicit Timeline(std::vector<StatusInterval>& out) : out_(out) {}
  void go(Date d, Status s, std::vector<Reason> why) {
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

 private:
  std::vector<StatusInterval>& out_;
};

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
  const TreatyEntryIntoForce& rule = profile_.entry_into_force;
  if (rule.threshold_met_by_fact) {
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
    return;
  }
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

void TreatyView::compute_participant(ParticipantView& p) {
  Timeline tl(p.intervals);
  std::vector<Transition> queue;  // scheduled changes, in date order
  const std::optional<WithdrawalRule>& wr = profile_.withdrawal;

  auto apply_due = [&](Date upto, bool all) {
    while (!queue.empty() && (all || queue.front().at <= upto)) {
      Transition t = std::move(queue.front());
      queue.erase(queue.begin());
      tl.go(t.at, t.to, std::move(t.why));
    }
  };
  auto add_derived = [&](Date d, std::string kind, std::string label, std::vector<Reason> why, bool conditional) {
    p.derived.push_back(DerivedEvent{d, p.state, std::move(kind), std::move(label), conditional, std::move(why)});
  };

  for (const Action* ap : p.actions) {
    const Action& a = *ap;
    apply_due(a.date, false);
    const Status now = tl.current();
    if (a.kind == ActionKind::kSignature) {
      p.signature = a.date;
      if (now == Status::kNone)
        tl.go(a.date, Status::kSignatory, {with_action(reason("signed on " + a.date.iso() + ref_suffix(a)), a)});
    } else if (a.kind == ActionKind::kNotIntending) {
      if (now == Status::kSignatory)
        tl.go(a.date, Status::kNotIntending,
              {with_action(reason("notified on " + a.date.iso() + ref_suffix(a) +
                                  " that it does not intend to become a party"),
                           a)});
    } else if (is_consent(a.kind)) {
      if (has_standing_consent(now)) continue;  // a second consent while bound changes nothing
      p.consent = a.date;
      p.consent_kind = a.kind;
      p.withdrawal_received.reset();
      p.withdrawal_effective.reset();
      p.withdrawal_suspended_from.reset();
      const std::string deposited = instrument_name(a.kind) + " deposited " + a.date.iso() + ref_suffix(a);
      // A succession under a profile's succession rule, with the date of the succession of
      // States recorded: it takes effect from that date (or the treaty's entry into force),
      // even before the deposit. Otherwise the state is contracting from its deposit.
      const Fact* succession = nullptr;
      if (a.kind == ActionKind::kSuccession && profile_.succession && eif_)
        for (const Fact& f : record_.facts)
          if (f.kind == FactKind::kStateSuccession && f.state == p.state && f.from <= a.date &&
              (!succession || succession->from < f.from))
            succession = &f;
      if (!succession) tl.go(a.date, Status::kContracting, {with_action(reason(deposited), a)});
      if (!eif_) {
        p.entry_into_force.reset();
        continue;  // the treaty is not in force: contracting until it is
      }
      Date in_force;
      Reason why;
      if (succession) {
        in_force = std::max(succession->from, *eif_);
        std::string text = deposited + "; date of the succession of States for " + p.state + ": " +
                           succession->from.iso() + " (recorded fact" +
                           (succession->prov.source.empty() ? "" : "; source: " + succession->prov.source) + ")";
        if (succession->from < *eif_) text += "; the treaty entered into force later, " + eif_->iso();
        // An earlier status of its own (a signature) is not rewritten: the effect starts after it.
        if (!p.intervals.empty() && p.intervals.back().from > in_force) {
          in_force = p.intervals.back().from;
          text += "; bound from " + in_force.iso() + ", the start of its status recorded before";
        }
        why = reason(text, &profile_.succession->cite);
        if (succession->prov.seq) why.entries.push_back(succession->prov.seq);
      } else if (threshold_date_ && a.date <= *threshold_date_) {
        in_force = *eif_;
        why = reason(deposited + ", not after the instrument that brought the treaty into force; bound from the treaty's entry into force, " +
                         eif_->iso(),
                     &profile_.entry_into_force.cite);
      } else {
        const Delay& d = profile_.entry_into_force_for_state.delay;
        DateResult r = apply_delay(a.date, d);
        if (!r.date) {
          tl.go(a.date, Status::kContracting,
                {with_action(reason(deposited + "; entry into force cannot be computed: " + r.note,
                                    &profile_.entry_into_force_for_state.cite),
                             a)});
          continue;
        }
        in_force = std::max(*r.date, *eif_);
        std::string text = deposited + "; " + d.describe() + " = " + r.date->iso();
        if (r.rounded) text += " (" + r.note + ")";
        if (*r.date < *eif_) text += "; not before the treaty's entry into force, " + eif_->iso();
        why = reason(text, &profile_.entry_into_force_for_state.cite);
      }
      why = with_action(why, a);
      why.text = "in force for " + p.state + " from " + in_force.iso() + ": " + why.text;
      p.entry_into_force = in_force;
      add_derived(in_force, "entry_into_force", "in force for " + p.state, {why}, false);
      if (in_force < a.date) {
        tl.go(in_force, Status::kParty, {why});
        Reason known = with_action(reason(deposited + ": recorded from then on, with effect from " + in_force.iso()), a);
        known.noted_on = a.date;
        tl.note(std::move(known));
      } else {
        if (succession) tl.go(a.date, Status::kContracting, {with_action(reason(deposited), a)});
        queue.push_back(Transition{in_force, Status::kParty, {why}});
      }
      for (const Obligation& ob : profile_.obligations) {
        DateResult r = apply_delay(in_force, ob.delay);
        if (!r.date) continue;
        std::string text = ob.title + ": due " + r.date->iso() + ", " + ob.delay.describe() + " with D = entry into force for " +
                           p.state + " (" + in_force.iso() + ")";
        if (r.rounded) text += " (" + r.note + ")";
        add_derived(*r.date, "obligation_deadline", ob.id, {reason(text, &ob.cite)}, false);
      }
    } else if (a.kind == ActionKind::kWithdrawal) {
      if (!wr || !has_standing_consent(now) || now == Status::kWithdrawing || now == Status::kWithdrawalSuspended) continue;
      p.withdrawal_received = a.date;
      DateResult r = apply_delay(a.date, wr->notice);
      const std::string received = "instrument of withdrawal received " + a.date.iso() + ref_suffix(a);
      if (!r.date) {
        tl.go(a.date, Status::kWithdrawing,
              {with_action(reason(received + "; the date it takes effect cannot be computed: " + r.note, &wr->cite), a)});
        continue;
      }
      Date expiry = *r.date;
      std::string text = received + " + " + wr->notice.period.describe() + " = " + expiry.iso();
      if (r.rounded) text += " (" + r.note + ")";
      if (wr->later_date_allowed && a.later_date && *a.later_date > expiry) {
        text += "; the instrument names a later date, " + a.later_date->iso();
        expiry = *a.later_date;
      }
      Reason base = with_action(reason(text, &wr->cite), a);
      std::vector<Reason> effect_why{base};
      // A disputed effect: every recorded reading is shown beside the profile's computation.
      std::vector<Reason> readings;
      for (const Fact& f : record_.facts) {
        if (f.kind != FactKind::kDisputedEffect || f.state != p.state || f.from != a.date ||
            (!f.treaty.empty() && f.treaty != profile_.id))
          continue;
        Reason r = reason("DISPUTED: one reading" + (f.to ? " dates the effect " + f.to->iso() : std::string(" holds it did not take effect")) +
                          ": " + f.prov.notes + " (source: " + f.prov.source + ")");
        r.disputed = true;
        if (f.prov.seq) r.entries.push_back(f.prov.seq);
        readings.push_back(r);
      }
      if (!readings.empty()) {
        p.disputed = true;
        Reason note = reason("the effect of this withdrawal is disputed; pacta shows the treaty's own rule above and every recorded reading below, and does not choose between them");
        note.disputed = true;
        base.text += "; effect disputed (see the readings)";
        effect_why = {base, note};
        effect_why.insert(effect_why.end(), readings.begin(), readings.end());
      }
      // Conditions: an armed conflict on expiry holds the effect back until it ends
      // (several recorded conflicts may follow one another).
      bool suspended = false, open_ended = false;
      Date effect = expiry;
      for (const WithdrawalCondition& c : wr->conditions) {
        if (c.kind != ConditionKind::kNotDuringArmedConflict) continue;
        auto holding_on = [&](Date d, const Fact* except) -> const Fact* {
          for (const Fact& f : record_.facts)
            if (&f != except && f.state == p.state && f.kind == FactKind::kArmedConflict && f.holds_on(d) &&
                (!f.to || *f.to > d || !except))
              return &f;
          return nullptr;
        };
        const Fact* conflict = holding_on(effect, nullptr);
        if (!conflict)
          effect_why.push_back(reason("no armed conflict recorded for " + p.state + " on " + effect.iso(), &c.cite));
        for (int guard = 0; conflict && guard < 1000; ++guard) {
          suspended = true;
          Reason hr = reason(p.state + " engaged in an armed conflict on " + effect.iso() + " (recorded from " +
                                 conflict->from.iso() +
                                 (conflict->to ? " to " + conflict->to->iso() : ", no end recorded") +
                                 (conflict->prov.source.empty() ? "" : "; source: " + conflict->prov.source) +
                                 "): the withdrawal does not take effect before the end of the armed conflict",
                             &c.cite);
          if (conflict->prov.seq) hr.entries.push_back(conflict->prov.seq);
          effect_why.push_back(hr);
          if (!conflict->to) {
            open_ended = true;
            break;
          }
          effect = std::max(effect, *conflict->to);
          conflict = holding_on(effect, conflict);
        }
      }
      if (now == Status::kContracting) {
        // Not bound yet: bound at entry into force (withdrawing from then on), unless the
        // withdrawal takes effect first.
        for (Transition& t : queue)
          if (t.to == Status::kParty) t.to = Status::kWithdrawing;
        std::erase_if(queue, [&](const Transition& t) { return t.to == Status::kWithdrawing && t.at >= expiry; });
      } else {
        std::vector<Reason> w{base};
        w.insert(w.end(), readings.begin(), readings.end());
        tl.go(a.date, Status::kWithdrawing, w);
      }
      if (suspended) {
        p.withdrawal_suspended_from = expiry;
        queue.push_back(Transition{expiry, Status::kWithdrawalSuspended, effect_why});
        add_derived(expiry, "withdrawal_suspended", "withdrawal of " + p.state + " held back by an armed conflict",
                    effect_why, false);
      }
      if (!open_ended) {
        if (suspended)
          effect_why.push_back(reason("the armed conflict ended on " + effect.iso() + "; the withdrawal takes effect then",
                                      &wr->conditions.front().cite));
        p.withdrawal_effective = effect;
        queue.push_back(Transition{effect, Status::kWithdrawn, effect_why});
        add_derived(effect, "withdrawal_effect",
                    "withdrawal of " + p.state + " takes effect" + (readings.empty() ? "" : " (disputed)"), effect_why,
                    !wr->conditions.empty() && !suspended);
      }
      std::stable_sort(queue.begin(), queue.end(), [](const Transition& x, const Transition& y) { return x.at < y.at; });
    } else if (a.kind == ActionKind::kWithdrawalRevocation) {
      const bool pending = now == Status::kWithdrawing || now == Status::kWithdrawalSuspended ||
                           (now == Status::kContracting && p.withdrawal_received);
      if (!pending) continue;
      std::erase_if(queue, [](const Transition& t) {
        return t.to == Status::kWithdrawn || t.to == Status::kWithdrawalSuspended;
      });
      for (Transition& t : queue)
        if (t.to == Status::kWithdrawing) t.to = Status::kParty;
      std::erase_if(p.derived, [](const DerivedEvent& e) {
        return e.kind == "withdrawal_effect" || e.kind == "withdrawal_suspended";
      });
      p.withdrawal_effective.reset();
      p.withdrawal_suspended_from.reset();
      Reason r = with_action(reason("withdrawal revoked on " + a.date.iso() + ref_suffix(a) +
                                    ", before it took effect: it never takes effect"),
                             a);
      if (now != Status::kContracting) tl.go(a.date, Status::kParty, {r});
      p.withdrawal_received.reset();
    } else if (a.kind == ActionKind::kInstrumentWithdrawal) {
      if (now != Status::kContracting) continue;
      // The instrument never takes effect: no entry into force, no deadlines from it.
      std::erase_if(queue, [](const Transition& t) { return t.to == Status::kParty || t.to == Status::kWithdrawing; });
      std::erase_if(p.derived, [&](const DerivedEvent& e) {
        return (e.kind == "entry_into_force" || e.kind == "obligation_deadline") && p.entry_into_force &&
               e.date >= *p.entry_into_force;
      });
      p.entry_into_force.reset();
      p.consent.reset();
      p.consent_kind.reset();
      tl.go(a.date, p.signature ? Status::kSignatory : Status::kNone,
            {with_action(reason("instrument of consent withdrawn on " + a.date.iso() + ref_suffix(a) +
                                ", before it took effect: it never takes effect"),
                         a)});
    } else if (a.kind == ActionKind::kCommunication) {
      p.has_communications = true;
      Reason r = with_action(reason("communication received " + a.date.iso() + ref_suffix(a) +
                                    " is recorded; the treaty does not provide for it, so it changes no status" +
                                    (a.prov.notes.empty() ? "" : " (" + a.prov.notes + ")")),
                             a);
      r.noted_on = a.date;
      tl.note(std::move(r));
    }
  }
  apply_due(Date(), true);
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
