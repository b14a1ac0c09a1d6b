// libFuzzer harness: dates and periods (src/core/date.h). The input's first bytes are numbers
// (a day, a period, a rounding, counts); the whole input is also parsed as a date text.
// Properties: parse accepts exactly what iso() prints, inside 0001-01-01..9999-12-31; every
// checked computation gives a day inside the calendar or no day (with a note), never a
// wrong one; no overflow (UBSan).
#include <cstdint>
#include <string>

#include "core/date.h"
#include "fuzz_check.h"

using pacta::Date;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto d = Date::parse(text)) {
    FUZZ_CHECK(d->in_range());
    FUZZ_CHECK(d->iso() == text);
    FUZZ_CHECK(Date::parse_error(text).empty());
    FUZZ_CHECK(Date::from_ymd(d->year(), d->month(), d->day()) == d);
  } else {
    FUZZ_CHECK(!Date::parse_error(text).empty());
  }
  (void)pacta::parse_rounding(text);

  pacta::fuzz::Bytes in(data, size);
  const int32_t raw = in.take<int32_t>();
  const auto p = pacta::Period{in.take<int32_t>(), in.take<int32_t>(), in.take<int32_t>()};
  const auto rounding = static_cast<pacta::Rounding>(in.take<uint8_t>() % 3);
  const int32_t n = in.take<int32_t>();
  const int64_t k = in.take<int64_t>();
  const int ymd[3] = {in.take<int16_t>(), in.take<int8_t>(), in.take<int8_t>()};

  // Any int32 day, and the same folded into the calendar.
  const Date wild = Date::from_days(raw);
  (void)wild.iso();
  (void)wild.plus_days(n);
  const int64_t span = int64_t{Date::max().days()} - Date::min().days() + 1;
  const Date base = Date::from_days(static_cast<int32_t>(Date::min().days() + ((int64_t{raw} % span) + span) % span));
  FUZZ_CHECK(base.in_range());
  FUZZ_CHECK(Date::parse(base.iso()) == base);
  FUZZ_CHECK(!base.long_form().empty());
  FUZZ_CHECK(base.first_of_month() <= base && base <= base.last_of_month());

  for (const Date from : {base, wild}) {
    const pacta::DateResult r = pacta::add_period(from, p, rounding);
    if (r.date) {
      FUZZ_CHECK(r.date->in_range());
      if (p.years == 0 && p.months == 0 && from.in_range()) FUZZ_CHECK(from.add_days(p.days) == r.date);
    } else {
      FUZZ_CHECK(!r.note.empty());
    }
    (void)p.describe();
    if (const auto f = pacta::first_day_of_nth_month_after(from, n)) {
      FUZZ_CHECK(f->in_range());
      FUZZ_CHECK(f->day() == 1);
      if (n > 0 && from.in_range()) FUZZ_CHECK(*f > from);
    }
    if (const auto a = from.add_days(k)) {
      FUZZ_CHECK(a->in_range());
      FUZZ_CHECK(int64_t{a->days()} == int64_t{from.days()} + k);
    }
  }
  if (const auto d = Date::from_ymd(ymd[0], ymd[1], ymd[2])) {
    FUZZ_CHECK(d->in_range());
    FUZZ_CHECK(d->year() == ymd[0] && d->month() == ymd[1] && d->day() == ymd[2]);
  }
  return 0;
}
