// Reading depositary notification texts (as published, with PDF-to-text noise: stray
// spaces, <sup> markers, \*\*\* rules, page footers) into their fields. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace pacta {

struct ParsedNotification {
  std::string reference;  // C.N.362.2025.TREATIES-XXVI.5
  int number = 0;
  int year = 0;
  std::string chapter;      // as in profiles: "XXVI-5"
  std::string title;        // treaty title block, when present
  std::string heading;      // "LITHUANIA: NOTIFICATION OF WITHDRAWAL"
  std::string state_text;   // "LITHUANIA" (from the heading, or found in the text)
  std::optional<ActionKind> kind;
  std::optional<Date> effected_on;     // "The above action was effected on ..."
  std::optional<Date> stated_effect;   // "would take effect for X on ..." / "enter into force for X on ..."
  std::optional<Date> issued_on;       // the notification's own date (last dated line)
  std::vector<std::string> earlier_references;
  std::string instrument_text;         // the quoted instrument, without footnotes and page noise
  std::vector<std::string> missing;    // what a complete notification has and this text lacks
};

// Fails only when the text is not a depositary notification at all (no C.N. reference);
// a partial one parses with `missing` naming what it lacks.
Result<ParsedNotification> parse_notification(const std::string& text, const std::string& origin);

// "27 June 2025" or "August 4, 2017".
std::optional<Date> parse_long_date(const std::string& text);
// "NOTIFICATION OF WITHDRAWAL" -> withdrawal, "RATIFICATION" -> ratification, ...
std::optional<ActionKind> parse_action_heading(const std::string& text);

}  // namespace pacta
