// Which of a treaty body's competences (profile [[competence]]) a state accepts on a day.
//
// Opt-in (ICCPR art. 41, CAT arts. 21 and 22, ICERD art. 14): accepted while the state is bound
// and a declaration it made in its current consent round (or at signature before it) is in
// effect and not withdrawn, from the latest of the declaration, the state's entry into force and
// the competence's own coming into force (when the profile requires a number of declarations).
// `since` is the start of the unbroken acceptance: the earliest declaration in effect, chained
// back through earlier declarations still in effect on the day the next was made (Belgium's two
// art. 41 declarations of 1987; Switzerland's renewals for five years at a time).
// A declaration made for a period (the action's later_date: the day it ceases to have effect)
// ends that day, as if withdrawn then.
// Opt-out (CAT art. 28): accepted while the state is bound, unless a declaration that it does not
// recognise the competence stands; from its entry into force or that declaration's withdrawal
// (or end).
// Declarations and withdrawals are actions of kind competence-declaration and
// competence-withdrawal whose subject is the competence's id.
//
// Pure computation over one TreatyView.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace pacta {

struct CompetenceOn {
  const Competence* competence = nullptr;
  bool accepted = false;
  std::optional<Date> since;            // when accepted: from when
  const Action* declaration = nullptr;  // opt-in: the declaration in effect; opt-out: the one standing
  std::vector<Reason> why;
};

// Every competence of the profile for `state` on `on`, in profile order.
std::vector<CompetenceOn> competences_on(const TreatyView& view, const std::string& state, Date on);

// When the competence itself comes into force (the Nth state's declaration when the profile
// requires N; empty when fewer have declared, or when none is required: `required` false).
struct CompetenceInForce {
  bool required = false;
  std::optional<Date> date;
  const Action* nth = nullptr;
  int declared = 0;  // States Parties that had declared (by `on`), each counted from the day it was bound
};
CompetenceInForce competence_in_force(const TreatyView& view, const Competence& c, Date on);

}  // namespace pacta
