// The worked cases of domain.md and the rules one by one, through the engine.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include "ingest/bundle.h"
#include "support.h"

using namespace pacta;

namespace {

Date d(const char* s) { return *Date::parse(s); }

TreatyProfile apmbc() { return test::bundled_profile("apmbc"); }
Record bundled_record() { return test::bundled_record("apmbc"); }

const TreatyView& ottawa() {
  static const TreatyView v(apmbc(), bundled_record());
  return v;
}

std::string all_text(const std::vector<Reason>& why) {
  std::string s;
  for (const Reason& r : why) s += r.text + "\n";
  return s;
}

Action act(const std::string& state, ActionKind kind, const char* date, const std::string& ref = "") {
  Action a;
  a.treaty = "apmbc";
  a.state = state;
  a.kind = kind;
  a.date = d(date);
  a.reference = ref;
  a.prov.known_from = a.date;
  return a;
}

Fact conflict(const std::string& state, const char* from, const char* to = nullptr) {
  Fact f;
  f.state = state;
  f.from = d(from);
  if (to) f.to = d(to);
  f.prov.source = "constructed for a test";
  f.prov.known_from = f.from;
  return f;
}

// A small constructed treaty record: 40 early instruments so the treaty is in force from
// 1999-03-01, plus whatever the test adds.
Record constructed(std::vector<Action> extra, std::vector<Fact> facts = {}) {
  Record r;
  for (int i = 0; i < 40; ++i) r.actions.push_back(act("S" + std::to_string(10 + i), ActionKind::kAccession, "1998-09-16"));
  for (Action& a : extra) r.actions.push_back(a);
  r.facts = std::move(facts);
  int64_t seq = 1;
  for (Action& a : r.actions) a.prov.seq = seq++;
  for (Fact& f : r.facts) f.prov.seq = seq++;
  return r;
}

}  // namespace

TEST(WorkedCase1, TreatyEntersIntoForceAfterThe40thInstrument) {
  ASSERT_TRUE(ottawa().entry_into_force());
  EXPECT_EQ(ottawa().entry_into_force()->iso(), "1999-03-01");
  const std::string why = all_text(ottawa().entry_into_force_why());
  EXPECT_NE(why.find("instrument no. 40"), std::string::npos) << why;
  EXPECT_NE(why.find("1998-09-16"), std::string::npos) << why;
  EXPECT_NE(why.find("Article 17(1)"), std::string::npos) << why;
}

TEST(WorkedCase1, EarlyDepositorBoundFromTheTreatysEntryIntoForce) {
  // Canada ratified on 3 December 1997: contracting until 1 March 1999, then a party.
  const ParticipantView* can = ottawa().participant("CAN");
  ASSERT_NE(can, nullptr);
  EXPECT_EQ(can->status_on(d("1998-07-01")), Status::kContracting);
  EXPECT_EQ(can->status_on(d("1999-02-28")), Status::kContracting);
  EXPECT_EQ(can->status_on(d("1999-03-01")), Status::kParty);
  EXPECT_EQ(can->entry_into_force->iso(), "1999-03-01");
  // A constructed state that ratified in January 1998 is a party from 1 March 1999, not July 1998.
  TreatyView v(apmbc(), constructed({act("XJA", ActionKind::kSignature, "1997-12-03"),
                                     act("XJA", ActionKind::kRatification, "1998-01-15")}));
  EXPECT_EQ(v.participant("XJA")->status_on(d("1998-07-01")), Status::kContracting);
  EXPECT_EQ(v.participant("XJA")->entry_into_force->iso(), "1999-03-01");
}

TEST(WorkedCase2, LaterStateFirstDayOfSixthMonth) {
  const ParticipantView* ltu = ottawa().participant("LTU");
  ASSERT_NE(ltu, nullptr);
  EXPECT_EQ(ltu->entry_into_force->iso(), "2003-11-01");
  EXPECT_EQ(ltu->status_on(d("2003-10-31")), Status::kContracting);
  EXPECT_EQ(ltu->status_on(d("2003-11-01")), Status::kParty);
  const std::string why = all_text(ltu->interval_on(d("2003-11-01"))->why);
  EXPECT_NE(why.find("C.N.381.2003.TREATIES-XXVI.5"), std::string::npos) << why;
  EXPECT_NE(why.find("Article 17(2)"), std::string::npos) << why;
  // Deposited after the 40th but before the treaty's EIF: 17(2) gives the later date.
  TreatyView v(apmbc(), constructed({act("XLA", ActionKind::kAccession, "1998-10-05")}));
  EXPECT_EQ(v.participant("XLA")->entry_into_force->iso(), "1999-04-01");
}

TEST(WorkedCase3, LithuaniaWithdrawsOn27December2025) {
  const ParticipantView* ltu = ottawa().participant("LTU");
  EXPECT_EQ(ltu->status_on(d("2025-06-26")), Status::kParty);
  EXPECT_EQ(ltu->status_on(d("2025-06-27")), Status::kWithdrawing);
  EXPECT_EQ(ltu->status_on(d("2025-12-26")), Status::kWithdrawing);
  EXPECT_EQ(ltu->status_on(d("2025-12-27")), Status::kWithdrawn);
  EXPECT_EQ(ltu->withdrawal_effective->iso(), "2025-12-27");
  const std::string why = all_text(ltu->interval_on(d("2025-12-27"))->why);
  EXPECT_NE(why.find("instrument of withdrawal received 2025-06-27 (C.N.362.2025.TREATIES-XXVI.5) + 6 months = 2025-12-27 [Article 20(3)]"),
            std::string::npos) << why;
  EXPECT_NE(why.find("no armed conflict recorded for LTU on 2025-12-27"), std::string::npos) << why;
  for (const char* s : {"LVA", "EST"}) EXPECT_EQ(ottawa().participant(s)->withdrawal_effective->iso(), "2025-12-27") << s;
  EXPECT_EQ(ottawa().participant("FIN")->withdrawal_effective->iso(), "2026-01-10");
  EXPECT_EQ(ottawa().participant("POL")->withdrawal_effective->iso(), "2026-02-20");
  EXPECT_EQ(ottawa().participant("POL")->status_on(d("2026-02-19")), Status::kWithdrawing);
}

TEST(WorkedCase4, ArmedConflictOnExpiryHoldsTheWithdrawalBack) {
  std::vector<Action> a = {act("XWA", ActionKind::kAccession, "2005-01-10"),
                           act("XWA", ActionKind::kWithdrawal, "2030-03-10")};
  // Conflict holding on expiry, no end recorded: suspended, still a party.
  TreatyView open(apmbc(), constructed(a, {conflict("XWA", "2030-05-01")}));
  const ParticipantView* p = open.participant("XWA");
  EXPECT_EQ(p->status_on(d("2030-09-09")), Status::kWithdrawing);
  EXPECT_EQ(p->status_on(d("2030-09-10")), Status::kWithdrawalSuspended);
  EXPECT_EQ(p->status_on(d("2040-01-01")), Status::kWithdrawalSuspended);
  EXPECT_TRUE(counts_as_party(p->status_on(d("2040-01-01"))));
  EXPECT_FALSE(p->withdrawal_effective);
  const std::string why = all_text(p->interval_on(d("2030-09-10"))->why);
  EXPECT_NE(why.find("engaged in an armed conflict on 2030-09-10"), std::string::npos) << why;
  EXPECT_NE(why.find("does not take effect before the end of the armed conflict"), std::string::npos) << why;
  // The end of the conflict is recorded later: the withdrawal takes effect then.
  TreatyView ended(apmbc(), constructed(a, {conflict("XWA", "2030-05-01", "2031-02-14")}));
  p = ended.participant("XWA");
  EXPECT_EQ(p->status_on(d("2031-02-13")), Status::kWithdrawalSuspended);
  EXPECT_EQ(p->status_on(d("2031-02-14")), Status::kWithdrawn);
  EXPECT_EQ(p->withdrawal_effective->iso(), "2031-02-14");
  // A conflict that ended before expiry does not hold it back.
  TreatyView before(apmbc(), constructed(a, {conflict("XWA", "2030-05-01", "2030-09-09")}));
  EXPECT_EQ(before.participant("XWA")->status_on(d("2030-09-10")), Status::kWithdrawn);
  // Another state's conflict is irrelevant.
  TreatyView other(apmbc(), constructed(a, {conflict("XOT", "2030-05-01")}));
  EXPECT_EQ(other.participant("XWA")->status_on(d("2030-09-10")), Status::kWithdrawn);
}

TEST(WorkedCase5, UkraineSuspensionIsACommunicationAndUkraineStaysAParty) {
  const ParticipantView* ukr = ottawa().participant("UKR");
  ASSERT_NE(ukr, nullptr);
  EXPECT_EQ(ukr->entry_into_force->iso(), "2006-06-01");
  for (const char* on : {"2025-07-17", "2025-07-18", "2026-01-19", "2026-11-27"})
    EXPECT_EQ(ukr->status_on(d(on)), Status::kParty) << on;
  EXPECT_TRUE(ukr->has_communications);
  EXPECT_FALSE(ukr->withdrawal_received);
  bool found = false;
  for (const Action* a : ukr->actions) found = found || (a->kind == ActionKind::kCommunication && a->date == d("2025-07-18"));
  EXPECT_TRUE(found);
  const std::string why = all_text(ukr->interval_on(d("2026-01-01"))->why);
  EXPECT_NE(why.find("changes no status"), std::string::npos) << why;
}

TEST(WorkedCase6, TwoWaysOfCounting) {
  const ParticipantView* ton = ottawa().participant("TON");
  EXPECT_EQ(ton->entry_into_force->iso(), "2025-12-01");
  EXPECT_EQ(ton->status_on(d("2025-11-30")), Status::kContracting);
  EXPECT_EQ(ottawa().participant("MHL")->entry_into_force->iso(), "2025-09-01");
  // "The 166th State Party" on deposit; bound six months later.
  EXPECT_EQ(ottawa().count_on(d("2025-06-24")).deposited, 165);
  EXPECT_EQ(ottawa().count_on(d("2025-06-25")).deposited, 166);
  EXPECT_EQ(ottawa().count_on(d("2025-06-25")).parties, 164);
  EXPECT_EQ(ottawa().count_on(d("2025-09-01")).parties, 165);
  EXPECT_EQ(ottawa().count_on(d("2025-12-01")).parties, 166);
}

TEST(Counts, PartiesBeforeAndAfterEachChange) {
  struct Row { const char* on; int parties; int deposited; };
  const Row rows[] = {
      {"1998-07-01", 0, 23},    // UN Spokesman: 23 instruments by 1 July 1998
      {"1998-09-16", 0, 40},    // Burkina Faso and Equatorial Guinea that day: 40 (ICRC list)
      // UN SG message to the 7MSP: 151 (Brunei bound from 2006-10-01). Montenegro's succession,
      // deposited 2006-10-23, has effect from 2006-06-03: counted here, not in what was known
      // that day (see Succession.PublishedFigureIsWhatWasKnown).
      {"2006-09-18", 151, 152},
      {"2012-12-26", 160, 160},
      {"2012-12-27", 160, 161}, // Poland the 161st (ICBL)
      {"2014-08-20", 161, 162}, // Oman
      {"2017-12-13", 162, 163}, // Sri Lanka
      {"2017-12-29", 162, 164}, // State of Palestine
      {"2025-03-12", 164, 165}, // Marshall Islands
      {"2025-12-26", 166, 166},
      {"2025-12-27", 163, 163}, // Estonia, Latvia, Lithuania withdrawn
      {"2026-01-09", 163, 163},
      {"2026-01-10", 162, 162}, // Finland
      {"2026-02-19", 162, 162},
      {"2026-02-20", 161, 161}, // Poland; Ukraine still counted
      {"2026-11-27", 161, 161},
  };
  for (const Row& r : rows) {
    PartyCount n = ottawa().count_on(d(r.on));
    EXPECT_EQ(n.parties, r.parties) << r.on;
    EXPECT_EQ(n.deposited, r.deposited) << r.on;
  }
  EXPECT_EQ(ottawa().participants().size(), 166u);
}

TEST(Rules, RevokedWithdrawalNeverTakesEffect) {
  TreatyView v(apmbc(), constructed({act("XRV", ActionKind::kAccession, "2005-01-10"),
                                     act("XRV", ActionKind::kWithdrawal, "2030-01-10"),
                                     act("XRV", ActionKind::kWithdrawalRevocation, "2030-03-01")}));
  const ParticipantView* p = v.participant("XRV");
  EXPECT_EQ(p->status_on(d("2030-02-01")), Status::kWithdrawing);
  EXPECT_EQ(p->status_on(d("2030-03-01")), Status::kParty);
  EXPECT_EQ(p->status_on(d("2030-07-10")), Status::kParty);
  EXPECT_FALSE(p->withdrawal_effective);
  EXPECT_NE(all_text(p->interval_on(d("2031-01-01"))->why).find("revoked"), std::string::npos);
  // A revocation after the effect is too late.
  TreatyView late(apmbc(), constructed({act("XRV", ActionKind::kAccession, "2005-01-10"),
                                        act("XRV", ActionKind::kWithdrawal, "2030-01-10"),
                                        act("XRV", ActionKind::kWithdrawalRevocation, "2030-08-01")}));
  EXPECT_EQ(late.participant("XRV")->status_on(d("2030-09-01")), Status::kWithdrawn);
}

TEST(Rules, SameDayWithdrawalsAndRevocationsInTheOrderRecorded) {
  // Received on one day: a withdrawal, its revocation, and a new withdrawal.
  TreatyView v(apmbc(), constructed({act("XRV", ActionKind::kAccession, "2005-01-10"),
                                     act("XRV", ActionKind::kWithdrawal, "2030-01-10"),
                                     act("XRV", ActionKind::kWithdrawalRevocation, "2030-01-10"),
                                     act("XRV", ActionKind::kWithdrawal, "2030-01-10")}));
  const ParticipantView* p = v.participant("XRV");
  EXPECT_EQ(p->status_on(d("2030-01-10")), Status::kWithdrawing);
  EXPECT_EQ(p->status_on(d("2030-07-10")), Status::kWithdrawn);
  // A withdrawal and its revocation of one day: still a party.
  TreatyView once(apmbc(), constructed({act("XRV", ActionKind::kAccession, "2005-01-10"),
                                        act("XRV", ActionKind::kWithdrawal, "2030-01-10"),
                                        act("XRV", ActionKind::kWithdrawalRevocation, "2030-01-10")}));
  EXPECT_EQ(once.participant("XRV")->status_on(d("2030-07-10")), Status::kParty);
}

TEST(Rules, WithdrawAndJoinAgain) {
  TreatyView v(apmbc(), constructed({act("XAG", ActionKind::kAccession, "2005-01-10"),
                                     act("XAG", ActionKind::kWithdrawal, "2030-01-10"),
                                     act("XAG", ActionKind::kAccession, "2032-04-20")}));
  const ParticipantView* p = v.participant("XAG");
  EXPECT_EQ(p->status_on(d("2030-07-10")), Status::kWithdrawn);
  EXPECT_EQ(p->status_on(d("2032-04-20")), Status::kContracting);
  EXPECT_EQ(p->status_on(d("2032-10-01")), Status::kParty);
  EXPECT_EQ(p->entry_into_force->iso(), "2032-10-01");
  EXPECT_EQ(v.count_on(d("2031-01-01")).parties, 40);
  EXPECT_EQ(v.count_on(d("2033-01-01")).parties, 41);
}

TEST(Rules, NonexistentDayIsRoundedAsTheProfileSaysAndExplained) {
  TreatyView v(apmbc(), constructed({act("XRD", ActionKind::kAccession, "2005-01-10"),
                                     act("XRD", ActionKind::kWithdrawal, "2025-08-31")}));
  const ParticipantView* p = v.participant("XRD");
  EXPECT_EQ(p->withdrawal_effective->iso(), "2026-02-28");
  EXPECT_NE(all_text(p->interval_on(d("2026-02-28"))->why).find("rounded down"), std::string::npos);
}

TEST(Rules, ThresholdNotReachedMeansNotInForce) {
  Record r;
  for (int i = 0; i < 39; ++i) r.actions.push_back(act("S" + std::to_string(10 + i), ActionKind::kAccession, "1998-09-16"));
  TreatyView v(apmbc(), r);
  EXPECT_FALSE(v.entry_into_force());
  EXPECT_EQ(v.participant("S10")->status_on(d("2020-01-01")), Status::kContracting);
  EXPECT_EQ(v.count_on(d("2020-01-01")).parties, 0);
  EXPECT_EQ(v.count_on(d("2020-01-01")).deposited, 39);
}

TEST(Rules, ObligationDeadlinesRunFromEntryIntoForceForTheState) {
  const ParticipantView* ton = ottawa().participant("TON");
  bool stockpile = false, report = false;
  for (const DerivedEvent& e : ton->derived) {
    if (e.label == "stockpile_destruction") stockpile = e.date == d("2029-12-01");
    if (e.label == "initial_transparency_report") report = e.date == d("2026-05-30");
  }
  EXPECT_TRUE(stockpile);
  EXPECT_TRUE(report);
}

TEST(Queries, KnownOnSeesOnlyWhatWasRecorded) {
  Record all = bundled_record();
  TreatyView before(apmbc(), as_known_on(all, d("2025-06-26")));
  EXPECT_EQ(before.participant("LTU")->status_on(d("2026-01-01")), Status::kParty);
  TreatyView after(apmbc(), as_known_on(all, d("2025-06-27")));
  EXPECT_EQ(after.participant("LTU")->status_on(d("2026-01-01")), Status::kWithdrawn);
}

TEST(Queries, UpcomingInAWindow) {
  auto ev = ottawa().events_between(d("2025-12-01"), d("2026-03-01"));
  std::vector<std::string> effects;
  for (const DerivedEvent& e : ev)
    if (e.kind == "withdrawal_effect") effects.push_back(e.date.iso() + " " + e.state);
  const std::vector<std::string> want = {"2025-12-27 EST", "2025-12-27 LTU", "2025-12-27 LVA", "2026-01-10 FIN", "2026-02-20 POL"};
  EXPECT_EQ(effects, want);
}

// A notification of succession takes effect from the date of the succession of States (a
// recorded fact), as the depositary applies it: South Sudan, Montenegro.
TEST(Succession, EffectFromTheDateOfTheSuccessionOfStates) {
  const ParticipantView* ssd = ottawa().participant("SSD");
  ASSERT_NE(ssd, nullptr);
  EXPECT_EQ(ssd->entry_into_force->iso(), "2011-07-09");
  EXPECT_EQ(ssd->status_on(d("2011-07-08")), Status::kNone);
  EXPECT_EQ(ssd->status_on(d("2011-07-09")), Status::kParty);
  EXPECT_EQ(ssd->status_on(d("2011-11-11")), Status::kParty);
  const std::string why = all_text(ssd->interval_on(d("2011-07-09"))->why);
  EXPECT_NE(why.find("notification of succession deposited 2011-11-11"), std::string::npos) << why;
  EXPECT_NE(why.find("date of the succession of States for SSD: 2011-07-09"), std::string::npos) << why;
  EXPECT_NE(why.find("Article 23(1)"), std::string::npos) << why;
  // The ISU states the art. 5 deadline as 9 July 2021, ten years from that date; Landmine
  // Monitor (archives.the-monitor.org region profile 2339) the art. 7 report as due by
  // 5 January 2012, 180 days from it.
  bool clearance = false, report = false;
  for (const DerivedEvent& e : ssd->derived) {
    if (e.label == "mined_areas_clearance") clearance = e.date == d("2021-07-09");
    if (e.label == "initial_transparency_report") report = e.date == d("2012-01-05");
  }
  EXPECT_TRUE(clearance);
  EXPECT_TRUE(report);
  EXPECT_EQ(ottawa().participant("MNE")->entry_into_force->iso(), "2006-06-03");
}

TEST(Succession, PublishedFigureIsWhatWasKnown) {
  // What was known on 2006-09-18 reproduces the UN figure of that day (151 with Brunei).
  TreatyView then(apmbc(), as_known_on(bundled_record(), d("2006-09-18")));
  EXPECT_EQ(then.count_on(d("2006-09-18")).deposited, 151);
  EXPECT_EQ(then.participant("MNE"), nullptr);
  TreatyView later(apmbc(), as_known_on(bundled_record(), d("2006-10-23")));
  EXPECT_EQ(later.participant("MNE")->status_on(d("2006-09-18")), Status::kParty);
}

TEST(Succession, WithoutTheFactOrBeforeEntryIntoForce) {
  Action late = act("S90", ActionKind::kSuccession, "2003-05-20");
  Action early = act("S91", ActionKind::kSuccession, "1998-12-01");
  Fact s91;
  s91.state = "S91";
  s91.kind = FactKind::kStateSuccession;
  s91.from = d("1998-10-01");
  s91.prov.source = "constructed for a test";
  s91.prov.known_from = s91.from;
  TreatyView v(apmbc(), constructed({late, early}, {s91}));
  // No date of succession recorded: counted from the deposit, like an accession (art. 17(2)).
  EXPECT_EQ(v.participant("S90")->entry_into_force->iso(), "2003-11-01");
  // Succession before the treaty was in force: from the treaty's entry into force.
  EXPECT_EQ(v.participant("S91")->entry_into_force->iso(), "1999-03-01");
  EXPECT_EQ(v.participant("S91")->status_on(d("1998-12-01")), Status::kContracting);
  EXPECT_NE(all_text(v.participant("S91")->interval_on(d("1999-03-01"))->why).find("the treaty entered into force later, 1999-03-01"),
            std::string::npos);
  // A status of its own recorded after the date of succession (here a signature) is not
  // rewritten: bound from that day on.
  Action sig = act("S93", ActionKind::kSignature, "1998-10-01");
  Action suc = act("S93", ActionKind::kSuccession, "2001-01-01");
  Fact s93 = s91;
  s93.state = "S93";
  s93.from = d("1999-06-01");
  TreatyView c(apmbc(), constructed({sig, suc}, {s93}));
  EXPECT_EQ(c.participant("S93")->entry_into_force->iso(), "1999-06-01");
  Action sig2 = act("S94", ActionKind::kSignature, "2000-03-01");
  Action suc2 = act("S94", ActionKind::kSuccession, "2001-01-01");
  Fact s94 = s91;
  s94.state = "S94";
  s94.from = d("1999-06-01");
  TreatyView c2(apmbc(), constructed({sig2, suc2}, {s94}));
  EXPECT_EQ(c2.participant("S94")->entry_into_force->iso(), "2000-03-01");
  EXPECT_EQ(c2.participant("S94")->status_on(d("2000-03-01")), Status::kParty);
  EXPECT_EQ(c2.participant("S94")->status_on(d("2000-02-29")), Status::kNone);
  // A profile without the succession rule ignores the fact.
  TreatyProfile plain = apmbc();
  plain.succession.reset();
  Action ssd = act("S92", ActionKind::kSuccession, "2011-11-11");
  Fact f = s91;
  f.state = "S92";
  f.from = d("2011-07-09");
  TreatyView w(plain, constructed({ssd}, {f}));
  EXPECT_EQ(w.participant("S92")->entry_into_force->iso(), "2012-05-01");
}

// decide(): the one state machine the checks and the engine share (engine/decide.h).
namespace {

ParticipantState standing(Status s, const char* signature = nullptr) {
  ParticipantState now;
  now.status = s;
  if (signature) now.signature = d(signature);
  return now;
}

Decision decide_apmbc(const ParticipantState& now, const Action& a, const char* eif = "1999-03-01") {
  return decide(now, a, apmbc(), TreatyState{d(eif)});
}

void without_effect(const Decision& dec, const std::string& because) {
  ASSERT_TRUE(dec.refusal) << "received";
  EXPECT_EQ(dec.refusal->kind, RefusalKind::kNoEffect) << dec.refusal->text;
  EXPECT_FALSE(dec.acts());
  EXPECT_FALSE(dec.next);
  EXPECT_NE(dec.refusal->text.find(because), std::string::npos) << dec.refusal->text;
}

void refused_for_form(const Decision& dec, const std::string& because, const std::string& article) {
  ASSERT_TRUE(dec.refusal) << "received";
  EXPECT_EQ(dec.refusal->kind, RefusalKind::kForm) << dec.refusal->text;
  EXPECT_TRUE(dec.acts());
  EXPECT_NE(dec.refusal->text.find(because), std::string::npos) << dec.refusal->text;
  ASSERT_TRUE(dec.refusal->cite);
  EXPECT_EQ(dec.refusal->cite->article, article);
}

}  // namespace

TEST(Decide, SecondConsentWhileBoundHasNoEffect) {
  for (Status s : {Status::kContracting, Status::kParty, Status::kWithdrawalSuspended}) {
    const Decision dec = decide_apmbc(standing(s), act("XAC", ActionKind::kAccession, "2001-05-03"));
    without_effect(dec, "XAC has already consented to be bound (its status on 2001-05-03 is " + std::string(to_string(s)) + ")");
    ASSERT_TRUE(dec.refusal->cite);
    EXPECT_EQ(dec.refusal->cite->article, "Article 16");
  }
  // While its withdrawal is pending, a new consent is received (denunciation and re-accession
  // the same day: tests/law_test.cc); it changes no status until the withdrawal takes effect.
  const Decision again = decide_apmbc(standing(Status::kWithdrawing), act("XAC", ActionKind::kAccession, "2001-05-03"));
  EXPECT_TRUE(again.received()) << again.refusal->text;
  EXPECT_FALSE(again.next);
  // After a withdrawal took effect, or after a notice of not intending, consent acts again.
  for (Status s : {Status::kNone, Status::kWithdrawn}) {
    const Decision dec = decide_apmbc(standing(s), act("XAC", ActionKind::kAccession, "2001-05-03"));
    EXPECT_TRUE(dec.received()) << dec.refusal->text;
    EXPECT_EQ(dec.next, Status::kContracting);
  }
}

TEST(Decide, WithdrawalOnlyWithStandingConsentAndNonePending) {
  Action w = act("XWD", ActionKind::kWithdrawal, "2020-01-10");
  w.text = "reasons";
  for (Status s : {Status::kNone, Status::kSignatory, Status::kNotIntending, Status::kWithdrawn})
    without_effect(decide_apmbc(standing(s), w), "only a state that has deposited consent and not withdrawn may withdraw");
  for (Status s : {Status::kWithdrawing, Status::kWithdrawalSuspended})
    without_effect(decide_apmbc(standing(s), w), "XWD already has a withdrawal pending");
  TreatyProfile no_clause = apmbc();
  no_clause.withdrawal.reset();
  without_effect(decide(standing(Status::kParty), w, no_clause, TreatyState{d("1999-03-01")}), "no withdrawal clause");
  // Received: withdrawing from its date; while contracting, nothing changes on its date.
  EXPECT_EQ(decide_apmbc(standing(Status::kParty), w).next, Status::kWithdrawing);
  const Decision contracting = decide_apmbc(standing(Status::kContracting), w);
  EXPECT_TRUE(contracting.received());
  EXPECT_FALSE(contracting.next);
}

TEST(Decide, RevocationOnlyOfAPendingWithdrawal) {
  const Action r = act("XRV", ActionKind::kWithdrawalRevocation, "2020-03-01");
  for (Status s : {Status::kNone, Status::kParty, Status::kWithdrawn, Status::kContracting})
    without_effect(decide_apmbc(standing(s), r), "only a withdrawal that has not yet taken effect can be revoked; its status on 2020-03-01 is " +
                                                     std::string(to_string(s)));
  EXPECT_EQ(decide_apmbc(standing(Status::kWithdrawing), r).next, Status::kParty);
  EXPECT_EQ(decide_apmbc(standing(Status::kWithdrawalSuspended), r).next, Status::kParty);
  ParticipantState contracting = standing(Status::kContracting);
  contracting.withdrawal_received = d("2020-01-10");
  const Decision dec = decide_apmbc(contracting, r);
  EXPECT_TRUE(dec.received());
  EXPECT_FALSE(dec.next);  // still contracting; the scheduled effect is dropped
}

TEST(Decide, InstrumentWithdrawalOnlyWhileContracting) {
  const Action iw = act("XIW", ActionKind::kInstrumentWithdrawal, "2001-06-30");
  for (Status s : {Status::kNone, Status::kSignatory, Status::kParty, Status::kWithdrawing, Status::kWithdrawn})
    without_effect(decide_apmbc(standing(s), iw), "only an instrument of consent that has not yet taken effect can be withdrawn");
  EXPECT_EQ(decide_apmbc(standing(Status::kContracting), iw).next, Status::kNone);
  EXPECT_EQ(decide_apmbc(standing(Status::kContracting, "1997-12-03"), iw).next, Status::kSignatory);
}

TEST(Decide, NotIntendingOnlyByASignatory) {
  const Action ni = act("XNI", ActionKind::kNotIntending, "2019-07-18");
  for (Status s : {Status::kNone, Status::kNotIntending, Status::kContracting, Status::kParty})
    without_effect(decide_apmbc(standing(s), ni), "only a signatory that has not consented");
  EXPECT_EQ(decide_apmbc(standing(Status::kSignatory, "1997-12-03"), ni).next, Status::kNotIntending);
}

TEST(Decide, SignatureOnceAndOnlyWhileOpen) {
  without_effect(decide_apmbc(standing(Status::kSignatory, "1997-12-03"), act("XSG", ActionKind::kSignature, "1998-01-03")),
                 "XSG already signed on 1997-12-03");
  EXPECT_EQ(decide_apmbc(standing(Status::kNone), act("XSG", ActionKind::kSignature, "1998-01-03")).next, Status::kSignatory);
  // A state that acceded may still sign while the treaty is open: no change of status.
  const Decision late_signature = decide(standing(Status::kContracting), act("XSG", ActionKind::kSignature, "1998-01-03"),
                                         apmbc(), TreatyState{});
  EXPECT_TRUE(late_signature.received());
  EXPECT_FALSE(late_signature.next);
  // Form: a signature after entry into force is refused, but a recorded one still acts.
  const Decision after = decide_apmbc(standing(Status::kNone), act("XSG", ActionKind::kSignature, "1999-03-01"));
  refused_for_form(after, "open for signature only until its entry into force on 1999-03-01", "Article 15");
  EXPECT_EQ(after.next, Status::kSignatory);
  refused_for_form(decide_apmbc(standing(Status::kNone), act("XSG", ActionKind::kSignature, "1997-12-02")),
                   "opens for signature on 1997-12-03", "Article 15");
  // Signed before, and the treaty no longer open: both said, the article cited, no effect.
  const Decision again = decide_apmbc(standing(Status::kParty, "1997-12-03"), act("XSG", ActionKind::kSignature, "2026-11-20"));
  without_effect(again, "XSG already signed on 1997-12-03, and the treaty was open for signature only until its entry into force");
  ASSERT_TRUE(again.refusal->cite);
  EXPECT_EQ(again.refusal->cite->article, "Article 15");
}

TEST(Decide, ConditionsOfFormStillAct) {
  const Decision ratification = decide_apmbc(standing(Status::kNone), act("XNS", ActionKind::kRatification, "2001-01-10"));
  refused_for_form(ratification, "only a signatory may consent by ratification, and XNS has not signed (it may accede)", "Article 16");
  EXPECT_EQ(ratification.next, Status::kContracting);
  refused_for_form(decide_apmbc(standing(Status::kSignatory, "1997-12-03"), act("XSA", ActionKind::kAccession, "2001-01-10")),
                   "XSA signed on 1997-12-03: a signatory consents by ratification, acceptance or approval", "Article 16");
  const Decision no_text = decide_apmbc(standing(Status::kParty), act("XWD", ActionKind::kWithdrawal, "2020-01-10"));
  refused_for_form(no_text, "the instrument's text must be given", "Article 20(2)");
  EXPECT_EQ(no_text.next, Status::kWithdrawing);
  Action later = act("XWD", ActionKind::kWithdrawal, "2020-01-10");
  later.text = "reasons";
  later.later_date = d("2021-01-01");
  refused_for_form(decide_apmbc(standing(Status::kParty), later), "does not allow a later effective date", "Article 20(3)");
  // Paris art. 28(1): not before three years from entry into force for the party.
  ParticipantState usa = standing(Status::kParty, "2016-04-22");
  usa.entry_into_force = d("2016-11-04");
  Action early = act("USA", ActionKind::kWithdrawal, "2019-11-03");
  early.treaty = "paris";
  const TreatyProfile paris = test::bundled_profile("paris");
  refused_for_form(decide(usa, early, paris, TreatyState{d("2016-11-04")}), "i.e. from 2019-11-04", "Article 28(1)");
  early.date = d("2019-11-04");
  EXPECT_TRUE(decide(usa, early, paris, TreatyState{d("2016-11-04")}).received());
  // ATT: accession only once in force.
  Action accession = act("XAT", ActionKind::kAccession, "2014-12-23");
  accession.treaty = "att";
  const TreatyProfile att = test::bundled_profile("att");
  refused_for_form(decide(standing(Status::kNone), accession, att, TreatyState{d("2014-12-24")}),
                   "open for accession only from its entry into force (2014-12-24)", att.consent.cite.article);
  accession.date = d("2014-12-24");
  EXPECT_TRUE(decide(standing(Status::kNone), accession, att, TreatyState{d("2014-12-24")}).received());
}

TEST(Decide, OtherActionsChangeNoStatus) {
  for (ActionKind k : {ActionKind::kReservation, ActionKind::kDeclaration, ActionKind::kObjection, ActionKind::kCommunication}) {
    const Decision dec = decide_apmbc(standing(Status::kParty), act("XCM", k, "2025-07-18"));
    EXPECT_TRUE(dec.received());
    EXPECT_FALSE(dec.next);
  }
}

// The engine leaves out an action decide() finds without effect, and says so on the timeline.
namespace {

// Statuses and their dates, without the reasons.
std::string statuses(const ParticipantView* p) {
  std::string s;
  if (!p) return s;
  for (const StatusInterval& i : p->intervals)
    if (i.status != Status::kNone || i.from != p->intervals.front().from) s += i.from.iso() + " " + std::string(to_string(i.status)) + "\n";
  return s;
}

const Reason* note_on(const ParticipantView* p, Date on, const std::string& words) {
  if (!p || !p->interval_on(on)) return nullptr;
  for (const Reason& r : p->interval_on(on)->why)
    if (r.text.find(words) != std::string::npos) return &r;
  return nullptr;
}

}  // namespace

TEST(ActionWithoutEffect, SecondConsentIsNotedNotApplied) {
  const Action first = act("XAC", ActionKind::kAccession, "2001-01-10");
  const Action second = act("XAC", ActionKind::kAccession, "2001-05-03", "C.N.99.2001.TREATIES-XXVI.5");
  TreatyView with(apmbc(), constructed({first, second}));
  TreatyView without(apmbc(), constructed({first}));
  const ParticipantView* p = with.participant("XAC");
  EXPECT_EQ(statuses(p), statuses(without.participant("XAC")));
  EXPECT_EQ(p->consent->iso(), "2001-01-10");
  EXPECT_EQ(p->entry_into_force->iso(), "2001-07-01");
  EXPECT_EQ(with.count_on(d("2001-05-03")).deposited, without.count_on(d("2001-05-03")).deposited);
  const Reason* r = note_on(p, d("2001-05-03"), "has no effect");
  ASSERT_NE(r, nullptr) << all_text(p->interval_on(d("2001-05-03"))->why);
  EXPECT_EQ(r->text,
            "instrument of accession of 2001-05-03 (C.N.99.2001.TREATIES-XXVI.5) has no effect: XAC has already consented "
            "to be bound (its status on 2001-05-03 is contracting) [Article 16]");
  EXPECT_EQ(r->article, "Article 16");
  EXPECT_FALSE(r->quote.empty());
  EXPECT_EQ(r->references, std::vector<std::string>{"C.N.99.2001.TREATIES-XXVI.5"});
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0], 42);  // 40 early accessions, then XAC's two
  EXPECT_EQ(r->noted_on, d("2001-05-03"));
  ASSERT_EQ(p->without_effect.size(), 1u);
  EXPECT_EQ(p->without_effect[0].action->date, d("2001-05-03"));
  EXPECT_EQ(p->without_effect[0].refusal.kind, RefusalKind::kNoEffect);
}

TEST(ActionWithoutEffect, EachContradictionLeavesANote) {
  const Action joined = act("XCT", ActionKind::kAccession, "2001-01-10");
  Action withdrawal = act("XCT", ActionKind::kWithdrawal, "2020-01-10");
  Action second_withdrawal = act("XCT", ActionKind::kWithdrawal, "2020-03-10");
  struct Case {
    std::vector<Action> record;
    const char* on;
    std::string note;
  };
  const std::vector<Case> cases = {
      {{joined, act("XCT", ActionKind::kWithdrawalRevocation, "2010-05-05")}, "2010-05-05",
       "revocation of a withdrawal of 2010-05-05 has no effect: only a withdrawal that has not yet taken effect can be "
       "revoked; its status on 2010-05-05 is party"},
      {{joined, withdrawal, second_withdrawal}, "2020-03-10",
       "instrument of withdrawal of 2020-03-10 has no effect: XCT already has a withdrawal pending (its status on "
       "2020-03-10 is withdrawing) [Article 20(3)]"},
      {{joined, act("XCT", ActionKind::kInstrumentWithdrawal, "2010-05-05")}, "2010-05-05",
       "withdrawal of an instrument of consent of 2010-05-05 has no effect: only an instrument of consent that has not "
       "yet taken effect can be withdrawn; its status on 2010-05-05 is party"},
      {{joined, act("XCT", ActionKind::kNotIntending, "2010-05-05")}, "2010-05-05",
       "notification that it does not intend to become a party of 2010-05-05 has no effect: only a signatory that has "
       "not consented"},
      {{act("XCT", ActionKind::kSignature, "1997-12-03"), act("XCT", ActionKind::kSignature, "1998-01-03")}, "1998-01-03",
       "signature of 1998-01-03 has no effect: XCT already signed on 1997-12-03"},
  };
  for (const Case& c : cases) {
    TreatyView with(apmbc(), constructed(c.record));
    std::vector<Action> applied(c.record.begin(), c.record.end() - 1);
    TreatyView without(apmbc(), constructed(applied));
    const ParticipantView* p = with.participant("XCT");
    EXPECT_EQ(statuses(p), statuses(without.participant("XCT"))) << c.note;
    EXPECT_EQ(p->signature, without.participant("XCT")->signature) << c.note;
    EXPECT_EQ(p->withdrawal_effective, without.participant("XCT")->withdrawal_effective) << c.note;
    EXPECT_EQ(p->without_effect.size(), 1u) << c.note;
    EXPECT_NE(note_on(p, d(c.on), c.note), nullptr) << all_text(p->interval_on(d(c.on))->why);
  }
}

TEST(ActionWithoutEffect, WithdrawalByANonPartyOpensNoStatus) {
  Action w = act("XNP", ActionKind::kWithdrawal, "2020-01-10");
  w.text = "reasons";
  TreatyView v(apmbc(), constructed({w}));
  const ParticipantView* p = v.participant("XNP");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->status_on(d("2021-01-01")), Status::kNone);
  EXPECT_FALSE(p->withdrawal_received);
  EXPECT_TRUE(p->derived.empty());
  ASSERT_EQ(p->intervals.size(), 1u);  // status none, carrying the note
  EXPECT_EQ(p->intervals[0].from, d("2020-01-10"));
  EXPECT_NE(note_on(p, d("2020-01-10"), "instrument of withdrawal of 2020-01-10 has no effect: only a state that has "
                                        "deposited consent and not withdrawn may withdraw; its status on 2020-01-10 is none"),
            nullptr);
  EXPECT_EQ(v.count_on(d("2021-01-01")).parties, 40);
  EXPECT_EQ(v.count_on(d("2021-01-01")).deposited, 40);
  EXPECT_EQ(v.count_on(d("2021-01-01")).signatories, 0);
  // A later succession with effect from before the note: bound from the date of succession,
  // the note kept in that interval.
  Fact s;
  s.state = "XNP";
  s.kind = FactKind::kStateSuccession;
  s.from = d("2019-06-01");
  s.prov.source = "constructed for a test";
  TreatyView succeeded(apmbc(), constructed({w, act("XNP", ActionKind::kSuccession, "2020-05-05")}, {s}));
  TreatyView plain(apmbc(), constructed({act("XNP", ActionKind::kSuccession, "2020-05-05")}, {s}));
  p = succeeded.participant("XNP");
  EXPECT_EQ(p->entry_into_force->iso(), "2019-06-01");
  EXPECT_EQ(statuses(p), statuses(plain.participant("XNP")));
  EXPECT_NE(note_on(p, d("2020-01-10"), "has no effect"), nullptr);
}
