// Reading the bundled record (data/) and treaty profiles (treaties/) from a directory,
// checking every row, and loading them into a ledger in one transaction.
//
// Layout under `home`: treaties/<id>.toml; data/states.csv; data/facts.csv;
// data/<id>/actions.csv, data/<id>/steps.csv, data/<id>/texts/*.txt (see data/README.md).
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "store/ledger.h"

namespace pacta {

struct Bundle {
  std::vector<std::pair<std::string, std::string>> profiles;  // id, TOML text
  std::vector<StateName> states;
  Record record;
};

// Reads and checks everything; the error names the file and line of the first bad row.
Result<Bundle> read_bundle(const std::string& home);

// Creates the ledger's content from the bundle if it has none yet. Idempotent: a ledger
// that already holds the bundle is left as it is (state names are refreshed). The profiles
// are recorded as rules versions by the caller (load_rules in app/recording.h).
// Returns the number of entries appended (0 when already initialised).
Result<int64_t> init_from_bundle(Ledger& ledger, const Bundle& bundle);

}  // namespace pacta
