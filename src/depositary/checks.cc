#include "depositary/checks.h"

#include <algorithm>

namespace pacta {
namespace {

std::string cite(const Citation& c) { return " [" + c.article + ": \"" + c.quote + "\"]"; }

bool listed(const std::vector<ActionKind>& kinds, ActionKind k) {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

Outcome refuse(const Action& a, const std::string& why) {
  return Outcome::refusal("refused: " + std::string(to_string(a.kind)) + " by " + a.state + " on " + a.date.iso() + ": " + why);
}

}  // namespace

Outcome check_action(const TreatyView& view, const Action& a, Date today) {
  const TreatyProfile& p = view.profile();
  if (a.date < p.adopted)
    return refuse(a, "the date is before the treaty was adopted (" + p.adopted.iso() + ")");
  if (a.date > today)
    return refuse(a, "the date is after the day of recording (" + today.iso() + "): record what has happened");
  if (a.later_date && a.later_date <= a.date) return refuse(a, "the later date must be after the date of the instrument");
  const ParticipantView* pv = view.participant(a.state);
  const Status now = pv ? pv->status_on(a.date) : Status::kNone;
  const std::string now_text = "its status on " + a.date.iso() + " is " + std::string(to_string(now));
  const bool signed_before = pv && pv->signature && *pv->signature <= a.date;

  switch (a.kind) {
    case ActionKind::kSignature: {
      const SignatureRule& s = p.signature;
      if (s.opens && a.date < *s.opens)
        return refuse(a, "the treaty opens for signature on " + s.opens->iso() + cite(s.cite));
      if (s.closes_at_entry_into_force && view.entry_into_force() && a.date >= *view.entry_into_force())
        return refuse(a, "the treaty was open for signature only until its entry into force on " +
                             view.entry_into_force()->iso() + "; a state that has not signed may accede" + cite(s.cite));
      if (s.closes && a.date > *s.closes)
        return refuse(a, "the treaty was open for signature until " + s.closes->iso() + cite(s.cite));
      if (pv && pv->signature) return refuse(a, a.state + " already signed on " + pv->signature->iso());
      return Outcome::ok();
    }
    case ActionKind::kRatification:
    case ActionKind::kAcceptance:
    case ActionKind::kApproval:
    case ActionKind::kAccession:
    case ActionKind::kSuccession: {
      const ConsentRule& c = p.consent;
      if (has_standing_consent(now))
        return refuse(a, a.state + " has already consented to be bound (" + now_text + ")");
      if (listed(c.by_any, a.kind)) return Outcome::ok();
      if (listed(c.by_signatories, a.kind)) {
        if (!signed_before)
          return refuse(a, "only a signatory may consent by " + std::string(to_string(a.kind)) + ", and " + a.state +
                               " has not signed" + (listed(c.by_non_signatories, ActionKind::kAccession) ? " (it may accede)" : "") +
                               cite(c.cite));
        return Outcome::ok();
      }
      if (listed(c.by_non_signatories, a.kind)) {
        if (c.non_signatories_from_entry_into_force && (!view.entry_into_force() || a.date < *view.entry_into_force()))
          return refuse(a, "the treaty is open for accession only from its entry into force" +
                               (view.entry_into_force() ? " (" + view.entry_into_force()->iso() + ")" : std::string()) +
                               cite(c.cite));
        if (signed_before)
          return refuse(a, a.state + " signed on " + pv->signature->iso() +
                               ": a signatory consents by ratification, acceptance or approval" + cite(c.cite));
        return Outcome::ok();
      }
      return refuse(a, "the treaty does not provide for consent by " + std::string(to_string(a.kind)) + cite(c.cite));
    }
    case ActionKind::kWithdrawal: {
      if (!p.withdrawal) return refuse(a, "the treaty has no withdrawal clause");
      const WithdrawalRule& w = *p.withdrawal;
      if (now == Status::kWithdrawing || now == Status::kWithdrawalSuspended)
        return refuse(a, a.state + " already has a withdrawal pending (" + now_text + ")");
      if (!has_standing_consent(now))
        return refuse(a, "only a state that has deposited consent and not withdrawn may withdraw; " + now_text + cite(w.cite));
      if (w.text_required && a.text.empty())
        return refuse(a, "the instrument's text must be given (it must state the reasons; use --text-file)" +
                             cite(*w.text_required));
      if (a.later_date && !w.later_date_allowed) return refuse(a, "the treaty does not allow a later effective date" + cite(w.cite));
      if (w.earliest_after_entry_into_force) {
        if (!pv->entry_into_force || a.date < *pv->entry_into_force)
          return refuse(a, "the treaty is not yet in force for " + a.state + cite(*w.earliest_cite));
        DateResult r = add_period(*pv->entry_into_force, *w.earliest_after_entry_into_force, Rounding::kUp);
        if (r.date && a.date < *r.date)
          return refuse(a, "withdrawal may be notified only after " + w.earliest_after_entry_into_force->describe() +
                               " from entry into force for " + a.state + " (" + pv->entry_into_force->iso() +
                               "), i.e. from " + r.date->iso() + cite(*w.earliest_cite));
      }
      return Outcome::ok();
    }
    case ActionKind::kWithdrawalRevocation:
      if (now != Status::kWithdrawing && now != Status::kWithdrawalSuspended && !(pv && pv->withdrawal_received && now == Status::kContracting))
        return refuse(a, "only a withdrawal that has not yet taken effect can be revoked; " + now_text);
      return Outcome::ok();
    case ActionKind::kInstrumentWithdrawal:
      if (now != Status::kContracting)
        return refuse(a, "only an instrument of consent that has not yet taken effect can be withdrawn; " + now_text);
      return Outcome::ok();
    case ActionKind::kNotIntending:
      if (now != Status::kSignatory)
        return refuse(a, "only a signatory that has not consented can notify that it does not intend to become a party; " + now_text);
      return Outcome::ok();
    case ActionKind::kReservation:
    case ActionKind::kDeclaration:
    case ActionKind::kObjection:
    case ActionKind::kCommunication:
      return Outcome::ok();
  }
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
