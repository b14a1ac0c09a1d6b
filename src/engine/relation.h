// Between two states: is the treaty in force between them on a day, and which reservations
// apply between them, with reasons quoting the general law (VCLT arts. 20 to 23, from
// treaties/law/vclt.toml through rules/profile.h's GeneralLaw).
//
// A reservation belongs to the consent it accompanies (the state's latest consent on or before
// its date, or, when made at signature, the next one: VCLT art. 23(2)); it applies from that
// consent's entry into force (or its own date, if later) until that consent ends (a withdrawal
// taking effect, or a later consent taking over) or the reservation is withdrawn
// (reservation-withdrawal: subject empty = every reservation, or the date of the one withdrawn;
// qualifier "partial": withdrawn in part, still applying as modified). An objection (subject: the
// reserving state) answers the reserving state's reservations made on or before it; it lapses
// if the objecting state leaves the treaty after it, and ends with its withdrawal
// (objection-withdrawal, subject: the reserving state). Qualifier "precludes": the objecting
// state opposed the treaty's entry into force between the two (VCLT art. 20(4)(b)).
//
// Pure computation over one TreatyView: the cost is the two states' actions, never the record
// of other treaties.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace pacta {

// One consent of a state and the span in which it binds (the state's rounds: it may leave and
// join again).
struct ConsentRound {
  const Action* consent = nullptr;
  std::optional<Date> from;   // entry into force for this consent; empty: it never took effect
  std::optional<Date> until;  // exclusive: a withdrawal's effect or the next consent taking over
  bool covers(Date d) const { return from && *from <= d && (!until || d < *until); }
};
std::vector<ConsentRound> consent_rounds(const ParticipantView& p);
// The round an instrument of date `d` accompanies (a reservation, a declaration): the latest
// consent on or before it whose span has not ended by then; else the next consent (made at
// signature, it is confirmed by the consent: VCLT art. 23(2)). nullptr: none.
const ConsentRound* round_of(const std::vector<ConsentRound>& rounds, Date d);

// A reservation of one state as it stands between it and the other on the day asked.
struct ReservationBetween {
  const Action* reservation = nullptr;
  std::string by;     // the reserving state
  std::string other;  // the state in relation to which it is considered
  Date since;         // from when it applies (its consent's entry into force, or its own date)
  // "modifies_reciprocally" (art. 21(1): no objection by the other state),
  // "not_applicable_to_extent" (art. 21(3): the other objected without precluding),
  // "treaty_not_in_force_between_them" (art. 20(4)(b): a precluding objection).
  std::string effect;
  const Action* objection = nullptr;             // the other state's objection, if any
  const Action* partial_withdrawal = nullptr;    // the latest partial withdrawal, if any
  std::optional<Date> accepted_tacitly_from;     // art. 20(5), when no objection is recorded
  std::vector<Reason> why;
};

struct Relation {
  std::string a, b;
  Date on;
  Status status_a = Status::kNone;
  Status status_b = Status::kNone;
  bool in_force = false;  // the treaty is in force between a and b on `on`
  std::vector<Reason> why;
  std::vector<ReservationBetween> reservations;  // a's then b's, in date order
};

Relation relation_on(const TreatyView& view, const GeneralLaw& law, const std::string& a, const std::string& b, Date on);

// The reservations of `state` that apply on `on` (in its current consent round, not withdrawn),
// with the partial withdrawal, if any, that modified each; for the checks and the status page.
struct ReservationInEffect {
  const Action* reservation = nullptr;
  Date since;
  const Action* partial_withdrawal = nullptr;
  const Action* consent = nullptr;  // the consent it accompanies
};
std::vector<ReservationInEffect> reservations_on(const ParticipantView& p, Date on);

}  // namespace pacta
