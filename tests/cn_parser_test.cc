// Reading real depositary notifications, field by field.
#include "ingest/cn_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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
