// Reading real depositary notifications, field by field.
#include "ingest/cn_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../fuzz/cn_regex_oracle.h"
#include "support.h"

using namespace pacta;
using test::read;

namespace {

void expect_lithuania(const ParsedNotification& n) {
  EXPECT_EQ(n.reference, "C.N.362.2025.TREATIES-XXVI.5");
  EXPECT_EQ(n.number, 362);
  EXPECT_EQ(n.year, 2025);
  EXPECT_EQ(n.chapter, "XXVI-5");
  EXPECT_EQ(n.heading, "LITHUANIA: NOTIFICATION OF WITHDRAWAL");
  EXPECT_EQ(n.state_text, "LITHUANIA");
  ASSERT_TRUE(n.kind);
  EXPECT_EQ(*n.kind, ActionKind::kWithdrawal);
  EXPECT_EQ(n.effected_on->iso(), "2025-06-27");
  EXPECT_EQ(n.stated_effect->iso(), "2025-12-27");
  EXPECT_EQ(n.issued_on->iso(), "2025-07-03");
  ASSERT_EQ(n.earlier_references.size(), 1u);
  EXPECT_EQ(n.earlier_references[0], "C.N.381.2003.TREATIES-XXVI.5");
  EXPECT_EQ(n.title.rfind("CONVENTION ON THE PROHIBITION OF THE USE, STOCKPILING", 0), 0u) << n.title;
  EXPECT_EQ(n.instrument_text.rfind("... the Republic of Lithuania has reconsidered its position", 0), 0u);
  EXPECT_NE(n.instrument_text.find("the Republic of Lithuania withdraws from the Convention."), std::string::npos);
  // The footnote and the page break inside the quoted text are not part of the instrument.
  EXPECT_EQ(n.instrument_text.find("Refer to depositary notification"), std::string::npos);
  EXPECT_EQ(n.instrument_text.find("<sup>"), std::string::npos);
  EXPECT_NE(n.instrument_text.find("Lithuania recognizes that there are no guarantees"), std::string::npos);
  EXPECT_TRUE(n.missing.empty());
}

}  // namespace

TEST(CnParser, SeedNotification) {
  auto r = parse_notification(read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt"), "seed");
  ASSERT_TRUE(r) << r.message();
  expect_lithuania(*r);
}

TEST(CnParser, SharedCopyOfTheSame) {
  auto r = parse_notification(read(std::string(PACTA_SHARED_DIR) + "/cn/CN.362.2025.TREATIES-XXVI.5.txt"), "cn");
  ASSERT_TRUE(r) << r.message();
  expect_lithuania(*r);
}

TEST(CnParser, PartialParisCommunicationNamesWhatIsMissing) {
  auto r = parse_notification(read(std::string(PACTA_SHARED_DIR) + "/cn/CN.464.2017.TREATIES-XXVII.7.d.txt"), "cn");
  ASSERT_TRUE(r) << r.message();
  const ParsedNotification& n = *r;
  EXPECT_EQ(n.reference, "C.N.464.2017.TREATIES-XXVII.7.d");
  EXPECT_EQ(n.chapter, "XXVII-7-d");
  EXPECT_EQ(n.effected_on->iso(), "2017-08-04");
  EXPECT_FALSE(n.issued_on);
  EXPECT_TRUE(n.heading.empty());
  EXPECT_EQ(n.instrument_text.rfind("August 4, 2017", 0), 0u);
  EXPECT_NE(n.instrument_text.find("intends to exercise its right to"), std::string::npos);
  EXPECT_NE(n.instrument_text.find("communication relating to the Agreement."), std::string::npos);
  EXPECT_EQ(n.instrument_text.find("Attention: Treaty Services"), std::string::npos);
  ASSERT_EQ(n.missing.size(), 3u);
  EXPECT_NE(n.missing[0].find("STATE: ACTION"), std::string::npos);
}

TEST(CnParser, EveryFileInSharedCnParses) {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PACTA_SHARED_DIR) + "/cn")) {
    if (e.path().filename() == "README.md") continue;
    auto r = parse_notification(read(e.path().string()), e.path().string());
    ASSERT_TRUE(r) << r.message();
    // The file is named after its reference.
    std::string want = e.path().stem().string();  // CN.362.2025.TREATIES-XXVI.5
    EXPECT_EQ("C.N." + want.substr(3), r->reference);
    EXPECT_TRUE(r->effected_on) << e.path();
    ++files;
  }
  EXPECT_GE(files, 2);
}

TEST(CnParser, NotANotification) {
  auto r = parse_notification("Seimas denounces the Convention\nPress release, 8 May 2025\n", "press.txt");
  ASSERT_FALSE(r);
  EXPECT_NE(r.message().find("press.txt: not a depositary notification"), std::string::npos);
}

TEST(CnParser, TruncatedNotification) {
  std::string text = read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt");
  auto r = parse_notification(text.substr(0, text.find("The above action")), "cut.txt");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->effected_on);
  bool names_effected = false;
  for (const std::string& m : r->missing) names_effected = names_effected || m.find("effected on") != std::string::npos;
  EXPECT_TRUE(names_effected);
}

TEST(CnParser, DatesAndHeadings) {
  EXPECT_EQ(parse_long_date("27 June 2025")->iso(), "2025-06-27");
  EXPECT_EQ(parse_long_date("August 4, 2017")->iso(), "2017-08-04");
  EXPECT_FALSE(parse_long_date("31 February 2025"));
  EXPECT_EQ(*parse_action_heading("NOTIFICATION OF WITHDRAWAL"), ActionKind::kWithdrawal);
  EXPECT_EQ(*parse_action_heading("WITHDRAWAL OF NOTIFICATION OF WITHDRAWAL"), ActionKind::kWithdrawalRevocation);
  EXPECT_EQ(*parse_action_heading("RATIFICATION"), ActionKind::kRatification);
  EXPECT_EQ(*parse_action_heading("ACCESSION"), ActionKind::kAccession);
  EXPECT_EQ(*parse_action_heading("COMMUNICATION"), ActionKind::kCommunication);
}

// Issue 11: the parser is a linear scanner with a bounded stack. std::regex overflowed the
// stack on 50,000 spaces and took 30 s on 20,000; these inputs must now take milliseconds.
TEST(CnParser, HostileTextsTakeLinearTime) {
  const std::string seed = read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt");
  const std::vector<std::string> runs = {" ", "\t", "1", "a", "C.N.1.", "<sup>", " on ", "take effect for x on ",
                                         "The above action was effected on ", "1 ", "A ", "Z:", "C.N.1.2025.TREATIES-"};
  const auto started = std::chrono::steady_clock::now();
  for (const std::string& run : runs) {
    std::string many;
    while (many.size() < 100000) many += run;
    for (const std::string& text : {many, "Reference: " + many, seed + many, many + seed, seed + "\n" + many + "\n" + seed}) {
      auto r = parse_notification(text, "long");
      if (r) {
        EXPECT_FALSE(r->reference.empty());
      }
      (void)parse_long_date(text);
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // About 6 MB of text, a second or two under the sanitizers (std::regex: a crash).
  EXPECT_LT(seconds, 30.0);
}

TEST(CnParser, ReferenceNumberTooLargeIsNotTheReference) {
  auto r = parse_notification("Reference: C.N.99999999999.2025.TREATIES-XXVI.5\n", "big");
  ASSERT_FALSE(r);
  auto ok = parse_notification("Reference: C.N.2147483647.2025.TREATIES-XXVI.5 and C.N.99999999999.2025.TREATIES-XXVI.5\n", "big");
  ASSERT_TRUE(ok) << ok.message();
  EXPECT_EQ(ok->number, 2147483647);
  ASSERT_EQ(ok->earlier_references.size(), 1u);
}

// The scanner gives what the std::regex parser gave (fuzz/cn_regex_oracle.h), on the real
// notifications, on the variants of the patterns' edges, and on random mutations.
TEST(CnParser, SameResultsAsTheRegexParser) {
  std::vector<std::string> texts;
  for (const auto& dir : {std::string(PACTA_SHARED_DIR) + "/cn", std::string(PACTA_SHARED_DIR) + "/seeds"})
    for (const auto& e : std::filesystem::directory_iterator(dir)) texts.push_back(read(e.path().string()));
  const std::string head = "Reference: C.N.362.2025.TREATIES-XXVI.5 (Depositary Notification)\n";
  for (const char* edge : {
           "LITHUANIA: NOTIFICATION OF WITHDRAWAL", "LITHUANIA:NOTIFICATION", "L: X", "LI: XY", "LI:  XY", "Li: XY",
           "CÔTE D’IVOIRE: RATIFICATION", "A.B: C.D", "A: B: C", "LITHUANIA: ", ": RATIFICATION", "AB:\tCD",
           "The above action was effected on 27 June 2025.", "The above action was effected on 27 June 2025",
           "The above action was effected on .", "The above action was effected on ..", "The above action was effected on ",
           "x\rThe above action was effected on 1 May 2025.", "The above action was effected on 1\rMay 2025",
           "would take effect for Lithuania on 27 December 2025.", "take effect for  on 1 May 2025",
           "take effect for x on 123 May 2025 on 1 May 2025", "enter into force for X on May 4, 2017",
           "take effect for X on May 44, 2017 and take effect for Y on 3 June 2020", "take effect for a\rb on 1 May 2025",
           "take effect for X on 1 May 20", "3 July 2025", "03 July 2025", "123 July 2025", "3 JULY 2025", "3 July 20255",
           "PARIS, 12 DECEMBER 2015", "C.N.1.2025.TREATIES-XXVI-5-a.b", "c. n. 1.2025. treaties.xxvi.5", "C.N.1.20255.TREATIES-X1",
           "C.N.1.2025TREATIES-X.1", "C.N.1.2025.TREATIES-X-.1", "C.N.1.2025.TREATIES-X1..2", "C.N.1.2025.TREATIES.XXVI-8",
           "x <sup>1</sup> y", "x<sup> 12 </sup>", "x  \t <sup>1</sup>", "x <sup>a</sup>", "<sup></sup><sup>1</sup>",
           "a \t b", "31 February 2025", "February 31, 2025", "xAugust 4, 2017", "August 4,2017", "August  04, 2017",
           "1 Foo 2 May 2025", "The above action was effected on 1 Foo 2 May 2025.", "***", "\\*\\*\\*", "---"}) {
    texts.push_back(head + edge + "\n");
    texts.push_back(head + "\nX\nLITHUANIA: WITHDRAWAL\nThe above action was effected on 27 June 2025.\n" + edge + "\n3 July 2025\n");
  }
  std::mt19937 rng(1111);
  const std::string base = read(std::string(PACTA_SHARED_DIR) + "/seeds/002_0b0a2e4d531a23f4.txt");
  const std::string paris = read(std::string(PACTA_SHARED_DIR) + "/cn/CN.464.2017.TREATIES-XXVII.7.d.txt");
  for (int i = 0; i < 200; ++i) {
    std::string s = i % 2 ? base : paris;
    const int edits = 1 + static_cast<int>(rng() % 10);
    for (int k = 0; k < edits && !s.empty(); ++k) {
      const size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = "0123456789 :.,-\r\nCNAZaz<>/*"[rng() % 28]; break;
        case 1: s.erase(at, 1 + rng() % 20); break;
        case 2: s.insert(at, std::string(1 + rng() % 3, "0 .:\r"[rng() % 5])); break;
        default: s.insert(at, s.substr(rng() % s.size(), 40)); break;
      }
    }
    texts.push_back(s);
  }
  for (const std::string& t : texts) {
    for (const std::string& text : {t, "Reference: C.N.1.2025.TREATIES-XXVI.5\n" + t}) {
      std::string want;
      try {
        want = regex_oracle::dump(regex_oracle::parse_notification(text, "t"));
      } catch (const std::exception&) {
        continue;  // the old parser threw (a number too large for stoi)
      }
      EXPECT_EQ(regex_oracle::dump(parse_notification(text, "t")), want) << text;
    }
    EXPECT_EQ(parse_long_date(t), regex_oracle::parse_long_date(t)) << t;
  }
}

// Found by fuzz/cn_parser_fuzz.cc: the notification's own reference, met before its
// "Reference" line (a page header), was listed among the earlier references.
TEST(CnParser, OwnReferenceIsNeverAnEarlierOne) {
  auto r = parse_notification("C.N.362.2025.TREATIES-XXVI.5\nReference: C.N.362.2025.TREATIES-XXVI.5\nC.N.381.2003.TREATIES-XXVI.5\n", "t");
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(r->reference, "C.N.362.2025.TREATIES-XXVI.5");
  ASSERT_EQ(r->earlier_references.size(), 1u);
  EXPECT_EQ(r->earlier_references[0], "C.N.381.2003.TREATIES-XXVI.5");
}
