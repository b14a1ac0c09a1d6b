#include "ingest/competence_text.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

#include "ingest/untc.h"

namespace pacta {
namespace {

constexpr auto kIcase = std::regex::ECMAScript | std::regex::icase;

// Sentences (and lines, and clauses after ';'): a statement's parts are read one at a time, so
// that "not recognize" and "article 20" count only when said together.
std::vector<std::string> sentences(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool end = c == '\n' || c == ';' || (c == '.' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n'));
    if (!end) {
      cur += c;
      continue;
    }
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::regex article_re(std::string_view article) {
  // "article 20", "Article 20", "the article 20", "articles 20 and 30 (1)", "article (20)", the
  // last of a list ("article 30 (1) and 20"); not "article 200" nor "article 2".
  return std::regex("\\barticles?\\s+(\\(?[0-9]+\\)?\\s*(\\([0-9]+\\)\\s*)?(,|and)\\s*)*\\(?" + std::string(article) + "\\)?(?![0-9])",
                    kIcase);
}

const std::regex& refusal_re() {
  // What, said together with the article, excludes the competence it confers.
  static const std::regex re(
      "not\\s+recogni[sz]e|without\\s+recogni[sz]ing|not\\s+undertake\\s+the\\s+obligations|"
      "not\\s+(consider\\s+(itself|themselves)\\s+)?(be\\s+)?bound\\s+by\\s+(the\\s+provisions\\s+of\\s+)?(the\\s+)?articles?\\s+[0-9]|"
      "reservations?\\s+(on|to|as\\s+to|with\\s+respect\\s+to|in\\s+respect\\s+of|relating\\s+to|concerning|regarding)\\s+(the\\s+)?articles?\\s+\\(?[0-9]",
      kIcase);
  return re;
}

std::optional<int> count_word(const std::string& w) {
  static const char* words[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  for (int i = 1; i <= 10; ++i)
    if (w == words[i]) return i;
  if (!w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::stoi(w);
  return std::nullopt;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string opt_out_article(std::string_view quote) {
  static const std::regex re("provided\\s+for\\s+in\\s+articles?\\s+([0-9]+)", kIcase);
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(quote.begin(), quote.end(), m, re)) return m[1].str();
  return "";
}

bool declares_non_recognition(std::string_view text, std::string_view article) {
  if (article.empty()) return false;
  const std::regex art = article_re(article);
  for (const std::string& s : sentences(text))
    if (std::regex_search(s, art) && std::regex_search(s, refusal_re())) return true;
  return false;
}

bool withdraws_non_recognition(std::string_view text, std::string_view article) {
  if (article.empty()) return false;
  static const std::regex withdraw("withdr[ae]w|reservations?|declarations?", kIcase);
  const std::regex art = article_re(article);
  for (const std::string& s : sentences(text))
    if (std::regex_search(s, art) && (std::regex_search(s, refusal_re()) || std::regex_search(s, withdraw))) return true;
  return false;
}

std::optional<DeclarationEnd> declaration_end(std::string_view text, Date made, std::optional<Date> entry_into_force) {
  const std::string t(text);
  static const std::regex period("for\\s+(an?\\s+)?(further\\s+)?(period\\s+of\\s+)?([a-z0-9]+)\\s+years?", kIcase);
  std::smatch m;
  if (!std::regex_search(t, m, period)) return std::nullopt;
  const std::optional<int> n = count_word(lower(m[4].str()));
  if (!n) return std::nullopt;
  const std::string period_words = m[0].str();
  // The start the text names, in the order of precedence: a date, then "the present notification".
  static const std::regex from_date("(as\\s+from|beginning\\s+on|with\\s+effect\\s+from|years\\s+from)\\s+([0-9]{1,2}\\s+[A-Za-z]+\\s+[0-9]{4})",
                                    kIcase);
  static const std::regex from_now("from\\s+(the\\s+date\\s+of\\s+)?(the\\s+)?(present|this)\\s+(notification|declaration)", kIcase);
  Date start = made;
  std::string how;
  if (std::regex_search(t, m, from_date) && parse_untc_date(m[2].str())) {
    start = *parse_untc_date(m[2].str());
    how = "from " + start.iso() + " ('" + m[0].str() + "')";
  } else if (std::regex_search(t, m, from_now)) {
    how = "from the declaration's date, " + made.iso() + " ('" + m[0].str() + "')";
  } else if (entry_into_force && *entry_into_force > made) {
    start = *entry_into_force;
    how = "from the State's entry into force, " + start.iso() + " (the text names no start; made before it)";
  } else {
    how = "from the declaration's date, " + made.iso() + " (the text names no start)";
  }
  const DateResult r = add_period(start, Period{*n, 0, 0}, Rounding::kDown);
  if (!r.date) return std::nullopt;
  return DeclarationEnd{*r.date, "'" + period_words + "' read as " + std::to_string(*n) + " years " + how + ": it ceases to have effect on " +
                                     r.date->iso()};
}

}  // namespace pacta
