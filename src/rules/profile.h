// A treaty's final clauses as data (see docs/profiles.md for the TOML format).
//
// The engine knows the kinds of rule (threshold entry into force, notice periods,
// conditions, obligations); a profile supplies the numbers and quotes the article each
// rule implements. Loading is strict (an unknown key, a value of the wrong type or a missing
// required key is an error) and names the file, line, table and key of the first problem.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/model.h"

namespace pacta {

// The words of the treaty a rule implements.
struct Citation {
  std::string article;  // "Article 20(3)"
  std::string quote;    // the article's text, verbatim
};

// How long after a starting date something happens: first `period` (rounded as stated),
// then, if set, "the first day of the Nth month after the month" of that date. With `within`
// the period is one within which something must be done ("within the first year after"): its
// last day, the result, is the day before the date the period reaches.
struct Delay {
  Period period;
  Rounding rounding = Rounding::kError;
  std::optional<int> first_day_of_nth_month_after;
  bool within = false;
  std::string describe() const;  // "first day of the 6th month after the month of D"
};
// Applies a delay; the note says which steps were taken and whether it rounded.
DateResult apply_delay(Date start, const Delay& delay);

struct SignatureRule {
  Citation cite;
  std::optional<Date> opens;
  bool closes_at_entry_into_force = false;
  std::optional<Date> closes;  // last day open, when a fixed date
};

// A protocol or amendment open only to the parties of another treaty, its parent (CCW art.
// 4(4): "At any time after the deposit of its instrument ... of this Convention ... a State may
// notify the Depositary of its consent to be bound by any annexed Protocol"): a consent by a
// State without standing consent to the parent on that day is refused, citing this rule.
struct ParentRule {
  std::string treaty;  // the parent's profile id, "ccw"
  Citation cite;
};

// A treaty whose consent comes with consent to a number of its protocols (CCW art. 4(3): "any
// two or more of these Protocols"). The protocols with a record are the profiles whose parent is
// this treaty; `annexed_unrecorded` names those annexed whose consents are not recorded (CCW
// Protocols I-III: the status page lists them without dates).
struct ProtocolsRule {
  Citation cite;
  int minimum_with_consent = 0;
  std::vector<std::string> annexed_unrecorded;
};

struct ConsentRule {
  Citation cite;
  std::vector<ActionKind> by_signatories;      // ratification, acceptance, approval
  std::vector<ActionKind> by_non_signatories;  // accession
  std::vector<ActionKind> by_any;              // e.g. succession; accession where anyone may accede
  bool non_signatories_from_entry_into_force = false;  // ATT: accession only once in force
  std::optional<ParentRule> parent;                    // [consent.parent]
  std::optional<ProtocolsRule> protocols;              // [consent.protocols]
};

struct TreatyEntryIntoForce {
  Citation cite;
  int threshold = 0;                    // number of instruments
  std::vector<ActionKind> instruments;  // which kinds count towards it
  Delay delay;
  // When the threshold is not a plain count (Paris: 55 Parties and 55 % of emissions):
  // the date it was met is a recorded fact of this kind for the treaty.
  bool threshold_met_by_fact = false;
  // When every listed State must have deposited (CTBT art. XIV(1) and Annex 2): their codes,
  // and the words listing them; `delay` runs from the last of them. No count threshold then.
  std::vector<std::string> required_states;
  std::optional<Citation> required_cite;
  // "in no case earlier than two years after its opening for signature" (CWC art. XXI(1), CTBT
  // art. XIV(1)): counted from [signature] opens.
  std::optional<Period> not_before_after_opening;
  // "Subject to the entry into force of the Covenant" (ICCPR-OP1 art. 9(1), CRPD-OP art. 13(1)):
  // the profile id of the treaty that must be in force first (its words are in `cite`); the
  // treaty enters into force on its own date or that treaty's, whichever is later.
  std::string subject_to;
};

struct StateEntryIntoForce {
  Citation cite;
  Delay delay;
};

enum class ConditionKind { kNotDuringArmedConflict };

struct WithdrawalCondition {
  ConditionKind kind = ConditionKind::kNotDuringArmedConflict;
  Citation cite;
};

struct WithdrawalRule {
  Citation cite;
  Delay notice;                 // counted from receipt by the depositary
  bool later_date_allowed = false;  // the instrument may name a later date
  std::optional<Citation> text_required;  // the instrument must state reasons
  std::optional<Period> earliest_after_entry_into_force;  // Paris: "after three years"
  std::optional<Citation> earliest_cite;
  std::vector<WithdrawalCondition> conditions;
  // The clause gives the right to a State Party and presupposes the treaty in force (CTBT art.
  // IX): a withdrawal dated before the treaty's entry into force is refused citing it.
  bool requires_entry_into_force = false;
  // "Any denunciation of this Convention shall be considered as also applying to all annexed
  // Protocols" (CCW art. 9(3)), [withdrawal.protocols]: a withdrawal from this treaty (and its
  // revocation) is carried into the record of each protocol whose [consent.parent] it is, for a
  // State that had consented to the protocol by then.
  std::optional<Citation> applies_to_protocols;
};

// When a notification of succession takes effect: from the recorded date of the succession
// of States (a state_succession fact), or the treaty's entry into force if that is later.
// Without this rule (or without the fact) a succession counts from its deposit, like an accession.
struct SuccessionRule {
  Citation cite;
};

// A treaty body's competence that a state accepts by declaration (opt-in: ICCPR art. 41, CAT
// arts. 21 and 22, ICERD art. 14) or that applies unless it declares it does not recognise it
// (opt-out: CAT art. 28 for the inquiry under art. 20). Declarations and their withdrawals are
// actions (competence-declaration, competence-withdrawal) whose subject is the competence's id.
enum class CompetenceKind { kOptIn, kOptOut };
std::string_view to_string(CompetenceKind k);  // "opt_in", "opt_out"

struct Competence {
  std::string id;     // "art41"
  std::string title;  // "Inter-State communications (Human Rights Committee)"
  Citation cite;      // the article conferring the competence, and how a state declares
  CompetenceKind kind = CompetenceKind::kOptIn;
  // Opt-out declarations the treaty allows only "at the time of signature or ratification ...
  // or accession" (CAT art. 28(1)): one made later is refused.
  bool declare_only_with_consent = false;
  // When the competence itself comes into force: after this many states have made declarations
  // (ICCPR art. 41(2): ten; CAT art. 21(2): five); 0: from each declaration.
  int declarations_required = 0;
  std::optional<Citation> effect_cite;  // the words stating that condition
  // How a declaration is withdrawn; empty when the treaty provides no withdrawal of it (ICCPR-OP2
  // arts. 4 and 5: a statement made at ratification or accession): a withdrawal is then refused.
  std::optional<Citation> withdrawal_cite;
};

// A treaty without a denunciation or withdrawal clause (ICCPR, ICESCR): a withdrawal is
// refused, citing the general law (VCLT art. 56) and, where one exists, the treaty body's view.
struct NoWithdrawal {
  Citation cite;                        // VCLT art. 56, verbatim
  std::optional<Citation> view;         // e.g. Human Rights Committee, General Comment No. 26, para. 5
  std::string view_source;              // where the view was read (URL)
};

struct Obligation {
  std::string id;     // "stockpile_destruction"
  std::string title;  // "Destroy stockpiled anti-personnel mines"
  Citation cite;
  Delay delay;        // counted from entry into force for the state
};

struct TreatyProfile {
  std::string id;           // "apmbc"
  std::string title;
  std::string short_title;  // "Ottawa Convention"
  std::string self_name;    // how the text refers to itself: "Convention", "Statute", "Agreement"
  std::string chapter;      // "XXVI-5" (UN MTDSG), empty when not a UN treaty
  std::string depositary;
  std::string place;        // place of adoption, as in notifications
  Date adopted;
  std::vector<std::string> sources;
  std::string record_note;  // what the bundled record covers, when it is not complete
  // Other names people use for it ("ottawa", "mine ban treaty"): a command or request naming
  // the treaty may use any of them (case-insensitive). Each names one treaty only.
  std::vector<std::string> aliases;
  // Not from the TOML: the rules version this profile was read from, "apmbc@<12 hex of the
  // SHA-256 of its TOML text>", set by whoever loads it from the ledger (empty otherwise).
  std::string rules_version;
  SignatureRule signature;
  ConsentRule consent;
  TreatyEntryIntoForce entry_into_force;
  StateEntryIntoForce entry_into_force_for_state;
  std::optional<WithdrawalRule> withdrawal;
  std::optional<SuccessionRule> succession;
  std::vector<Obligation> obligations;
  std::vector<Competence> competences;
  std::optional<NoWithdrawal> no_withdrawal;
  const Competence* competence(const std::string& id) const;
  // The treaty this one depends on ([consent.parent] or [entry_into_force] subject_to; both
  // name the same one when both are set); empty when none.
  std::string parent_treaty() const;
};

struct ProfileResult {
  std::optional<TreatyProfile> profile;
  std::string error;  // "treaties/x.toml:61: in [withdrawal], key 'notice': expected a table such as { months = 6 }, found the integer 6"
};

// Parses a profile from TOML text; `origin` names the file in errors.
ProfileResult parse_profile(const std::string& toml_text, const std::string& origin);

// The general law of treaties the engine applies between two states (reservations, objections,
// their withdrawal): the Vienna Convention's articles, quoted in treaties/law/vclt.toml, which
// is compiled into pacta (general_law()) so every answer quotes the same words.
struct GeneralLaw {
  std::string title;
  std::vector<std::string> sources;
  Citation objection_does_not_preclude;  // art. 20(4)(b)
  Citation tacit_acceptance;             // art. 20(5)
  Citation reservation_effect;           // art. 21(1)
  Citation objection_effect;             // art. 21(3)
  Citation withdrawal_of_reservations;   // art. 22
  Citation confirmation_at_consent;      // art. 23(2)
};
struct GeneralLawResult {
  std::optional<GeneralLaw> law;
  std::string error;
};
GeneralLawResult parse_general_law(const std::string& toml_text, const std::string& origin);
// The bundled treaties/law/vclt.toml, parsed once (a broken file fails the build's tests).
const GeneralLaw& general_law();

}  // namespace pacta
