#include "cli/common.h"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sstream>

#include "app/catalog.h"
#include "store/open.h"

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

std::unique_ptr<Ledger> open_ledger(const Options& o) {
  auto ledger = must(pacta::open_ledger(o.db, false));
  const VerifyReport rep = must(ledger->check_chain());
  if (!rep.ok())
    throw UsageError{display_db(o.db) + ": the ledger's hash chain is broken: " + rep.problem +
                         "; nothing is answered from it (run 'pacta verify')",
                     1};
  return ledger;
}

std::shared_ptr<Catalog> open_catalog(const Options& o) {
  const std::string db = o.db;
  return must(Catalog::open(open_ledger(o), [db] { return pacta::open_ledger(db, false); }));
}

namespace {

// Passes bytes through to `out`, writing control characters as \xHH.
class EscapingBuf : public std::streambuf {
 public:
  explicit EscapingBuf(std::streambuf* out) : out_(out) {}
  // Bytes of pacta's own (a colour code) written past the guard, in order with the rest.
  bool raw(std::string_view s) {
    if (c2_pending_ && !flush_c2()) return false;
    if (cr_pending_ && !flush_cr()) return false;
    return out_->sputn(s.data(), static_cast<std::streamsize>(s.size())) == static_cast<std::streamsize>(s.size());
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char ch = traits_type::to_char_type(c);
    return put(&ch, 1) ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override { return put(s, n) ? n : 0; }
  int sync() override {
    if (c2_pending_ && !flush_c2()) return -1;
    if (cr_pending_ && !flush_cr()) return -1;
    return out_->pubsync();
  }

 private:
  static bool control(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F; }
  bool escape(unsigned char c) {
    static const char* const kHex = "0123456789ABCDEF";
    const char e[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
    return out_->sputn(e, 4) == 4;
  }
  bool flush_c2() {
    c2_pending_ = false;
    return out_->sputc(static_cast<char>(0xC2)) != traits_type::eof();
  }
  bool flush_cr() {  // a CR not followed by LF
    cr_pending_ = false;
    return escape('\r');
  }
  bool put(const char* s, std::streamsize n) {
    std::streamsize run = 0;  // bytes of s[i - run, i) that pass unchanged
    for (std::streamsize i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (cr_pending_) {  // CRLF (CSV's line end) passes; a lone CR is shown
        cr_pending_ = false;
        if (c == '\n') {
          if (out_->sputn("\r\n", 2) != 2) return false;
          continue;
        }
        if (!escape('\r')) return false;
      }
      if (c2_pending_) {  // a C1 control is U+0080..U+009F: C2 80..C2 9F
        if (c >= 0x80 && c <= 0x9F) {
          c2_pending_ = false;
          if (!escape(0xC2) || !escape(c)) return false;
          continue;
        }
        if (!flush_c2()) return false;
      }
      if (control(c) || c == 0xC2) {
        if (run > 0 && out_->sputn(s + i - run, run) != run) return false;
        run = 0;
        if (c == 0xC2) c2_pending_ = true;
        else if (c == '\r') cr_pending_ = true;
        else if (!escape(c)) return false;
        continue;
      }
      ++run;
    }
    return run == 0 || out_->sputn(s + n - run, run) == run;
  }

  std::streambuf* out_;
  bool c2_pending_ = false;
  bool cr_pending_ = false;
};

}  // namespace

struct TerminalGuard::Impl {
  std::streambuf* cout_old = nullptr;
  std::streambuf* cerr_old = nullptr;
  std::unique_ptr<EscapingBuf> out, err;
};

TerminalGuard::TerminalGuard() : impl_(std::make_unique<Impl>()) {
  // Only a terminal is guarded: a file or a pipe gets the bytes as written (CSV, JSON).
  if (::isatty(STDOUT_FILENO)) {
    impl_->out = std::make_unique<EscapingBuf>(std::cout.rdbuf());
    impl_->cout_old = std::cout.rdbuf(impl_->out.get());
  }
  if (::isatty(STDERR_FILENO)) {
    impl_->err = std::make_unique<EscapingBuf>(std::cerr.rdbuf());
    impl_->cerr_old = std::cerr.rdbuf(impl_->err.get());
  }
}

std::ostream& operator<<(std::ostream& os, const Paint& p) {
  auto* guarded = dynamic_cast<EscapingBuf*>(os.rdbuf());
  if (!guarded) return os;  // not a terminal: plain text
  static const bool no_color = [] {
    const char* nc = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return (nc && *nc) || (term && std::string_view(term) == "dumb");
  }();
  if (no_color) return os;
  const std::string_view s = p.status;
  const char* code = s.empty()                                            ? "\x1b[0m"
                     : s == "party"                                       ? "\x1b[32m"
                     : s == "withdrawn"                                   ? "\x1b[31m"
                     : s == "withdrawing" || s == "withdrawal_suspended" ? "\x1b[33m"
                     : s == "signatory" || s == "contracting"             ? "\x1b[36m"
                     : s == "not_intending"                               ? "\x1b[35m"
                                                                          : "";
  if (*code) guarded->raw(code);
  return os;
}

int terminal_width() {
  if (!::isatty(STDOUT_FILENO)) return 0;
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 20) return w.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    const int n = std::atoi(c);
    if (n >= 20) return n;
  }
  return 80;
}

void print_wrapped(std::ostream& os, const std::string& text, const std::string& first, const std::string& rest) {
  static const int width = terminal_width();
  if (width == 0) {
    os << first << text << "\n";
    return;
  }
  // Words are split at spaces; widths count code points (a long word stands alone on its line).
  auto cps = [](std::string_view s) {
    size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
  };
  std::string line = first;
  size_t used = cps(first);
  bool empty = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    const std::string_view word(text.data() + i, j - i);
    i = j + 1;
    if (word.empty()) continue;
    if (!empty && used + 1 + cps(word) > static_cast<size_t>(width)) {
      os << line << "\n";
      line = rest;
      used = cps(rest);
      empty = true;
    }
    if (!empty) {
      line += ' ';
      ++used;
    }
    line += word;
    used += cps(word);
    empty = false;
  }
  os << line << "\n";
}

TerminalGuard::~TerminalGuard() {
  std::cout.flush();
  std::cerr.flush();
  if (impl_->out) std::cout.rdbuf(impl_->cout_old);
  if (impl_->err) std::cerr.rdbuf(impl_->cerr_old);
}

}  // namespace pacta::cli
