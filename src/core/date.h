// Civil dates (proleptic Gregorian) and calendar periods.
//
// A Date is always a real day: parsing rejects "2025-02-30" instead of rolling it over.
// Month arithmetic that lands on a day that does not exist (31 August + 6 months) is never
// fixed silently: the caller chooses a Rounding, and the result says whether it rounded.
// The calendar is 0001-01-01..9999-12-31 (four-digit ISO years): parsing refuses anything
// outside it, and the checked arithmetic (add_days, add_period, first_day_of_nth_month_after)
// answers "no date" rather than a day outside it.
// Value types; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pacta {

class Date {
 public:
  Date() = default;  // 1970-01-01
  // Unchecked: any count of days, in or out of the calendar (see in_range()).
  static Date from_days(int32_t days_since_epoch) { Date d; d.days_ = days_since_epoch; return d; }
  // Returns nullopt unless y-m-d is a day of the calendar (year 1..9999).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Strict ISO 8601 calendar date "YYYY-MM-DD"; nullopt for anything else.
  static std::optional<Date> parse(std::string_view text);
  // Why `text` is not a date parse() accepts, for error messages ("" when it is one):
  // "expected YYYY-MM-DD", "years 0001 to 9999 only", "2025-02-30 does not exist".
  static std::string parse_error(std::string_view text);
  static Date min();  // 0001-01-01
  static Date max();  // 9999-12-31
  bool in_range() const { return min() <= *this && *this <= max(); }

  int year() const;
  int month() const;
  int day() const;
  int32_t days() const { return days_; }
  std::string iso() const;  // "YYYY-MM-DD"
  // "27 December 2025", the style of depositary notifications.
  std::string long_form() const;

  // This day plus n days (n may be negative); nullopt when that leaves the calendar.
  std::optional<Date> add_days(int64_t n) const;
  // Unchecked, for steps and bounds of loops over days the caller knows are in the calendar:
  // may give a day outside it (then saturating at the int32 range), never to be shown.
  Date plus_days(int n) const;
  Date first_of_month() const;
  Date last_of_month() const;

  auto operator<=>(const Date&) const = default;

 private:
  int32_t days_ = 0;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

// A calendar period as treaties state them: "six months", "one year", "90 days".
struct Period {
  int years = 0;
  int months = 0;
  int days = 0;
  std::string describe() const;  // "6 months", "1 year", "90 days", "1 year 2 days"
};

// What to do when years/months land on a day the target month does not have.
enum class Rounding {
  kError,  // refuse: the computation is ambiguous
  kUp,     // first day of the following month (Catala "round up")
  kDown,   // last day of the target month (Catala "round down")
};
std::optional<Rounding> parse_rounding(std::string_view text);
std::string_view to_string(Rounding r);

struct DateResult {
  std::optional<Date> date;  // empty when rounding was kError and the day did not exist, or when
                             // the result would be outside 0001-01-01..9999-12-31 (note says which)
  bool rounded = false;      // true when the target day did not exist and was rounded
  std::string note;          // why it rounded or failed, for explanations
};

// Adds years and months (as one count of months), rounding if the day does not exist,
// then adds days. Matches Catala's dates-calc semantics. Any Period is accepted (no overflow).
DateResult add_period(Date d, const Period& p, Rounding rounding);

// "The first day of the Nth month after the month of D"; nullopt past 9999-12 (or before 0001-01).
std::optional<Date> first_day_of_nth_month_after(Date d, int n);

}  // namespace pacta
