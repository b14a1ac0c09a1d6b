// Beyond one treaty: each bundled profile's entry into force and the named states' effects,
// computed from deposit and receipt dates alone; published counts reproduced from the record.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "depositary/checks.h"
#include "engine/engine.h"
#include "ingest/bundle.h"
#include "ingest/csv.h"
#include "support.h"

using namespace pacta;

namespace {

Date d(const char* s) { return *Date::parse(s); }

const TreatyView& view(const std::string& id) {
  static std::map<std::string, std::unique_ptr<TreatyView>> views;
  auto& v = views[id];
  if (!v) v = std::make_unique<TreatyView>(test::bundled_profile(id), test::bundled_record(id));
  return *v;
}

Status status(const std::string& treaty, const std::string& state, const char* on) {
  const ParticipantView* p = view(treaty).participant(state);
  return p ? p->status_on(d(on)) : Status::kNone;
}

std::string all_text(const std::vector<Reason>& why) {
  std::string s;
  for (const Reason& r : why) s += r.text + "\n";
  return s;
}

Action act(const std::string& treaty, const std::string& state, ActionKind k, const char* date) {
  Action a;
  a.treaty = treaty;
  a.state = state;
  a.kind = k;
  a.date = d(date);
  a.text = "reasons";
  return a;
}

}  // namespace

TEST(Ccm, EntryIntoForceAndLithuaniasWithdrawal) {
  EXPECT_EQ(view("ccm").entry_into_force()->iso(), "2010-08-01");
  const ParticipantView* ltu = view("ccm").participant("LTU");
  EXPECT_EQ(ltu->entry_into_force->iso(), "2011-09-01");
  EXPECT_EQ(ltu->withdrawal_effective->iso(), "2025-03-06");
  EXPECT_EQ(status("ccm", "LTU", "2025-03-05"), Status::kWithdrawing);
  EXPECT_EQ(status("ccm", "LTU", "2025-03-06"), Status::kWithdrawn);
}

TEST(Rome, EntryIntoForceWithdrawalsAndRevocations) {
  EXPECT_EQ(view("rome").entry_into_force()->iso(), "2002-07-01");
  EXPECT_NE(all_text(view("rome").entry_into_force_why()).find("2002-04-11"), std::string::npos);
  EXPECT_EQ(view("rome").participant("BDI")->withdrawal_effective->iso(), "2017-10-27");
  EXPECT_EQ(status("rome", "BDI", "2017-10-26"), Status::kWithdrawing);
  EXPECT_EQ(status("rome", "BDI", "2017-10-27"), Status::kWithdrawn);
  EXPECT_EQ(view("rome").participant("PHL")->withdrawal_effective->iso(), "2019-03-17");
  // Revoked before taking effect: still parties.
  for (const char* s : {"ZAF", "GMB"}) {
    EXPECT_EQ(status("rome", s, "2018-01-01"), Status::kParty) << s;
    EXPECT_FALSE(view("rome").participant(s)->withdrawal_effective) << s;
  }
  EXPECT_EQ(status("rome", "ZAF", "2017-01-01"), Status::kWithdrawing);
  // Malaysia's instrument of accession withdrawn before it took effect: never a party.
  EXPECT_EQ(status("rome", "MYS", "2019-04-01"), Status::kContracting);
  EXPECT_EQ(status("rome", "MYS", "2019-07-01"), Status::kNone);
  EXPECT_FALSE(view("rome").participant("MYS")->entry_into_force);
  EXPECT_EQ(view("rome").participant("HUN")->withdrawal_effective->iso(), "2026-06-02");
}

TEST(Rome, NoticesOfNonIntention) {
  // Signatories that told the depositary they do not intend to become parties: the United States
  // (letter of 6 May 2002), Israel (received 28 Aug 2002), Sudan (C.N.612.2008.TREATIES-6,
  // effected 26 Aug 2008). Signatories the day before, not_intending from that day on.
  const std::pair<const char*, const char*> notices[] = {
      {"USA", "2002-05-06"}, {"ISR", "2002-08-28"}, {"SDN", "2008-08-26"}};
  for (const auto& [state, day] : notices) {
    const Date before = *d(day).add_days(-1);
    EXPECT_EQ(view("rome").participant(state)->status_on(before), Status::kSignatory) << state;
    EXPECT_EQ(status("rome", state, day), Status::kNotIntending) << state;
    EXPECT_EQ(status("rome", state, "2026-01-01"), Status::kNotIntending) << state;
  }
  // The Russian Federation's 2016 notice is not recorded (no dated receipt or C.N. found; see
  // data/README.md): a signatory before President Putin's order of 16 Nov 2016 in any case.
  EXPECT_EQ(status("rome", "RUS", "2016-11-15"), Status::kSignatory);
}

TEST(Paris, ThresholdFactWithdrawalAndReturnOfTheUnitedStates) {
  EXPECT_EQ(view("paris").entry_into_force()->iso(), "2016-11-04");
  EXPECT_NE(all_text(view("paris").entry_into_force_why()).find("2016-10-05"), std::string::npos);
  const ParticipantView* usa = view("paris").participant("USA");
  EXPECT_EQ(status("paris", "USA", "2016-11-03"), Status::kContracting);
  EXPECT_EQ(status("paris", "USA", "2016-11-04"), Status::kParty);
  EXPECT_EQ(status("paris", "USA", "2019-11-04"), Status::kWithdrawing);
  EXPECT_EQ(status("paris", "USA", "2020-11-04"), Status::kWithdrawn);
  EXPECT_EQ(status("paris", "USA", "2021-02-18"), Status::kContracting);
  EXPECT_EQ(status("paris", "USA", "2021-02-19"), Status::kParty);
  EXPECT_EQ(status("paris", "USA", "2026-01-26"), Status::kWithdrawing);
  EXPECT_EQ(status("paris", "USA", "2026-01-27"), Status::kWithdrawn);
  EXPECT_EQ(usa->withdrawal_effective->iso(), "2026-01-27");
  // The 2017 letter is a communication: no change of status.
  EXPECT_TRUE(usa->has_communications);
  EXPECT_EQ(status("paris", "USA", "2017-08-05"), Status::kParty);
  // A regional economic integration organisation as a participant.
  EXPECT_EQ(status("paris", "EUU", "2016-11-04"), Status::kParty);
}

TEST(Att, EntryIntoForceAndUnsigning) {
  EXPECT_EQ(view("att").entry_into_force()->iso(), "2014-12-24");
  EXPECT_EQ(status("att", "USA", "2019-07-17"), Status::kSignatory);
  EXPECT_EQ(status("att", "USA", "2019-07-18"), Status::kNotIntending);
  // Art. 22(2), ninety days after deposit: the Republic of Korea (28 Nov 2016) "from February
  // 2017" (ROK Defence White Paper), The Gambia (accession 13 Jun 2024) "in September 2024"
  // (Gambiaj.com), Vanuatu (5 Sep 2025) the 117th.
  EXPECT_EQ(view("att").participant("KOR")->entry_into_force->iso(), "2017-02-26");
  EXPECT_EQ(view("att").participant("GMB")->entry_into_force->iso(), "2024-09-11");
  EXPECT_EQ(view("att").participant("VUT")->entry_into_force->iso(), "2025-12-04");
  EXPECT_EQ(view("att").count_on(d("2025-12-04")).parties, 117);
  EXPECT_EQ(view("att").count_on(d("2025-12-03")).parties, 116);
}

namespace {
// The deadline of one obligation for one state, as the engine derived it.
std::optional<Date> deadline(const std::string& treaty, const std::string& state, const std::string& id) {
  const ParticipantView* p = view(treaty).participant(state);
  if (!p) return std::nullopt;
  for (const DerivedEvent& e : p->derived)
    if (e.kind == "obligation_deadline" && e.label == id) return e.date;
  return std::nullopt;
}
}  // namespace

// Deadlines computed from the deposit dates alone, against the dates the treaty bodies publish.
TEST(Obligations, DeadlinesFromEntryIntoForceForTheState) {
  // ATT Secretariat (thearmstradetreaty.org/reporting.html): initial reports of States that
  // ratified before entry into force were due 23 December 2015.
  EXPECT_EQ(deadline("att", "GBR", "initial_report"), d("2015-12-23"));
  // Small Arms Survey: "Zambia's ATT initial report was due on 17 August 2017" (deposit
  // 20 May 2016, in force for Zambia 18 August 2016).
  EXPECT_EQ(deadline("att", "ZMB", "initial_report"), d("2017-08-17"));
  // CCM ISU: Lao PDR's "CCM Article 4 deadline of 1 August 2020" (ccm3.pronk.se, 2018);
  // BHMAC: Bosnia and Herzegovina's clearance deadline "March 1, 2021" (deposit 7 Sep 2010).
  EXPECT_EQ(deadline("ccm", "LAO", "remnants_clearance"), d("2020-08-01"));
  EXPECT_EQ(deadline("ccm", "BIH", "remnants_clearance"), d("2021-03-01"));
  EXPECT_EQ(deadline("ccm", "BIH", "stockpile_destruction"), d("2019-03-01"));
  EXPECT_EQ(deadline("ccm", "LAO", "initial_transparency_report"), d("2011-01-28"));
  // Every deadline says how it was computed and which article it applies.
  const ParticipantView* zmb = view("att").participant("ZMB");
  for (const DerivedEvent& e : zmb->derived)
    if (e.kind == "obligation_deadline") {
      const std::string why = all_text(e.why);
      EXPECT_NE(why.find("Article 13(1)"), std::string::npos) << why;
      EXPECT_NE(why.find("day before"), std::string::npos) << why;
    }
  EXPECT_FALSE(deadline("rome", "FRA", "initial_report"));
}

TEST(Npt, DprkDisputeIsShownNotDecided) {
  EXPECT_EQ(view("npt").entry_into_force()->iso(), "1970-03-05");
  const ParticipantView* prk = view("npt").participant("PRK");
  ASSERT_NE(prk, nullptr);
  EXPECT_EQ(prk->entry_into_force->iso(), "1985-12-12");
  // 1993: the notice did not take effect.
  EXPECT_EQ(status("npt", "PRK", "1995-01-01"), Status::kParty);
  EXPECT_TRUE(prk->disputed);
  const StatusInterval* after = prk->interval_on(d("2003-06-01"));
  int readings = 0;
  for (const Reason& r : after->why) readings += r.disputed && r.text.rfind("DISPUTED: one reading", 0) == 0;
  EXPECT_EQ(readings, 3);
  const std::string why = all_text(after->why);
  EXPECT_NE(why.find("2003-01-11"), std::string::npos);
  EXPECT_NE(why.find("2003-04-10"), std::string::npos);
  EXPECT_NE(why.find("did not take effect"), std::string::npos);
  EXPECT_NE(why.find("kcna.co.jp"), std::string::npos);
}

TEST(Refusals, ParisWithdrawalBeforeThreeYears) {
  // A state bound from 2016-11-04 may notify withdrawal only from 2019-11-04.
  Action early = act("paris", "USA", ActionKind::kWithdrawal, "2019-11-03");
  Record r = record_for_treaty(test::bundle().record, "paris");
  std::erase_if(r.actions, [](const Action& a) { return a.state == "USA" && a.date >= d("2019-11-03"); });
  TreatyView v(view("paris").profile(), r);
  Outcome o = check_action(v, early, d("2026-11-27"));
  ASSERT_FALSE(o);
  EXPECT_NE(o.message().find("Article 28(1)"), std::string::npos) << o.message();
  EXPECT_NE(o.message().find("2019-11-04"), std::string::npos) << o.message();
  EXPECT_TRUE(check_action(v, act("paris", "USA", ActionKind::kWithdrawal, "2019-11-04"), d("2026-11-27")));
}

TEST(Refusals, RomeRatificationByANonSignatoryAfterSignatureClosed) {
  const TreatyView& v = view("rome");
  Outcome sig = check_action(v, act("rome", "IND", ActionKind::kSignature, "2005-01-10"), d("2026-11-27"));
  ASSERT_FALSE(sig);
  EXPECT_NE(sig.message().find("Article 125(1)"), std::string::npos) << sig.message();
  Outcome rat = check_action(v, act("rome", "IND", ActionKind::kRatification, "2005-01-10"), d("2026-11-27"));
  ASSERT_FALSE(rat);
  EXPECT_NE(rat.message().find("has not signed"), std::string::npos) << rat.message();
  EXPECT_NE(rat.message().find("Article 125(2) and (3)"), std::string::npos) << rat.message();
  EXPECT_TRUE(check_action(v, act("rome", "IND", ActionKind::kAccession, "2005-01-10"), d("2026-11-27")));
}

TEST(Refusals, AttAccessionOnlyOnceInForce) {
  Outcome o = check_action(view("att"), act("att", "XKX", ActionKind::kAccession, "2014-01-10"), d("2026-11-27"));
  ASSERT_FALSE(o);
  EXPECT_NE(o.message().find("Article 21(2) and (3)"), std::string::npos) << o.message();
}

// Every dated, sourced count in data/counts.csv, reproduced from the record. A source that
// counts by deposit is compared with the deposited count, one that counts parties in force
// with the bound count; one that does not say must match one of the two.
TEST(PublishedCounts, ReproducedFromTheRecord) {
  auto t = read_csv_file(std::string(PACTA_SOURCE_DIR) + "/data/counts.csv", {"treaty", "date", "count", "what", "source"});
  ASSERT_TRUE(t) << t.message();
  int checked = 0, partial_checked = 0;
  std::map<std::string, int> per_treaty;
  for (const CsvRow& r : t->rows) {
    const std::string treaty = r.get("treaty");
    const PartyCount n = view(treaty).count_on(d(r.get("date").c_str()));
    const int want = std::stoi(r.get("count"));
    const std::string what = r.get("what");
    const bool by_deposit = what.find("by deposit") != std::string::npos || what.find("deposit count") != std::string::npos ||
                            what.find("instruments") != std::string::npos;
    const bool in_force = what.find("on entry into force") != std::string::npos || what.find("counts by entry into force") != std::string::npos;
    if (view(treaty).profile().record_note.size()) {
      // A partial record can only fall short of a published figure, never exceed it.
      const int have = by_deposit ? n.deposited : in_force ? n.parties : std::min(n.deposited, n.parties);
      EXPECT_LE(have, want) << treaty << " " << r.get("date") << ": " << what << " (partial record)";
      ++partial_checked;
      continue;
    }
    if (by_deposit) EXPECT_EQ(n.deposited, want) << treaty << " " << r.get("date") << ": " << what;
    else if (in_force) EXPECT_EQ(n.parties, want) << treaty << " " << r.get("date") << ": " << what;
    else EXPECT_TRUE(n.deposited == want || n.parties == want)
        << treaty << " " << r.get("date") << ": " << what << " (parties " << n.parties << ", deposited " << n.deposited << ")";
    ++checked;
    ++per_treaty[treaty];
  }
  EXPECT_GE(checked, 20);
  EXPECT_GE(partial_checked, 10);  // the NPT's
  for (const char* id : {"apmbc", "ccm", "rome", "paris", "att"}) EXPECT_GT(per_treaty[id], 0) << id;
  EXPECT_GE(per_treaty["att"], 39);
}
