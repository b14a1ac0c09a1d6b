// Shared pieces of the pacta command: options, error handling, today's date.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"
#include "app/catalog.h"
#include "store/ledger.h"

namespace pacta::cli {

struct UsageError {
  std::string message;
  int exit_code = 2;  // 1: the ledger's chain is broken
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
// Opens the ledger and checks its chain from the last verified checkpoint: a broken chain is
// a UsageError (exit 1) naming the first bad entry, so nothing is answered from it.
std::unique_ptr<Ledger> open_ledger(const Options& o);
// The record, read one treaty at a time as commands ask (see app/catalog.h).
std::shared_ptr<Catalog> open_catalog(const Options& o);

// While alive, what is written to stdout and stderr has its control characters (other than
// tab and newline; C1 controls included) shown as \xHH, so recorded text cannot drive the
// terminal. JSON output is unaffected (it never holds them raw).
// Colour on a terminal: `std::cout << Paint{"party"} << "party" << Paint{}` puts the status
// word in its colour (party green, withdrawn red, withdrawing yellow, signatory and contracting
// cyan, not_intending magenta). The code goes past the guard below, and only to a terminal it
// guards with $NO_COLOR unset and $TERM not "dumb"; to a file or a pipe nothing is written.
struct Paint {
  std::string_view status;  // empty: back to the default colour
};
std::ostream& operator<<(std::ostream& os, const Paint& p);

// The terminal's width in columns (its window size, else $COLUMNS, else 80), or 0 when stdout
// is not a terminal.
int terminal_width();
// Writes `first` then `text`, wrapped at spaces to the terminal's width with continuation lines
// starting with `rest`; to a file or a pipe, on one line (scripts read whole lines).
void print_wrapped(std::ostream& os, const std::string& text, const std::string& first, const std::string& rest);

class TerminalGuard {
 public:
  TerminalGuard();
  ~TerminalGuard();
  TerminalGuard(const TerminalGuard&) = delete;
  TerminalGuard& operator=(const TerminalGuard&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pacta::cli
