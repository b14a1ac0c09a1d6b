#include "engine/competence.h"

#include <set>

#include "engine/explain.h"
#include "engine/relation.h"

namespace pacta {
namespace {

using explain::reason;
using explain::ref_suffix;
using explain::with_action;

bool about(const Action& a, ActionKind k, const Competence& c) { return a.kind == k && a.subject == c.id; }

// The withdrawal of declaration `d` by `on`, if any.
const Action* withdrawal_of(const ParticipantView& p, const Action& d, const Competence& c, Date on) {
  for (const Action* w : p.actions)
    if (about(*w, ActionKind::kCompetenceWithdrawal, c) && w->date >= d.date && w->date <= on) return w;
  return nullptr;
}

}  // namespace

CompetenceInForce competence_in_force(const TreatyView& view, const Competence& c, Date on) {
  CompetenceInForce out;
  out.required = c.declarations_required > 0;
  std::set<std::string> declared;
  for (const Action& a : view.record().actions) {  // in date order
    if (a.date > on) break;
    if (!about(a, ActionKind::kCompetenceDeclaration, c) || !declared.insert(a.state).second) continue;
    if (out.required && !out.nth && static_cast<int>(declared.size()) == c.declarations_required) {
      out.nth = &a;
      out.date = a.date;
    }
  }
  out.declared = static_cast<int>(declared.size());
  return out;
}

std::vector<CompetenceOn> competences_on(const TreatyView& view, const std::string& state, Date on) {
  std::vector<CompetenceOn> out;
  const ParticipantView* p = view.participant(state);
  const Status st = p ? p->status_on(on) : Status::kNone;
  const std::vector<ConsentRound> rounds = p ? consent_rounds(*p) : std::vector<ConsentRound>{};
  const ConsentRound* current = nullptr;
  for (const ConsentRound& r : rounds)
    if (r.covers(on)) current = &r;
  for (const Competence& c : view.profile().competences) {
    CompetenceOn x;
    x.competence = &c;
    if (!counts_as_party(st) || !current) {
      x.why.push_back(reason(state + " is not bound by the " + view.profile().self_name + " on " + on.iso() + " (status " +
                                 std::string(to_string(st)) + "): no competence applies to it",
                             &c.cite));
      out.push_back(std::move(x));
      continue;
    }
    // The declarations of its current round (or made at signature before it), by `on`.
    const Action* standing = nullptr;
    const Action* last_withdrawal = nullptr;
    for (const Action* d : p->actions) {
      if (!about(*d, ActionKind::kCompetenceDeclaration, c) || d->date > on) continue;
      if (round_of(rounds, d->date) != current) continue;
      const Action* w = withdrawal_of(*p, *d, c, on);
      if (w) {
        last_withdrawal = w;
      } else {
        standing = d;
      }
    }
    const Date bound = *current->from;
    if (c.kind == CompetenceKind::kOptIn) {
      if (!standing) {
        x.why.push_back(reason(last_withdrawal ? state + " withdrew its declaration on " + last_withdrawal->date.iso() +
                                                     ref_suffix(*last_withdrawal) + ": not accepted"
                                               : "no declaration by " + state + " accepting it is recorded by " + on.iso(),
                               last_withdrawal && c.withdrawal_cite ? &*c.withdrawal_cite : &c.cite));
        if (last_withdrawal) x.why.back() = with_action(x.why.back(), *last_withdrawal);
        out.push_back(std::move(x));
        continue;
      }
      x.declaration = standing;
      Date since = std::max(standing->date, bound);
      std::string text = state + " declared on " + standing->date.iso() + ref_suffix(*standing) + " that it recognises the competence";
      if (bound > standing->date) text += "; effective from its entry into force, " + bound.iso();
      x.why.push_back(with_action(reason(text, &c.cite), *standing));
      const CompetenceInForce in = competence_in_force(view, c, on);
      if (in.required) {
        if (!in.date) {
          x.why.push_back(reason("the competence is not yet in force: " + std::to_string(c.declarations_required) +
                                     " declarations are required and " + std::to_string(in.declared) + " had been made by " + on.iso(),
                                 c.effect_cite ? &*c.effect_cite : &c.cite));
          out.push_back(std::move(x));
          continue;
        }
        Reason r = reason("the competence came into force on " + in.date->iso() + ", with the declaration of " + in.nth->state +
                              ", the " + std::to_string(c.declarations_required) + "th" + ref_suffix(*in.nth),
                          c.effect_cite ? &*c.effect_cite : &c.cite);
        x.why.push_back(with_action(r, *in.nth));
        since = std::max(since, *in.date);
      }
      x.accepted = true;
      x.since = since;
      out.push_back(std::move(x));
      continue;
    }
    // Opt-out: applies unless a declaration that it does not recognise it stands.
    if (standing) {
      x.declaration = standing;
      x.why.push_back(with_action(reason(state + " declared on " + standing->date.iso() + ref_suffix(*standing) +
                                             " that it does not recognise the competence: not accepted",
                                         &c.cite),
                                  *standing));
      out.push_back(std::move(x));
      continue;
    }
    x.accepted = true;
    x.since = bound;
    std::string text = "it applies to every State Party that has not declared that it does not recognise it; " + state +
                       " is bound since " + bound.iso();
    if (last_withdrawal && last_withdrawal->date > bound) {
      x.since = last_withdrawal->date;
      text += " and withdrew its declaration on " + last_withdrawal->date.iso() + ref_suffix(*last_withdrawal);
    }
    x.why.push_back(reason(text, &c.cite));
    if (last_withdrawal) {
      Reason w = with_action(reason("declaration withdrawn on " + last_withdrawal->date.iso(),
                                    c.withdrawal_cite ? &*c.withdrawal_cite : &c.cite),
                             *last_withdrawal);
      x.why.push_back(w);
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace pacta
