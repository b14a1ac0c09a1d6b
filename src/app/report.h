// Answers to the questions users ask, as JSON values with stable field names (the CLI's
// --json output and, later, the HTTP API). Each function reads a Catalog; none writes.
#pragma once

#include <boost/json/fwd.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "app/catalog.h"
#include "app/recording.h"

namespace pacta {

struct Query {
  Date on;
  std::optional<Date> known_on;
};

boost::json::value reasons_json(const std::vector<Reason>& why);
// One row of a status table: state, name, status on `on`, signature, consent (and kind),
// entry into force, withdrawal received/effective/suspended, communications, disputed; for a
// treaty whose profile has competences, also "competences": the ids of those the state accepts
// on `on` (engine/competence.h).
boost::json::object participant_row_json(const Catalog& c, const ParticipantView& p, Date on);
// {"parties","deposited","signatories"}
boost::json::object count_json(const PartyCount& n);
boost::json::value treaties_json(const Catalog& c, Date on);
// Also "competences" (engine/competence.h: [{id, title, kind, accepted, since, article, quote,
// declaration, explanation}]) and "reservations" in effect ([{date, reference, since,
// partially_withdrawn, text, seq}]).
boost::json::value status_json(const Catalog& c, const std::string& treaty, const std::string& state, const Query& q);
// Between two states on q.on (engine/relation.h): {treaty, a, b, on, status_a, status_b,
// in_force, explanation, reservations: [{by, other, date, reference, since, effect, objection,
// objection_precludes, partially_withdrawn, accepted_tacitly_from, explanation}], law, cite}.
boost::json::value relation_json(const Catalog& c, const std::string& treaty, const std::string& a, const std::string& b,
                                 const Query& q);
boost::json::value parties_json(const Catalog& c, const std::string& treaty, const Query& q);
boost::json::value timeline_json(const Catalog& c, const std::string& treaty, const std::string& state,
                                 std::optional<Date> known_on);
boost::json::value upcoming_json(const Catalog& c, Date from, int days, std::optional<Date> known_on);
// What if `state` had notified withdrawal on `withdrawal` (and been engaged in an armed
// conflict from `conflict_from` to `conflict_to`)? The record plus those hypotheses, computed
// by the same engine; nothing is written.
struct WhatIf {
  Date withdrawal;
  std::optional<Date> conflict_from;
  std::optional<Date> conflict_to;
};
boost::json::value what_if_json(const Catalog& c, const std::string& treaty, const std::string& state, const WhatIf& w);

// What recording an action did, as `pacta record --json` and `POST /actions` answer it:
// {"id","treaty","state","kind","date","supersedes","consequences","notification"}.
boost::json::object recorded_json(const Recorded& r);

// Every treaty for one state: status and dates on `q.on`.
boost::json::value state_json(const Catalog& c, const std::string& state, const Query& q);
// A treaty on q.on: counts, signatories, pending withdrawals, what is next, its links, and
// "competences": the treaty body's competences in the profile, each with whether it is in force
// itself, how many states accept it ("accepting") and which ("accepted_by"); empty when none.
boost::json::value overview_json(const Catalog& c, const std::string& treaty, const Query& q);

}  // namespace pacta
