#include "core/date.h"

#include <array>
#include <cstdio>
#include <limits>

namespace pacta {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
constexpr int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd { int y; int m; int d; };

// Any int32 count of days (in 64 bits: no overflow at the ends of the int32 range).
Ymd civil_from_days(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe + era * 400);
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

constexpr int kFirstYear = 1, kLastYear = 9999;
constexpr int32_t kMinDays = days_from_civil(kFirstYear, 1, 1);
constexpr int32_t kMaxDays = days_from_civil(kLastYear, 12, 31);

// Months since 0000-01 of a (year, month index), in 64 bits; nullopt outside the calendar.
std::optional<std::pair<int, int>> year_month(int64_t months) {
  if (months < int64_t{kFirstYear} * 12 || months >= int64_t{kLastYear + 1} * 12) return std::nullopt;
  return std::pair<int, int>(static_cast<int>(months / 12), static_cast<int>(months % 12) + 1);
}

std::string outside(Date from, const std::string& what, bool after) {
  return from.iso() + " + " + what + (after ? " is after 9999-12-31" : " is before 0001-01-01") +
         ", outside the calendar pacta computes (years 0001 to 9999)";
}

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

std::optional<Date> Date::from_ymd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return from_days(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

Date Date::min() { return from_days(kMinDays); }
Date Date::max() { return from_days(kMaxDays); }

std::optional<Date> Date::add_days(int64_t n) const {
  if (!in_range() || n > kMaxDays - kMinDays || n < kMinDays - kMaxDays) return std::nullopt;
  const Date d = from_days(static_cast<int32_t>(days_ + n));  // both within 3,652,059 days of 0
  return d.in_range() ? std::optional<Date>(d) : std::nullopt;
}

Date Date::plus_days(int n) const {
  const int64_t v = int64_t{days_} + n;
  if (v > std::numeric_limits<int32_t>::max()) return from_days(std::numeric_limits<int32_t>::max());
  if (v < std::numeric_limits<int32_t>::min()) return from_days(std::numeric_limits<int32_t>::min());
  return from_days(static_cast<int32_t>(v));
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> int {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return from_ymd(y, m, d);
}

std::string Date::parse_error(std::string_view s) {
  if (parse(s)) return "";
  auto digits = [&](size_t from, size_t to) {
    if (from >= to || to > s.size()) return false;
    for (size_t i = from; i < to; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  // "+10000-01-01", "-0044-03-15", "10000-01-01", "0000-12-31": a year outside the calendar.
  const size_t sign = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const size_t dash = s.find('-', sign);
  const bool shaped = dash != std::string_view::npos && digits(sign, dash) && s.size() == dash + 6 && s[dash + 3] == '-' &&
                      digits(dash + 1, dash + 3) && digits(dash + 4, dash + 6);
  const bool zero_year = shaped && s.substr(sign, dash - sign).find_first_not_of('0') == std::string_view::npos;
  if (shaped && (sign || dash != 4 || zero_year)) return "years 0001 to 9999 only (YYYY-MM-DD)";
  if (!shaped || dash != 4) return "expected YYYY-MM-DD";
  const int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2)));
  if (m < 1 || m > 12) return "there is no month " + std::string(s.substr(5, 2));
  return std::string(s) + " does not exist (" + kMonthNames[static_cast<size_t>(m - 1)] + " " + std::to_string(y) +
         " has " + std::to_string(days_in_month(y, m)) + " days)";
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return civil_from_days(days_).m; }
int Date::day() const { return civil_from_days(days_).d; }

std::string Date::iso() const {
  const Ymd c = civil_from_days(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

std::string Date::long_form() const {
  const Ymd c = civil_from_days(days_);
  return std::to_string(c.d) + " " + kMonthNames[static_cast<size_t>(c.m - 1)] + " " + std::to_string(c.y);
}

Date Date::first_of_month() const {
  const Ymd c = civil_from_days(days_);
  return *from_ymd(c.y, c.m, 1);
}

Date Date::last_of_month() const {
  const Ymd c = civil_from_days(days_);
  return *from_ymd(c.y, c.m, days_in_month(c.y, c.m));
}

std::string Period::describe() const {
  std::string out;
  auto part = [&](int n, const char* unit) {
    if (n == 0) return;
    if (!out.empty()) out += " ";
    out += std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  part(years, "year");
  part(months, "month");
  part(days, "day");
  return out.empty() ? "0 days" : out;
}

std::optional<Rounding> parse_rounding(std::string_view t) {
  if (t == "error") return Rounding::kError;
  if (t == "up") return Rounding::kUp;
  if (t == "down") return Rounding::kDown;
  return std::nullopt;
}

std::string_view to_string(Rounding r) {
  switch (r) {
    case Rounding::kError: return "error";
    case Rounding::kUp: return "up";
    case Rounding::kDown: return "down";
  }
  return "error";
}

DateResult add_period(Date d, const Period& p, Rounding rounding) {
  DateResult r;
  const Ymd c = civil_from_days(d.days());
  const int64_t total = int64_t{c.y} * 12 + (c.m - 1) + int64_t{p.years} * 12 + p.months;
  const auto ym = year_month(total);
  if (!ym) {
    r.note = outside(d, p.describe(), total >= 12);
    return r;
  }
  const auto [y, m] = *ym;
  Date base;
  if (c.d <= days_in_month(y, m)) {
    base = *Date::from_ymd(y, m, c.d);
  } else {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d does not exist", y, m, c.d);
    switch (rounding) {
      case Rounding::kError:
        r.note = std::string(buf) + "; the rule does not say how to round";
        return r;
      case Rounding::kUp: {
        const std::optional<Date> up = Date::from_ymd(y, m, 1)->last_of_month().add_days(1);
        if (!up) {
          r.note = std::string(buf) + "; rounded up, " + outside(d, p.describe(), true);
          return r;
        }
        base = *up;
        r.note = std::string(buf) + "; rounded up to " + base.iso();
        break;
      }
      case Rounding::kDown:
        base = *Date::from_ymd(y, m, days_in_month(y, m));
        r.note = std::string(buf) + "; rounded down to " + base.iso();
        break;
    }
    r.rounded = true;
  }
  r.date = base.add_days(p.days);
  if (!r.date) r.note = (r.note.empty() ? "" : r.note + "; ") + outside(d, p.describe(), p.days > 0);
  return r;
}

std::optional<Date> first_day_of_nth_month_after(Date d, int n) {
  const Ymd c = civil_from_days(d.days());
  const auto ym = year_month(int64_t{c.y} * 12 + (c.m - 1) + n);
  if (!ym) return std::nullopt;
  return Date::from_ymd(ym->first, ym->second, 1);
}

}  // namespace pacta
