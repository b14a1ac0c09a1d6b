// Recording what happened, through the checks a depositary makes: one action, fact or
// domestic step at a time, written only if every check passes (nothing is written otherwise).
#pragma once

#include <string>
#include <vector>

#include "app/catalog.h"
#include "depositary/notification.h"
#include "ingest/cn_parser.h"
#include "store/ledger.h"

namespace pacta {

// Checks `a` against its treaty's profile and the record in `c`, then appends it.
// On success `a` carries its seq. `today` is the day of recording (known_from).
Outcome record_action(Ledger& ledger, const Catalog& c, Action& a, Date today);
// A corrected action (a.prov.supersedes set), checked against the record without the entry
// it replaces; the old entry stays in the ledger for --known-on.
Outcome record_correction(Ledger& ledger, const Catalog& c, Action& a, Date today);
Outcome record_fact(Ledger& ledger, Fact& f, Date today);
Outcome record_step(Ledger& ledger, DomesticStep& s, Date today);

// What the engine now computes for the action's state (read from a freshly loaded catalog):
// "in force for X from 2026-03-01", "withdrawal of X takes effect 2026-01-10 unless ...".
std::vector<std::string> consequences(const Catalog& c, const Action& a);

// Issues (or returns the already-issued) notification of ledger entry `seq`.
Result<StoredNotification> notify(Ledger& ledger, const Catalog& c, int64_t seq, Date issued_on);

// An action, fact or step from a JSON request body (the fields of `pacta record`,
// `record-fact`, `record-step`: treaty, state, kind, date, reference, source, text, notes,
// later_date; from, to; body, description). Errors name the field.
Result<Action> action_from_json(const Catalog& c, const std::string& body);
Result<Fact> fact_from_json(const Catalog& c, const std::string& body);
Result<DomesticStep> step_from_json(const Catalog& c, const std::string& body);

// The action a parsed notification describes, resolved against the catalog; errors name
// what cannot be resolved (unknown chapter, state, kind, missing date).
Result<Action> action_from_notification(const Catalog& c, const ParsedNotification& n);

}  // namespace pacta
