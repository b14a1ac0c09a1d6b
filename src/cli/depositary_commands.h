// The depositary's commands: record, record-fact, record-step, correct, notify,
// notifications, ingest-cn.
#pragma once

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "cli/common.h"
#include "ingest/cn_parser.h"

namespace pacta::cli {

class DepositaryCommands {
 public:
  void add_to(CLI::App& app);
  // Runs the parsed command, if it is one of these; returns its exit code.
  std::optional<int> run(const Options& o);

 private:
  struct Ingested {
    std::string treaty, state, computed, agreement = "unknown", applied = "no";
  };
  Action action_to_record(const Catalog& c) const;
  int run_record(const Options& o);
  int run_fact(const Options& o);
  int run_step(const Options& o);
  int run_notify(const Options& o);
  int run_notifications(const Options& o);
  int run_token_create(const Options& o);
  int run_ingest(const Options& o);
  boost::json::object ingest_one(const std::string& file, const Catalog* catalog, Ledger* writer, int& rc);
  Ingested resolve_and_apply(const ParsedNotification& n, const std::string& file, const Catalog& catalog, Ledger& writer,
                             boost::json::object& r, int& rc);
  void print_ingested(const std::string& file, const ParsedNotification& n, const Ingested& in,
                      const boost::json::object& r) const;
  bool as_json_ = false;
  CLI::App* record_ = nullptr;
  CLI::App* record_fact_ = nullptr;
  CLI::App* record_step_ = nullptr;
  CLI::App* correct_ = nullptr;
  CLI::App* notify_ = nullptr;
  CLI::App* notifications_ = nullptr;
  CLI::App* ingest_ = nullptr;
  CLI::App* token_create_ = nullptr;
  CLI::App* token_list_ = nullptr;
  CLI::App* token_revoke_ = nullptr;
  int64_t token_id_ = 0;
  std::string expires_;
  bool force_ = false;
  std::string role_ = "recorder", label_;
  std::string treaty_, state_, kind_, date_, ref_, source_, text_file_, later_date_, notes_, subject_, qualifier_;
  std::string fact_kind_ = "armed_conflict", from_, to_, body_, description_, since_, issued_on_;
  int64_t id_ = 0;
  bool notify_now_ = false, apply_ = false, html_ = false;
  std::vector<std::string> files_;
};

}  // namespace pacta::cli
