// The checks a depositary makes before it accepts an instrument: the treaty's own rules
// (from its profile) and the record so far. A refusal names the rule and the article.
#pragma once

#include "core/model.h"
#include "core/result.h"
#include "engine/engine.h"

namespace pacta {

// `view` is the treaty as currently recorded; `today` is the day of recording.
Outcome check_action(const TreatyView& view, const Action& action, Date today);
Outcome check_fact(const Fact& fact, Date today);
Outcome check_step(const DomesticStep& step, Date today);

}  // namespace pacta
