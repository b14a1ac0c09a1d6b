#include "ingest/cn_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <set>
#include <string_view>

// Every pattern is a hand-written scanner that only moves forward (no backtracking, no
// recursion): parsing is linear in the text's length with a constant stack, whatever the
// text (issue 11: std::regex overflowed the stack on 50,000 spaces and was quadratic on long
// lines). Each scanner documents the pattern it implements; they give exactly the results of
// the std::regex patterns they replace (fuzz/cn_regex_oracle.h keeps those for differential
// tests). Character classes are ASCII, as std::regex had them in the "C" locale.

namespace pacta {
namespace {

constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
constexpr size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }  // \s
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_eol(char c) { return c == '\n' || c == '\r'; }  // what '.' does not match

// The first position at or after `i` that is not in `cls` (or s.size()).
template <typename Class>
size_t skip(std::string_view s, size_t i, Class cls) {
  while (i < s.size() && cls(s[i])) ++i;
  return i;
}
bool char_at(std::string_view s, size_t i, char c) { return i < s.size() && s[i] == c; }
template <typename Class>
bool class_at(std::string_view s, size_t i, Class cls) {
  return i < s.size() && cls(s[i]);
}
bool starts_at(std::string_view s, size_t i, std::string_view lit) { return i <= s.size() && s.substr(i, lit.size()) == lit; }
bool starts_at_nocase(std::string_view s, size_t i, std::string_view lower_lit) {
  if (i > s.size() || s.size() - i < lower_lit.size()) return false;
  for (size_t k = 0; k < lower_lit.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != lower_lit[k]) return false;
  return true;
}
// `n` digits at i; their value (n <= 4), or -1.
int digits_at(std::string_view s, size_t i, size_t n) {
  if (i > s.size() || s.size() - i < n) return -1;
  int v = 0;
  for (size_t k = i; k < i + n; ++k) {
    if (!is_digit(s[k])) return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}
// A run of digits as an int; nullopt when it does not fit.
std::optional<int> to_int(std::string_view digits) {
  long long v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > INT_MAX) return std::nullopt;
  }
  return static_cast<int>(v);
}

int month_number(std::string_view m) {
  if (m.size() > 9) return 0;
  std::string l(m);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (l == kMonths[i]) return static_cast<int>(i + 1);
  return 0;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// `<sup>\s*\d*\s*</sup>` at i: the position after it, or npos.
size_t sup_marker_end(std::string_view s, size_t i) {
  if (!starts_at(s, i, "<sup>")) return npos;
  size_t k = skip(s, i + 5, is_space);
  k = skip(s, k, is_digit);
  k = skip(s, k, is_space);
  return starts_at(s, k, "</sup>") ? k + 6 : npos;
}

// Removes <sup>n</sup> markers with the white space before them (`\s*<sup>\s*\d*\s*</sup>`),
// collapses runs of spaces and tabs to one space, and trims.
std::string clean_line(std::string_view s) {
  std::string kept;
  kept.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    // A marker can only start where a run of white space (maybe empty) starts: try the run
    // once, as a whole, so a long run is looked at once and not once per character.
    const size_t j = skip(s, i, is_space);
    if (const size_t end = sup_marker_end(s, j); end != npos) {
      i = end;
      continue;
    }
    kept.append(s.substr(i, j - i));
    if (j < s.size()) kept += s[j];
    i = j + 1;
  }
  std::string out;
  out.reserve(kept.size());
  for (size_t k = 0; k < kept.size();) {
    if (kept[k] == ' ' || kept[k] == '\t') {
      out += ' ';
      k = skip(kept, k, [](char c) { return c == ' ' || c == '\t'; });
    } else {
      out += kept[k++];
    }
  }
  return trim(out);
}

bool is_upper_heading(const std::string& s) {
  int letters = 0;
  for (unsigned char c : s) {
    if (std::islower(c)) return false;
    letters += std::isupper(c) != 0;
  }
  return letters >= 4;
}

// The text's lines (as std::getline splits them), each cleaned (see clean_line).
std::vector<std::string> clean_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    if (nl == npos) {
      lines.push_back(clean_line(text.substr(pos)));
      break;
    }
    lines.push_back(clean_line(text.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  return lines;
}

// One reference found in a line.
struct RefMatch {
  size_t end;
  std::string_view number, year, letters, tail;
};

// The pattern, case-insensitive:
//   C\.\s?N\.\s?(\d+)\.(\d{4})\.?\s?TREATIES[-.]([A-Z]+)[.-]?([0-9]+(?:[.-][0-9a-z]+)*)
// at i. Each part's class is disjoint from what follows it, so the greedy forward scan is
// the regex's only possible match.
std::optional<RefMatch> reference_at(std::string_view l, size_t i) {
  RefMatch m{};
  size_t k = i;
  if (!(char_at(l, k, 'C') || char_at(l, k, 'c')) || !char_at(l, k + 1, '.')) return std::nullopt;
  k += 2;
  if (class_at(l, k, is_space)) ++k;
  if (!(char_at(l, k, 'N') || char_at(l, k, 'n')) || !char_at(l, k + 1, '.')) return std::nullopt;
  k += 2;
  if (class_at(l, k, is_space)) ++k;
  size_t from = k;
  k = skip(l, k, is_digit);
  if (k == from || !char_at(l, k, '.')) return std::nullopt;
  m.number = l.substr(from, k - from);
  ++k;
  if (digits_at(l, k, 4) < 0) return std::nullopt;
  m.year = l.substr(k, 4);
  k += 4;
  if (char_at(l, k, '.')) ++k;
  if (class_at(l, k, is_space)) ++k;
  if (!starts_at_nocase(l, k, "treaties")) return std::nullopt;
  k += 8;
  if (!(char_at(l, k, '-') || char_at(l, k, '.'))) return std::nullopt;
  ++k;
  from = k;
  k = skip(l, k, is_alpha);
  if (k == from) return std::nullopt;
  m.letters = l.substr(from, k - from);
  if (char_at(l, k, '.') || char_at(l, k, '-')) ++k;
  from = k;
  k = skip(l, k, is_digit);
  if (k == from) return std::nullopt;
  while ((char_at(l, k, '.') || char_at(l, k, '-')) && class_at(l, k + 1, is_alnum)) k = skip(l, k + 1, is_alnum);
  m.tail = l.substr(from, k - from);
  m.end = k;
  return m;
}

// The reference line, and every other reference (earlier notifications).
void read_references(const std::vector<std::string>& lines, ParsedNotification& n) {
  std::set<std::string> seen;
  for (const std::string& l : lines) {
    for (size_t i = 0; i < l.size();) {
      const std::optional<RefMatch> m = reference_at(l, i);
      if (!m) {
        ++i;
        continue;
      }
      i = m->end;
      std::string chapter_tail(m->tail), ref_tail(m->tail);
      std::replace(chapter_tail.begin(), chapter_tail.end(), '.', '-');
      std::replace(ref_tail.begin(), ref_tail.end(), '-', '.');
      const std::string ref = "C.N." + std::string(m->number) + "." + std::string(m->year) + ".TREATIES-" +
                              std::string(m->letters) + "." + ref_tail;
      // A number too large for an int is no notification's own number (C.N. numbers are small).
      const std::optional<int> number = to_int(m->number);
      if (n.reference.empty() && number && l.find("Reference") != std::string::npos) {
        n.reference = ref;
        n.number = *number;
        n.year = *to_int(m->year);
        n.chapter = std::string(m->letters) + "-" + chapter_tail;
      } else if (ref != n.reference && seen.insert(ref).second) {
        n.earlier_references.push_back(ref);
      }
    }
  }
  // The notification's own reference may also appear before its "Reference" line (a page
  // header): it is not an earlier notification.
  std::erase(n.earlier_references, n.reference);
}

// The heading `^([A-Z][A-Z .,'’()\-]+?):\s*([A-Z][A-Z ,'’()\-]+)$` (’ as its three UTF-8 bytes,
// each one a member of the class, as std::regex read it).
struct HeadingMatch {
  std::string_view state, action;
};
bool in_heading_class(char c, bool dot) {
  return is_upper(c) || c == ' ' || c == ',' || c == '\'' || c == '\xE2' || c == '\x80' || c == '\x99' || c == '(' ||
         c == ')' || c == '-' || (dot && c == '.');
}
std::optional<HeadingMatch> match_heading(std::string_view l) {
  // The first part cannot hold a ':', so it ends at the first one.
  const size_t colon = l.find(':');
  if (colon == npos || colon < 2 || !is_upper(l[0])) return std::nullopt;
  for (size_t i = 1; i < colon; ++i)
    if (!in_heading_class(l[i], true)) return std::nullopt;
  const size_t k = skip(l, colon + 1, is_space);
  if (!class_at(l, k, is_upper) || k + 1 >= l.size()) return std::nullopt;
  for (size_t i = k + 1; i < l.size(); ++i)
    if (!in_heading_class(l[i], false)) return std::nullopt;
  return HeadingMatch{l.substr(0, colon), l.substr(k)};
}

// `The above action was effected on (.+?)\.?$` searched in l: the date's text.
std::optional<std::string_view> effected_text(std::string_view l) {
  static constexpr std::string_view kPhrase = "The above action was effected on ";
  // '.' matches no line end: only an occurrence after the last one can reach the end.
  const size_t last_eol = l.find_last_of("\r\n");
  const size_t p = l.find(kPhrase, last_eol == npos ? 0 : last_eol + 1);
  if (p == npos) return std::nullopt;
  std::string_view rest = l.substr(p + kPhrase.size());
  if (rest.empty()) return std::nullopt;
  if (rest.size() >= 2 && rest.back() == '.') rest.remove_suffix(1);
  return rest;
}

// The length of `\d{1,2} [A-Za-z]+ \d{4}|[A-Za-z]+ \d{1,2}, \d{4}` at i, or 0.
size_t exact_date_at(std::string_view l, size_t i) {
  size_t k = i;
  if (class_at(l, k, is_digit)) {
    k = class_at(l, k + 1, is_digit) ? k + 2 : k + 1;
    if (char_at(l, k, ' ') && class_at(l, k + 1, is_alpha)) {
      k = skip(l, k + 1, is_alpha);
      if (char_at(l, k, ' ') && digits_at(l, k + 1, 4) >= 0) return k + 5 - i;
    }
    return 0;
  }
  k = skip(l, i, is_alpha);
  if (k == i || !char_at(l, k, ' ') || !class_at(l, k + 1, is_digit)) return 0;
  k = class_at(l, k + 2, is_digit) ? k + 3 : k + 2;
  if (char_at(l, k, ',') && char_at(l, k + 1, ' ') && digits_at(l, k + 2, 4) >= 0) return k + 6 - i;
  return 0;
}

// `(?:take effect|enter into force) for (.+?) on (<exact date>)` searched in l: the date's text.
// The lazy part ends at the first " on " followed by a date; every such " on " is found once,
// then each phrase takes the first one after it, if no line end lies between.
std::optional<std::string_view> stated_effect_text(std::string_view l) {
  std::vector<size_t> phrase_ends;  // where (.+?) starts, in order of the phrases' positions
  {
    std::vector<std::pair<size_t, size_t>> found;  // position, length
    for (std::string_view phrase : {std::string_view("take effect for "), std::string_view("enter into force for ")})
      for (size_t p = l.find(phrase); p != npos; p = l.find(phrase, p + 1)) found.emplace_back(p, phrase.size());
    std::sort(found.begin(), found.end());
    for (const auto& [p, len] : found) phrase_ends.push_back(p + len);
  }
  if (phrase_ends.empty()) return std::nullopt;
  std::vector<std::pair<size_t, size_t>> dates;  // position of " on ", length of the date after it
  for (size_t q = l.find(" on "); q != npos; q = l.find(" on ", q + 1))
    if (const size_t len = exact_date_at(l, q + 4)) dates.emplace_back(q, len);
  std::vector<size_t> eols;
  for (size_t i = 0; i < l.size(); ++i)
    if (is_eol(l[i])) eols.push_back(i);
  for (const size_t start : phrase_ends) {
    auto d = std::lower_bound(dates.begin(), dates.end(), std::make_pair(start + 1, size_t{0}));
    if (d == dates.end()) continue;
    auto eol = std::lower_bound(eols.begin(), eols.end(), start);
    if (eol != eols.end() && *eol < d->first) continue;
    return l.substr(d->first + 4, d->second);
  }
  return std::nullopt;
}

// `^\d{1,2} [A-Z][a-z]+ \d{4}$`: a line that is a date ("3 July 2025").
bool is_date_line(std::string_view l) {
  size_t k = class_at(l, 1, is_digit) ? 2 : 1;
  if (!class_at(l, 0, is_digit) || !char_at(l, k, ' ') || !class_at(l, k + 1, is_upper) || !class_at(l, k + 2, is_lower))
    return false;
  k = skip(l, k + 2, is_lower);
  return char_at(l, k, ' ') && digits_at(l, k + 1, 4) >= 0 && k + 5 == l.size();
}

// `\d{4}$`
bool ends_with_year(std::string_view l) { return l.size() >= 4 && digits_at(l, l.size() - 4, 4) >= 0; }

// Where the parts of a notification are, as found by read_fields.
struct Layout {
  size_t effected_line;                  // "The above action was effected on ..."; lines.size() when absent
  size_t quote_end_line;                 // the first *** rule; lines.size() when absent
  std::vector<std::string> title_block;  // upper-case lines after the reference, before the heading
};

// One pass over the lines: the heading, the dates, and where the title and the instrument are.
Layout read_fields(const std::vector<std::string>& lines, ParsedNotification& n) {
  Layout at{lines.size(), lines.size(), {}};
  bool after_reference = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.find("Reference:") != std::string::npos) {
      after_reference = true;
      continue;
    }
    if (after_reference && n.heading.empty()) {
      if (const std::optional<HeadingMatch> h = match_heading(l)) {
        n.heading = l;
        n.state_text = trim(std::string(h->state));
        n.kind = parse_action_heading(std::string(h->action));
        continue;
      }
    }
    if (after_reference && n.heading.empty() && at.effected_line == lines.size() && is_upper_heading(l)) at.title_block.push_back(l);
    if (const auto text = effected_text(l)) {
      n.effected_on = parse_long_date(std::string(*text));
      at.effected_line = i;
    }
    if (!n.stated_effect)
      if (const auto text = stated_effect_text(l)) n.stated_effect = parse_long_date(std::string(*text));
    if (i > at.effected_line && is_date_line(l)) n.issued_on = parse_long_date(l);
    if (l == "\\*\\*\\*" || l == "***") at.quote_end_line = std::min(at.quote_end_line, i);
  }
  return at;
}

// Title: the upper-case lines before the place/date line.
std::string read_title(const std::vector<std::string>& title_block) {
  std::string title;
  for (const std::string& l : title_block) {
    if (ends_with_year(l)) break;
    title += (title.empty() ? "" : " ") + l;
  }
  return title;
}

// The lines after "effected on" up to the *** rule (or the effect paragraph), without
// footnotes and page noise.
std::string instrument_lines(const std::vector<std::string>& lines, const Layout& at) {
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
std::string quoted_instrument(const std::string& body) {
  const size_t open = body.find("\u201c");
  // The instrument ends with a closing quote at the end of a line; quotes inside it do not.
  const size_t close = body.rfind("\u201d\n");
  if (open == std::string::npos) return "";
  const size_t start = open + std::string("\u201c").size();
  return trim(close != std::string::npos && close > start ? body.substr(start, close - start) : body.substr(start));
}

// What a complete notification has and this one lacks.
void note_missing(ParsedNotification& n) {
  if (n.heading.empty()) {
    n.missing.push_back("the 'STATE: ACTION' heading (state and kind of action)");
    if (n.title.empty()) n.missing.push_back("the treaty's title block");
  }
  if (!n.effected_on) n.missing.push_back("the line 'The above action was effected on <date>.'");
  if (!n.issued_on) n.missing.push_back("the notification's own date (a last line such as '3 July 2025')");
}

// The first match of `(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})` in s, as day, month name, year.
// Only the digits just before a run of white space can start one, so each run is scanned by
// at most two starts.
struct LongDate {
  int day = 0;
  std::string_view month;
  int year = 0;
};
std::optional<LongDate> first_day_month_year(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i])) continue;
    size_t k = class_at(s, i + 1, is_digit) ? i + 2 : i + 1;
    if (!class_at(s, k, is_space)) continue;
    const int day = digits_at(s, i, k - i);
    k = skip(s, k, is_space);
    const size_t m = k;
    k = skip(s, k, is_alpha);
    if (k == m || !class_at(s, k, is_space)) continue;
    const std::string_view month = s.substr(m, k - m);
    k = skip(s, k, is_space);
    const int year = digits_at(s, k, 4);
    if (year < 0) continue;
    return LongDate{day, month, year};
  }
  return std::nullopt;
}

// The first match of `([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})` in s. A match starts where a run of
// letters starts (any later start in the run sees the same rest), so each run is tried once.
std::optional<LongDate> first_month_day_year(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (!is_alpha(s[i])) {
      ++i;
      continue;
    }
    const size_t run_end = skip(s, i, is_alpha);
    const std::string_view month = s.substr(i, run_end - i);
    i = run_end;
    size_t k = skip(s, run_end, is_space);
    if (k == run_end || !class_at(s, k, is_digit)) continue;
    const size_t d = k;
    k = class_at(s, k + 1, is_digit) ? k + 2 : k + 1;
    if (!char_at(s, k, ',')) continue;
    const int day = digits_at(s, d, k - d);
    k = skip(s, k + 1, is_space);
    const int year = digits_at(s, k, 4);
    if (year < 0) continue;
    return LongDate{day, month, year};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Date> parse_long_date(const std::string& text) {
  if (const auto d = first_day_month_year(text)) {
    const int mo = month_number(d->month);
    if (mo) return Date::from_ymd(d->year, mo, d->day);
  }
  if (const auto d = first_month_day_year(text)) {
    const int mo = month_number(d->month);
    if (mo) return Date::from_ymd(d->year, mo, d->day);
  }
  return std::nullopt;
}

std::optional<ActionKind> parse_action_heading(const std::string& raw) {
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

Result<ParsedNotification> parse_notification(const std::string& text, const std::string& origin) {
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

}  // namespace pacta
