// Folding one participant's actions, in date order, into its status intervals, derived dates
// and summary (internal to src/engine/; see engine.h). Every action goes through decide()
// first: one without effect is left out of the status and leaves a note on the interval
// current on its date.
#pragma once

#include <optional>
#include <vector>

#include "engine/engine.h"

namespace pacta {

// What the fold reads of the treaty: its profile, the facts, its entry into force.
struct FoldContext {
  const TreatyProfile& profile;
  const std::vector<Fact>& facts;
  std::optional<Date> entry_into_force;
  std::optional<Date> threshold_date;  // deposit of the instrument that brought it into force
  // The parent treaty's profile, when this one has a view of it (its withdrawals may be carried
  // into this record: an action whose `treaty` is the parent's).
  const TreatyProfile* parent = nullptr;
};

// Fills `p`'s intervals, derived events and summary from `p.actions` (in date order).
void fold_participant(const FoldContext& treaty, ParticipantView& p);

}  // namespace pacta
