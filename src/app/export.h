// Exports for researchers: a long-format panel (one row per treaty, state and date), the
// status intervals (one row per treaty, state and status period), and the whole ledger (every
// entry with its hash, as JSON lines, so anyone can rebuild and verify the record). The same
// writers serve `pacta export …` and the HTTP API. Rows are written as they are computed.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "app/catalog.h"

namespace pacta {

// RFC 4180 CSV: fields quoted when needed, CRLF line ends, UTF-8 (with a BOM when asked, for
// spreadsheet programs that need one). The one CSV writer of the CLI and the API.
class CsvWriter {
 public:
  CsvWriter(std::ostream& out, bool bom);
  void row(const std::vector<std::string>& fields);

 private:
  std::ostream& out_;
};

enum class ExportFormat { kCsv, kJsonl };
enum class PanelStep { kYear, kMonth, kDay };

struct PanelOptions {
  std::vector<std::string> treaties;  // ids; empty: every treaty
  Date from, to;                      // inclusive; dates are from, then every step while <= to
  PanelStep step = PanelStep::kYear;
  bool all_states = false;            // every state of the record, or only the treaty's participants
  std::optional<Date> known_on;
  ExportFormat format = ExportFormat::kCsv;
  bool bom = false;
};

// The panel's columns, in order.
const std::vector<std::string>& panel_columns();
const std::vector<std::string>& interval_columns();

// The dates of a panel: `from`, then each step while not after `to`. Error when the range is
// empty or over `max_dates` dates.
Result<std::vector<Date>> panel_dates(Date from, Date to, PanelStep step, size_t max_dates);
std::optional<PanelStep> parse_panel_step(const std::string& text);

// Writes the panel; an unknown treaty is an error before anything is written.
Outcome write_panel(const Catalog& c, const PanelOptions& o, const std::vector<Date>& dates, std::ostream& out);
// One row per treaty, participant and status interval (the whole record as known on
// `known_on`): treaty, state, name, status, from, until (exclusive; empty: open), rules_version.
Outcome write_intervals(const Catalog& c, const std::vector<std::string>& treaties, std::optional<Date> known_on,
                        ExportFormat format, bool bom, std::ostream& out);
// Every ledger entry in order, one JSON object per line: seq, the 16 hashed fields by name,
// prev_hash, hash. Ends with nothing else: the last line's hash is the head.
Outcome write_ledger(Ledger& ledger, std::ostream& out);

}  // namespace pacta
