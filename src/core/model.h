// The depositary's record as values: actions (instruments and communications), domestic
// steps and facts, and the statuses the engine derives from them. Plain data; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace pacta {

enum class ActionKind {
  kSignature,
  kRatification,
  kAcceptance,
  kApproval,
  kAccession,
  kSuccession,
  kWithdrawal,
  kWithdrawalRevocation,
  kNotIntending,
  kReservation,
  kDeclaration,
  kObjection,
  kCommunication,
  kInstrumentWithdrawal,  // an instrument of consent withdrawn before it took effect
  // The law that comes with reservations and optional clauses (issue 14):
  kReservationWithdrawal,  // subject: empty (all its reservations) or the date of the reservation withdrawn; qualifier "partial" or empty (total)
  kObjectionWithdrawal,    // subject: the reserving state whose reservation the objection answered
  kCompetenceDeclaration,  // subject: a competence id of the profile ([[competence]]): accepts it (opt-in) or declares it does not recognise it (opt-out)
  kCompetenceWithdrawal,   // subject: a competence id: withdraws the declaration made under it
};
std::optional<ActionKind> parse_action_kind(std::string_view text);  // "withdrawal-revocation"
std::string_view to_string(ActionKind k);
std::string_view display_name(ActionKind k);  // "Ratification", "Notification of withdrawal"
bool is_consent(ActionKind k);  // ratification, acceptance, approval, accession, succession
const std::vector<ActionKind>& all_action_kinds();

enum class Status {
  kNone,
  kSignatory,
  kNotIntending,
  kContracting,
  kParty,
  kWithdrawing,
  kWithdrawalSuspended,
  kWithdrawn,
};
std::string_view to_string(Status s);  // exactly the words of domain.md: "withdrawal_suspended"
std::optional<Status> parse_status(std::string_view text);
bool counts_as_party(Status s);      // the treaty is in force for it on that day
bool has_standing_consent(Status s);  // deposited consent and not withdrawn

// Provenance shared by every ledger entry.
struct Provenance {
  int64_t seq = 0;                  // position in the ledger (recording order), 0 if not yet stored
  Date known_from;                  // first day this entry is part of the record (for --known-on)
  std::optional<int64_t> supersedes;  // seq of the entry this one corrects
  std::string recorded_at;          // UTC timestamp of recording
  std::string recorded_by;
  std::string source;               // addresses or citations, ";"-separated
  std::string notes;
};

struct Action {
  std::string treaty;  // profile id, e.g. "apmbc"
  std::string state;   // ISO 3166-1 alpha-3
  ActionKind kind = ActionKind::kCommunication;
  Date date;                        // deposit, receipt or signature date
  std::string reference;            // depositary notification, e.g. C.N.362.2025.TREATIES-XXVI.5
  std::string text;                 // the instrument's text where relevant
  std::optional<Date> later_date;   // a later effective date named in a withdrawal; on a competence-declaration, the day it ceases to have effect
  // What the action concerns, when it concerns something other than the treaty as a whole:
  // for an objection, the state whose reservation it answers (ISO 3166-1 alpha-3); for a
  // declaration accepting a committee's competence, the competence's id in the profile.
  std::string subject;
  // A word that qualifies the action's effect, from a fixed list per kind (README "Recording"):
  // "precludes" for an objection that opposes the treaty's entry into force between the two
  // states, "partial" for a partial withdrawal of a reservation. Empty: the ordinary effect.
  std::string qualifier;
  Provenance prov;
};

enum class FactKind {
  kArmedConflict,  // a state engaged in an armed conflict from/to
  kThresholdMet,   // a treaty's condition for entry into force met (when not a plain count)
  kDisputedEffect, // one reading of a disputed withdrawal: from = its receipt date, to = effect per that reading
  kStateSuccession, // the date of the succession of States for a successor state (from; no to)
  kStateExtinction, // a State ceased to exist (dissolution, unification): from = its first day gone; no to
};
std::optional<FactKind> parse_fact_kind(std::string_view text);
// Facts about one state that a person may record (armed_conflict, state_succession, state_extinction).
bool is_state_fact(FactKind k);
// A fact of one day, with no end (state_succession, state_extinction); its description for errors.
bool is_single_day(FactKind k);
std::string single_day_what(FactKind k);  // "a succession of States"
std::string_view to_string(FactKind k);

struct Fact {
  std::string state;   // empty for a fact about a treaty
  std::string treaty;  // empty for a fact about a state
  FactKind kind = FactKind::kArmedConflict;
  Date from;
  std::optional<Date> to;  // empty: still the case
  Provenance prov;
  bool holds_on(Date d) const { return from <= d && (!to || d <= *to); }
};

struct DomesticStep {
  std::string state;
  std::string treaty;  // may be empty when a step concerns several treaties
  Date date;
  std::string kind;  // vote, decree, promulgation, decision, statement, law
  std::string body;  // "Seimas", "President", ...
  std::string description;
  Provenance prov;
};

// Everything the engine reads for all treaties: a snapshot of the ledger.
struct Record {
  std::vector<Action> actions;
  std::vector<Fact> facts;
  std::vector<DomesticStep> steps;
};

// Keeps only what was known on `known_on` (known_from <= known_on), with each correction
// replacing the entry it supersedes once the correction is known.
Record as_known_on(const Record& full, std::optional<Date> known_on);

}  // namespace pacta
