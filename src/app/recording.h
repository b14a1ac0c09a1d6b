// Recording what happened, through the checks a depositary makes: one action, fact or
// domestic step at a time, written only if every check passes (nothing is written otherwise).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/catalog.h"
#include "depositary/notification.h"
#include "ingest/bundle.h"
#include "ingest/cn_parser.h"
#include "store/ledger.h"

namespace pacta {

// What recording an action did: the action as stored (with its seq), what the engine now
// computes for its state, and the notification issued with it (when asked).
struct Recorded {
  Action action;
  std::vector<std::string> consequences;
  std::optional<StoredNotification> notification;
  // The treaty at the head this write made, and its current view, for a catalog that was at
  // `head_before` to take over without reading anything (Catalog::advance, after commit).
  int64_t head_before = 0;
  std::shared_ptr<const TreatyEntries> entries;
  std::shared_ptr<const TreatyView> view;
};

// Runs inside the write transaction after the entry is appended (e.g. to store an HTTP
// reply under its Idempotency-Key): a failure undoes the whole write.
using InTransaction = std::function<Outcome(Ledger&, const Recorded&)>;

// Records `a` in one write transaction: takes its treaty's rules and entries at the head it
// will append to (from the catalog's cache when the catalog is at that very head, otherwise
// read from the store inside the transaction), checks the action against them, appends it and, with `notify`, issues its
// notification (numbered in the same transaction). Two writers can never both pass a check
// only one may pass. A treaty without notifications refuses `notify` before writing.
// `today` is the day of recording (known_from). With a.prov.supersedes set, a correction:
// checked against the record without the entry it replaces (which stays for --known-on).
Result<Recorded> record_action(Ledger& ledger, const Catalog& c, Action a, Date today, bool notify = false,
                               const InTransaction& also = nullptr);
Outcome record_fact(Ledger& ledger, Fact& f, Date today);
Outcome record_step(Ledger& ledger, DomesticStep& s, Date today);

// What the engine computes for the action's state in `view` (built with the action):
// "in force for X from 2026-03-01", "withdrawal of X takes effect 2026-01-10 unless ...".
std::vector<std::string> consequences(const TreatyView& view, const Action& a);

// Issues (or returns the already-issued) notification of ledger entry `seq`.
// An action the depositary already notified (its reference is a real C.N.) is refused unless
// `force`: pacta would issue a second, permanent notification of it.
Result<StoredNotification> notify(Ledger& ledger, const Catalog& c, int64_t seq, Date issued_on, bool force = false);

// Appends a version of a treaty's rules when `toml` differs from the latest recorded one
// (strictly checked first; nothing is rewritten). The first version of a treaty is known
// from its adoption, a later one from `today`. Returns the version now in force, and
// whether it was appended.
struct RulesLoaded {
  RulesVersion version;
  bool appended = false;
};
Result<RulesLoaded> load_rules(Ledger& ledger, const std::string& toml, const std::string& origin, const std::string& source,
                               Date today);

// `pacta init`: the bundle's record (when the ledger holds none yet) and each bundled
// profile as a rules version (when it differs from the latest). Profiles are named
// `<home>/treaties/<id>.toml` in errors.
struct Initialised {
  int64_t appended = 0;        // entries of the bundled record
  int rules_appended = 0;      // new rules versions
};
Result<Initialised> init_record(Ledger& ledger, const Bundle& bundle, const std::string& home, Date today);

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
