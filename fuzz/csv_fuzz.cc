// libFuzzer harness: CSV (src/ingest/csv.h). The first byte picks the required columns, the
// rest is the file. Properties: a parse or an error naming the file; every row has one value
// per column; rows are in increasing line order; what csv_field writes reads back the same.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "ingest/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  pacta::fuzz::Bytes in(data, size);
  static const std::vector<std::vector<std::string>> kRequired = {
      {}, {"state"}, {"state", "date", "kind", "body", "description", "source"}, {"state", "kind", "date", "reference", "text_file", "source", "notes"}};
  const std::vector<std::string>& required = kRequired[in.take<uint8_t>() % kRequired.size()];
  const std::string text = in.rest();
  const auto r = pacta::parse_csv(text, "fuzz.csv", required);
  if (!r) {
    FUZZ_CHECK(r.message().rfind("fuzz.csv", 0) == 0);
    return 0;
  }
  const pacta::CsvTable& t = r.value();
  FUZZ_CHECK(!t.header.empty());
  int line = 0;
  for (const pacta::CsvRow& row : t.rows) {
    FUZZ_CHECK(row.line > line);
    line = row.line;
    FUZZ_CHECK(row.fields.size() <= t.header.size());
  }
  // Written back with csv_field, the table reads the same (one column: blank rows are skipped).
  if (t.header.size() < 2) return 0;
  auto write_row = [](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t j = 0; j < cells.size(); ++j) out += (j ? "," : "") + pacta::csv_field(cells[j]);
    return out + "\n";
  };
  std::string copy = write_row(t.header);
  for (const pacta::CsvRow& row : t.rows) {
    std::vector<std::string> cells;
    for (const std::string& h : t.header) cells.push_back(row.get(h));
    copy += write_row(cells);
  }
  const auto again = pacta::parse_csv(copy, "copy.csv", required);
  if (!again) std::fprintf(stderr, "%s\n", again.message().c_str());
  FUZZ_CHECK(again);
  FUZZ_CHECK(again.value().header == t.header);
  FUZZ_CHECK(again.value().rows.size() == t.rows.size());
  for (size_t i = 0; i < t.rows.size(); ++i) FUZZ_CHECK(again.value().rows[i].fields == t.rows[i].fields);
  return 0;
}
