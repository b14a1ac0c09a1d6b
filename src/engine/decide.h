// The depositary's conditions on one action, as one pure state machine: given where a
// participant stands just before an action, does the depositary receive it, and what does it
// do to the participant's status? Both the checks before recording (src/depositary/checks.h:
// a refusal becomes the refusal message) and the engine folding a participant's record (an
// action without effect is left out, with a note saying why) call decide().
//
// Pure computation: no I/O, no clock.
#pragma once

#include <optional>
#include <string>

#include "core/model.h"
#include "rules/profile.h"

namespace pacta {

// Where a participant stands just before an action.
struct ParticipantState {
  Status status = Status::kNone;
  std::optional<Date> signature;            // its signature, if it signed
  std::optional<Date> entry_into_force;     // for its latest consent, when computed (may lie ahead)
  std::optional<Date> withdrawal_received;  // its latest withdrawal since its latest consent
};

// What decide() needs to know of the treaty beyond its profile.
struct TreatyState {
  std::optional<Date> entry_into_force;
};

enum class RefusalKind {
  // The action has nothing to act on in this state (a second consent while bound, a
  // withdrawal by a non-party): refused before recording; one on record has no effect.
  kNoEffect,
  // A condition on the instrument or its timing (signature window, signatory-only
  // ratification, a withdrawal's text or earliest date): refused before recording, but an
  // instrument the depositary did receive has its effect as recorded.
  kForm,
};

struct Refusal {
  RefusalKind kind = RefusalKind::kNoEffect;
  std::optional<Citation> cite;  // the rule's article and words, when the profile states one
  std::string text;              // "LTU already has a withdrawal pending (its status on 2025-07-02 is withdrawing)"
};

// What an action does to a participant in a given state.
struct Decision {
  std::optional<Refusal> refusal;  // empty: the depositary receives it
  // The status from the action's date on, when the action changes it there and then (set
  // whenever the action acts: received, or refused only for its form). Dates that follow
  // later (entry into force, a withdrawal's effect) are the engine's to schedule.
  std::optional<Status> next;

  bool received() const { return !refusal; }
  bool acts() const { return !refusal || refusal->kind == RefusalKind::kForm; }
};

Decision decide(const ParticipantState& now, const Action& action, const TreatyProfile& profile,
                const TreatyState& treaty);

// A withdrawal received and neither in effect nor revoked.
bool withdrawal_pending(const ParticipantState& now);

}  // namespace pacta
