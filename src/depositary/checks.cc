#include "depositary/checks.h"

#include <algorithm>

#include "engine/relation.h"

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
  // A later date is a withdrawal's later effective date (decide.cc: as its clause allows) or the
  // day a declaration on a committee's competence made for a period ceases to have effect.
  if (a.later_date && a.kind != ActionKind::kWithdrawal && a.kind != ActionKind::kCompetenceDeclaration)
    return refuse(a, "a later date (" + a.later_date->iso() + ") is for a withdrawal (the later day it takes effect) or a "
                     "competence-declaration (the day a declaration made for a period ceases to have effect); a " +
                         std::string(to_string(a.kind)) + " takes none");
  return Outcome::ok();
}

bool iso3(const std::string& s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The subject and qualifier each kind takes (model.h): a value where none belongs, or one the
// kind does not know, is refused naming the field.
Outcome check_subject_and_qualifier(const TreatyView& view, const Action& a) {
  const std::string kind(to_string(a.kind));
  const auto qualifier_is = [&](std::initializer_list<const char*> allowed) -> Outcome {
    if (a.qualifier.empty()) return Outcome::ok();
    std::string list;
    for (const char* q : allowed) {
      if (a.qualifier == q) return Outcome::ok();
      list += (list.empty() ? "'" : " or '") + std::string(q) + "'";
    }
    return refuse(a, "qualifier '" + a.qualifier + "' is not one a " + kind + " takes (" +
                         (list.empty() ? std::string("none") : list + ", or none") + ")");
  };
  const ParticipantView* own = view.participant(a.state);
  switch (a.kind) {
    case ActionKind::kObjection:
    case ActionKind::kObjectionWithdrawal: {
      if (a.subject.empty())
        return refuse(a, "subject is missing: name the state whose reservation the objection answers (--subject, ISO 3166-1 alpha-3)");
      if (!iso3(a.subject)) return refuse(a, "subject '" + a.subject + "' is not an ISO 3166-1 alpha-3 code such as FRA");
      if (a.subject == a.state) return refuse(a, "subject " + a.subject + " is the objecting state itself");
      const ParticipantView* reserving = view.participant(a.subject);
      const bool reserved = reserving && std::any_of(reserving->actions.begin(), reserving->actions.end(), [&](const Action* r) {
        return r->kind == ActionKind::kReservation && r->date <= a.date;
      });
      if (!reserved)
        return refuse(a, "subject " + a.subject + " has made no reservation to " + view.profile().id + " on or before " + a.date.iso() +
                             " (record the reservation first)");
      if (a.kind == ActionKind::kObjectionWithdrawal) {
        const bool objected = own && std::any_of(own->actions.begin(), own->actions.end(), [&](const Action* o) {
          return o->kind == ActionKind::kObjection && o->subject == a.subject && o->date <= a.date;
        });
        if (!objected)
          return refuse(a, a.state + " has no objection to the reservations of " + a.subject + " on or before " + a.date.iso() + " to withdraw");
        return qualifier_is({});
      }
      return qualifier_is({"precludes"});
    }
    case ActionKind::kReservationWithdrawal: {
      if (!a.subject.empty() && !Date::parse(a.subject))
        return refuse(a, "subject '" + a.subject + "' must be empty (all its reservations) or the date of the reservation withdrawn, such as 1998-05-26");
      const bool found = own && std::any_of(own->actions.begin(), own->actions.end(), [&](const Action* r) {
        return r->kind == ActionKind::kReservation && r->date <= a.date && (a.subject.empty() || r->date.iso() == a.subject);
      });
      if (!found)
        return refuse(a, a.subject.empty() ? a.state + " has made no reservation on or before " + a.date.iso() + " to withdraw"
                                           : a.state + " made no reservation on " + a.subject + " (subject)");
      return qualifier_is({"partial"});
    }
    case ActionKind::kCompetenceDeclaration:
    case ActionKind::kCompetenceWithdrawal: {
      const TreatyProfile& p = view.profile();
      std::string ids;
      for (const Competence& c : p.competences) ids += (ids.empty() ? "" : ", ") + c.id;
      if (a.subject.empty())
        return refuse(a, "subject is missing: name the competence (--subject" + (ids.empty() ? std::string(")") : ": " + ids + ")"));
      const Competence* c = p.competence(a.subject);
      if (!c)
        return refuse(a, "subject '" + a.subject + "' is not a competence of " + p.id + "'s profile (" +
                             (ids.empty() ? std::string("it has none") : "its competences: " + ids) + ")");
      if (Outcome q = qualifier_is({}); !q) return q;
      const Status st = own ? own->status_on(a.date) : Status::kNone;
      if (a.kind == ActionKind::kCompetenceWithdrawal) {
        if (!c->withdrawal_cite)
          return refuse(a, "the treaty provides no withdrawal of a declaration under " + c->id + " [" + c->cite.article + ": \"" +
                               c->cite.quote + "\"]");
        const bool declared = own && std::any_of(own->actions.begin(), own->actions.end(), [&](const Action* d) {
          return d->kind == ActionKind::kCompetenceDeclaration && d->subject == a.subject && d->date <= a.date;
        });
        if (!declared)
          return refuse(a, a.state + " has made no declaration under " + c->id + " on or before " + a.date.iso() + " to withdraw [" +
                               c->withdrawal_cite->article + "]");
        return Outcome::ok();
      }
      if (st == Status::kNone || st == Status::kNotIntending || st == Status::kWithdrawn)
        return refuse(a, a.state + " is neither a signatory nor a party on " + a.date.iso() + " (status " + std::string(to_string(st)) +
                             "): only a State that signs or is bound may make this declaration [" + c->cite.article + "]");
      if (c->declare_only_with_consent && own) {
        const bool with_consent = std::any_of(own->actions.begin(), own->actions.end(), [&](const Action* x) {
          return (is_consent(x->kind) || x->kind == ActionKind::kSignature) && x->date == a.date;
        });
        if (!with_consent)
          return refuse(a, "this declaration may be made only at the time of signature, ratification or accession, and " + a.state +
                               " deposited no such instrument on " + a.date.iso() + " [" + c->cite.article + ": \"" + c->cite.quote + "\"]");
      }
      return Outcome::ok();
    }
    case ActionKind::kReservation:
      if (!a.subject.empty())
        return refuse(a, "subject '" + a.subject + "' given, but a reservation takes none (subject is for objections, their withdrawal, "
                         "reservation withdrawals and competence declarations)");
      // "with-declarations": a statement the depositary lists under a heading that does not
      // separate declarations from reservations, recorded whole as a reservation.
      return qualifier_is({"with-declarations"});
    default:
      if (!a.subject.empty())
        return refuse(a, "subject '" + a.subject + "' given, but a " + kind +
                             " takes none (subject is for objections, their withdrawal, reservation withdrawals and competence declarations)");
      return qualifier_is({});
  }
}

}  // namespace

std::string refusal_message(const Action& a, const Refusal& r) {
  return refuse(a, r.text + (r.cite ? cite(*r.cite) : std::string())).message();
}

Outcome check_action(const TreatyView& view, const Action& a, Date today) {
  if (Outcome dated = check_dates(view.profile(), a, today); !dated) return dated;
  if (Outcome about = check_subject_and_qualifier(view, a); !about) return about;
  // A State that no longer exists acts no more (a state_extinction fact on or before the date).
  for (const Fact& f : view.record().facts)
    if (f.kind == FactKind::kStateExtinction && f.state == a.state && f.from <= a.date)
      return refuse(a, a.state + " ceased to exist on " + f.from.iso() + " (recorded fact): nothing it does after that day can be recorded");
  // The treaty's rules, as the engine applies them: the same state machine (engine/decide.h).
  const ParticipantView* pv = view.participant(a.state);
  const ParticipantState now = pv ? pv->standing_on(a.date) : ParticipantState{};
  const Decision d = decide(now, a, view.profile(), TreatyState{view.entry_into_force()});
  if (d.refusal) return Outcome::refusal(refusal_message(a, *d.refusal));
  return Outcome::ok();
}

Outcome check_fact(const Fact& f, Date today) {
  if (f.from > today) return Outcome::refusal("refused: fact from " + f.from.iso() + " is after the day of recording (" + today.iso() + ")");
  if (is_single_day(f.kind) && f.to)
    return Outcome::refusal("refused: " + single_day_what(f.kind) + " is a single day; it has no end date");
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
