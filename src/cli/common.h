// Shared pieces of the pacta command: options, error handling, today's date.
#pragma once

#include <memory>
#include <string>

#include "core/date.h"
#include "core/result.h"
#include "app/catalog.h"
#include "store/ledger.h"

namespace pacta::cli {

struct UsageError {
  std::string message;
};

template <typename T>
T must(Result<T> r) {
  if (!r) throw UsageError{r.message()};
  return std::move(*r);
}
inline void must(const Outcome& s) {
  if (!s) throw UsageError{s.message()};
}

struct Options {
  std::string db;
  std::string home;
  bool as_json = false;
};

Date today();  // UTC date, or $PACTA_TODAY
std::string read_file(const std::string& path);  // the whole file; UsageError naming it
std::unique_ptr<Ledger> open_ledger(const Options& o);
// The record, read one treaty at a time as commands ask (see app/catalog.h).
std::shared_ptr<Catalog> open_catalog(const Options& o);

}  // namespace pacta::cli
