#include "ingest/untc.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

// The page is parsed by libxml2's HTML parser (error recovery on: the UN's markup has stray
// end tags such as </n></i></p>); everything below walks the resulting tree. The parts of
// the page are found by the ids ASP.NET gives them ("..._ContentPlaceHolderInnerPage_tblgrid"),
// which are the same on every status page; only the ids' suffixes after "InnerPage_" are used.

namespace pacta {
namespace {

constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

// No-break spaces (U+00A0, from &nbsp;) become spaces; runs of spaces and tabs become one
// space; each line is trimmed; runs of blank lines become one (or none, with `one_line`:
// then every line break is a space).
std::string normalize(std::string_view in, bool one_line) {
  std::string s;
  s.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (static_cast<unsigned char>(in[i]) == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      s += ' ';
      ++i;
    } else if (in[i] == '\t' || in[i] == '\r') {
      s += ' ';
    } else {
      s += in[i];
    }
  }
  std::string out;
  out.reserve(s.size());
  std::string line;
  int blank = 0;
  auto flush = [&](bool last) {
    std::string t = trim(line);
    line.clear();
    if (t.empty()) {
      ++blank;
      return;
    }
    if (!out.empty()) out += one_line ? " " : (blank > 0 ? "\n\n" : "\n");
    blank = 0;
    out += t;
    (void)last;
  };
  bool space = false;
  for (char c : s) {
    if (c == '\n') {
      flush(false);
      space = false;
      continue;
    }
    if (c == ' ') {
      if (!space) line += ' ';
      space = true;
      continue;
    }
    space = false;
    line += c;
  }
  flush(true);
  return out;
}

bool name_is(const xmlNode* n, const char* tag) {
  return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(tag)) == 0;
}

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool is_block(const xmlNode* n) {
  static const char* const kBlocks[] = {"p", "div", "tr", "table", "li", "ul", "ol", "center", "h1", "h2", "h3", "h4"};
  for (const char* b : kBlocks)
    if (name_is(n, b)) return true;
  return false;
}

// Footnote numbers in a <sup>: "4, 5" -> {4, 5}.
void sup_numbers(const std::string& text, std::vector<int>* out) {
  int v = -1;
  for (char c : text) {
    if (is_digit(c)) {
      v = (v < 0 ? 0 : v * 10) + (c - '0');
      if (v > 100000) v = 100000;
    } else if (v >= 0) {
      out->push_back(v);
      v = -1;
    }
  }
  if (v >= 0) out->push_back(v);
}

void raw_text(const xmlNode* n, std::string& out, std::vector<int>* sups, bool in_sup = false);

void raw_children(const xmlNode* n, std::string& out, std::vector<int>* sups, bool in_sup) {
  for (const xmlNode* c = n->children; c; c = c->next) raw_text(c, out, sups, in_sup);
}

// The visible text under `n`: <br> and blocks are line breaks, <script>/<style> are
// skipped, <sup> (footnote markers) go to `sups` instead of the text when `sups` is given.
void raw_text(const xmlNode* n, std::string& out, std::vector<int>* sups, bool in_sup) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (n->content) out += reinterpret_cast<const char*>(n->content);
    return;
  }
  if (n->type != XML_ELEMENT_NODE) return;
  if (name_is(n, "script") || name_is(n, "style")) return;
  if (name_is(n, "br")) {
    out += '\n';
    return;
  }
  if (sups && !in_sup && name_is(n, "sup")) {
    std::string s;
    raw_children(n, s, nullptr, true);
    sup_numbers(s, sups);
    return;
  }
  const bool block = is_block(n);
  if (block) out += '\n';
  if (name_is(n, "td")) out += ' ';
  raw_children(n, out, sups, in_sup);
  if (block) out += '\n';
}

std::string text_of(const xmlNode* n, bool one_line = true, std::vector<int>* sups = nullptr) {
  if (!n) return "";
  std::string raw;
  raw_text(n, raw, sups);
  return normalize(raw, one_line);
}

std::vector<const xmlNode*> element_children(const xmlNode* n, const char* tag) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = n->children; c; c = c->next)
    if (name_is(c, tag)) out.push_back(c);
  return out;
}

// The rows of a table, through an implied <tbody> if the parser made one.
std::vector<const xmlNode*> rows_of(const xmlNode* table) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = table->children; c; c = c->next) {
    if (name_is(c, "tr")) out.push_back(c);
    if (name_is(c, "tbody") || name_is(c, "thead"))
      for (const xmlNode* r : element_children(c, "tr")) out.push_back(r);
  }
  return out;
}

// Every element with an id under the page's inner content, by the id's suffix, in document order.
struct Ids {
  std::map<std::string, const xmlNode*> by;
  std::vector<std::pair<std::string, const xmlNode*>> order;
  const xmlNode* get(const std::string& k) const {
    auto it = by.find(k);
    return it == by.end() ? nullptr : it->second;
  }
};

void collect_ids(const xmlNode* n, Ids& ids) {
  static const std::string kMark = "InnerPage_";
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("id"))) {
      const std::string id = attr(n, "id");
      const size_t at = id.find(kMark);
      if (at != std::string::npos) {
        std::string key = id.substr(at + kMark.size());
        if (!ids.by.count(key)) {
          ids.by[key] = n;
          ids.order.emplace_back(key, n);
        }
      }
    }
    collect_ids(n->children, ids);
  }
}

int roman_value(const std::string& r) {
  int total = 0, prev = 0;
  for (auto it = r.rbegin(); it != r.rend(); ++it) {
    int v = 0;
    switch (*it) {
      case 'I': v = 1; break;
      case 'V': v = 5; break;
      case 'X': v = 10; break;
      case 'L': v = 50; break;
      case 'C': v = 100; break;
      default: return 0;
    }
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ' || c == '\n') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

std::optional<int> month_of(const std::string& word) {
  const std::string w = lower(word);
  if (w.size() < 3) return std::nullopt;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    const std::string m = kMonths[i];
    if (w == m || (w.size() == 3 && m.compare(0, 3, w) == 0) || (w == "sept" && i == 8)) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

std::optional<int> small_number(const std::string& s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Dates written "D Month YYYY" anywhere in `text`, with where each starts and ends.
struct FoundDate {
  Date date;
  size_t begin = 0, end = 0;
};
std::vector<FoundDate> find_dates(const std::string& text) {
  std::vector<FoundDate> out;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || is_alpha(text[i - 1])))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && is_digit(text[j])) ++j;
    const std::string day = text.substr(i, j - i);
    size_t k = j;
    while (k < n && text[k] == ' ') ++k;
    size_t m = k;
    while (m < n && is_alpha(text[m])) ++m;
    const std::string month = text.substr(k, m - k);
    size_t y = m;
    while (y < n && text[y] == ' ') ++y;
    size_t ye = y;
    while (ye < n && is_digit(text[ye])) ++ye;
    const auto d = small_number(day, 2);
    const auto mo = month_of(month);
    const auto yr = small_number(text.substr(y, ye - y), 4);
    if (d && mo && yr && k > j && y > m && ye - y == 4 && (ye == n || !is_digit(text[ye]))) {
      if (auto date = Date::from_ymd(*yr, *mo, *d)) {
        out.push_back({*date, i, ye});
        i = ye;
        continue;
      }
    }
    i = j;
  }
  return out;
}

// Letters, digits and apostrophes, lower case, curly apostrophes straightened, accents of
// Latin-1 letters dropped: "Côte d’Ivoire" and "cote d'ivoire" fold alike.
std::string fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x98 || static_cast<unsigned char>(s[i + 2]) == 0x99)) {
      out += '\'';
      i += 2;
      continue;
    }
    if (c == 0xC3 && i + 1 < s.size()) {
      static const char* const kMap = "aaaaaaaceeeeiiiidnooooo/ouuuuyts";  // U+00C0..U+00DF and U+00E0..U+00FF
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0xBF) {
        const char r = kMap[(d - 0x80) & 0x1F];
        if (r != '/') out += r;
        ++i;
        continue;
      }
    }
    out += lower(static_cast<char>(c));
  }
  return out;
}

// --- the participants table ---------------------------------------------------------------

enum class Role { kSignature, kConsent, kProvisional };

struct ColumnItem {
  std::string letter;
  std::string meaning;
  ActionKind kind;
  bool definitive = false;
  Role role;
};

struct Column {
  std::string header;
  Role role = Role::kConsent;
  std::vector<ColumnItem> items;
};

std::optional<ColumnItem> known_item(const std::string& name, const std::string& letter) {
  const std::string n = lower(name);
  auto item = [&](ActionKind k, Role r, bool definitive = false) {
    return ColumnItem{letter, name, k, definitive, r};
  };
  if (n == "signature") return item(ActionKind::kSignature, Role::kSignature);
  if (n == "succession to signature") return item(ActionKind::kSignature, Role::kSignature);
  if (n == "definitive signature") return item(ActionKind::kRatification, Role::kConsent, true);
  if (n == "ratification") return item(ActionKind::kRatification, Role::kConsent);
  if (n == "accession") return item(ActionKind::kAccession, Role::kConsent);
  if (n == "succession") return item(ActionKind::kSuccession, Role::kConsent);
  if (n == "acceptance") return item(ActionKind::kAcceptance, Role::kConsent);
  if (n == "approval") return item(ActionKind::kApproval, Role::kConsent);
  if (n == "formal confirmation") return item(ActionKind::kRatification, Role::kConsent);
  if (n == "consent to be bound") return item(ActionKind::kAccession, Role::kConsent);
  if (n.rfind("provisional application", 0) == 0) return item(ActionKind::kDeclaration, Role::kProvisional);
  return std::nullopt;
}

Result<Column> parse_column(const std::string& header, const std::string& file) {
  Column col;
  col.header = header;
  std::string part;
  std::vector<std::string> parts;
  for (char c : header + ",") {
    if (c == ',') {
      if (!trim(part).empty()) parts.push_back(trim(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (parts.empty()) return Outcome::error(file + ": the participants table has an empty column header");
  std::set<Role> roles;
  for (const std::string& p : parts) {
    std::string name = p, letter;
    if (p.back() == ')') {
      const size_t open = p.rfind('(');
      if (open != std::string::npos) {
        letter = trim(p.substr(open + 1, p.size() - open - 2));
        name = trim(p.substr(0, open));
      }
    }
    auto item = known_item(name, letter);
    if (!item) return Outcome::error(file + ": the participants table has a column '" + header + "' that pacta does not know ('" + p + "')");
    for (const ColumnItem& other : col.items)
      if (other.letter == letter)
        return Outcome::error(file + ": the participants table's column '" + header + "' gives two meanings to " +
                              (letter.empty() ? std::string("an unmarked date") : "the letter '" + letter + "'"));
    roles.insert(item->role);
    col.items.push_back(*item);
  }
  if (roles.size() != 1)
    return Outcome::error(file + ": the participants table has a column '" + header +
                          "' that mixes signatures, consents and provisional application, which pacta does not know");
  col.role = *roles.begin();
  return col;
}

Result<std::optional<UntcInstrument>> parse_cell(const std::string& raw, const Column& col, const std::string& who,
                                                 const std::string& file) {
  std::string t = trim(raw);
  if (t.empty()) return std::optional<UntcInstrument>();
  UntcInstrument in;
  if (t.front() == '[') {
    if (t.back() != ']') return Outcome::error(file + ": " + who + ": '" + raw + "' in column '" + col.header + "' opens a bracket it does not close");
    in.bracketed = true;
    t = trim(t.substr(1, t.size() - 2));
  }
  const std::vector<std::string> w = words(t);
  if (w.size() < 3 || w.size() > 4)
    return Outcome::error(file + ": " + who + ": '" + raw + "' in column '" + col.header + "' is not a date such as '4 Oct 2007 a'");
  const auto d = small_number(w[0], 2);
  const auto m = month_of(w[1]);
  const auto y = small_number(w[2], 4);
  std::optional<Date> date;
  if (d && m && y && w[2].size() == 4) date = Date::from_ymd(*y, *m, *d);
  if (!date)
    return Outcome::error(file + ": " + who + ": '" + raw + "' in column '" + col.header + "' is not a date such as '4 Oct 2007 a'");
  in.date = *date;
  in.letter = w.size() == 4 ? w[3] : "";
  const ColumnItem* item = nullptr;
  for (const ColumnItem& i : col.items)
    if (i.letter == in.letter) item = &i;
  if (!item)
    return Outcome::error(file + ": " + who + ": '" + raw + "' in column '" + col.header + "': " +
                          (in.letter.empty() ? std::string("a date without a letter, which the column does not explain")
                                             : "the letter '" + in.letter + "' is not one the column explains"));
  in.kind = item->kind;
  in.meaning = item->meaning;
  in.definitive = item->definitive;
  return std::optional<UntcInstrument>(in);
}

Outcome parse_table(const Ids& ids, UntcPage& page) {
  const std::string& file = page.file;
  const xmlNode* table = ids.get("tblgrid");
  if (!table) return Outcome::error(file + ": the participants table (tblgrid) is missing");
  const std::vector<const xmlNode*> rows = rows_of(table);
  if (rows.empty()) return Outcome::error(file + ": the participants table has no header row");
  const std::vector<const xmlNode*> head = element_children(rows[0], "td");
  std::vector<const xmlNode*> head_cells = head.empty() ? element_children(rows[0], "th") : head;
  if (head_cells.empty() || text_of(head_cells[0], true, nullptr).rfind("Participant", 0) != 0)
    return Outcome::error(file + ": the participants table's first column is not 'Participant'");
  if (head_cells.size() < 2) return Outcome::error(file + ": the participants table has no column of dates");
  std::vector<Column> cols;
  std::set<Role> seen;
  for (size_t i = 1; i < head_cells.size(); ++i) {
    std::vector<int> ignored;
    const std::string h = text_of(head_cells[i], true, &ignored);
    auto col = parse_column(h, file);
    if (!col) return col.status();
    if (seen.count(col->role)) return Outcome::error(file + ": the participants table has two columns of the same kind ('" + h + "')");
    seen.insert(col->role);
    page.columns.push_back(h);
    cols.push_back(*col);
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<const xmlNode*> cells = element_children(rows[r], "td");
    if (cells.empty()) continue;
    if (cells.size() != head_cells.size())
      return Outcome::error(file + ": row " + std::to_string(r) + " of the participants table has " + std::to_string(cells.size()) +
                            " cells, the header " + std::to_string(head_cells.size()));
    UntcParticipant p;
    p.name = text_of(cells[0], true, &p.notes);
    if (p.name.empty()) return Outcome::error(file + ": row " + std::to_string(r) + " of the participants table names no participant");
    for (size_t c = 1; c < cells.size(); ++c) {
      std::vector<int> ignored;
      auto in = parse_cell(text_of(cells[c], true, &ignored), cols[c - 1], p.name, file);
      if (!in) return in.status();
      if (!*in) continue;
      switch (cols[c - 1].role) {
        case Role::kSignature: p.signature = **in; break;
        case Role::kConsent: p.consent = **in; break;
        case Role::kProvisional: p.provisional = **in; break;
      }
    }
    page.participants.push_back(std::move(p));
  }
  if (page.participants.empty()) return Outcome::error(file + ": the participants table lists no participant");
  return Outcome::ok();
}

// --- header ------------------------------------------------------------------------------

Outcome parse_header(const Ids& ids, UntcPage& page) {
  const std::string& file = page.file;
  {
    const std::string t = text_of(ids.get("div3"));
    const size_t at = t.find("STATUS AS AT");
    const size_t colon = t.find(':', at == std::string::npos ? 0 : at);
    if (at == std::string::npos || colon == std::string::npos) return Outcome::error(file + ": the 'STATUS AS AT' date is missing");
    page.as_at_text = trim(t.substr(colon + 1));
    const std::string d = page.as_at_text.substr(0, 10);
    std::optional<Date> date;
    if (d.size() == 10 && d[2] == '-' && d[5] == '-') {
      const auto dd = small_number(d.substr(0, 2), 2), mm = small_number(d.substr(3, 2), 2), yy = small_number(d.substr(6, 4), 4);
      if (dd && mm && yy) date = Date::from_ymd(*yy, *mm, *dd);
    }
    if (!date) return Outcome::error(file + ": the 'STATUS AS AT' date '" + page.as_at_text + "' is not DD-MM-YYYY");
    page.as_at = *date;
  }
  {
    const std::string t = text_of(ids.get("rptHead_ctl00_tcHead"));
    if (t.rfind("CHAPTER ", 0) != 0) return Outcome::error(file + ": the chapter ('CHAPTER IV') is missing");
    page.chapter = trim(t.substr(8));
    page.chapter_number = roman_value(page.chapter);
    if (page.chapter_number == 0) return Outcome::error(file + ": the chapter '" + page.chapter + "' is not a roman number");
  }
  {
    std::vector<int> sups;
    const std::string t = text_of(ids.get("rptTreaty_ctl00_tcTreaty"), true, &sups);
    size_t i = 0;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == 0 || i >= t.size() || t[i] != '.') return Outcome::error(file + ": the treaty's number and title ('5. Optional Protocol ...') are missing");
    page.mtdsg = page.chapter + "-" + t.substr(0, i);
    std::string rest = trim(t.substr(i + 1));
    if (rest.size() > 2 && rest[0] >= 'a' && rest[0] <= 'z' && rest[1] == ' ') {
      page.mtdsg += "-" + rest.substr(0, 1);
      rest = trim(rest.substr(2));
    }
    if (rest.empty()) return Outcome::error(file + ": the treaty's title is missing");
    page.title = rest;
  }
  {
    std::vector<int> sups;
    page.adoption_text = text_of(ids.get("rptTreaty_ctl00_tcText"), true, &sups);
    const size_t comma = page.adoption_text.rfind(',');
    if (comma != std::string::npos) {
      page.place = trim(page.adoption_text.substr(0, comma));
      page.adopted = parse_untc_date(trim(page.adoption_text.substr(comma + 1)));
    }
  }
  {
    std::vector<int> sups;
    page.eif_text = text_of(ids.get("rptEIF_ctl00_tcText"), true, &sups);
    const auto dates = find_dates(page.eif_text);
    if (!dates.empty() && dates[0].begin == 0) page.entry_into_force = dates[0].date;
    const std::string l = lower(page.eif_text);
    size_t at = l.find("in accordance with article ");
    if (at == std::string::npos) at = l.find("[see article ");
    if (at != std::string::npos) {
      at = l.find("article ", at) + 8;
      size_t e = at;
      while (e < l.size() && l[e] != ',' && l[e] != '.' && l[e] != ';' && l[e] != ']' && l.compare(e, 4, " of ") != 0 &&
             l.compare(e, 6, " which") != 0 && l.compare(e, 5, " for ") != 0)
        ++e;
      page.eif_article = trim(page.eif_text.substr(at, e - at));
    }
  }
  {
    std::vector<int> sups;
    page.registration = text_of(ids.get("rptRegistration_ctl00_tcText"), true, &sups);
  }
  {
    std::vector<int> sups;
    const std::string t = text_of(ids.get("rptStatus_ctl00_tcText"), true, &sups);
    auto count = [&](const std::string& label) -> std::optional<int> {
      const size_t at = t.find(label);
      if (at == std::string::npos) return std::nullopt;
      size_t i = at + label.size();
      while (i < t.size() && (t[i] == ' ' || t[i] == ':')) ++i;
      size_t e = i;
      while (e < t.size() && is_digit(t[e])) ++e;
      return small_number(t.substr(i, e - i), 4);
    };
    page.signatories = count("Signatories");
    page.parties = count("Parties");
    if (!page.parties) return Outcome::error(file + ": the page's status ('Parties : N') is missing");
  }
  return Outcome::ok();
}

// --- sections ----------------------------------------------------------------------------

struct Piece {
  enum Kind { kText, kDate, kHeading, kSeparator } kind;
  std::string text;
};

void pieces_of(const xmlNode* n, std::vector<Piece>& out) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out.push_back({Piece::kText, reinterpret_cast<const char*>(c->content)});
      continue;
    }
    if (c->type != XML_ELEMENT_NODE) continue;
    if (name_is(c, "br")) {
      out.push_back({Piece::kText, "\n"});
      continue;
    }
    if (name_is(c, "p")) {
      const std::string cls = lower(attr(c, "class")), align = lower(attr(c, "align"));
      if (cls.find("invisible") != std::string::npos) continue;
      if (cls.find("boldtext") != std::string::npos && text_of(c).empty()) {
        out.push_back({Piece::kSeparator, ""});
        continue;
      }
      if (align == "right") {
        out.push_back({Piece::kDate, text_of(c)});
        continue;
      }
      if (align == "left") {
        const std::string h = text_of(c);
        if (!h.empty()) out.push_back({Piece::kHeading, h});
        continue;
      }
    }
    if (name_is(c, "i")) {  // a bare italic heading: "<i>Declaration:</i>"
      const std::string h = text_of(c);
      if (!h.empty() && h.size() < 400 && h.back() == ':') {
        out.push_back({Piece::kHeading, h});
        continue;
      }
    }
    const bool block = is_block(c);
    if (block) out.push_back({Piece::kText, "\n"});
    pieces_of(c, out);
    if (block) out.push_back({Piece::kText, "\n"});
  }
}

std::vector<UntcStatement> statements_of(const xmlNode* div, const std::string& state, const std::vector<int>& notes) {
  std::vector<Piece> pieces;
  pieces_of(div, pieces);
  std::vector<UntcStatement> out;
  UntcStatement cur;
  std::string text;
  // The headings without text above the statement (UntcStatement::context).
  std::string when, group;
  size_t pending = std::string::npos;  // the last heading without text, until a statement follows it
  auto context = [&] { return when.empty() ? group : group.empty() ? when : when + " " + group; };
  auto start = [&](bool keep_date) {
    cur.text = normalize(text, false);
    if (!cur.text.empty() || !cur.heading.empty()) {
      cur.context = context();
      if (!cur.text.empty() && pending != std::string::npos) {
        out[pending].group = true;
        pending = std::string::npos;
      }
      out.push_back(cur);
      if (cur.text.empty()) {
        if (lower(cur.heading).rfind("upon", 0) == 0) {
          when = cur.heading;
          group.clear();
        } else {
          group = cur.heading;
        }
        pending = out.size() - 1;
      }
    }
    const std::optional<Date> d = cur.date;
    cur = UntcStatement{};
    cur.state = state;
    cur.notes = notes;
    if (keep_date) cur.date = d;
    text.clear();
  };
  auto new_entry = [&] {  // a date or a separator: the headings above no longer stand over what follows
    when.clear();
    group.clear();
    pending = std::string::npos;
  };
  cur.state = state;
  cur.notes = notes;
  for (const Piece& p : pieces) {
    switch (p.kind) {
      case Piece::kText: text += p.text; break;
      case Piece::kSeparator:
        start(false);
        new_entry();
        break;
      case Piece::kDate: {
        const std::string t = normalize(p.text, true);
        auto d = parse_untc_date(t);
        const bool loose = !d && (d = parse_untc_date_loosely(t));
        if (!d) {
          if (!trim(text).empty() || !cur.heading.empty() || cur.date) start(false);
          new_entry();
          cur.unreadable_date = t;
          break;
        }
        if (!trim(text).empty() || !cur.heading.empty() || cur.date) start(false);
        new_entry();
        cur.date = d;
        if (loose) cur.date_as_written = t;
        break;
      }
      case Piece::kHeading:
        if (!trim(text).empty() || !cur.heading.empty()) start(true);
        cur.heading = normalize(p.text, true);
        break;
    }
  }
  start(false);
  // A row that names the state and says nothing more still says the state made one.
  if (out.empty()) out.push_back(cur);
  return out;
}

// The section whose rows are "<table>_ctlNN_divParticipant" and "<table>_ctlNN_<text>".
UntcSection section_of(const Ids& ids, const std::string& table, const std::string& text_div, const std::string& title,
                       const std::string& subtitle) {
  UntcSection s;
  std::vector<int> ignored;
  s.title = text_of(ids.get(title), true, &ignored);
  s.subtitle = text_of(ids.get(subtitle), true, &ignored);
  const std::string prefix = table + "_ctl";
  for (const auto& [key, node] : ids.order) {
    if (key.rfind(prefix, 0) != 0) continue;
    const size_t us = key.find('_', prefix.size());
    if (us == std::string::npos || key.compare(us + 1, std::string::npos, "divParticipant") != 0) continue;
    const std::string row = key.substr(0, us);
    std::vector<int> notes;
    const std::string state = text_of(node, true, &notes);
    const xmlNode* body = ids.get(row + "_" + text_div);
    if (!body) continue;
    for (UntcStatement& st : statements_of(body, state, notes)) s.statements.push_back(std::move(st));
  }
  return s;
}

// The names of the table's participants that `text` mentions, longest first, each span once.
using NameKeys = std::vector<std::pair<std::string, std::string>>;  // folded key, name as written; longest first

NameKeys name_keys(const std::vector<UntcParticipant>& ps) {
  NameKeys keys;
  for (const UntcParticipant& p : ps) {
    keys.emplace_back(fold(p.name), p.name);
    const size_t paren = p.name.find(" (");
    if (paren != std::string::npos) keys.emplace_back(fold(p.name.substr(0, paren)), p.name);
  }
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return keys;
}

std::vector<std::string> names_in(const std::string& text, const NameKeys& keys, const std::string& except) {
  const std::string t = fold(text);
  std::vector<bool> used(t.size(), false);
  std::vector<std::pair<size_t, std::string>> found;
  for (const auto& [key, name] : keys) {
    if (key.empty() || name == except) continue;
    for (size_t at = t.find(key); at != std::string::npos; at = t.find(key, at + 1)) {
      const size_t end = at + key.size();
      if ((at > 0 && is_alpha(t[at - 1])) || (end < t.size() && is_alpha(t[end]))) continue;
      if (std::any_of(used.begin() + static_cast<long>(at), used.begin() + static_cast<long>(end), [](bool b) { return b; })) continue;
      std::fill(used.begin() + static_cast<long>(at), used.begin() + static_cast<long>(end), true);
      if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.second == name; })) found.emplace_back(at, name);
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

// Splits text into sentences at ". " (or ".\n") before a capital, a quote or a bracket.
std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    cur += text[i];
    if ((text[i] == '.' || text[i] == ';') && i + 2 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n')) {
      const char n = text[i + 2];
      if ((n >= 'A' && n <= 'Z') || n == '"' || n == '(' || n == '[' || static_cast<unsigned char>(n) == 0xE2) {
        if (!trim(cur).empty()) out.push_back(trim(cur));
        cur.clear();
      }
    }
  }
  if (!trim(cur).empty()) out.push_back(trim(cur));
  return out;
}

bool negated(const std::string& l) {
  for (const char* w : {" not ", "n't", " neither ", " nor ", " without ", "notpreclude", " no "})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

bool says_precludes(const std::string& text) {
  for (const std::string& s : sentences(text)) {
    const std::string l = " " + lower(s) + " ";
    if (l.find("entry into force") == std::string::npos) continue;
    if ((l.find("preclude") != std::string::npos || l.find("oppose") != std::string::npos) && !negated(l)) return true;
  }
  return false;
}

// Article numbers named after "article"/"articles" in `text` ("articles 21 and 22" -> 21, 22).
std::vector<std::string> articles_in(const std::string& text) {
  std::vector<std::string> out;
  const std::string l = lower(text);
  for (size_t at = l.find("article"); at != std::string::npos; at = l.find("article", at + 1)) {
    size_t i = at + 7;
    if (i < l.size() && l[i] == 's') ++i;
    bool any = false;
    while (i < l.size()) {
      while (i < l.size() && (l[i] == ' ' || l[i] == '[')) ++i;  // "the said articles [21 and 22]"
      size_t e = i;
      while (e < l.size() && is_digit(l[e])) ++e;
      if (e == i) break;
      const std::string num = l.substr(i, e - i);
      if (std::find(out.begin(), out.end(), num) == out.end()) out.push_back(num);
      any = true;
      i = e;
      while (i < l.size() && (l[i] == ' ' || l[i] == ',')) ++i;
      if (l.compare(i, 4, "and ") == 0) i += 4;
      else if (l.compare(i, 1, "(") == 0) {  // "article 14 (1)": the paragraph is not another article
        while (i < l.size() && l[i] != ')') ++i;
        ++i;
        while (i < l.size() && (l[i] == ' ' || l[i] == ',')) ++i;
        if (l.compare(i, 4, "and ") == 0) i += 4;
        else break;
      } else {
        if (i > 0 && l[i - 1] != ',') break;
      }
    }
    (void)any;
  }
  return out;
}

void parse_territories(const Ids& ids, UntcPage& page) {
  const xmlNode* table = ids.get("tblDec");
  if (!table) return;
  std::string last;
  const std::vector<const xmlNode*> rows = rows_of(table);
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::vector<const xmlNode*> cells = element_children(rows[r], "td");
    if (cells.size() < 3) continue;
    std::vector<int> ignored;
    const std::string who = text_of(cells[0], true, &ignored);
    if (who == "Participant") continue;
    UntcTerritory t;
    t.state = who.empty() ? last : who;
    last = t.state;
    t.date = parse_untc_date(text_of(cells[1]));
    t.territories = text_of(cells[2]);
    page.territories.push_back(t);
  }
}

void parse_notes(const Ids& ids, UntcPage& page) {
  for (const auto& [key, node] : ids.order) {
    static const std::string kEnd = "_divNotesAll";
    if (key.rfind("dgNotesAll_ctl", 0) != 0 || key.size() < kEnd.size() ||
        key.compare(key.size() - kEnd.size(), kEnd.size(), kEnd) != 0)
      continue;
    const std::string t = text_of(node, false);
    size_t i = 0;
    while (i < t.size() && is_digit(t[i])) ++i;
    const auto n = small_number(t.substr(0, i), 6);
    if (!n) continue;
    page.notes.push_back({*n, trim(t.substr(i))});
  }
}

struct Inflated {
  std::string data;
  std::string error;
};

Inflated gunzip(const std::string& in) {
  Inflated out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    out.error = "zlib could not start";
    return out;
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::array<char, 1 << 16> buf;
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = buf.size();
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.data.append(buf.data(), buf.size() - zs.avail_out);
    if (out.data.size() > (size_t{256} << 20)) {
      rc = Z_MEM_ERROR;
      break;
    }
    if (rc == Z_OK && zs.avail_in == 0) {
      rc = Z_BUF_ERROR;  // the stream ended before its end
      break;
    }
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) out.error = rc == Z_BUF_ERROR ? "the gzip stream is truncated" : "the gzip stream is corrupt";
  return out;
}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

std::optional<Date> parse_untc_date(std::string_view text) {
  const std::vector<std::string> w = words(trim(text));
  if (w.size() != 3) return std::nullopt;
  const auto d = small_number(w[0], 2);
  const auto m = month_of(w[1]);
  const auto y = small_number(w[2], 4);
  if (!d || !m || !y || w[2].size() != 4) return std::nullopt;
  return Date::from_ymd(*y, *m, *d);
}

std::optional<Date> parse_untc_date_loosely(std::string_view text) {
  std::string t = trim(text);
  while (!t.empty() && t.back() == '*') t = trim(t.substr(0, t.size() - 1));
  if (t.size() > 2 && t.front() == '(' && t.back() == ')') t = trim(t.substr(1, t.size() - 2));
  if (t.rfind("On ", 0) == 0) t = trim(t.substr(3));
  std::vector<std::string> w = words(t);
  if (w.size() == 2) {  // "14 July1994": the year glued to the month
    size_t i = 0;
    while (i < w[1].size() && is_alpha(w[1][i])) ++i;
    if (i > 0 && w[1].size() - i == 4) w = {w[0], w[1].substr(0, i), w[1].substr(i)};
  }
  if (w.size() != 3) return std::nullopt;
  if (w[2].size() == 4 && std::all_of(w[2].begin(), w[2].end(), [](char c) { return is_digit(c) || c == 'l'; }) &&
      std::count(w[2].begin(), w[2].end(), 'l') == 1 && w[2][0] == 'l')
    w[2][0] = '1';  // "l989"
  return parse_untc_date(w[0] + " " + w[1] + " " + w[2]);
}

namespace {

enum class Named { kNone, kReservation, kDeclaration, kBoth };

// Which kinds of statement `text` names: "reservation", or "declaration"/"understanding"/"statement".
Named kinds_named(std::string_view text) {
  const std::string l = lower(text);
  const bool res = l.find("reservation") != std::string::npos;
  const bool dec = l.find("declaration") != std::string::npos || l.find("understanding") != std::string::npos ||
                   l.find("statement") != std::string::npos;
  return res && dec ? Named::kBoth : res ? Named::kReservation : dec ? Named::kDeclaration : Named::kNone;
}

bool is_quote_or_bracket(std::string_view s, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '"' || c == '\'' || c == '(' || c == '[' || c == ' ') {
    *len = 1;
    return true;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) == 0x9C || static_cast<unsigned char>(s[i + 2]) == 0x9D)) {  // “ ”
    *len = 3;
    return true;
  }
  return false;
}

std::string strip_quotes(std::string t) {
  size_t len = 0;
  size_t b = 0;
  while (b < t.size() && is_quote_or_bracket(t, b, &len)) b += len;
  t = t.substr(b);
  while (!t.empty()) {
    const unsigned char c = static_cast<unsigned char>(t.back());
    if (c == '"' || c == ' ') t.pop_back();
    else if (t.size() >= 3 && c == 0x9D && static_cast<unsigned char>(t[t.size() - 2]) == 0x80 &&
             static_cast<unsigned char>(t[t.size() - 3]) == 0xE2)
      t.resize(t.size() - 3);
    else break;
  }
  return t;
}

// The kind a line of a statement's text labels what follows with, kNone when the line is not a
// label: "Reservations:", "Declaration", "Interpretative declaration:", "Reservation made upon
// signature:", "I. The Senate's advice and consent is subject to the following reservations:".
Named label_of(const std::string& line) {
  std::string t = strip_quotes(trim(line));
  // An enumerator before it: "I.", "II.", "A.", "1.", "(a)"; quotes after it.
  size_t i = 0;
  while (i < t.size() && (is_digit(t[i]) || t[i] == 'I' || t[i] == 'V' || t[i] == 'X')) ++i;
  if (i == 0 && t.size() > 1 && is_alpha(t[0]) && (t[1] == '.' || t[1] == ')')) i = 1;
  if (i > 0 && i < t.size() && (t[i] == '.' || t[i] == ')') && i + 1 < t.size() && t[i + 1] == ' ') t = strip_quotes(t.substr(i + 2));
  if (t.empty() || t.size() > 200) return Named::kNone;
  const bool colon = t.back() == ':';
  std::string l = lower(trim(colon ? t.substr(0, t.size() - 1) : t));
  if (colon) {
    const size_t f = l.find("subject to the following ");
    if (f != std::string::npos) return kinds_named(l.substr(f + 25));
  }
  for (const char* lead : {"interpretative ", "interpretive "})
    if (l.rfind(lead, 0) == 0) l = l.substr(std::string(lead).size());
  bool starts = false;
  for (const char* noun : {"reservation", "declaration", "understanding"})
    if (l.rfind(noun, 0) == 0) starts = true;
  if (!starts) return Named::kNone;
  if (!colon) {  // a label without a colon is the noun alone: "Declaration", "Reservations"
    for (const char* noun : {"reservation", "reservations", "declaration", "declarations", "understanding", "understandings"})
      if (l == noun) return kinds_named(l);
    return Named::kNone;
  }
  if (l.size() > 90 || l.find('.') != std::string::npos) return Named::kNone;
  return kinds_named(l);
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// A text that says reservations will be made later (upon ratification) and makes none: "will
// make such reservations as it may deem appropriate", "reserves the right to formulate, upon
// ratifying the Convention, any reservations".
bool announces_reservations(const std::string& text) {
  const std::string l = lower(text);
  for (const char* w : {"right to formulate", "will make such reservation", "will make the reservation", "intention to make certain reservation",
                        "intention to make reservation"})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

UntcClassified classify_statement(const UntcStatement& s, const std::string& section_title, const std::string& objected_as_reservation) {
  UntcClassified out;
  // The right-aligned line in place of a date may say what the statement is ("reservation at the
  // time of accession", ICESCR, Oman).
  const bool said_right = s.heading.empty() && kinds_named(s.unreadable_date) != Named::kNone;
  const Named heading = kinds_named(said_right ? s.unreadable_date : s.heading);
  const Named ctx = kinds_named(s.context);
  Named own = heading;
  std::string basis = said_right ? "the line " + quoted(s.unreadable_date) + " over it" : "heading " + quoted(s.heading);
  if (own == Named::kNone && ctx != Named::kNone) {
    own = ctx;
    basis = "the heading " + quoted(s.context) + " over it" + (s.heading.empty() ? "" : " (its own: " + quoted(s.heading) + ")");
  }
  const bool section_reserves = lower(section_title).find("reservation") != std::string::npos;
  const std::string l = lower(s.text);
  if (s.text.empty() && s.heading.empty()) {
    std::string notes;
    for (int n : s.notes) notes += (notes.empty() ? "" : ", ") + std::to_string(n);
    out.why_not = "the page names the state with no text under it" +
                  (notes.empty() ? std::string(" and no end note") : " (end note" + std::string(s.notes.size() > 1 ? "s " : " ") + notes + ")");
    return out;
  }
  if (own == Named::kNone && section_reserves && l.find("withdr") != std::string::npos && l.find("reservation") != std::string::npos) {
    out.why_not = "the text reports a withdrawal of reservations, not a statement (a withdrawal an end note states is recorded from the note)";
    return out;
  }
  auto part = [&](Named k, std::string text, std::string why) {
    UntcStatementPart p;
    p.text = std::move(text);
    p.basis = std::move(why);
    if (k == Named::kReservation) {
      p.kind = ActionKind::kReservation;
    } else if (k == Named::kBoth) {
      p.kind = ActionKind::kReservation;
      p.with_declarations = true;
    } else if (k == Named::kDeclaration) {
      p.kind = ActionKind::kDeclaration;
    } else if (section_reserves && announces_reservations(p.text)) {
      p.kind = ActionKind::kDeclaration;
      p.basis = "no heading saying which it is, under " + quoted(section_title) + ", and the text announces reservations to be made later";
    } else if (section_reserves && lower(p.text).find("reserv") != std::string::npos) {
      p.kind = ActionKind::kReservation;
      p.with_declarations = true;
      p.basis = "no heading saying which it is, under " + quoted(section_title) + ", and the text says \"reserv\"";
    } else if (section_reserves && !objected_as_reservation.empty()) {
      p.kind = ActionKind::kReservation;
      p.with_declarations = true;
      p.basis = "no heading saying which it is, under " + quoted(section_title) + ", and the page's objections headed " +
                quoted(objected_as_reservation) + " call it a reservation";
    } else {
      p.kind = ActionKind::kDeclaration;
      p.basis = section_reserves ? "no heading saying which it is, under " + quoted(section_title) + ", and the text does not say \"reserv\""
                                 : "the section " + quoted(section_title) + " names no reservation";
    }
    return p;
  };
  // The text's own labels.
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : s.text + "\n") {
      if (c == '\n') {
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
  }
  struct Cut {
    size_t line;
    Named kind;
  };
  std::vector<Cut> cuts;
  for (size_t i = 0; i < lines.size(); ++i)
    if (const Named k = label_of(lines[i]); k != Named::kNone) cuts.push_back({i, k});
  auto join = [&](size_t from, size_t to) {
    std::string t;
    for (size_t i = from; i < to; ++i) t += lines[i] + "\n";
    return normalize(t, false);
  };
  bool split = false;
  if (!cuts.empty()) {
    const std::string before = join(0, cuts[0].line);
    Named first = before.empty() ? cuts[0].kind : own;
    for (const Cut& c : cuts)
      if (c.kind != first) split = true;
    if (!before.empty() && own == Named::kNone) split = true;
  }
  if (!split) {
    const std::string text = s.heading.empty() ? s.text : s.text.empty() ? s.heading : s.heading + "\n" + s.text;
    std::string why = basis;
    Named k = own;
    if (k == Named::kNone && !cuts.empty()) {
      k = cuts[0].kind;
      why = "the label " + quoted(trim(lines[cuts[0].line])) + " in the text";
    }
    out.parts.push_back(part(k, text, why));
    return out;
  }
  const std::string before = join(0, cuts[0].line);
  if (!before.empty()) {
    const std::string text = s.heading.empty() ? before : s.heading + "\n" + before;
    out.parts.push_back(part(own, text, basis + ", before the text's first label"));
  }
  for (size_t c = 0; c < cuts.size(); ++c) {
    const size_t end = c + 1 < cuts.size() ? cuts[c + 1].line : lines.size();
    std::string text = join(cuts[c].line, end);
    if (before.empty() && c == 0 && !s.heading.empty()) text = s.heading + "\n" + text;
    out.parts.push_back(part(cuts[c].kind, text, "the label " + quoted(trim(lines[cuts[c].line])) + " in the text"));
  }
  return out;
}

std::string UntcPage::url() const {
  return "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=" + mtdsg + "&chapter=" +
         std::to_string(chapter_number) + "&clang=_en";
}

const UntcNote* UntcPage::note(int number) const {
  for (const UntcNote& n : notes)
    if (n.number == number) return &n;
  return nullptr;
}

int UntcPage::table_signatories() const {
  return static_cast<int>(std::count_if(participants.begin(), participants.end(),
                                        [](const UntcParticipant& p) { return p.signature && !p.signature->bracketed; }));
}

int UntcPage::table_parties() const {
  return static_cast<int>(std::count_if(participants.begin(), participants.end(),
                                        [](const UntcParticipant& p) { return p.consent && !p.consent->bracketed; }));
}

Result<UntcPage> parse_untc(std::string_view html, const std::string& file) {
  if (html.empty()) return Outcome::error(file + ": the page is empty");
  if (html.size() > (size_t{256} << 20)) return Outcome::error(file + ": the page is larger than 256 MB");
  const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", opts));
  if (!doc) return Outcome::error(file + ": not readable as HTML");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return Outcome::error(file + ": not readable as HTML (no root element)");
  Ids ids;
  collect_ids(root, ids);
  UntcPage page;
  page.file = file;
  if (ids.by.empty()) return Outcome::error(file + ": not a UN Treaty Collection status page (no part of the page's content is there)");
  if (Outcome o = parse_header(ids, page); !o) return o;
  if (Outcome o = parse_table(ids, page); !o) return o;
  parse_notes(ids, page);
  page.declarations = section_of(ids, "dgDec", "divText", "divMainDecTilte", "divDecTilte");
  page.objections = section_of(ids, "dgObj", "divText", "divMainObjTitle", "divObjTitle");
  page.article_declarations = section_of(ids, "dgDecUnderArticle", "divText", "divMainDecArt", "divDecArt");
  page.notifications = section_of(ids, "dgNotifications", "divNotificationText", "div1", "div2");
  parse_territories(ids, page);
  if (!page.objections.statements.empty() && page.objections.title.empty()) page.objections.title = "Objections";
  const NameKeys keys = name_keys(page.participants);
  for (UntcStatement& s : page.objections.statements) {
    s.reserving = names_in(s.heading.empty() ? s.text.substr(0, 300) : s.heading, keys, s.state);
    s.precludes = says_precludes(s.text);
  }
  const std::string art_title = lower(page.article_declarations.title + " " + page.article_declarations.subtitle);
  page.article_declarations_are_competence = art_title.find("competence") != std::string::npos;
  // "Declarations recognizing the competence of the Committee ..." / "in accordance with article 14 of the Convention"
  const std::vector<std::string> title_articles = articles_in(page.article_declarations.title + " " + page.article_declarations.subtitle);
  for (UntcStatement& s : page.article_declarations.statements) {
    std::vector<std::string> found = articles_in(s.heading);
    if (found.empty()) found = articles_in(s.text);
    if (!title_articles.empty()) {
      std::vector<std::string> kept;
      for (const std::string& a : found)
        if (std::find(title_articles.begin(), title_articles.end(), a) != title_articles.end()) kept.push_back(a);
      found = kept;
      if (found.empty() && title_articles.size() == 1) found = title_articles;
    }
    s.articles = found;
  }
  return page;
}

Result<UntcPage> read_untc(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Outcome::not_found(path + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  if (data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f && static_cast<unsigned char>(data[1]) == 0x8b) {
    Inflated z = gunzip(data);
    if (!z.error.empty()) return Outcome::error(path + ": " + z.error);
    data = std::move(z.data);
  }
  return parse_untc(data, path);
}

std::vector<UntcWithdrawal> withdrawals_in(const UntcNote& note) {
  std::vector<UntcWithdrawal> out;
  const std::vector<std::string> ss = sentences(note.text);
  for (size_t i = 0; i < ss.size(); ++i) {
    const std::string l = lower(ss[i]);
    bool hit = false;
    for (const char* w : {"notification of withdrawal", "decision to denounce", "decided to denounce", "its denunciation of",
                          "decision to withdraw from", "notification of denunciation"})
      if (l.find(w) != std::string::npos) hit = true;
    if (!hit) continue;
    // A withdrawal of a reservation, declaration or objection is not a withdrawal from the treaty.
    bool other = false;
    for (const char* w : {"withdrawal of the reservation", "withdrawal of its reservation", "withdrawal of reservation",
                          "withdrawal of the declaration", "withdrawal of the objection", "ilo convention"})
      if (l.find(w) != std::string::npos) other = true;
    if (other) continue;
    const auto dates = find_dates(ss[i]);
    if (dates.empty()) continue;
    UntcWithdrawal w;
    w.notified = dates[0].date;
    w.sentence = ss[i];
    auto effect_in = [](const std::string& s) -> std::optional<Date> {
      const std::string ls = lower(s);
      for (const char* k : {"with effect from", "took effect", "take effect", "takes effect"}) {
        const size_t at = ls.find(k);
        if (at == std::string::npos) continue;
        for (const FoundDate& d : find_dates(s))
          if (d.begin > at) return d.date;
      }
      return std::nullopt;
    };
    w.stated_effect = effect_in(ss[i]);
    if (!w.stated_effect && i + 1 < ss.size()) {
      const std::string next = lower(ss[i + 1]);
      if (next.find("denounc") == std::string::npos && next.find("notification of withdrawal") == std::string::npos)
        w.stated_effect = effect_in(ss[i + 1]);
    }
    for (size_t k = i; k < ss.size() && k <= i + 1 && w.reference.empty(); ++k) {
      const size_t at = ss[k].find("C.N.");
      if (at == std::string::npos) continue;
      size_t e = at;
      while (e < ss[k].size() && ss[k][e] != ' ' && ss[k][e] != ')' && ss[k][e] != '\n') ++e;
      w.reference = ss[k].substr(at, e - at);
      size_t j = e;
      while (j < ss[k].size() && ss[k][j] == ' ') ++j;
      if (ss[k].compare(j, 9, ".TREATIES") == 0) {
        size_t f = j;
        while (f < ss[k].size() && ss[k][f] != ' ' && ss[k][f] != ')' && ss[k][f] != '\n') ++f;
        w.reference += ss[k].substr(j, f - j);
      }
    }
    out.push_back(w);
  }
  return out;
}

std::vector<UntcReservationWithdrawal> reservation_withdrawals_in(const UntcNote& note, const std::string& participant) {
  std::vector<UntcReservationWithdrawal> out;
  std::string name = fold(participant);
  const size_t paren = participant.find(" (");
  if (paren != std::string::npos) name = fold(participant.substr(0, paren));
  for (const std::string& s : sentences(note.text)) {
    const std::string l = lower(s);
    if (l.find("withdraw") == std::string::npos || l.find("objection") != std::string::npos) continue;
    const bool res = l.find("reservation") != std::string::npos;
    const bool dec = l.find("declaration") != std::string::npos;
    if (!res && !dec) continue;
    // Only the sentence that reports the notification: it begins with its date.
    const auto dates = find_dates(s);
    if (dates.empty() || dates[0].begin > 80) continue;
    if (l.find("notif") == std::string::npos && l.find("communication") == std::string::npos && l.find("informed") == std::string::npos) continue;
    if (name.empty() || fold(s).find(name) == std::string::npos) continue;
    bool treaty_itself = false;
    for (const char* w : {"notification of withdrawal from", "decision to withdraw from", "denounc"})
      if (l.find(w) != std::string::npos) treaty_itself = true;
    if (treaty_itself) continue;
    UntcReservationWithdrawal w;
    w.notified = dates[0].date;
    w.partial = l.find("partial") != std::string::npos;
    w.declaration = dec && !res;
    if (l.find("confirmed upon") != std::string::npos) w.made_upon = "consent";
    else if (l.find("upon signature") != std::string::npos || l.find("upon its signature") != std::string::npos) w.made_upon = "signature";
    else
      for (const char* k : {"upon ratification", "upon accession", "upon succession", "upon acceptance", "upon approval",
                            "upon its ratification", "upon its accession"})
        if (l.find(k) != std::string::npos) w.made_upon = "consent";
    w.sentence = s;
    out.push_back(w);
  }
  return out;
}

}  // namespace pacta
