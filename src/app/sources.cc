#include "app/sources.h"

#include <algorithm>

namespace pacta {

std::string_view to_string(SourceKind k) {
  switch (k) {
    case SourceKind::kDepositary: return "depositary";
    case SourceKind::kTreatyBody: return "treaty_body";
    case SourceKind::kGovernment: return "government";
    case SourceKind::kOther: return "other";
  }
  return "other";
}

namespace {

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

std::string host_of(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t start = scheme + 3;
  std::string host = url.substr(start, url.find_first_of("/?#", start) - start);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int roman(const std::string& r) {
  int total = 0, prev = 0;
  for (auto it = r.rbegin(); it != r.rend(); ++it) {
    const int v = *it == 'I' ? 1 : *it == 'V' ? 5 : *it == 'X' ? 10 : *it == 'L' ? 50 : *it == 'C' ? 100 : 0;
    if (v == 0) return 0;
    total += v < prev ? -v : v;
    prev = std::max(prev, v);
  }
  return total;
}

// The UN Treaty Collection's status page of chapter "XXVI-5".
std::string untc_page(const std::string& chapter) {
  const int n = roman(chapter.substr(0, chapter.find('-')));
  if (chapter.empty() || n == 0) return "";
  return "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=" + chapter +
         "&chapter=" + std::to_string(n) + "&clang=_en";
}

SourceKind kind_of(const std::string& host) {
  if (host == "treaties.un.org" || host == "disarmament.un.org") return SourceKind::kDepositary;
  static const char* const kBodies[] = {"apminebanconvention.org", "icc-cpi.int", "unfccc.int", "thearmstradetreaty.org",
                                        "clusterconvention.org", "ohchr.org", "opcw.org", "ctbto.org", "iaea.org"};
  for (const char* b : kBodies)
    if (host == b || ends_with(host, std::string(".") + b)) return SourceKind::kTreatyBody;
  static const char* const kGov[] = {".gov", ".gouv.fr", ".overheid.nl", ".admin.ch", ".gc.ca", ".gv.at", ".bund.de",
                                     ".europa.eu", ".lrs.lt", ".gov.uk", ".mfa.gov", ".valtioneuvosto.fi", ".gov.pl"};
  for (const char* g : kGov)
    if (ends_with("." + host, g) || host.find(std::string(g).substr(1) + ".") != std::string::npos) return SourceKind::kGovernment;
  if (host.rfind("mfa.", 0) == 0 || host.find(".gov.") != std::string::npos || host.find("government") != std::string::npos)
    return SourceKind::kGovernment;
  return SourceKind::kOther;
}

// A public repository that saved the UN's status pages (a scrape of the depositary's page).
bool saved_untc_copy(const std::string& url) {
  return url.find("github.com/zmjones/untreaties") != std::string::npos ||
         url.find("github.com/mgaldino/treaties-ideal-point") != std::string::npos;
}

std::string cn_in(const std::string& text) {
  const size_t at = text.find("C.N.");
  if (at == std::string::npos) return "";
  size_t end = at;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == '-'))
    ++end;
  std::string ref = text.substr(at, end - at);
  while (!ref.empty() && ref.back() == '.') ref.pop_back();
  return ref;
}

}  // namespace

std::string untc_url(const std::string& chapter) { return untc_page(chapter); }

std::string cn_url(const std::string& reference) {
  // C.N.362.2025.TREATIES-XXVI.5 -> https://treaties.un.org/doc/Publication/CN/2025/CN.362.2025-Eng.pdf
  if (reference.rfind("C.N.", 0) != 0) return "";
  const size_t n_end = reference.find('.', 4);
  if (n_end == std::string::npos) return "";
  const size_t y_end = reference.find('.', n_end + 1);
  const std::string number = reference.substr(4, n_end - 4);
  const std::string year = reference.substr(n_end + 1, y_end == std::string::npos ? std::string::npos : y_end - n_end - 1);
  if (number.empty() || year.size() != 4 || !std::all_of(number.begin(), number.end(), ::isdigit) ||
      !std::all_of(year.begin(), year.end(), ::isdigit))
    return "";
  return "https://treaties.un.org/doc/Publication/CN/" + year + "/CN." + number + "." + year + "-Eng.pdf";
}

std::vector<CitedSource> citations(const std::string& source, const std::string& reference, const TreatyProfile& treaty) {
  std::vector<CitedSource> out;
  auto add = [&](CitedSource c) {
    for (const CitedSource& x : out)
      if (x.title == c.title && x.url == c.url) return;
    out.push_back(std::move(c));
  };
  auto add_cn = [&](const std::string& ref) {
    if (ref.empty()) return;
    const bool un = treaty.depositary.find("United Nations") != std::string::npos;
    add({SourceKind::kDepositary, "Depositary notification " + ref, un ? cn_url(ref) : "", ""});
  };
  if (reference.rfind("C.N.", 0) == 0) add_cn(reference);
  size_t start = 0;
  while (start <= source.size()) {
    const size_t sep = source.find(" ; ", start);
    const std::string item = trim(source.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
    start = sep == std::string::npos ? source.size() + 1 : sep + 3;
    if (item.empty()) continue;
    if (item.find("://") != std::string::npos) {
      const std::string url = item.substr(0, item.find_first_of(" \t"));
      if (saved_untc_copy(url) && !treaty.chapter.empty()) {
        add({SourceKind::kDepositary, "UN Treaty Collection, status of treaty " + treaty.chapter, untc_page(treaty.chapter), url});
        continue;
      }
      const std::string host = host_of(url);
      add({kind_of(host), host, url, ""});
      continue;
    }
    // Not an address: a notification named in it is cited; a path of a file beside this
    // repository is not a document a reader can follow, and is left out.
    if (const std::string ref = cn_in(item); !ref.empty()) {
      add_cn(ref);
      continue;
    }
    const bool path = item.find('/') != std::string::npos && item.find(' ') == std::string::npos;
    if (path || item.rfind("shared/", 0) == 0 || item == "source") continue;
    add({SourceKind::kOther, item, "", ""});
  }
  std::stable_sort(out.begin(), out.end(), [](const CitedSource& a, const CitedSource& b) { return a.kind < b.kind; });
  return out;
}

}  // namespace pacta
