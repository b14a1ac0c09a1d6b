#include "rules/profile.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace pacta;

namespace {

std::string apmbc_text() {
  std::ifstream in(std::string(PACTA_SOURCE_DIR) + "/treaties/apmbc.toml");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(Profile, OttawaLoadsWithEveryRuleQuoted) {
  ProfileResult r = parse_profile(apmbc_text(), "apmbc.toml");
  ASSERT_TRUE(r.profile) << r.error;
  const TreatyProfile& p = *r.profile;
  EXPECT_EQ(p.id, "apmbc");
  EXPECT_EQ(p.chapter, "XXVI-5");
  EXPECT_EQ(p.entry_into_force.threshold, 40);
  EXPECT_EQ(p.entry_into_force.cite.article, "Article 17(1)");
  EXPECT_EQ(*p.entry_into_force.delay.first_day_of_nth_month_after, 6);
  ASSERT_TRUE(p.withdrawal);
  EXPECT_EQ(p.withdrawal->notice.period.months, 6);
  EXPECT_EQ(p.withdrawal->conditions.size(), 1u);
  EXPECT_NE(p.withdrawal->cite.quote.find("shall only take effect six months after the receipt"), std::string::npos);
  ASSERT_TRUE(p.withdrawal->text_required);
  EXPECT_EQ(p.withdrawal->text_required->article, "Article 20(2)");
  EXPECT_TRUE(p.signature.closes_at_entry_into_force);
  EXPECT_EQ(p.obligations.size(), 3u);
  ASSERT_TRUE(p.succession);
  EXPECT_NE(p.succession->cite.quote.find("from the date of the succession of States"), std::string::npos);
  for (const Obligation& o : p.obligations) EXPECT_FALSE(o.cite.quote.empty()) << o.id;
}

TEST(Profile, ErrorsNameTheKey) {
  std::string text = apmbc_text();
  auto broken = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const size_t at = t.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    t.replace(at, from.size(), to);
    return parse_profile(t, "x.toml");
  };
  auto r = broken("threshold = 40", "threshold = \"forty\"");
  EXPECT_FALSE(r.profile);
  EXPECT_NE(r.error.find("entry_into_force.threshold"), std::string::npos) << r.error;
  r = broken("notice = { months = 6, rounding = \"down\" }", "notice = { months = 6, rounding = \"sideways\" }");
  EXPECT_NE(r.error.find("withdrawal.notice.rounding"), std::string::npos) << r.error;
  r = broken("kind = \"not_during_armed_conflict\"", "kind = \"full_moon\"");
  EXPECT_NE(r.error.find("unknown condition 'full_moon'"), std::string::npos) << r.error;
  r = broken("by_non_signatories = [\"accession\"]", "by_non_signatories = [\"adhesion\"]");
  EXPECT_NE(r.error.find("unknown action kind 'adhesion'"), std::string::npos) << r.error;
  r = broken("effective_from = \"date_of_succession_or_entry_into_force\"", "effective_from = \"deposit\"");
  EXPECT_NE(r.error.find("succession.effective_from"), std::string::npos) << r.error;
  r = broken("delay = { days = 180 }", "delay = { days = 180, within = \"yes\" }");
  EXPECT_NE(r.error.find("obligations.initial_transparency_report.delay.within"), std::string::npos) << r.error;
  r = broken("delay = { days = 180 }", "delay = { within = true }");
  EXPECT_NE(r.error.find("needs a period"), std::string::npos) << r.error;
  r = broken("[withdrawal]\narticle", "[withdrawal\narticle");
  EXPECT_NE(r.error.find("x.toml:"), std::string::npos) << r.error;
  EXPECT_FALSE(parse_profile(text.substr(0, text.size() / 3), "cut.toml").profile);
}

TEST(Delay, DescribesAndApplies) {
  Delay rome;
  rome.period.days = 60;
  rome.first_day_of_nth_month_after = 1;
  EXPECT_EQ(apply_delay(*Date::parse("2002-04-11"), rome).date->iso(), "2002-07-01");
  EXPECT_EQ(rome.describe(), "first day of the 1st month after the month of (60 days after D)");
}

TEST(Delay, WithinEndsTheDayBefore) {
  // ATT art. 13(1), "within the first year after entry into force": the ATT Secretariat gives
  // 23 December 2015 for entry into force on 24 December 2014.
  Delay within;
  within.period.years = 1;
  within.rounding = Rounding::kUp;
  within.within = true;
  EXPECT_EQ(apply_delay(*Date::parse("2014-12-24"), within).date->iso(), "2015-12-23");
  EXPECT_EQ(apply_delay(*Date::parse("2016-02-29"), within).date->iso(), "2017-02-28");
  EXPECT_EQ(apply_delay(*Date::parse("2016-01-01"), within).date->iso(), "2016-12-31");
  EXPECT_NE(within.describe().find("within 1 year after D"), std::string::npos) << within.describe();
  within.within = false;
  EXPECT_EQ(apply_delay(*Date::parse("2014-12-24"), within).date->iso(), "2015-12-24");
}
