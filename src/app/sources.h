// The sources of an entry as a reader can follow them: each cited document with a title and
// a URL, ranked depositary first (its status page and notifications), then treaty bodies and
// the treaty's own institutions, then governments, then others. A saved copy of a
// depositary page (a scrape in a public repository) is cited as the depositary's page, with
// the copy as where it was read; paths of this repository's sibling folders are never shown.
#pragma once

#include <string>
#include <vector>

#include "rules/profile.h"

namespace pacta {

enum class SourceKind { kDepositary, kTreatyBody, kGovernment, kOther };
std::string_view to_string(SourceKind k);  // "depositary", "treaty_body", "government", "other"

struct CitedSource {
  SourceKind kind = SourceKind::kOther;
  std::string title;  // "C.N.362.2025.TREATIES-XXVI.5", "UN Treaty Collection: status of XXVI-5"
  std::string url;    // empty when the document has no address
  std::string via;    // where it was read when not at `url` (a saved copy), else empty
};

// Splits an entry's source text (items separated by " ; "), adds its depositary reference,
// and returns the citations ranked, without duplicates.
std::vector<CitedSource> citations(const std::string& source, const std::string& reference, const TreatyProfile& treaty);

// The UN's address of a depositary notification "C.N.<n>.<year>.TREATIES-…", or "".
std::string cn_url(const std::string& reference);

// The UN Treaty Collection's status page of a treaty of chapter "XXVI-5" (UN MTDSG), or "".
std::string untc_url(const std::string& chapter);

}  // namespace pacta
