// libFuzzer harness: depositary notification texts (src/ingest/cn_parser.h). The input is the
// text. Properties: no crash, no sanitizer report, no time-out (the parser is linear); a
// parse has a reference and dates inside the calendar; an error names the origin.
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "ingest/cn_parser.h"

namespace {

void check_date(const std::optional<pacta::Date>& d) {
  if (!d) return;
  FUZZ_CHECK(d->in_range());
  FUZZ_CHECK(pacta::Date::parse(d->iso()) == d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto r = pacta::parse_notification(text, "fuzz.txt");
  if (r) {
    const pacta::ParsedNotification& n = r.value();
    FUZZ_CHECK(n.reference.rfind("C.N.", 0) == 0);
    FUZZ_CHECK(n.number >= 0);
    FUZZ_CHECK(!n.chapter.empty());
    check_date(n.effected_on);
    check_date(n.stated_effect);
    check_date(n.issued_on);
    for (const std::string& e : n.earlier_references) FUZZ_CHECK(e != n.reference);
  } else {
    FUZZ_CHECK(r.message().rfind("fuzz.txt: ", 0) == 0);
  }
  check_date(pacta::parse_long_date(text));
  (void)pacta::parse_action_heading(text);
  return 0;
}
