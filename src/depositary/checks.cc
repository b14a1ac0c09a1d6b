#include "depositary/checks.h"

namespace pacta {
namespace {

std::string cite(const Citation& c) { return " [" + c.article + ": \"" + c.quote + "\"]"; }

Outcome refuse(const Action& a, const std::string& why) {
  return Outcome::refusal("refused: " + std::string(to_string(a.kind)) + " by " + a.state + " on " + a.date.iso() + ": " + why);
}

// What the entry itself must be, whatever the treaty: dated, and dated sensibly.
Outcome check_dates(const TreatyProfile& p, const Action& a, Date today) {
  if (a.date < p.adopted)
    return refuse(a, "the date is before the treaty was adopted (" + p.adopted.iso() + ")");
  if (a.date > today)
    return refuse(a, "the date is after the day of recording (" + today.iso() + "): record what has happened");
  if (a.later_date && a.later_date <= a.date) return refuse(a, "the later date must be after the date of the instrument");
  return Outcome::ok();
}

}  // namespace

std::string refusal_message(const Action& a, const Refusal& r) {
  return refuse(a, r.text + (r.cite ? cite(*r.cite) : std::string())).message();
}

Outcome check_action(const TreatyView& view, const Action& a, Date today) {
  if (Outcome dated = check_dates(view.profile(), a, today); !dated) return dated;
  // The treaty's rules, as the engine applies them: the same state machine (engine/decide.h).
  const ParticipantView* pv = view.participant(a.state);
  const ParticipantState now = pv ? pv->standing_on(a.date) : ParticipantState{};
  const Decision d = decide(now, a, view.profile(), TreatyState{view.entry_into_force()});
  if (d.refusal) return Outcome::refusal(refusal_message(a, *d.refusal));
  return Outcome::ok();
}

Outcome check_fact(const Fact& f, Date today) {
  if (f.from > today) return Outcome::refusal("refused: fact from " + f.from.iso() + " is after the day of recording (" + today.iso() + ")");
  if (f.kind == FactKind::kStateSuccession && f.to)
    return Outcome::refusal("refused: a succession of States is a single day; it has no end date");
  if (f.to && *f.to < f.from) return Outcome::refusal("refused: fact ends (" + f.to->iso() + ") before it starts (" + f.from.iso() + ")");
  if (f.to && *f.to > today) return Outcome::refusal("refused: fact end " + f.to->iso() + " is after the day of recording");
  if (f.prov.source.empty()) return Outcome::refusal("refused: a fact needs a source (--source)");
  return Outcome::ok();
}

Outcome check_step(const DomesticStep& s, Date today) {
  if (s.date > today) return Outcome::refusal("refused: step dated " + s.date.iso() + " is after the day of recording (" + today.iso() + ")");
  if (s.kind.empty()) return Outcome::refusal("refused: a domestic step needs a kind (vote, decree, law, ...)");
  if (s.prov.source.empty()) return Outcome::refusal("refused: a domestic step needs a source (--source)");
  return Outcome::ok();
}

}  // namespace pacta
