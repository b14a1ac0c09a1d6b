// The notification parser as it was before issue 11, on std::regex: kept only as an oracle
// for differential tests (tests/cn_parser_test.cc, fuzz/cn_parser_diff.cc) that check the
// linear scanner in src/ingest/cn_parser.cc gives the same results. Slow and recursive:
// call it on short inputs only (a few KiB), never on untrusted text in the product. One
// change since (marked below): the notification's own reference is never an earlier one.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <sstream>

#include "ingest/cn_parser.h"

namespace pacta::regex_oracle {
inline std::optional<Date> parse_long_date(const std::string& text);
inline std::optional<ActionKind> parse_action_heading(const std::string& text);
namespace detail {

constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};

inline int month_number(std::string m) {
  std::transform(m.begin(), m.end(), m.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (m == kMonths[i]) return static_cast<int>(i + 1);
  return 0;
}

inline std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Removes <sup>n</sup> markers, markdown escapes and collapses runs of spaces.
inline std::string clean_line(std::string s) {
  static const std::regex sup(R"(\s*<sup>\s*\d*\s*</sup>)");
  s = std::regex_replace(s, sup, "");
  static const std::regex spaces(R"([ \t]+)");
  s = std::regex_replace(s, spaces, " ");
  return trim(s);
}

inline bool is_upper_heading(const std::string& s) {
  int letters = 0;
  for (unsigned char c : s) {
    if (std::islower(c)) return false;
    letters += std::isupper(c) != 0;
  }
  return letters >= 4;
}

// The text's lines, each cleaned (see clean_line).
inline std::vector<std::string> clean_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  std::string l;
  while (std::getline(ss, l)) lines.push_back(clean_line(l));
  return lines;
}

// The reference line, and every other reference (earlier notifications).
inline void read_references(const std::vector<std::string>& lines, ParsedNotification& n) {
  static const std::regex ref_re(R"(C\.\s?N\.\s?(\d+)\.(\d{4})\.?\s?TREATIES[-.]([A-Z]+)[.-]?([0-9]+(?:[.-][0-9a-z]+)*))",
                                 std::regex::icase);
  for (const std::string& l : lines) {
    for (auto it = std::sregex_iterator(l.begin(), l.end(), ref_re); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      std::string chapter_tail = m[4].str();
      std::replace(chapter_tail.begin(), chapter_tail.end(), '.', '-');
      const std::string ref = "C.N." + m[1].str() + "." + m[2].str() + ".TREATIES-" + m[3].str() + "." +
                              [&] { std::string s = m[4].str(); std::replace(s.begin(), s.end(), '-', '.'); return s; }();
      if (n.reference.empty() && l.find("Reference") != std::string::npos) {
        n.reference = ref;
        n.number = std::stoi(m[1].str());
        n.year = std::stoi(m[2].str());
        n.chapter = m[3].str() + "-" + chapter_tail;
      } else if (ref != n.reference &&
                 std::find(n.earlier_references.begin(), n.earlier_references.end(), ref) == n.earlier_references.end()) {
        n.earlier_references.push_back(ref);
      }
    }
  }
  // Not in the parser as it was: the one intended change of results since (fuzz/cn_parser_fuzz.cc
  // found the notification's own reference among the earlier ones when it came first).
  std::erase(n.earlier_references, n.reference);
}

// Where the parts of a notification are, as found by read_fields.
struct Layout {
  size_t effected_line;                  // "The above action was effected on ..."; lines.size() when absent
  size_t quote_end_line;                 // the first *** rule; lines.size() when absent
  std::vector<std::string> title_block;  // upper-case lines after the reference, before the heading
};

// One pass over the lines: the heading, the dates, and where the title and the instrument are.
inline Layout read_fields(const std::vector<std::string>& lines, ParsedNotification& n) {
  static const std::regex effected(R"(The above action was effected on (.+?)\.?$)");
  static const std::regex effect(R"((?:take effect|enter into force) for (.+?) on (\d{1,2} [A-Za-z]+ \d{4}|[A-Za-z]+ \d{1,2}, \d{4}))");
  static const std::regex heading_re(R"(^([A-Z][A-Z .,'’()\-]+?):\s*([A-Z][A-Z ,'’()\-]+)$)");
  static const std::regex date_line(R"(^(\d{1,2} [A-Z][a-z]+ \d{4})$)");
  Layout at{lines.size(), lines.size(), {}};
  bool after_reference = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    std::smatch m;
    if (l.find("Reference:") != std::string::npos) {
      after_reference = true;
      continue;
    }
    if (after_reference && n.heading.empty() && std::regex_match(l, m, heading_re)) {
      n.heading = l;
      n.state_text = trim(m[1].str());
      n.kind = parse_action_heading(m[2].str());
      continue;
    }
    if (after_reference && n.heading.empty() && at.effected_line == lines.size() && is_upper_heading(l)) at.title_block.push_back(l);
    if (std::regex_search(l, m, effected)) {
      n.effected_on = parse_long_date(m[1].str());
      at.effected_line = i;
    }
    if (!n.stated_effect && std::regex_search(l, m, effect)) n.stated_effect = parse_long_date(m[2].str());
    if (std::regex_match(l, m, date_line) && i > at.effected_line) n.issued_on = parse_long_date(m[1].str());
    if (l == "\\*\\*\\*" || l == "***") at.quote_end_line = std::min(at.quote_end_line, i);
  }
  return at;
}

// Title: the upper-case lines before the place/date line.
inline std::string read_title(const std::vector<std::string>& title_block) {
  std::string title;
  for (const std::string& l : title_block) {
    if (std::regex_search(l, std::regex(R"(\d{4}$)"))) break;
    title += (title.empty() ? "" : " ") + l;
  }
  return title;
}

// The lines after "effected on" up to the *** rule (or the effect paragraph), without
// footnotes and page noise.
inline std::string instrument_lines(const std::vector<std::string>& lines, const Layout& at) {
  std::string body;
  bool in_footnote = false;
  for (size_t i = at.effected_line + 1; i < lines.size() && i < at.quote_end_line; ++i) {
    const std::string& l = lines[i];
    if (l.rfind("In accordance with", 0) == 0) break;
    if (l == "---") { in_footnote = true; continue; }
    if (in_footnote) {
      if (l.empty()) continue;
      if (std::isdigit(static_cast<unsigned char>(l[0])) || l.rfind("Refer to", 0) == 0) continue;
      in_footnote = false;
    }
    if (l.rfind("(Original:", 0) == 0 || l.rfind("Attention: Treaty Services", 0) == 0) continue;
    body += l + "\n";
  }
  return body;
}

// The instrument's text in `body`: from the first opening quote to the last closing quote;
// empty when there is no opening quote.
inline std::string quoted_instrument(const std::string& body) {
  const size_t open = body.find("\u201c");
  // The instrument ends with a closing quote at the end of a line; quotes inside it do not.
  const size_t close = body.rfind("\u201d\n");
  if (open == std::string::npos) return "";
  const size_t start = open + std::string("\u201c").size();
  return trim(close != std::string::npos && close > start ? body.substr(start, close - start) : body.substr(start));
}

// What a complete notification has and this one lacks.
inline void note_missing(ParsedNotification& n) {
  if (n.heading.empty()) {
    n.missing.push_back("the 'STATE: ACTION' heading (state and kind of action)");
    if (n.title.empty()) n.missing.push_back("the treaty's title block");
  }
  if (!n.effected_on) n.missing.push_back("the line 'The above action was effected on <date>.'");
  if (!n.issued_on) n.missing.push_back("the notification's own date (a last line such as '3 July 2025')");
}

}  // namespace detail
using namespace detail;

inline std::optional<Date> parse_long_date(const std::string& text) {
  std::smatch m;
  static const std::regex dmy(R"((\d{1,2})\s+([A-Za-z]+)\s+(\d{4}))");
  static const std::regex mdy(R"(([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4}))");
  if (std::regex_search(text, m, dmy)) {
    const int mo = month_number(m[2].str());
    if (mo) return Date::from_ymd(std::stoi(m[3].str()), mo, std::stoi(m[1].str()));
  }
  if (std::regex_search(text, m, mdy)) {
    const int mo = month_number(m[1].str());
    if (mo) return Date::from_ymd(std::stoi(m[3].str()), mo, std::stoi(m[2].str()));
  }
  return std::nullopt;
}

inline std::optional<ActionKind> parse_action_heading(const std::string& raw) {
  std::string t = raw;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  auto has = [&](const char* w) { return t.find(w) != std::string::npos; };
  if (has("WITHDRAWAL OF NOTIFICATION OF WITHDRAWAL") || has("WITHDRAWAL OF THE NOTIFICATION OF WITHDRAWAL") ||
      has("REVOCATION"))
    return ActionKind::kWithdrawalRevocation;
  if (has("NOT INTEND") || has("INTENTION NOT TO BECOME")) return ActionKind::kNotIntending;
  if (has("WITHDRAWAL") || has("DENUNCIATION")) return ActionKind::kWithdrawal;
  if (has("RATIFICATION")) return ActionKind::kRatification;
  if (has("ACCESSION")) return ActionKind::kAccession;
  if (has("ACCEPTANCE")) return ActionKind::kAcceptance;
  if (has("APPROVAL")) return ActionKind::kApproval;
  if (has("SUCCESSION")) return ActionKind::kSuccession;
  if (has("SIGNATURE")) return ActionKind::kSignature;
  if (has("OBJECTION")) return ActionKind::kObjection;
  if (has("RESERVATION")) return ActionKind::kReservation;
  if (has("DECLARATION")) return ActionKind::kDeclaration;
  if (has("COMMUNICATION")) return ActionKind::kCommunication;
  return std::nullopt;
}

inline Result<ParsedNotification> parse_notification(const std::string& text, const std::string& origin) {
  ParsedNotification n;
  const std::vector<std::string> lines = clean_lines(text);
  read_references(lines, n);
  if (n.reference.empty())
    return Outcome::error(origin + ": not a depositary notification: no line 'Reference: C.N.<n>.<year>.TREATIES-<chapter>'");
  const Layout at = read_fields(lines, n);
  n.title = read_title(at.title_block);
  if (at.effected_line < lines.size()) n.instrument_text = quoted_instrument(instrument_lines(lines, at));
  note_missing(n);
  if (n.heading.empty() && !n.kind) n.kind = std::nullopt;
  return n;
}

// Every field of a parse, one per line, to compare two parsers' results.
inline std::string dump(const Result<ParsedNotification>& r) {
  if (!r) return "error: " + r.message() + "\n";
  const ParsedNotification& n = r.value();
  auto date = [](const std::optional<Date>& d) { return d ? d->iso() : std::string("-"); };
  std::string out = "reference: " + n.reference + "\nnumber: " + std::to_string(n.number) + "\nyear: " +
                    std::to_string(n.year) + "\nchapter: " + n.chapter + "\ntitle: " + n.title + "\nheading: " +
                    n.heading + "\nstate: " + n.state_text + "\nkind: " +
                    (n.kind ? std::string(to_string(*n.kind)) : std::string("-")) + "\neffected: " + date(n.effected_on) +
                    "\nstated: " + date(n.stated_effect) + "\nissued: " + date(n.issued_on) + "\n";
  for (const std::string& e : n.earlier_references) out += "earlier: " + e + "\n";
  out += "instrument: " + n.instrument_text + "\n";
  for (const std::string& m : n.missing) out += "missing: " + m + "\n";
  return out;
}

}  // namespace pacta::regex_oracle
