// `pacta status-page TREATY [--on D] [--known-on T]`: the treaty's status page in the United
// Nations' layout, with its end notes (src/app/status_page.h); --json prints the same
// document as GET /api/v1/treaties/{t}/status-page.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cli/common.h"

namespace pacta::cli {

class StatusPageCommand {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is this one; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  CLI::App* cmd_ = nullptr;
  std::string treaty_, on_, known_;
};

}  // namespace pacta::cli
