#include "rules/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace pacta;

namespace {

std::string apmbc_text() {
  std::ifstream in(std::string(PACTA_SOURCE_DIR) + "/treaties/apmbc.toml");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The Ottawa profile with `from` (its first occurrence) replaced by `to`, parsed as "x.toml".
ProfileResult broken(const std::string& from, const std::string& to) {
  std::string text = apmbc_text();
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return parse_profile(text, "x.toml");
}

// The Ottawa profile without the line that starts with `prefix`.
ProfileResult without_line(const std::string& prefix) {
  std::string text = apmbc_text();
  const size_t at = text.find("\n" + prefix);
  EXPECT_NE(at, std::string::npos) << prefix;
  if (at != std::string::npos) text.erase(at + 1, text.find('\n', at + 1) - at);
  return parse_profile(text, "x.toml");
}

// The Ottawa profile with the tables from the header `header` to the end of the file (or the
// next blank line, for a single table) removed and `line` added at the top level instead.
ProfileResult top_level_instead(const std::string& header, const std::string& line) {
  std::string text = apmbc_text();
  const size_t from = text.find("\n" + header + "\n");
  EXPECT_NE(from, std::string::npos) << header;
  const size_t to = header.starts_with("[[") ? text.size() : text.find("\n\n", from + 1);
  text.erase(from + 1, to - from - 1);
  return parse_profile(text.insert(text.find("\nid = "), "\n" + line), "x.toml");
}

// The load failed with an error naming the file and containing every one of `parts`
// (the table, the key, what was expected).
void expect_error(const ProfileResult& r, std::initializer_list<std::string> parts) {
  EXPECT_FALSE(r.profile);
  EXPECT_EQ(r.error.rfind("x.toml:", 0), 0u) << r.error;
  for (const std::string& part : parts) EXPECT_NE(r.error.find(part), std::string::npos) << "'" << part << "' not in: " << r.error;
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

TEST(Profile, EveryBundledProfileLoads) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PACTA_SOURCE_DIR) + "/treaties"))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 33u);  // six of issues 1 to 5, eighteen UN human-rights instruments (issue 14), nine of issue 15
  std::map<std::string, TreatyProfile> loaded;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::ostringstream ss;
    ss << in.rdbuf();
    ProfileResult r = parse_profile(ss.str(), f.string());
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(r.profile->id, f.stem().string());
    EXPECT_TRUE(r.error.empty()) << r.error;
    loaded.emplace(r.profile->id, *r.profile);
  }
  // What the optional keys give where they are absent or say otherwise.
  EXPECT_TRUE(loaded.at("att").consent.non_signatories_from_entry_into_force);
  EXPECT_FALSE(loaded.at("apmbc").consent.non_signatories_from_entry_into_force);
  EXPECT_TRUE(loaded.at("att").obligations.at(0).delay.within);
  EXPECT_EQ(loaded.at("att").obligations.at(0).delay.rounding, Rounding::kUp);
  EXPECT_TRUE(loaded.at("paris").withdrawal->later_date_allowed);
  EXPECT_EQ(loaded.at("paris").withdrawal->earliest_after_entry_into_force->years, 3);
  EXPECT_EQ(loaded.at("paris").signature.closes->iso(), "2017-04-21");
  EXPECT_TRUE(loaded.at("npt").entry_into_force.threshold_met_by_fact);
  EXPECT_EQ(loaded.at("npt").entry_into_force.threshold, 0);
  EXPECT_EQ(loaded.at("npt").chapter, "");
  EXPECT_FALSE(loaded.at("npt").signature.closes_at_entry_into_force);
  EXPECT_FALSE(loaded.at("npt").signature.closes);
  EXPECT_FALSE(loaded.at("npt").withdrawal->later_date_allowed);
  EXPECT_TRUE(loaded.at("npt").obligations.empty());
  EXPECT_FALSE(loaded.at("rome").withdrawal->text_required);
  EXPECT_TRUE(loaded.at("rome").consent.by_non_signatories.empty());
  EXPECT_EQ(loaded.at("rome").consent.by_any.size(), 2u);
  EXPECT_EQ(loaded.at("ccm").obligations.size(), 3u);
}

TEST(ProfileStrict, UnknownKeyAtTopLevel) {
  expect_error(broken("title = ", "titel = \"x\"\ntitle = "), {"in the top-level table", "key 'titel'", "unknown key", "did you mean 'title'"});
  expect_error(broken("id = \"apmbc\"", "id = \"apmbc\"\nfavourite_colour = \"blue\""),
               {"in the top-level table", "key 'favourite_colour'", "unknown key", "the keys of the top-level table are id, title"});
  // A table of its own is a key of the top level too.
  expect_error(broken("[signature]", "[signatures]\nx = 1\n[signature]"), {"in the top-level table", "key 'signatures'", "did you mean 'signature'"});
}

TEST(ProfileStrict, UnknownKeyInANestedTable) {
  // The error gives the line of the misspelt key.
  const std::string text = apmbc_text();
  const size_t line = std::count(text.begin(), text.begin() + text.find("threshold = 40"), '\n') + 1;
  expect_error(broken("threshold = 40", "thresold = 40"),
               {"x.toml:" + std::to_string(line) + ":", "in [entry_into_force]", "key 'thresold'", "unknown key (did you mean 'threshold'?)"});
  expect_error(broken("notice = { months = 6, ", "notice = { weeks = 26, "), {"in [withdrawal.notice]", "key 'weeks'", "unknown key"});
  expect_error(broken("[withdrawal.text_required]\n", "[withdrawal.text_required]\nreasons = true\n"), {"in [withdrawal.text_required]", "key 'reasons'"});
  expect_error(broken("later_date_allowed = false", "later_date_allowed = false\nfast = true"), {"in [withdrawal]", "key 'fast'"});
}

TEST(ProfileStrict, UnknownKeyInAnArrayOfTablesEntry) {
  expect_error(broken("id = \"mined_areas_clearance\"", "id = \"mined_areas_clearance\"\ndeadline = 10"),
               {"in [[obligations]] #2,", "key 'deadline'", "unknown key"});
  expect_error(broken("kind = \"not_during_armed_conflict\"", "kind = \"not_during_armed_conflict\"\nknd = 1"),
               {"in [[withdrawal.conditions]] #1,", "key 'knd'", "did you mean 'kind'"});
  expect_error(broken("delay = { days = 180 }", "delay = { dayz = 180 }"),
               {"in [obligations.delay] of [[obligations]] #3,", "key 'dayz'", "did you mean 'days'"});
}

TEST(ProfileStrict, WrongTypeForABoolean) {
  expect_error(broken("by_any = [\"succession\"]", "by_any = [\"succession\"]\nnon_signatories_from_entry_into_force = \"yes\""),
               {"in [consent]", "key 'non_signatories_from_entry_into_force'", "expected true or false, found the string \"yes\""});
  expect_error(broken("later_date_allowed = false", "later_date_allowed = 0"),
               {"in [withdrawal]", "key 'later_date_allowed'", "expected true or false, found the integer 0"});
  expect_error(broken("delay = { days = 180 }", "delay = { days = 180, within = \"yes\" }"),
               {"in [obligations.delay] of [[obligations]] #3", "key 'within'", "expected true or false"});
}

TEST(ProfileStrict, WrongTypeForAnInteger) {
  expect_error(broken("threshold = 40", "threshold = \"forty\""),
               {"in [entry_into_force]", "key 'threshold'", "expected a non-negative integer, found the string \"forty\""});
  expect_error(broken("delay = { years = 4, ", "delay = { years = 4.0, "),
               {"in [obligations.delay] of [[obligations]] #1", "key 'years'", "found a floating-point number"});
  expect_error(broken("notice = { months = 6, ", "notice = { months = -6, "), {"in [withdrawal.notice]", "key 'months'", "found the integer -6"});
  expect_error(broken("first_day_of_nth_month_after = 6 }", "first_day_of_nth_month_after = true }"),
               {"in [entry_into_force.delay]", "key 'first_day_of_nth_month_after'", "found true"});
}

TEST(ProfileStrict, WrongTypeForAStringOrDate) {
  expect_error(broken("self_name = \"Convention\"", "self_name = 3"), {"in the top-level table", "key 'self_name'", "expected a string, found the integer 3"});
  expect_error(broken("chapter = \"XXVI-5\"", "chapter = [\"XXVI-5\"]"), {"in the top-level table", "key 'chapter'", "expected a string, found an array"});
  expect_error(broken("article = \"Article 16\"", "article = 16"), {"in [consent]", "key 'article'", "expected a string"});
  expect_error(broken("id = \"stockpile_destruction\"", "id = \"\""), {"in [[obligations]] #1", "key 'id'", "expected a non-empty string"});
  expect_error(broken("rounding = \"down\" }\nlater", "rounding = \"sideways\" }\nlater"),
               {"in [withdrawal.notice]", "key 'rounding'", "expected \"error\", \"up\" or \"down\", found the string \"sideways\""});
  expect_error(broken("adopted = 1997-09-18", "adopted = \"1997-09-18\""), {"in the top-level table", "key 'adopted'", "expected a date"});
  expect_error(broken("opens = 1997-12-03", "opens = 1997-12-03T10:00:00"), {"in [signature]", "key 'opens'", "found a date-time"});
  expect_error(broken("closes = \"entry_into_force\"", "closes = \"never\""), {"in [signature]", "key 'closes'", "expected a date or \"entry_into_force\""});
  expect_error(broken("kind = \"not_during_armed_conflict\"", "kind = \"full_moon\""),
               {"in [[withdrawal.conditions]] #1", "key 'kind'", "unknown condition 'full_moon'"});
  expect_error(broken("effective_from = \"date_of_succession_or_entry_into_force\"", "effective_from = \"deposit\""),
               {"in [succession]", "key 'effective_from'", "found the string \"deposit\""});
}

TEST(ProfileStrict, WrongTypeForAnArray) {
  expect_error(broken("by_signatories = [\"ratification\", \"acceptance\", \"approval\"]", "by_signatories = \"ratification\""),
               {"in [consent]", "key 'by_signatories'", "expected an array of action kinds", "found the string \"ratification\""});
  expect_error(broken("instruments = [\"ratification\", \"acceptance\"", "instruments = [\"ratification\", 2"),
               {"in [entry_into_force]", "key 'instruments'", "element #2 is not a string: found the integer 2"});
  expect_error(broken("by_non_signatories = [\"accession\"]", "by_non_signatories = [\"adhesion\"]"),
               {"in [consent]", "key 'by_non_signatories'", "unknown action kind 'adhesion'"});
  expect_error(broken("sources = [\n", "sources = [\n  42,\n"), {"in the top-level table", "key 'sources'", "element #1 is not a string"});
}

TEST(ProfileStrict, WrongTypeForATable) {
  expect_error(broken("notice = { months = 6, rounding = \"down\" }", "notice = 6"),
               {"in [withdrawal]", "key 'notice'", "expected a table such as { months = 6 }, found the integer 6"});
  expect_error(top_level_instead("[succession]", "succession = true"),
               {"in the top-level table", "key 'succession'", "expected the table [succession], found true"});
  expect_error(top_level_instead("[[obligations]]", "obligations = [1, 2]"),
               {"in the top-level table", "key 'obligations'", "expected tables written [[obligations]], but entry #1 is not a table: found the integer 1"});
  expect_error(top_level_instead("[[obligations]]", "obligations = 3"), {"key 'obligations'", "expected tables written [[obligations]], found the integer 3"});
}

TEST(ProfileStrict, MissingRequiredKey) {
  expect_error(without_line("id = \"apmbc\""), {"in the top-level table", "key 'id'", "missing (required: a non-empty string)"});
  expect_error(without_line("adopted = "), {"in the top-level table", "key 'adopted'", "missing"});
  expect_error(without_line("quote = \"1. This Convention is subject"), {"in [consent]", "key 'quote'", "missing"});
  expect_error(without_line("threshold = 40"), {"in [entry_into_force]", "key 'threshold'", "missing (required: the number of instruments"});
  expect_error(without_line("instruments = "), {"in [entry_into_force]", "key 'instruments'", "missing"});
  expect_error(without_line("notice = "), {"in [withdrawal]", "key 'notice'", "missing (required: a table"});
  expect_error(without_line("effective_from = "), {"in [succession]", "key 'effective_from'", "missing"});
  expect_error(without_line("kind = \"not_during_armed_conflict\""), {"in [[withdrawal.conditions]] #1", "key 'kind'", "missing"});
  expect_error(without_line("title = \"Destroy all anti-personnel mines in mined areas"), {"in [[obligations]] #2,", "key 'title'", "missing"});
  expect_error(broken("[signature]\n", "[signature_]\n"), {"in the top-level table", "key 'signature_'", "unknown key"});
  expect_error(broken("[entry_into_force_for_state]", "[entry_into_force_for_states]"), {"key 'entry_into_force_for_states'"});
}

TEST(ProfileStrict, MissingRequiredTable) {
  std::string text = apmbc_text();
  const size_t from = text.find("[entry_into_force_for_state]");
  text.erase(from, text.find("\n\n", from) - from);
  ProfileResult r = parse_profile(text, "x.toml");
  expect_error(r, {"in the top-level table", "key 'entry_into_force_for_state'", "missing (required: the table [entry_into_force_for_state])"});
}

TEST(ProfileStrict, OtherRulesStillApply) {
  expect_error(broken("delay = { days = 180 }", "delay = { within = true }"), {"key 'within'", "needs a period"});
  expect_error(broken("threshold = 40", "threshold = 0"), {"in [entry_into_force]", "key 'threshold'", "expected a positive number"});
  expect_error(broken("instruments = [\"ratification\", \"acceptance\", \"approval\", \"accession\", \"succession\"]", "instruments = []"),
               {"key 'instruments'", "expected the kinds of instrument that count"});
  // A syntax error is named by file and line.
  expect_error(broken("[withdrawal]\narticle", "[withdrawal\narticle"), {});
  EXPECT_FALSE(parse_profile(apmbc_text().substr(0, apmbc_text().size() / 3), "cut.toml").profile);
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
