#include "ingest/csv.h"

#include <csv.h>

#include <fstream>
#include <sstream>

namespace pacta {
namespace {

struct Collector {
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_lines;
  std::vector<std::string> current;
  int line = 1;       // line being read
  int row_start = 1;  // line where the current row started
};

void on_field(void* data, size_t len, void* ctx) {
  auto* c = static_cast<Collector*>(ctx);
  c->current.emplace_back(static_cast<const char*>(data), len);
}

void on_row(int, void* ctx) {
  auto* c = static_cast<Collector*>(ctx);
  c->rows.push_back(std::move(c->current));
  c->row_lines.push_back(c->row_start);
  c->current.clear();
}

}  // namespace

const std::string& CsvRow::get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = fields.find(name);
  return it == fields.end() ? kEmpty : it->second;
}

Result<CsvTable> parse_csv(const std::string& text, const std::string& origin, const std::vector<std::string>& required) {
  csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) return Outcome::error("cannot start the CSV parser");
  Collector c;
  // Feed line by line so that rows can be tied to line numbers. A line ends with LF, CRLF or a
  // lone CR (libcsv ends a row at each of them).
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t eol = text.find_first_of("\r\n", pos);
    size_t end = eol == std::string::npos ? text.size() : eol + 1;
    if (eol != std::string::npos && text[eol] == '\r' && end < text.size() && text[end] == '\n') ++end;
    const size_t before = c.rows.size();
    if (csv_parse(&p, text.data() + pos, end - pos, on_field, on_row, &c) != end - pos) {
      Outcome s = Outcome::error(origin + ":" + std::to_string(c.line) + ": malformed CSV (" + csv_strerror(csv_error(&p)) + ")");
      csv_free(&p);
      return s;
    }
    ++c.line;
    if (c.rows.size() > before && c.current.empty()) c.row_start = c.line;
    pos = end;
  }
  if (csv_fini(&p, on_field, on_row, &c) != 0) {
    Outcome s = Outcome::error(origin + ":" + std::to_string(c.line) + ": truncated CSV (" + csv_strerror(csv_error(&p)) + ")");
    csv_free(&p);
    return s;
  }
  csv_free(&p);
  CsvTable t;
  if (c.rows.empty()) return Outcome::error(origin + ": empty file, expected a header line");
  t.header = c.rows.front();
  for (const std::string& r : required) {
    bool found = false;
    for (const std::string& h : t.header) found = found || h == r;
    if (!found) return Outcome::error(origin + ":1: missing column '" + r + "'");
  }
  for (size_t i = 1; i < c.rows.size(); ++i) {
    const auto& raw = c.rows[i];
    if (raw.size() == 1 && raw[0].empty()) continue;  // blank line
    if (raw.size() != t.header.size())
      return Outcome::error(origin + ":" + std::to_string(c.row_lines[i]) + ": expected " + std::to_string(t.header.size()) +
                           " fields, found " + std::to_string(raw.size()));
    CsvRow row;
    row.line = c.row_lines[i];
    for (size_t j = 0; j < raw.size(); ++j) row.fields[t.header[j]] = raw[j];
    t.rows.push_back(std::move(row));
  }
  return t;
}

Result<CsvTable> read_csv_file(const std::string& path, const std::vector<std::string>& required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Outcome::error(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_csv(ss.str(), path, required);
}

std::string csv_field(const std::string& v) {
  // Quoted also when it begins or ends with a space or tab: readers (libcsv among them) trim
  // those from unquoted fields.
  const bool edge_space = !v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t');
  if (v.find_first_of(",\"\n\r") == std::string::npos && !edge_space) return v;
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace pacta
