// Malformed input never crashes or corrupts: every truncation and thousands of random
// mutations of a real notification and of the bundled CSV, under the sanitizers.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

#include "core/date.h"
#include "ingest/cn_parser.h"
#include "ingest/csv.h"

#include "support.h"

using namespace pacta;
using test::read;

namespace {

std::string mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 3), byte(0, 255);
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const size_t at = rng() % s.size();
    switch (op(rng)) {
      case 0: s[at] = static_cast<char>(byte(rng)); break;
      case 1: s.erase(at, 1 + rng() % 40); break;
      case 2: s.insert(at, std::string(1 + rng() % 5, static_cast<char>(byte(rng)))); break;
      default: s.insert(at, s.substr(rng() % s.size(), 30)); break;
    }
  }
  return s;
}

}  // namespace

TEST(Robustness, NotificationTruncatedAnywhere) {
  const std::string text = read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt");
  int complete = 0;
  for (size_t n = 0; n <= text.size(); n += 41) {
    auto r = parse_notification(text.substr(0, n), "cut");
    if (r && r->missing.empty()) ++complete;
  }
  // Only a text that reaches the notification's own date is complete.
  EXPECT_LE(complete, 2);
}

TEST(Robustness, NotificationRandomMutations) {
  const std::string text = read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt");
  std::mt19937 rng(20251227);
  int parsed = 0;
  // The parser is a linear scanner (it was std::regex, too slow for more than a few hundred).
  for (int i = 0; i < 1000; ++i) {
    auto r = parse_notification(mutate(text, rng), "fuzz");
    if (r) {
      ++parsed;
      if (r->effected_on) {
        EXPECT_TRUE(Date::parse(r->effected_on->iso()));
      }
    } else {
      EXPECT_NE(r.message().find("fuzz"), std::string::npos);
    }
  }
  EXPECT_GT(parsed, 0);
}

TEST(Robustness, CsvTruncatedAndMutated) {
  const std::string text = read(std::string(PACTA_SOURCE_DIR) + "/data/apmbc/steps.csv");
  const std::vector<std::string> cols = {"state", "date", "kind", "body", "description", "source"};
  for (size_t n = 0; n <= text.size(); n += 17) {
    auto r = parse_csv(text.substr(0, n), "steps.csv", cols);
    if (!r) {
      EXPECT_EQ(r.message().rfind("steps.csv", 0), 0u) << r.message();
    }
  }
  std::mt19937 rng(161);
  for (int i = 0; i < 1500; ++i) {
    auto r = parse_csv(mutate(text, rng), "steps.csv", cols);
    if (!r) {
      EXPECT_EQ(r.message().rfind("steps.csv", 0), 0u) << r.message();
    }
  }
}

TEST(Robustness, DatesFromNoise) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s(10, ' ');
    for (char& c : s) c = "0123456789-/ x"[rng() % 14];
    if (auto d = Date::parse(s)) {
      EXPECT_EQ(d->iso(), s);
    }
  }
}
