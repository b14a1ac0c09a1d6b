#include "cli/common.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "app/catalog.h"

namespace pacta::cli {

Date today() {
  if (const char* t = std::getenv("PACTA_TODAY")) return must(parse_date_arg(t, "PACTA_TODAY"));
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{path + ": cannot open file"};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<Ledger> open_ledger(const Options& o) { return must(open_sqlite_ledger(o.db, false)); }

std::shared_ptr<Catalog> open_catalog(const Options& o) {
  const std::string db = o.db;
  return must(Catalog::open(open_ledger(o), [db] { return open_sqlite_ledger(db, false); }));
}

}  // namespace pacta::cli
