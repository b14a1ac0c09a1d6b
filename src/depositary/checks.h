// The checks a depositary makes before it accepts an instrument: the treaty's own rules
// (from its profile) and the record so far. A refusal names the rule and the article.
#pragma once

#include "core/model.h"
#include "core/result.h"
#include "engine/engine.h"

namespace pacta {

// `view` is the treaty as currently recorded; `today` is the day of recording. The treaty's
// conditions are decide()'s (engine/decide.h), on where the state stands on the action's date.
Outcome check_action(const TreatyView& view, const Action& action, Date today);
// "refused: accession by FRA on 2026-02-02: FRA has already consented ... [Article 16: \"...\"]"
std::string refusal_message(const Action& action, const Refusal& refusal);
Outcome check_fact(const Fact& fact, Date today);
Outcome check_step(const DomesticStep& step, Date today);

}  // namespace pacta
