#include "engine/competence.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

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

// The day declaration `d` ceases to have effect, as known on `on` (empty: it stands): its
// withdrawal, or the end of the period it was made for (later_date), whichever is first.
std::optional<Date> end_of(const ParticipantView& p, const Action& d, const Competence& c, Date on) {
  std::optional<Date> end;
  if (const Action* w = withdrawal_of(p, d, c, on)) end = w->date;
  if (d.later_date && *d.later_date <= on && (!end || *d.later_date < *end)) end = d.later_date;
  return end;
}

}  // namespace

// A declaration counts towards the number required once its State is a State Party ("when ten
// States Parties ... have made declarations", ICCPR art. 41(2)): from the later of the
// declaration and the first day on or after it that the State is bound; empty if never by `on`.
std::optional<Date> counts_from(const TreatyView& view, const Action& d, Date on) {
  const ParticipantView* p = view.participant(d.state);
  if (!p) return std::nullopt;
  for (const StatusInterval& i : p->intervals) {
    if (!counts_as_party(i.status) || (i.until && *i.until <= d.date)) continue;
    const Date from = std::max(i.from, d.date);
    if (from <= on) return from;
    return std::nullopt;
  }
  return std::nullopt;
}

CompetenceInForce competence_in_force(const TreatyView& view, const Competence& c, Date on) {
  CompetenceInForce out;
  out.required = c.declarations_required > 0;
  std::map<std::string, std::pair<Date, const Action*>> first;  // each State's first declaration counting, by `on`
  for (const Action& a : view.record().actions) {  // in date order
    if (a.date > on) break;
    if (!about(a, ActionKind::kCompetenceDeclaration, c) || first.count(a.state)) continue;
    if (std::optional<Date> from = counts_from(view, a, on)) first.emplace(a.state, std::make_pair(*from, &a));
  }
  out.declared = static_cast<int>(first.size());
  if (!out.required || out.declared < c.declarations_required) return out;
  std::vector<std::pair<Date, const Action*>> order;
  for (const auto& [state, x] : first) order.push_back(x);
  std::stable_sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first, x.second->date, x.second->prov.seq) < std::tie(y.first, y.second->date, y.second->prov.seq);
  });
  const auto& nth = order[static_cast<size_t>(c.declarations_required) - 1];
  out.nth = nth.second;
  out.date = nth.first;
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
    // The declarations of its current round (or made at signature before it), by `on`: those in
    // effect (neither withdrawn nor expired by `on`) and the last one that ended.
    std::vector<const Action*> in_effect;
    const Action* last_withdrawal = nullptr;
    const Action* last_expired = nullptr;
    std::vector<std::pair<const Action*, std::optional<Date>>> round;  // each declaration and its end
    for (const Action* d : p->actions) {
      if (!about(*d, ActionKind::kCompetenceDeclaration, c) || d->date > on) continue;
      if (round_of(rounds, d->date) != current) continue;
      const std::optional<Date> end = end_of(*p, *d, c, on);
      round.emplace_back(d, end);
      if (!end) {
        in_effect.push_back(d);
      } else if (const Action* w = withdrawal_of(*p, *d, c, on); w && *end == w->date) {
        if (!last_withdrawal || w->date >= last_withdrawal->date) last_withdrawal = w;
      } else if (!last_expired || *d->later_date > *last_expired->later_date) {
        last_expired = d;
      }
    }
    // The one in effect (the latest made), and the start of the unbroken acceptance: the
    // earliest declaration in effect, chained back through earlier ones whose effect lasted
    // until (at least) the day the next began (a renewal without a gap).
    const Action* standing = in_effect.empty() ? nullptr : in_effect.back();
    std::optional<Date> start;
    for (const Action* d : in_effect)
      if (!start || d->date < *start) start = d->date;
    for (bool more = start.has_value(); more;) {
      more = false;
      for (const auto& [d, end] : round)
        if (d->date < *start && end && *end >= *start) {
          start = d->date;
          more = true;
        }
    }
    // The last declaration ended, by withdrawal or expiry, whichever came later.
    const bool expired_last = last_expired && (!last_withdrawal || *last_expired->later_date > last_withdrawal->date);
    const Date bound = *current->from;
    if (c.kind == CompetenceKind::kOptIn) {
      if (!standing) {
        if (expired_last) {
          x.why.push_back(with_action(reason(state + "'s declaration of " + last_expired->date.iso() + ref_suffix(*last_expired) +
                                                 " was made for a period that ended on " + last_expired->later_date->iso() +
                                                 " (it ceased to have effect that day): not accepted",
                                             &c.cite),
                                      *last_expired));
        } else {
          x.why.push_back(reason(last_withdrawal ? state + " withdrew its declaration on " + last_withdrawal->date.iso() +
                                                       ref_suffix(*last_withdrawal) + ": not accepted"
                                                 : "no declaration by " + state + " accepting it is recorded by " + on.iso(),
                                 last_withdrawal && c.withdrawal_cite ? &*c.withdrawal_cite : &c.cite));
          if (last_withdrawal) x.why.back() = with_action(x.why.back(), *last_withdrawal);
        }
        out.push_back(std::move(x));
        continue;
      }
      x.declaration = standing;
      Date since = std::max(*start, bound);
      std::string text = state + " declared on " + standing->date.iso() + ref_suffix(*standing) + " that it recognises the competence";
      if (standing->later_date) text += ", for a period ending on " + standing->later_date->iso();
      if (*start < standing->date)
        text += "; it has accepted it without a break since its declaration of " + start->iso() +
                " (each later declaration made while the one before was in effect, or on the day it ended)";
      if (bound > *start) text += "; effective from its entry into force, " + bound.iso();
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
                              ", the " + std::to_string(c.declarations_required) + "th by a State Party" + ref_suffix(*in.nth) +
                              (in.nth->date < *in.date ? " (made on " + in.nth->date.iso() + ", counted from " + in.date->iso() +
                                                             ", when " + in.nth->state + " was bound)"
                                                       : ""),
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
    if (expired_last && *last_expired->later_date > bound) {
      x.since = *last_expired->later_date;
      text += "; its declaration of " + last_expired->date.iso() + ref_suffix(*last_expired) +
              " was made for a period that ended on " + last_expired->later_date->iso();
    } else if (last_withdrawal && last_withdrawal->date > bound) {
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
