// The store's commands: `pacta copy --from DB --to DB` moves a whole record between stores
// (SQLite <-> PostgreSQL, or to another database of the same kind) keeping every hash, and
// `pacta migrate` applies a store's schema migrations explicitly.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/common.h"

namespace pacta::cli {

class StoreCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is one of these; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  int run_copy(const Options& o);
  int run_migrate(const Options& o);
  CLI::App* copy_ = nullptr;
  CLI::App* migrate_ = nullptr;
  std::string from_, to_;
};

}  // namespace pacta::cli
