#include "cli/export_commands.h"

#include <fstream>
#include <iostream>

#include "app/export.h"

namespace pacta::cli {

namespace {

// Where the export goes: the file named by --output (written whole or not at all: a temporary
// file renamed at the end), or standard output.
class Output {
 public:
  explicit Output(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    tmp_ = path_ + ".partial";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw UsageError{path_ + ": cannot write the export"};
  }
  ~Output() {
    if (!path_.empty() && !done_) std::remove(tmp_.c_str());
  }
  std::ostream& stream() { return path_.empty() ? std::cout : file_; }
  void finish() {
    if (path_.empty()) return void(std::cout.flush());
    file_.close();
    if (!file_ || std::rename(tmp_.c_str(), path_.c_str()) != 0) throw UsageError{path_ + ": cannot write the export"};
    done_ = true;
  }

 private:
  std::string path_, tmp_;
  std::ofstream file_;
  bool done_ = false;
};

ExportFormat format_of(const std::string& f) { return f == "jsonl" ? ExportFormat::kJsonl : ExportFormat::kCsv; }

}  // namespace

void ExportCommands::add_to(CLI::App& app) {
  auto* exp = app.add_subcommand("export", "exports for researchers: a panel, status intervals, the whole ledger");
  exp->require_subcommand(1);
  panel_ = exp->add_subcommand("panel", "one row per treaty, state and date (long format)");
  panel_->add_option("--treaty", treaties_, "a treaty (repeat for several; default: every treaty)");
  panel_->add_option("--from", from_, "first date (default: the earliest adoption of the treaties asked)");
  panel_->add_option("--to", to_, "last date (default today)");
  panel_->add_option("--step", step_, "year, month or day (default year)")->check(CLI::IsMember({"year", "month", "day"}));
  panel_->add_option("--states", states_, "all (every state, non-participants too) or participants (default)")
      ->check(CLI::IsMember({"all", "participants"}));
  panel_->add_option("--known-on", known_, "use only what was recorded by this date");
  intervals_ = exp->add_subcommand("intervals", "one row per treaty, state and status interval, with from/until");
  intervals_->add_option("--treaty", treaties_, "a treaty (repeat for several; default: every treaty)");
  intervals_->add_option("--known-on", known_, "use only what was recorded by this date");
  for (CLI::App* c : {panel_, intervals_}) {
    c->add_option("--format", format_, "csv (default) or jsonl")->check(CLI::IsMember({"csv", "jsonl"}));
    c->add_flag("--bom", bom_, "begin the CSV with a UTF-8 byte order mark (for spreadsheet programs)");
  }
  ledger_ = exp->add_subcommand("ledger", "every ledger entry with its hash, as JSON lines (rebuild and verify the record)");
  for (CLI::App* c : {panel_, intervals_, ledger_}) c->add_option("--output,-o", output_, "write to this file (default stdout)");
}

std::optional<int> ExportCommands::run(const Options& o) {
  if (!panel_ || (!panel_->parsed() && !intervals_->parsed() && !ledger_->parsed())) return std::nullopt;
  if (ledger_->parsed()) {
    auto ledger = open_ledger(o);
    Output out(output_);
    must(write_ledger(*ledger, out.stream()));
    out.finish();
    return 0;
  }
  auto catalog = open_catalog(o);
  std::optional<Date> known;
  if (!known_.empty()) known = must(parse_date_arg(known_, "--known-on"));
  if (intervals_->parsed()) {
    Output out(output_);
    must(write_intervals(*catalog, treaties_, known, format_of(format_), bom_, out.stream()));
    out.finish();
    return 0;
  }
  PanelOptions p;
  p.treaties = treaties_;
  p.known_on = known;
  p.all_states = states_ == "all";
  p.format = format_of(format_);
  p.bom = bom_;
  p.step = *parse_panel_step(step_);
  p.to = to_.empty() ? today() : must(parse_date_arg(to_, "--to"));
  if (!from_.empty()) {
    p.from = must(parse_date_arg(from_, "--from"));
  } else {
    p.from = p.to;
    std::vector<std::string> ids = treaties_;
    if (ids.empty())
      for (const TreatyIndex& t : catalog->treaty_index()) ids.push_back(t.id);
    for (const std::string& t : ids) {
      auto id = must(catalog->resolve_treaty(t));
      if (auto prof = catalog->treaty(id)) p.from = std::min(p.from, prof->adopted);
    }
  }
  auto dates = must(panel_dates(p.from, p.to, p.step, 200000));
  Output out(output_);
  must(write_panel(*catalog, p, dates, out.stream()));
  out.finish();
  return 0;
}

}  // namespace pacta::cli
