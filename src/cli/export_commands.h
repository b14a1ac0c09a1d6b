// The researcher's exports: `pacta export panel`, `export intervals`, `export ledger`
// (src/app/export.h), to standard output or a file.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/common.h"

namespace pacta::cli {

class ExportCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is one of these; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  CLI::App* panel_ = nullptr;
  CLI::App* intervals_ = nullptr;
  CLI::App* ledger_ = nullptr;
  std::vector<std::string> treaties_;
  std::string from_, to_, step_ = "year", states_ = "participants", format_ = "csv", known_, output_;
  bool bom_ = false;
};

}  // namespace pacta::cli
