#include "core/date.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace pacta;

namespace {

Date d(const char* s) {
  auto r = Date::parse(s);
  EXPECT_TRUE(r) << s;
  return r.value_or(Date());
}

std::vector<std::vector<std::string>> read_vectors(const std::string& name) {
  std::ifstream in(std::string(PACTA_SHARED_DIR) + "/peer/dates-calc/" + name);
  EXPECT_TRUE(in) << "missing peer vectors " << name;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ';')) {
      cell.erase(0, cell.find_first_not_of(' '));
      cell.erase(cell.find_last_not_of(" \r") + 1);
      cells.push_back(cell);
    }
    rows.push_back(cells);
  }
  return rows;
}

Period parse_period(const std::string& s) {
  std::smatch m;
  std::regex re(R"(\[(-?\d+) years, (-?\d+) months, (-?\d+) days\])");
  EXPECT_TRUE(std::regex_match(s, m, re)) << s;
  return Period{std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

}  // namespace

TEST(Date, ParsesStrictIso) {
  EXPECT_EQ(d("2025-06-27").iso(), "2025-06-27");
  EXPECT_FALSE(Date::parse("2025-02-30"));
  EXPECT_FALSE(Date::parse("2025-2-03"));
  EXPECT_FALSE(Date::parse("2025-13-01"));
  EXPECT_FALSE(Date::parse("2025-06-27T00:00"));
  EXPECT_FALSE(Date::parse(""));
  EXPECT_FALSE(Date::parse("27/06/2025"));
  EXPECT_FALSE(Date::parse("0000-01-01"));
  EXPECT_TRUE(Date::parse("2024-02-29"));
  EXPECT_FALSE(Date::parse("2100-02-29"));
  EXPECT_TRUE(Date::parse("2000-02-29"));
}

TEST(Date, LongFormAsInNotifications) { EXPECT_EQ(d("2025-12-27").long_form(), "27 December 2025"); }

TEST(Date, SixMonthsAfterSameDayNumber) {
  auto r = add_period(d("2025-06-27"), Period{0, 6, 0}, Rounding::kError);
  ASSERT_TRUE(r.date);
  EXPECT_EQ(r.date->iso(), "2025-12-27");
  EXPECT_FALSE(r.rounded);
}

TEST(Date, NonexistentDayIsNeverRoundedSilently) {
  auto e = add_period(d("2025-08-31"), Period{0, 6, 0}, Rounding::kError);
  EXPECT_FALSE(e.date);
  EXPECT_NE(e.note.find("2026-02-31 does not exist"), std::string::npos) << e.note;
  auto down = add_period(d("2025-08-31"), Period{0, 6, 0}, Rounding::kDown);
  EXPECT_EQ(down.date->iso(), "2026-02-28");
  EXPECT_TRUE(down.rounded);
  auto up = add_period(d("2025-08-31"), Period{0, 6, 0}, Rounding::kUp);
  EXPECT_EQ(up.date->iso(), "2026-03-01");
  EXPECT_TRUE(up.rounded);
}

TEST(Date, FirstDayOfNthMonthAfter) {
  EXPECT_EQ(first_day_of_nth_month_after(d("1998-09-16"), 6)->iso(), "1999-03-01");
  EXPECT_EQ(first_day_of_nth_month_after(d("2003-05-12"), 6)->iso(), "2003-11-01");
  EXPECT_EQ(first_day_of_nth_month_after(d("2025-06-25"), 6)->iso(), "2025-12-01");
  EXPECT_EQ(first_day_of_nth_month_after(d("2025-07-31"), 6)->iso(), "2026-01-01");
  EXPECT_EQ(first_day_of_nth_month_after(d("2025-12-01"), 1)->iso(), "2026-01-01");
}

TEST(PeerVectors, ExactComputations) {
  auto rows = read_vectors("exact_computations.csv");
  ASSERT_GE(rows.size(), 19u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 3u);
    for (Rounding mode : {Rounding::kError, Rounding::kUp, Rounding::kDown}) {
      auto res = add_period(d(r[0].c_str()), parse_period(r[1]), mode);
      ASSERT_TRUE(res.date) << r[0] << " + " << r[1];
      EXPECT_EQ(res.date->iso(), r[2]) << r[0] << " + " << r[1];
      EXPECT_FALSE(res.rounded);
    }
  }
}

TEST(PeerVectors, AmbiguousComputations) {
  auto rows = read_vectors("ambiguous_computations.csv");
  ASSERT_GE(rows.size(), 11u);
  for (const auto& r : rows) {
    ASSERT_EQ(r.size(), 4u);
    const Period p = parse_period(r[1]);
    auto up = add_period(d(r[0].c_str()), p, Rounding::kUp);
    auto down = add_period(d(r[0].c_str()), p, Rounding::kDown);
    auto abort = add_period(d(r[0].c_str()), p, Rounding::kError);
    EXPECT_EQ(up.date->iso(), r[2]) << r[0] << " +up " << r[1];
    EXPECT_EQ(down.date->iso(), r[3]) << r[0] << " +down " << r[1];
    EXPECT_TRUE(up.rounded && down.rounded);
    EXPECT_FALSE(abort.date) << r[0] << " + " << r[1] << " must abort";
  }
}

TEST(PeerVectors, FirstLastDayOfMonth) {
  auto rows = read_vectors("first_last_day_of_month.csv");
  ASSERT_GE(rows.size(), 2u);
  for (const auto& r : rows) {
    EXPECT_EQ(d(r[0].c_str()).first_of_month().iso(), r[1]);
    EXPECT_EQ(d(r[0].c_str()).last_of_month().iso(), r[2]);
  }
}

// Issue 11: the calendar is 0001-01-01..9999-12-31; nothing parses or computes outside it.
TEST(Date, OnlyYearsOneTo9999) {
  EXPECT_EQ(Date::min().iso(), "0001-01-01");
  EXPECT_EQ(Date::max().iso(), "9999-12-31");
  EXPECT_TRUE(Date::parse("0001-01-01"));
  EXPECT_TRUE(Date::parse("9999-12-31"));
  for (const char* bad : {"0000-12-31", "10000-01-01", "+10000-01-01", "-0001-01-01", "+2025-01-01", "99999-12-31"}) {
    EXPECT_FALSE(Date::parse(bad)) << bad;
    EXPECT_EQ(Date::parse_error(bad), "years 0001 to 9999 only (YYYY-MM-DD)") << bad;
  }
  EXPECT_FALSE(Date::from_ymd(0, 12, 31));
  EXPECT_FALSE(Date::from_ymd(10000, 1, 1));
  EXPECT_EQ(Date::parse_error("2025-06-27"), "");
  EXPECT_EQ(Date::parse_error("2025-02-30"), "2025-02-30 does not exist (February 2025 has 28 days)");
  EXPECT_EQ(Date::parse_error("2025-13-01"), "there is no month 13");
  EXPECT_EQ(Date::parse_error("27/06/2025"), "expected YYYY-MM-DD");
  EXPECT_EQ(Date::parse_error(""), "expected YYYY-MM-DD");
  EXPECT_EQ(Date::parse_error("2025-6-27"), "expected YYYY-MM-DD");
}

TEST(Date, ArithmeticNeverLeavesTheCalendar) {
  EXPECT_EQ(d("9999-12-30").add_days(1)->iso(), "9999-12-31");
  EXPECT_FALSE(d("9999-12-31").add_days(1));
  EXPECT_EQ(d("0001-01-02").add_days(-1)->iso(), "0001-01-01");
  EXPECT_FALSE(d("0001-01-01").add_days(-1));
  EXPECT_FALSE(d("2025-01-01").add_days(INT64_MAX));
  EXPECT_FALSE(d("2025-01-01").add_days(INT64_MIN));
  EXPECT_EQ(d("2025-01-01").add_days(Date::max().days() - d("2025-01-01").days())->iso(), "9999-12-31");
  EXPECT_FALSE(Date::from_days(INT32_MAX).add_days(0));

  auto years = add_period(d("9990-06-27"), Period{10, 0, 0}, Rounding::kError);
  EXPECT_FALSE(years.date);
  EXPECT_NE(years.note.find("is after 9999-12-31"), std::string::npos) << years.note;
  auto days = add_period(d("9999-12-01"), Period{0, 0, 31}, Rounding::kError);
  EXPECT_FALSE(days.date);
  EXPECT_NE(days.note.find("is after 9999-12-31"), std::string::npos) << days.note;
  EXPECT_EQ(add_period(d("9999-12-01"), Period{0, 0, 30}, Rounding::kError).date->iso(), "9999-12-31");
  auto back = add_period(d("0001-06-01"), Period{-1, 0, 0}, Rounding::kError);
  EXPECT_FALSE(back.date);
  EXPECT_NE(back.note.find("is before 0001-01-01"), std::string::npos) << back.note;
  // Rounding up to the last month (December always has day 31: never past it).
  auto up = add_period(d("9999-10-31"), Period{0, 1, 0}, Rounding::kUp);
  EXPECT_EQ(up.date->iso(), "9999-12-01");
  // Huge periods: no overflow, no date.
  EXPECT_FALSE(add_period(d("2025-01-01"), Period{INT32_MAX, INT32_MAX, INT32_MAX}, Rounding::kUp).date);
  EXPECT_FALSE(add_period(d("2025-01-01"), Period{INT32_MIN, INT32_MIN, INT32_MIN}, Rounding::kDown).date);

  EXPECT_EQ(first_day_of_nth_month_after(d("9999-11-15"), 1)->iso(), "9999-12-01");
  EXPECT_FALSE(first_day_of_nth_month_after(d("9999-12-15"), 1));
  EXPECT_FALSE(first_day_of_nth_month_after(d("2025-01-01"), INT32_MAX));
  EXPECT_FALSE(first_day_of_nth_month_after(d("2025-01-01"), INT32_MIN));
  // Unchecked steps saturate instead of overflowing.
  EXPECT_EQ(Date::from_days(INT32_MAX).plus_days(1).days(), INT32_MAX);
  EXPECT_FALSE(Date::from_days(INT32_MAX).in_range());
  EXPECT_FALSE(Date::from_days(INT32_MIN).iso().empty());
}
