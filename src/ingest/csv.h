// Reading CSV files (RFC 4180, via libcsv) into rows of named fields.
// Errors name the file and the line.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace pacta {

struct CsvRow {
  int line = 0;  // 1-based line of the row's start in the file
  std::map<std::string, std::string> fields;
  // The named field; empty when absent.
  const std::string& get(const std::string& name) const;
};

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

// Parses `text`; `origin` names the file in errors. Every header in `required` must be present.
Result<CsvTable> parse_csv(const std::string& text, const std::string& origin,
                           const std::vector<std::string>& required);
Result<CsvTable> read_csv_file(const std::string& path, const std::vector<std::string>& required);

// Quotes a field for CSV output when needed (a comma, quote or line end in it, or a space or
// tab at either end), so that parse_csv reads back the same value.
std::string csv_field(const std::string& value);

}  // namespace pacta
