#include "engine/relation.h"

#include <algorithm>

#include "engine/explain.h"

namespace pacta {
namespace {

using explain::reason;
using explain::ref_suffix;
using explain::with_action;

bool left_out(const ParticipantView& p, const Action* a) {
  return std::any_of(p.without_effect.begin(), p.without_effect.end(),
                     [&](const ActionWithoutEffect& w) { return w.action == a; });
}

// The first day `c` binds the state: the start of the first bound interval on or after its
// deposit that is not the tail of an earlier consent (a withdrawing interval that follows a
// bound one), or its retroactive effect.
std::optional<Date> bound_from(const ParticipantView& p, const Action* c, std::optional<Date> before) {
  for (const RetroactiveConsent& r : p.retroactive)
    if (r.action == c) return r.effective;
  const StatusInterval* prev = nullptr;
  for (const StatusInterval& i : p.intervals) {
    const StatusInterval* was = prev;
    prev = &i;
    if (i.from < c->date || !counts_as_party(i.status)) continue;
    if (before && i.from >= *before) return std::nullopt;
    if (i.status != Status::kParty && was && counts_as_party(was->status)) continue;
    return i.from;
  }
  return std::nullopt;
}

}  // namespace

std::vector<ConsentRound> consent_rounds(const ParticipantView& p) {
  std::vector<const Action*> consents;
  for (const Action* a : p.actions)
    if (is_consent(a->kind) && !left_out(p, a)) consents.push_back(a);
  std::vector<ConsentRound> out;
  for (size_t i = 0; i < consents.size(); ++i) {
    const Action* c = consents[i];
    const Action* next = i + 1 < consents.size() ? consents[i + 1] : nullptr;
    ConsentRound r{c, std::nullopt, std::nullopt};
    // An instrument withdrawn before it took effect never binds.
    const bool withdrawn = std::any_of(p.actions.begin(), p.actions.end(), [&](const Action* a) {
      return a->kind == ActionKind::kInstrumentWithdrawal && a->date >= c->date && (!next || a->date <= next->date) &&
             !left_out(p, a);
    });
    if (!withdrawn) {
      // A bound interval that starts only after the next consent's deposit, other than by a
      // consent deposited while withdrawing, is the next consent's.
      std::optional<Date> before;
      if (next && !(p.status_on(next->date) == Status::kWithdrawing)) before = next->date.add_days(1);
      r.from = bound_from(p, c, before);
    }
    out.push_back(r);
  }
  // Each round ends where the state stops being bound after it, or where the next one begins.
  for (size_t i = 0; i < out.size(); ++i) {
    ConsentRound& r = out[i];
    if (!r.from) continue;
    for (const StatusInterval& iv : p.intervals)
      if (iv.from > *r.from && !counts_as_party(iv.status)) {
        r.until = iv.from;
        break;
      }
    for (size_t j = i + 1; j < out.size(); ++j)
      if (out[j].from && *out[j].from > *r.from) {
        if (!r.until || *out[j].from < *r.until) r.until = out[j].from;
        break;
      }
  }
  return out;
}

const ConsentRound* round_of(const std::vector<ConsentRound>& rounds, Date d) {
  const ConsentRound* found = nullptr;
  for (const ConsentRound& r : rounds)
    if (r.consent->date <= d && (!r.until || d < *r.until)) found = &r;
  if (found) return found;
  for (const ConsentRound& r : rounds)
    if (r.consent->date > d) return &r;
  return nullptr;
}

namespace {

bool withdraws(const Action& w, const Action& reservation) {
  return w.kind == ActionKind::kReservationWithdrawal && w.date >= reservation.date &&
         (w.subject.empty() || w.subject == reservation.date.iso());
}

}  // namespace

std::vector<ReservationInEffect> reservations_on(const ParticipantView& p, Date on) {
  std::vector<ReservationInEffect> out;
  const std::vector<ConsentRound> rounds = consent_rounds(p);
  for (const Action* r : p.actions) {
    if (r->kind != ActionKind::kReservation || r->date > on) continue;
    const ConsentRound* round = round_of(rounds, r->date);
    if (!round || !round->covers(on)) continue;
    const Date since = std::max(*round->from, r->date);
    if (since > on) continue;
    const Action* partial = nullptr;
    bool total = false;
    for (const Action* w : p.actions)
      if (w->date <= on && withdraws(*w, *r)) {
        if (w->qualifier == "partial")
          partial = w;
        else
          total = true;
      }
    if (!total) out.push_back(ReservationInEffect{r, since, partial, round->consent});
  }
  return out;
}

namespace {

// The objection of `objector` to `reserving`'s reservation `r` in effect on `on`, if any: made
// on or after the reservation and by `on`, not withdrawn by then, and not lapsed by the
// objector leaving the treaty after it. The latest such objection (a precluding one first).
const Action* objection_to(const ParticipantView* objector, const std::vector<ConsentRound>& objector_rounds,
                           const std::string& reserving, const Action& r, Date on) {
  if (!objector) return nullptr;
  const Action* found = nullptr;
  for (const Action* o : objector->actions) {
    if (o->kind != ActionKind::kObjection || o->subject != reserving || o->date > on || o->date < r.date) continue;
    const bool withdrawn = std::any_of(objector->actions.begin(), objector->actions.end(), [&](const Action* w) {
      return w->kind == ActionKind::kObjectionWithdrawal && w->subject == reserving && w->date >= o->date && w->date <= on;
    });
    if (withdrawn) continue;
    const bool lapsed = std::any_of(objector_rounds.begin(), objector_rounds.end(), [&](const ConsentRound& c) {
      return c.until && *c.until > o->date && *c.until <= on;
    });
    if (lapsed) continue;
    if (!found || (o->qualifier == "precludes") >= (found->qualifier == "precludes")) found = o;
  }
  return found;
}

std::string reservation_name(const Action& r) { return r.state + "'s reservation of " + r.date.iso() + ref_suffix(r); }

}  // namespace

Relation relation_on(const TreatyView& view, const GeneralLaw& law, const std::string& a, const std::string& b, Date on) {
  Relation rel;
  rel.a = a;
  rel.b = b;
  rel.on = on;
  const ParticipantView* pa = view.participant(a);
  const ParticipantView* pb = view.participant(b);
  rel.status_a = pa ? pa->status_on(on) : Status::kNone;
  rel.status_b = pb ? pb->status_on(on) : Status::kNone;
  const std::string self = view.profile().self_name;
  bool both = true;
  for (const auto& [s, st] : {std::pair{a, rel.status_a}, std::pair{b, rel.status_b}}) {
    if (counts_as_party(st)) {
      rel.why.push_back(reason(s + " is bound by the " + self + " on " + on.iso() + " (status " + std::string(to_string(st)) + ")"));
    } else {
      both = false;
      rel.why.push_back(reason(s + " is not bound by the " + self + " on " + on.iso() + " (status " + std::string(to_string(st)) +
                               "): the " + self + " is not in force between " + a + " and " + b));
    }
  }
  rel.in_force = both && a != b;
  if (a == b) rel.why.push_back(reason("a relation needs two different states"));

  const std::vector<ConsentRound> rounds_a = pa ? consent_rounds(*pa) : std::vector<ConsentRound>{};
  const std::vector<ConsentRound> rounds_b = pb ? consent_rounds(*pb) : std::vector<ConsentRound>{};
  struct Side {
    const ParticipantView* reserving;
    const ParticipantView* other;
    const std::vector<ConsentRound>* other_rounds;
    std::string by, to;
  };
  bool precluded = false;
  for (const Side& side : {Side{pa, pb, &rounds_b, a, b}, Side{pb, pa, &rounds_a, b, a}}) {
    if (!side.reserving || a == b) continue;
    // Reservations withdrawn by now, so a reader sees why they no longer apply.
    for (const Action* w : side.reserving->actions)
      if (w->kind == ActionKind::kReservationWithdrawal && w->date <= on && w->qualifier.empty())
        rel.why.push_back(with_action(
            reason(side.by + " withdrew " + (w->subject.empty() ? std::string("its reservations") : "its reservation of " + w->subject) +
                       " on " + w->date.iso() + ref_suffix(*w) + ": no longer applied between " + a + " and " + b,
                   &law.withdrawal_of_reservations),
            *w));
    for (const ReservationInEffect& in : reservations_on(*side.reserving, on)) {
      const Action& r = *in.reservation;
      ReservationBetween rb;
      rb.reservation = &r;
      rb.by = side.by;
      rb.other = side.to;
      rb.since = in.since;
      rb.partial_withdrawal = in.partial_withdrawal;
      std::string applies = reservation_name(r) + " applies from " + in.since.iso();
      const Citation* rule = nullptr;
      if (in.since > r.date) {
        applies += ", the entry into force of the consent it accompanies";
        rule = &view.profile().entry_into_force_for_state.cite;
      }
      rb.why.push_back(with_action(reason(applies, rule), r));
      if (in.consent && in.consent->date > r.date)
        rb.why.push_back(reason("made before " + side.by + "'s consent of " + in.consent->date.iso() +
                                    ", it is considered made when confirmed by that consent",
                                &law.confirmation_at_consent));
      if (in.partial_withdrawal)
        rb.why.push_back(with_action(reason(side.by + " withdrew it in part on " + in.partial_withdrawal->date.iso() +
                                                ref_suffix(*in.partial_withdrawal) + ": it applies as modified" +
                                                (in.partial_withdrawal->prov.notes.empty() ? "" : " (" + in.partial_withdrawal->prov.notes + ")"),
                                            &law.withdrawal_of_reservations),
                                     *in.partial_withdrawal));
      // A withdrawn objection is named, then the reservation is considered as without one.
      if (side.other)
        for (const Action* w : side.other->actions)
          if (w->kind == ActionKind::kObjectionWithdrawal && w->subject == side.by && w->date <= on && w->date >= r.date)
            rb.why.push_back(with_action(reason(side.to + " withdrew its objection to " + side.by + "'s reservations on " +
                                                    w->date.iso() + ref_suffix(*w),
                                                &law.withdrawal_of_reservations),
                                         *w));
      rb.objection = objection_to(side.other, *side.other_rounds, side.by, r, on);
      if (rb.objection && rb.objection->qualifier == "precludes") {
        precluded = true;
        rb.effect = "treaty_not_in_force_between_them";
        rb.why.push_back(with_action(
            reason(side.to + " objected on " + rb.objection->date.iso() + ref_suffix(*rb.objection) +
                       " and definitely expressed the intention that the " + self + " not enter into force between " + side.to +
                       " and " + side.by + ": it is not in force between them while that objection stands",
                   &law.objection_does_not_preclude),
            *rb.objection));
      } else if (rb.objection) {
        rb.effect = "not_applicable_to_extent";
        rb.why.push_back(with_action(reason(side.to + " objected on " + rb.objection->date.iso() + ref_suffix(*rb.objection) +
                                                " without opposing entry into force between them: the objection does not preclude it",
                                            &law.objection_does_not_preclude),
                                     *rb.objection));
        rb.why.push_back(reason("so the provisions to which " + reservation_name(r) + " relates do not apply as between " +
                                    side.by + " and " + side.to + " to the extent of the reservation",
                                &law.objection_effect));
      } else {
        rb.effect = "modifies_reciprocally";
        rb.why.push_back(reason("no objection by " + side.to + " to it is recorded: it modifies the provisions to which it relates for " +
                                    side.by + " in its relations with " + side.to + ", and to the same extent for " + side.to +
                                    " in its relations with " + side.by,
                                &law.reservation_effect));
        // Tacit acceptance: twelve months after the reservation or the other's consent.
        std::optional<Date> consented;
        for (const ConsentRound& c : *side.other_rounds)
          if (c.covers(on)) consented = c.consent->date;
        DateResult year = add_period(r.date, Period{1, 0, 0}, Rounding::kDown);
        if (year.date && consented) {
          rb.accepted_tacitly_from = std::max(*year.date, *consented);
          const bool yet = *rb.accepted_tacitly_from <= on;
          rb.why.push_back(reason(std::string(yet ? "considered accepted by " : "not yet considered accepted by ") + side.to +
                                      (yet ? " since " : ": it may object until ") + rb.accepted_tacitly_from->iso() +
                                      " (twelve months after the reservation, " + r.date.iso() + ", or " + side.to +
                                      "'s consent, " + consented->iso() + ", whichever is later)",
                                  &law.tacit_acceptance));
        }
      }
      rel.reservations.push_back(std::move(rb));
    }
  }
  if (precluded && rel.in_force) {
    rel.in_force = false;
    rel.why.push_back(reason("a precluding objection stands between " + a + " and " + b + ": the " + self +
                                 " is not in force between them",
                             &law.objection_does_not_preclude));
  } else if (rel.in_force) {
    rel.why.push_back(reason("both are bound and no objection precluding it stands: the " + self + " is in force between " + a +
                             " and " + b + " on " + on.iso()));
  }
  return rel;
}

}  // namespace pacta
