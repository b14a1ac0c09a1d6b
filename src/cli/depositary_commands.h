// The depositary's commands: record, record-fact, record-step, correct, notify,
// notifications, ingest-cn.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>

#include "cli/common.h"

namespace pacta::cli {

class DepositaryCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is one of these; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  CLI::App* record_ = nullptr;
  CLI::App* record_fact_ = nullptr;
  CLI::App* record_step_ = nullptr;
  CLI::App* correct_ = nullptr;
  CLI::App* notify_ = nullptr;
  CLI::App* notifications_ = nullptr;
  CLI::App* ingest_ = nullptr;
  CLI::App* token_create_ = nullptr;
  CLI::App* token_list_ = nullptr;
  std::string role_ = "recorder", label_;
  std::string treaty_, state_, kind_, date_, ref_, source_, text_file_, later_date_, notes_;
  std::string fact_kind_ = "armed_conflict", from_, to_, body_, description_, since_, issued_on_;
  int64_t id_ = 0;
  bool notify_now_ = false, apply_ = false, html_ = false;
  std::vector<std::string> files_;
};

}  // namespace pacta::cli
