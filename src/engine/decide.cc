#include "engine/decide.h"

#include <algorithm>

namespace pacta {
namespace {

bool listed(const std::vector<ActionKind>& kinds, ActionKind k) {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

Decision received(std::optional<Status> next = std::nullopt) { return Decision{std::nullopt, next}; }

Decision no_effect(std::string text, std::optional<Citation> cite = std::nullopt) {
  return Decision{Refusal{RefusalKind::kNoEffect, std::move(cite), std::move(text)}, std::nullopt};
}

Decision form(std::optional<Status> next, const Citation& cite, std::string text) {
  return Decision{Refusal{RefusalKind::kForm, cite, std::move(text)}, next};
}

std::string status_text(const ParticipantState& now, const Action& a) {
  return "its status on " + a.date.iso() + " is " + std::string(to_string(now.status));
}

bool signed_by(const ParticipantState& now, Date d) { return now.signature && *now.signature <= d; }

// Article 15 (Ottawa): open for signature from a date, until a date or entry into force.
std::optional<Decision> outside_signature_window(std::optional<Status> next, const Action& a, const TreatyProfile& p,
                                                 const TreatyState& t) {
  const SignatureRule& s = p.signature;
  if (s.opens && a.date < *s.opens) return form(next, s.cite, "the treaty opens for signature on " + s.opens->iso());
  if (s.closes_at_entry_into_force && t.entry_into_force && a.date >= *t.entry_into_force)
    return form(next, s.cite,
                "the treaty was open for signature only until its entry into force on " + t.entry_into_force->iso() +
                    "; a state that has not signed may accede");
  if (s.closes && a.date > *s.closes) return form(next, s.cite, "the treaty was open for signature until " + s.closes->iso());
  return std::nullopt;
}

// A state signs once, while the treaty is open for signature.
Decision decide_signature(const ParticipantState& now, const Action& a, const TreatyProfile& p, const TreatyState& t) {
  const std::optional<Status> next =
      now.status == Status::kNone ? std::optional<Status>(Status::kSignatory) : std::nullopt;
  std::optional<Decision> closed = outside_signature_window(next, a, p, t);
  if (now.signature) {
    const std::string twice = a.state + " already signed on " + now.signature->iso();
    if (!closed) return no_effect(twice);
    // Both: the window is named (and cited) as the depositary would, and the action has no effect.
    closed->refusal->kind = RefusalKind::kNoEffect;
    closed->refusal->text = twice + ", and " + closed->refusal->text;
    closed->next.reset();
  }
  return closed ? *closed : received(next);
}

// Ratification, acceptance, approval by signatories; accession by others (or by any state);
// never a second consent while bound.
Decision decide_consent(const ParticipantState& now, const Action& a, const TreatyProfile& p, const TreatyState& t) {
  const ConsentRule& c = p.consent;
  // A consent deposited while its withdrawal is pending (Trinidad and Tobago and Guyana under
  // the first Optional Protocol to the ICCPR: denunciation and re-accession the same day) is
  // received; it takes effect no earlier than the withdrawal (participant.cc), so the old
  // consent ends and the new one begins without a gap.
  const bool while_withdrawing = now.status == Status::kWithdrawing;
  if (has_standing_consent(now.status) && !while_withdrawing)
    return no_effect(a.state + " has already consented to be bound (" + status_text(now, a) + ")", c.cite);
  const std::string kind(to_string(a.kind));
  const std::optional<Status> next = while_withdrawing ? std::nullopt : std::optional<Status>(Status::kContracting);
  if (listed(c.by_any, a.kind)) return received(next);
  if (listed(c.by_signatories, a.kind)) {
    if (!signed_by(now, a.date))
      return form(next, c.cite,
                  "only a signatory may consent by " + kind + ", and " + a.state + " has not signed" +
                      (listed(c.by_non_signatories, ActionKind::kAccession) ? " (it may accede)" : ""));
    return received(next);
  }
  if (listed(c.by_non_signatories, a.kind)) {
    if (c.non_signatories_from_entry_into_force && (!t.entry_into_force || a.date < *t.entry_into_force))
      return form(next, c.cite,
                  "the treaty is open for accession only from its entry into force" +
                      (t.entry_into_force ? " (" + t.entry_into_force->iso() + ")" : std::string()));
    if (signed_by(now, a.date))
      return form(next, c.cite,
                  a.state + " signed on " + now.signature->iso() +
                      ": a signatory consents by ratification, acceptance or approval");
    return received(next);
  }
  return form(next, c.cite, "the treaty does not provide for consent by " + kind);
}

// Only a state with standing consent and no withdrawal pending; the instrument's text, a
// later date and the earliest day as the withdrawal clause says.
Decision decide_withdrawal(const ParticipantState& now, const Action& a, const TreatyProfile& p, const TreatyState& t) {
  if (!p.withdrawal && p.no_withdrawal) {
    const NoWithdrawal& n = *p.no_withdrawal;
    std::string text = "the " + p.self_name + " contains no provision for denunciation or withdrawal; under the general law quoted it is not subject to denunciation or withdrawal";
    if (n.view)
      text += "; " + n.view->article + ": \"" + n.view->quote + "\" (" + n.view_source + ")";
    text += ". A notice of withdrawal may be recorded as a communication (it changes no status)";
    return no_effect(text, n.cite);
  }
  if (!p.withdrawal) return no_effect("the treaty has no withdrawal clause");
  const WithdrawalRule& w = *p.withdrawal;
  // CTBT art. IX: the right belongs to a State Party, and there is none before entry into force.
  if (w.requires_entry_into_force && (!t.entry_into_force || a.date < *t.entry_into_force))
    return no_effect("the " + p.self_name + " is not in force" +
                         (t.entry_into_force ? " until " + t.entry_into_force->iso() : std::string()) +
                         ", and its withdrawal clause is a State Party's, once in force: there is nothing to withdraw from. A State "
                         "that has deposited its instrument may withdraw that instrument (instrument-withdrawal: it is a signatory "
                         "again); a signatory may make clear that it does not intend to become a party (not-intending)",
                     w.cite);
  if (now.status == Status::kWithdrawing || now.status == Status::kWithdrawalSuspended)
    return no_effect(a.state + " already has a withdrawal pending (" + status_text(now, a) + ")", w.cite);
  if (!has_standing_consent(now.status))
    return no_effect("only a state that has deposited consent and not withdrawn may withdraw; " + status_text(now, a), w.cite);
  // Before the treaty is in force for it, a withdrawal changes nothing until then.
  const std::optional<Status> next =
      now.status == Status::kContracting ? std::nullopt : std::optional<Status>(Status::kWithdrawing);
  if (w.text_required && a.text.empty())
    return form(next, *w.text_required, "the instrument's text must be given (it must state the reasons; use --text-file)");
  if (a.later_date && !w.later_date_allowed) return form(next, w.cite, "the treaty does not allow a later effective date");
  if (w.earliest_after_entry_into_force) {
    const Citation& cite = w.earliest_cite ? *w.earliest_cite : w.cite;
    if (!now.entry_into_force || a.date < *now.entry_into_force)
      return form(next, cite, "the treaty is not yet in force for " + a.state);
    DateResult r = add_period(*now.entry_into_force, *w.earliest_after_entry_into_force, Rounding::kUp);
    if (!r.date)  // the earliest day lies past the calendar: no withdrawal can be notified yet
      return form(next, cite,
                  "withdrawal may be notified only after " + w.earliest_after_entry_into_force->describe() +
                      " from entry into force for " + a.state + ", a day after 9999-12-31");
    if (a.date < *r.date)
      return form(next, cite,
                  "withdrawal may be notified only after " + w.earliest_after_entry_into_force->describe() +
                      " from entry into force for " + a.state + " (" + now.entry_into_force->iso() + "), i.e. from " +
                      r.date->iso());
  }
  return received(next);
}

// VCLT art. 68: a withdrawal may be revoked before it takes effect.
Decision decide_revocation(const ParticipantState& now, const Action& a) {
  if (!withdrawal_pending(now))
    return no_effect("only a withdrawal that has not yet taken effect can be revoked; " + status_text(now, a));
  return received(now.status == Status::kContracting ? std::nullopt : std::optional<Status>(Status::kParty));
}

Decision decide_instrument_withdrawal(const ParticipantState& now, const Action& a) {
  if (now.status != Status::kContracting)
    return no_effect("only an instrument of consent that has not yet taken effect can be withdrawn; " + status_text(now, a));
  return received(signed_by(now, a.date) ? Status::kSignatory : Status::kNone);
}

// VCLT art. 18(a): a signatory may make its intention clear not to become a party.
Decision decide_not_intending(const ParticipantState& now, const Action& a) {
  if (now.status != Status::kSignatory)
    return no_effect("only a signatory that has not consented can notify that it does not intend to become a party; " +
                     status_text(now, a));
  return received(Status::kNotIntending);
}

}  // namespace

bool withdrawal_pending(const ParticipantState& now) {
  return now.status == Status::kWithdrawing || now.status == Status::kWithdrawalSuspended ||
         (now.status == Status::kContracting && now.withdrawal_received);
}

Decision decide(const ParticipantState& now, const Action& a, const TreatyProfile& p, const TreatyState& t) {
  switch (a.kind) {
    case ActionKind::kSignature: return decide_signature(now, a, p, t);
    case ActionKind::kRatification:
    case ActionKind::kAcceptance:
    case ActionKind::kApproval:
    case ActionKind::kAccession:
    case ActionKind::kSuccession: return decide_consent(now, a, p, t);
    case ActionKind::kWithdrawal: return decide_withdrawal(now, a, p, t);
    case ActionKind::kWithdrawalRevocation: return decide_revocation(now, a);
    case ActionKind::kInstrumentWithdrawal: return decide_instrument_withdrawal(now, a);
    case ActionKind::kNotIntending: return decide_not_intending(now, a);
    case ActionKind::kReservation:
    case ActionKind::kDeclaration:
    case ActionKind::kObjection:
    case ActionKind::kReservationWithdrawal:
    case ActionKind::kObjectionWithdrawal:
    case ActionKind::kCompetenceDeclaration:
    case ActionKind::kCompetenceWithdrawal:
    case ActionKind::kCommunication: return received();
  }
  return received();
}

}  // namespace pacta
