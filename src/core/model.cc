#include "core/model.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace pacta {
namespace {

struct KindName { ActionKind kind; std::string_view id; std::string_view display; };
constexpr std::array<KindName, 18> kKinds = {{
    {ActionKind::kSignature, "signature", "Signature"},
    {ActionKind::kRatification, "ratification", "Ratification"},
    {ActionKind::kAcceptance, "acceptance", "Acceptance"},
    {ActionKind::kApproval, "approval", "Approval"},
    {ActionKind::kAccession, "accession", "Accession"},
    {ActionKind::kSuccession, "succession", "Succession"},
    {ActionKind::kWithdrawal, "withdrawal", "Notification of withdrawal"},
    {ActionKind::kWithdrawalRevocation, "withdrawal-revocation", "Withdrawal of notification of withdrawal"},
    {ActionKind::kNotIntending, "not-intending", "Notification of intention not to become a party"},
    {ActionKind::kReservation, "reservation", "Reservation"},
    {ActionKind::kDeclaration, "declaration", "Declaration"},
    {ActionKind::kObjection, "objection", "Objection"},
    {ActionKind::kCommunication, "communication", "Communication"},
    {ActionKind::kInstrumentWithdrawal, "instrument-withdrawal", "Withdrawal of instrument"},
    {ActionKind::kReservationWithdrawal, "reservation-withdrawal", "Withdrawal of reservation"},
    {ActionKind::kObjectionWithdrawal, "objection-withdrawal", "Withdrawal of objection"},
    {ActionKind::kCompetenceDeclaration, "competence-declaration", "Declaration on the competence of a treaty body"},
    {ActionKind::kCompetenceWithdrawal, "competence-withdrawal", "Withdrawal of a declaration on competence"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 8> kStatuses = {{
    {Status::kNone, "none"},
    {Status::kSignatory, "signatory"},
    {Status::kNotIntending, "not_intending"},
    {Status::kContracting, "contracting"},
    {Status::kParty, "party"},
    {Status::kWithdrawing, "withdrawing"},
    {Status::kWithdrawalSuspended, "withdrawal_suspended"},
    {Status::kWithdrawn, "withdrawn"},
}};

template <typename T>
void keep_known(const std::vector<T>& in, std::optional<Date> known_on, std::vector<T>& out) {
  std::set<int64_t> superseded;
  for (const T& e : in) {
    if (known_on && e.prov.known_from > *known_on) continue;
    if (e.prov.supersedes) superseded.insert(*e.prov.supersedes);
  }
  for (const T& e : in) {
    if (known_on && e.prov.known_from > *known_on) continue;
    if (e.prov.seq != 0 && superseded.count(e.prov.seq)) continue;
    out.push_back(e);
  }
}

}  // namespace

std::optional<ActionKind> parse_action_kind(std::string_view t) {
  for (const auto& k : kKinds)
    if (k.id == t) return k.kind;
  return std::nullopt;
}

std::string_view to_string(ActionKind k) {
  for (const auto& e : kKinds)
    if (e.kind == k) return e.id;
  return "communication";
}

std::string_view display_name(ActionKind k) {
  for (const auto& e : kKinds)
    if (e.kind == k) return e.display;
  return "Communication";
}

const std::vector<ActionKind>& all_action_kinds() {
  static const std::vector<ActionKind> kAll = [] {
    std::vector<ActionKind> v;
    for (const auto& k : kKinds) v.push_back(k.kind);
    return v;
  }();
  return kAll;
}

bool is_consent(ActionKind k) {
  return k == ActionKind::kRatification || k == ActionKind::kAcceptance || k == ActionKind::kApproval ||
         k == ActionKind::kAccession || k == ActionKind::kSuccession;
}

std::string_view to_string(Status s) {
  for (const auto& [st, name] : kStatuses)
    if (st == s) return name;
  return "none";
}

std::optional<Status> parse_status(std::string_view t) {
  for (const auto& [st, name] : kStatuses)
    if (name == t) return st;
  return std::nullopt;
}

bool counts_as_party(Status s) {
  return s == Status::kParty || s == Status::kWithdrawing || s == Status::kWithdrawalSuspended;
}

bool has_standing_consent(Status s) { return s == Status::kContracting || counts_as_party(s); }

std::optional<FactKind> parse_fact_kind(std::string_view t) {
  if (t == "armed_conflict" || t == "armed-conflict") return FactKind::kArmedConflict;
  if (t == "entry_into_force_threshold_met") return FactKind::kThresholdMet;
  if (t == "disputed_effect") return FactKind::kDisputedEffect;
  if (t == "state_succession") return FactKind::kStateSuccession;
  if (t == "state_extinction") return FactKind::kStateExtinction;
  return std::nullopt;
}

std::string_view to_string(FactKind k) {
  switch (k) {
    case FactKind::kThresholdMet: return "entry_into_force_threshold_met";
    case FactKind::kDisputedEffect: return "disputed_effect";
    case FactKind::kStateSuccession: return "state_succession";
    case FactKind::kStateExtinction: return "state_extinction";
    case FactKind::kArmedConflict: break;
  }
  return "armed_conflict";
}

bool is_state_fact(FactKind k) {
  return k == FactKind::kArmedConflict || k == FactKind::kStateSuccession || k == FactKind::kStateExtinction;
}

bool is_single_day(FactKind k) { return k == FactKind::kStateSuccession || k == FactKind::kStateExtinction; }

std::string single_day_what(FactKind k) {
  return k == FactKind::kStateExtinction ? "the end of a State" : "a succession of States";
}

Record as_known_on(const Record& full, std::optional<Date> known_on) {
  Record r;
  keep_known(full.actions, known_on, r.actions);
  keep_known(full.facts, known_on, r.facts);
  keep_known(full.steps, known_on, r.steps);
  return r;
}

}  // namespace pacta
