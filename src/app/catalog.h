// The record as the commands and the server see it: profiles, state names and the ledger,
// loaded once, with one engine view per treaty. Resolves what users type (treaty ids,
// state codes or names, dates) into checked values, with errors that name the bad value.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/engine.h"
#include "store/ledger.h"

namespace pacta {

class Catalog {
 public:
  // Loads everything from the ledger (profiles, states, entries) and builds the views.
  static Result<std::unique_ptr<Catalog>> load(Ledger& ledger);

  const std::vector<TreatyProfile>& treaties() const { return profiles_; }
  const TreatyProfile* treaty(const std::string& id) const;
  const std::vector<StateName>& states() const { return states_; }
  const StateName* state(const std::string& iso3) const;
  std::string state_name(const std::string& iso3) const;  // falls back to the code

  // "apmbc" (case-insensitive) -> profile id; error names the value and the known ids.
  Result<std::string> resolve_treaty(const std::string& text) const;
  // "LTU", "ltu", "Lithuania" -> "LTU"; error names the value.
  Result<std::string> resolve_state(const std::string& text) const;

  // The engine's view of a treaty, optionally as known on a date (built on demand and kept
  // in a small cache: the catalog never changes, so a view never goes stale). Thread-safe.
  std::shared_ptr<const TreatyView> view(const std::string& treaty, std::optional<Date> known_on = std::nullopt) const;
  const Record& record() const { return record_; }

 private:
  std::vector<TreatyProfile> profiles_;
  std::vector<StateName> states_;
  Record record_;
  std::map<std::string, std::shared_ptr<const TreatyView>> views_;
  mutable std::mutex known_on_mutex_;
  mutable std::map<std::pair<std::string, Date>, std::shared_ptr<const TreatyView>> known_on_views_;
};

// Parses a date given on the command line or in a query; the error names `what`.
Result<Date> parse_date_arg(const std::string& text, const std::string& what);

}  // namespace pacta
