// `pacta ingest-untc`: saved UN Treaty Collection status pages (ingest/untc.h) read into the
// record. Prints what the page says and what pacta computes from it (counts on the page's
// "as at" date against the page's own, each difference named by state); with --apply records
// each action the page states through record_action (the checks of `pacta record`), citing
// the page. An action the record already holds (same state, kind, date and subject) is not
// recorded again; one the record holds differently is reported, never forced. With --bundle DIR
// writes what the page states as a bundled record instead (ingest/untc_bundle.h).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/common.h"

namespace pacta::cli {

class IngestCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is this one; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  int run_untc(const Options& o);
  CLI::App* untc_ = nullptr;
  std::vector<std::string> files_;
  std::string treaty_, url_, bundle_;
  bool apply_ = false;
};

}  // namespace pacta::cli
