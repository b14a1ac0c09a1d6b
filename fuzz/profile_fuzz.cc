// libFuzzer harness: treaty profiles (TOML, src/rules/profile.h). The input is the TOML text.
// Properties: a profile loads or the error names the file; every delay of a loaded profile
// describes itself and applies to any day of the calendar giving a day inside it or no day
// with a note.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "rules/profile.h"

namespace {

void check_delay(const pacta::Delay& d) {
  FUZZ_CHECK(!d.describe().empty());
  for (const pacta::Date start : {pacta::Date::min(), *pacta::Date::from_ymd(2025, 8, 31), pacta::Date::max()}) {
    const pacta::DateResult r = pacta::apply_delay(start, d);
    if (r.date) {
      FUZZ_CHECK(r.date->in_range());
    } else {
      FUZZ_CHECK(!r.note.empty());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const pacta::ProfileResult r = pacta::parse_profile(text, "fuzz.toml");
  if (!r.profile) {
    FUZZ_CHECK(r.error.rfind("fuzz.toml", 0) == 0);
    return 0;
  }
  FUZZ_CHECK(r.error.empty());
  const pacta::TreatyProfile& p = *r.profile;
  FUZZ_CHECK(!p.id.empty());
  FUZZ_CHECK(p.adopted.in_range());
  check_delay(p.entry_into_force.delay);
  check_delay(p.entry_into_force_for_state.delay);
  if (p.withdrawal) {
    check_delay(p.withdrawal->notice);
    if (p.withdrawal->earliest_after_entry_into_force)
      (void)pacta::add_period(p.adopted, *p.withdrawal->earliest_after_entry_into_force, pacta::Rounding::kUp);
  }
  for (const pacta::Obligation& o : p.obligations) check_delay(o.delay);
  return 0;
}
