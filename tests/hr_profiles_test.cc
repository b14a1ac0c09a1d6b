// The eighteen UN human-rights treaty profiles (treaties/<id>.toml): each loads; the numbers
// taken from its final clauses (threshold, delays, notice, earliest denunciation, conditions)
// are what the text says, and the quoted words say them; its chapter, title, place and date of
// adoption are those of the saved UN status page (data/untc/<file>.html.gz).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "rules/profile.h"

using namespace pacta;

namespace {

struct D {  // a delay as the profile states it
  int years = 0, months = 0, days = 0, first_day_after = 0;
};

struct Expect {
  std::string id, untc, self_name;
  int threshold;
  D eif, state;
  std::optional<D> notice;  // none: no denunciation clause
  int earliest_years = 0;
  size_t conditions = 0;
  std::vector<std::string> eif_words, state_words, notice_words;
};

// What each text says (the words must be in the quotes; the numbers in the rules).
const std::vector<Expect>& expected() {
  static const std::vector<Expect> e = {
      {"cerd", "cerd", "Convention", 27, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day after", "twenty-seventh instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"icescr", "icescr", "Covenant", 35, {0, 3}, {0, 3}, std::nullopt, 0, 0,
       {"three months after", "thirty-fifth instrument"}, {"three months after"}, {}},
      {"icescr_op", "icescr_op", "Protocol", 10, {0, 3}, {0, 3}, D{0, 6}, 0, 0,
       {"three months after", "tenth instrument"}, {"three months after"}, {"six months after the date of receipt"}},
      {"iccpr", "iccpr", "Covenant", 35, {0, 3}, {0, 3}, std::nullopt, 0, 0,
       {"three months after", "thirty-fifth instrument"}, {"three months after"}, {}},
      {"iccpr_op1", "iccpr_op1", "Protocol", 10, {0, 3}, {0, 3}, D{0, 3}, 0, 0,
       {"three months after", "tenth instrument"}, {"three months after"}, {"three months after the date of receipt"}},
      {"iccpr_op2", "iccpr_op2", "Protocol", 10, {0, 3}, {0, 3}, std::nullopt, 0, 0,
       {"three months after", "tenth instrument"}, {"three months after"}, {}},
      {"cedaw", "cedaw", "Convention", 20, {0, 0, 30}, {0, 0, 30}, std::nullopt, 0, 0,
       {"thirtieth day after", "twentieth instrument"}, {"thirtieth day after"}, {}},
      {"cedaw_op", "cedaw_op", "Protocol", 10, {0, 3}, {0, 3}, D{0, 6}, 0, 0,
       {"three months after", "tenth instrument"}, {"three months after"}, {"six months after the date of receipt"}},
      {"cat", "cat", "Convention", 20, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day after", "twentieth instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"opcat", "cat_op", "Protocol", 20, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day after", "twentieth instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"crc", "crc", "Convention", 20, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day following", "twentieth instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"crc_opac", "crc_op_ac", "Protocol", 10, {0, 3}, {0, 1}, D{1}, 0, 1,
       {"three months after", "tenth instrument"}, {"one month after"},
       {"one year after the date of receipt", "engaged in armed conflict"}},
      {"crc_opsc", "crc_op_sc", "Protocol", 10, {0, 3}, {0, 1}, D{1}, 0, 0,
       {"three months after", "tenth instrument"}, {"one month after"}, {"one year after the date of receipt"}},
      {"crc_opic", "crc_op_ic", "Protocol", 10, {0, 3}, {0, 3}, D{1}, 0, 0,
       {"three months after", "tenth instrument"}, {"three months after"}, {"un an après la date de réception"}},
      {"icrmw", "cmw", "Convention", 20, {0, 3, 0, 1}, {0, 3, 0, 1}, D{0, 12, 0, 1}, 5, 0,
       {"first day of the month following a period of three months", "twentieth instrument"},
       {"first day of the month following a period of three months"},
       {"first day of the month following the expiration of a period of twelve months"}},
      {"crpd", "crpd", "Convention", 20, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day after", "twentieth instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"crpd_op", "crpd_op", "Protocol", 10, {0, 0, 30}, {0, 0, 30}, D{1}, 0, 0,
       {"thirtieth day after", "tenth instrument"}, {"thirtieth day after"}, {"one year after the date of receipt"}},
      {"ced", "ced", "Convention", 20, {0, 0, 30}, {0, 0, 30}, std::nullopt, 0, 0,
       {"thirtieth day after", "twentieth instrument"}, {"thirtieth day after"}, {}},
  };
  return e;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string gunzip(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr) << path;
  if (!f) return out;
  char buf[65536];
  for (int n; (n = gzread(f, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

TreatyProfile load(const std::string& id) {
  const std::string file = std::string(PACTA_SOURCE_DIR) + "/treaties/" + id + ".toml";
  ProfileResult r = parse_profile(read_file(file), file);
  EXPECT_TRUE(r.profile) << r.error;
  return r.profile ? *r.profile : TreatyProfile{};
}

// The status page's heading: MTDSG number as in its address ("IV-3-a"), title, "New York, D".
struct Heading {
  std::string mtdsg, title, date;
};
std::optional<Heading> heading(const std::string& html) {
  const size_t at = html.find("STATUS AS AT");
  if (at == std::string::npos) return std::nullopt;
  std::string text = std::regex_replace(html.substr(at, 8000), std::regex("<[^>]*>"), " ");
  text = std::regex_replace(text, std::regex("\\s+"), " ");
  std::smatch m;
  if (!std::regex_search(text, m, std::regex("CHAPTER ([IVXLC]+) [A-Z ,]+? (\\d+)\\.(?: ([a-z]))? (.+?) New York, (\\d{1,2} [A-Z][a-z]+ \\d{4}) ")))
    return std::nullopt;
  Heading h;
  h.mtdsg = m[1].str() + "-" + m[2].str() + (m[3].matched ? "-" + m[3].str() : "");
  h.title = m[4].str();
  h.date = m[5].str();
  return h;
}

// 1966-12-16 -> "16 December 1966", as the UN page writes it.
std::string un_date(Date d) {
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  const std::string iso = d.iso();
  return std::to_string(std::stoi(iso.substr(8, 2))) + " " + months[std::stoi(iso.substr(5, 2)) - 1] + " " + iso.substr(0, 4);
}

void expect_delay(const Delay& got, const D& want, const std::string& what) {
  EXPECT_EQ(got.period.years, want.years) << what;
  EXPECT_EQ(got.period.months, want.months) << what;
  EXPECT_EQ(got.period.days, want.days) << what;
  EXPECT_EQ(got.first_day_of_nth_month_after.value_or(0), want.first_day_after) << what;
  EXPECT_FALSE(got.within) << what;
  // A period of months or years says what happens on a missing day (pacta's reading: the last day).
  if (want.years || want.months) {
    EXPECT_EQ(got.rounding, Rounding::kDown) << what;
  }
}

void expect_words(const Citation& c, const std::vector<std::string>& words, const std::string& what) {
  for (const std::string& w : words) EXPECT_NE(c.quote.find(w), std::string::npos) << what << ": '" << w << "' not in " << c.quote;
}

// A quote is the text itself: no Markdown or editorial remnants of the transcription it came from.
void expect_clean(const Citation& c, const std::string& what) {
  EXPECT_EQ(c.article.rfind("Article", 0), 0u) << what << ": " << c.article;
  EXPECT_FALSE(c.quote.empty()) << what;
  for (const char* bad : {"](", "[", "*", "Treedt", "  ", "Contention", "United nations"})
    EXPECT_EQ(c.quote.find(bad), std::string::npos) << what << ": '" << bad << "' in " << c.quote;
}

}  // namespace

TEST(HumanRightsProfiles, EachLoadsWithTheNumbersItsTextStates) {
  ASSERT_EQ(expected().size(), 18u);
  for (const Expect& e : expected()) {
    SCOPED_TRACE(e.id);
    const TreatyProfile p = load(e.id);
    EXPECT_EQ(p.id, e.id);
    EXPECT_EQ(p.self_name, e.self_name);
    EXPECT_EQ(p.depositary, "Secretary-General of the United Nations");
    EXPECT_EQ(p.entry_into_force.threshold, e.threshold);
    EXPECT_FALSE(p.entry_into_force.threshold_met_by_fact);
    expect_delay(p.entry_into_force.delay, e.eif, "entry_into_force");
    expect_delay(p.entry_into_force_for_state.delay, e.state, "entry_into_force_for_state");
    expect_words(p.entry_into_force.cite, e.eif_words, "entry_into_force");
    expect_words(p.entry_into_force_for_state.cite, e.state_words, "entry_into_force_for_state");
    for (const Citation* c : {&p.signature.cite, &p.consent.cite, &p.entry_into_force.cite, &p.entry_into_force_for_state.cite})
      expect_clean(*c, c->article);
    // Ratification and accession count; succession is accepted from new States (depositary practice).
    EXPECT_NE(std::find(p.consent.by_signatories.begin(), p.consent.by_signatories.end(), ActionKind::kRatification),
              p.consent.by_signatories.end());
    EXPECT_NE(std::find(p.consent.by_any.begin(), p.consent.by_any.end(), ActionKind::kSuccession), p.consent.by_any.end());
    EXPECT_TRUE(p.succession);
    ASSERT_EQ(p.withdrawal.has_value(), e.notice.has_value()) << "denunciation clause";
    if (!p.withdrawal) continue;
    expect_delay(p.withdrawal->notice, *e.notice, "withdrawal.notice");
    expect_words(p.withdrawal->cite, e.notice_words, "withdrawal");
    expect_clean(p.withdrawal->cite, "withdrawal");
    EXPECT_FALSE(p.withdrawal->later_date_allowed);
    EXPECT_FALSE(p.withdrawal->text_required);
    EXPECT_EQ(p.withdrawal->conditions.size(), e.conditions);
    EXPECT_EQ(p.withdrawal->earliest_after_entry_into_force.has_value(), e.earliest_years > 0);
    if (p.withdrawal->earliest_after_entry_into_force) {
      EXPECT_EQ(p.withdrawal->earliest_after_entry_into_force->years, e.earliest_years);
      EXPECT_NE(p.withdrawal->earliest_cite->quote.find("not earlier than five years"), std::string::npos);
    }
  }
}

TEST(HumanRightsProfiles, ChapterTitlePlaceAndDateAreTheStatusPages) {
  for (const Expect& e : expected()) {
    SCOPED_TRACE(e.id);
    const TreatyProfile p = load(e.id);
    const std::optional<Heading> h = heading(gunzip(std::string(PACTA_SOURCE_DIR) + "/data/untc/" + e.untc + ".html.gz"));
    ASSERT_TRUE(h) << "no heading found in data/untc/" << e.untc << ".html.gz";
    EXPECT_EQ(p.chapter, h->mtdsg);
    EXPECT_EQ(p.title, h->title);
    EXPECT_EQ(p.place, "New York");
    EXPECT_EQ(un_date(p.adopted), h->date);
  }
}

// The rules as they compute: one date each, so a changed number or rounding is caught.
TEST(HumanRightsProfiles, DelaysComputeAsTheTextsSay) {
  const Date d0 = *Date::parse("2003-03-14");  // ICRMW's twentieth instrument: in force 1 July 2003
  EXPECT_EQ(apply_delay(d0, load("icrmw").entry_into_force.delay).date->iso(), "2003-07-01");
  EXPECT_EQ(apply_delay(*Date::parse("1987-05-27"), load("cat").entry_into_force.delay).date->iso(), "1987-06-26");
  EXPECT_EQ(apply_delay(*Date::parse("1990-08-03"), load("crc").entry_into_force.delay).date->iso(), "1990-09-02");
  EXPECT_EQ(apply_delay(*Date::parse("1975-12-23"), load("iccpr").entry_into_force.delay).date->iso(), "1976-03-23");
  // Denunciations: ICCPR-OP1 three months (Jamaica, 23 October 1997 -> 23 January 1998);
  // ICRMW twelve months, then the first day of the next month.
  EXPECT_EQ(apply_delay(*Date::parse("1997-10-23"), load("iccpr_op1").withdrawal->notice).date->iso(), "1998-01-23");
  EXPECT_EQ(apply_delay(*Date::parse("2020-03-15"), load("icrmw").withdrawal->notice).date->iso(), "2021-04-01");
  EXPECT_EQ(apply_delay(*Date::parse("2020-02-29"), load("cat").withdrawal->notice).date->iso(), "2021-02-28");
  // A month the target lacks: the last day (pacta's reading, stated in the profiles).
  EXPECT_EQ(apply_delay(*Date::parse("2001-01-31"), load("crc_opac").entry_into_force_for_state.delay).date->iso(), "2001-02-28");
}
