// A treaty's record across States and treaties: a State that ceased to exist (state_extinction:
// Czechoslovakia, the German Democratic Republic, the Socialist Federal Republic of Yugoslavia),
// whose instruments counted towards entry into force and whose participation ended with it; and
// a Protocol that enters into force "subject to the entry into force" of its parent treaty
// ([entry_into_force] subject_to: ICCPR-OP1 art. 9(1), CRPD-OP art. 13(1)).
#include <gtest/gtest.h>

#include <memory>

#include "depositary/checks.h"
#include "support.h"

using namespace pacta;

namespace {

Date d(const char* s) { return *Date::parse(s); }

Action act(const std::string& treaty, const std::string& state, ActionKind k, const std::string& date) {
  Action a;
  a.treaty = treaty;
  a.state = state;
  a.kind = k;
  a.date = *Date::parse(date);
  a.reference = "ref-" + state + "-" + date;
  a.prov.source = "test";
  return a;
}

Fact extinction(const std::string& state, const char* from) {
  Fact f;
  f.state = state;
  f.kind = FactKind::kStateExtinction;
  f.from = d(from);
  f.prov.source = "test: the end of " + state;
  return f;
}

Record numbered(Record r) {
  int64_t seq = 1;
  for (Action& a : r.actions) a.prov.seq = seq++;
  for (Fact& f : r.facts) f.prov.seq = seq++;
  return r;
}

bool any_reason_has(const std::vector<Reason>& why, const std::string& text) {
  for (const Reason& r : why)
    if (r.text.find(text) != std::string::npos) return true;
  return false;
}

// The CCW (art. 5(1): six months after the 20th instrument): nineteen States and XCS, whose
// ratification is the 20th; XCS ceases to exist on 1993-01-01 with a withdrawal pending.
Record ccw_with_a_state_that_ends(bool with_fact) {
  Record r;
  for (int i = 0; i < 19; ++i) {
    const std::string s = std::string("XA") + char('A' + i);
    r.actions.push_back(act("ccw", s, ActionKind::kSignature, "1981-04-10"));
    r.actions.push_back(act("ccw", s, ActionKind::kRatification, "1982-0" + std::to_string(1 + i % 9) + "-10"));
  }
  r.actions.push_back(act("ccw", "XCS", ActionKind::kSignature, "1981-04-10"));
  r.actions.push_back(act("ccw", "XCS", ActionKind::kRatification, "1983-06-02"));
  r.actions.push_back(act("ccw", "XCS", ActionKind::kWithdrawal, "1992-06-01"));  // effect one year after receipt
  r.actions.push_back(act("ccw", "XCS", ActionKind::kRatification, "1994-01-10"));  // after its end: no effect
  if (with_fact) r.facts.push_back(extinction("XCS", "1993-01-01"));
  return numbered(r);
}

TEST(Extinction, InstrumentsCountTowardsEntryIntoForceAndParticipationEndsWithTheState) {
  const TreatyView v(test::bundled_profile("ccw"), ccw_with_a_state_that_ends(true));
  ASSERT_TRUE(v.entry_into_force());
  EXPECT_EQ(*v.entry_into_force(), d("1983-12-02"));  // the 20th instrument (XCS's) + 6 months
  const ParticipantView* p = v.participant("XCS");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status_on(d("1990-01-01")), Status::kParty);
  EXPECT_EQ(p->status_on(d("1992-12-31")), Status::kWithdrawing);
  EXPECT_EQ(p->status_on(d("1993-01-01")), Status::kNone);
  EXPECT_EQ(p->status_on(d("2026-02-03")), Status::kNone);  // its later ratification has no effect
  ASSERT_TRUE(p->ceased);
  EXPECT_EQ(*p->ceased, d("1993-01-01"));
  // The withdrawal's effect (1993-06-01) never comes: the State is gone first.
  EXPECT_FALSE(p->withdrawal_effective);
  for (const DerivedEvent& e : p->derived) EXPECT_LT(e.date, d("1993-01-01")) << e.kind << " " << e.date.iso();
  const StatusInterval* gone = p->interval_on(d("2000-01-01"));
  ASSERT_TRUE(gone);
  EXPECT_TRUE(any_reason_has(gone->why, "XCS ceased to exist on 1993-01-01")) << gone->why.front().text;
  ASSERT_EQ(p->without_effect.size(), 1u);
  EXPECT_EQ(p->without_effect[0].action->date, d("1994-01-10"));
  EXPECT_NE(p->without_effect[0].refusal.text.find("ceased to exist"), std::string::npos);
  // Counts: bound before its end, not after.
  EXPECT_EQ(v.count_on(d("1992-12-31")).deposited, 20);
  EXPECT_EQ(v.count_on(d("1993-01-01")).deposited, 19);
  EXPECT_EQ(v.count_on(d("1993-01-01")).parties, 19);
  // As it stood on a day before the end, the end is not yet part of the answer.
  EXPECT_FALSE(p->as_of(d("1992-12-31"))->ceased);
  EXPECT_EQ(p->as_of(d("1992-12-31"))->status_on(d("1992-12-31")), Status::kWithdrawing);
  EXPECT_TRUE(p->as_of(d("1995-01-01"))->ceased);
}

TEST(Extinction, WithoutTheFactTheStateGoesOn) {
  const TreatyView v(test::bundled_profile("ccw"), ccw_with_a_state_that_ends(false));
  const ParticipantView* p = v.participant("XCS");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->ceased);
  EXPECT_EQ(p->status_on(d("1993-06-01")), Status::kWithdrawn);  // one year after receipt
}

TEST(Extinction, NothingIsRecordedForAStateThatNoLongerExists) {
  const TreatyView v(test::bundled_profile("ccw"), ccw_with_a_state_that_ends(true));
  const Outcome later = check_action(v, act("ccw", "XCS", ActionKind::kWithdrawal, "1995-03-01"), d("2026-02-03"));
  EXPECT_TRUE(later.is_refusal());
  EXPECT_NE(later.message().find("XCS ceased to exist on 1993-01-01"), std::string::npos) << later.message();
  // A State with no action under the treaty yet, but a recorded end: refused as well.
  Record r = ccw_with_a_state_that_ends(true);
  r.facts.push_back(extinction("XDD", "1990-10-03"));
  const TreatyView w(test::bundled_profile("ccw"), numbered(r));
  const Outcome newcomer = check_action(w, act("ccw", "XDD", ActionKind::kAccession, "1991-01-01"), d("2026-02-03"));
  EXPECT_TRUE(newcomer.is_refusal()) << newcomer.message();
  // Before its end, it acts as any State.
  EXPECT_TRUE(check_action(w, act("ccw", "XDD", ActionKind::kSignature, "1981-04-10"), d("2026-02-03")).is_ok());
}

// The bundled ENMOD and CCW records count the instruments of the German Democratic Republic and
// Czechoslovakia (and Yugoslavia) that the UN pages' end notes state: their entry into force is the
// pages' (ENMOD art. IX(3): 5 October 1978; CCW art. 5(1): 2 December 1983), and those States are
// not counted on the pages' day, 3 February 2026.
TEST(Extinction, BundledPredecessorsGiveThePagesDates) {
  for (const auto& [id, eif] : std::vector<std::pair<std::string, std::string>>{{"enmod", "1978-10-05"}, {"ccw", "1983-12-02"}}) {
    const TreatyView v(test::bundled_profile(id), test::bundled_record(id));
    ASSERT_TRUE(v.entry_into_force()) << id;
    EXPECT_EQ(v.entry_into_force()->iso(), eif) << id;
    for (const char* gone : {"CSK", "DDR"}) {
      const ParticipantView* p = v.participant(gone);
      ASSERT_TRUE(p) << id << " " << gone;
      EXPECT_EQ(p->status_on(d("1985-01-01")), Status::kParty) << id << " " << gone;
      EXPECT_EQ(p->status_on(d("2026-02-03")), Status::kNone) << id << " " << gone;
    }
  }
}

// ICCPR-OP1: ten instruments by 12 December 1973 (own date: three months later), the Covenant in
// force on 23 March 1976 (three months after its 35th instrument, 23 December 1975).
struct Covenant {
  std::shared_ptr<const TreatyView> iccpr;
  Record op1;
};

Covenant covenant_and_protocol() {
  Record c;
  for (int i = 0; i < 35; ++i) {
    const std::string day = i < 34 ? "1970-01-1" + std::to_string(i % 9) : "1975-12-23";
    c.actions.push_back(act("iccpr", "XC" + std::string(1, char('A' + i % 26)) + std::to_string(i / 26), ActionKind::kAccession, day));
  }
  Record p;
  for (int i = 0; i < 9; ++i) p.actions.push_back(act("iccpr_op1", "XP" + std::string(1, char('A' + i)), ActionKind::kAccession, "1972-05-01"));
  p.actions.push_back(act("iccpr_op1", "MUS", ActionKind::kAccession, "1973-12-12"));  // the tenth
  p.actions.push_back(act("iccpr_op1", "JAM", ActionKind::kSignature, "1966-12-19"));
  p.actions.push_back(act("iccpr_op1", "JAM", ActionKind::kRatification, "1975-10-03"));
  p.actions.push_back(act("iccpr_op1", "XLA", ActionKind::kAccession, "1976-06-01"));  // after both
  return Covenant{std::make_shared<const TreatyView>(test::bundled_profile("iccpr"), numbered(c)), numbered(p)};
}

TEST(SubjectTo, AProtocolEntersIntoForceNotBeforeItsParent) {
  Covenant c = covenant_and_protocol();
  ASSERT_EQ(c.iccpr->entry_into_force(), d("1976-03-23"));
  const TreatyView op1(test::bundled_profile("iccpr_op1"), c.op1, c.iccpr);
  ASSERT_TRUE(op1.entry_into_force());
  EXPECT_EQ(*op1.entry_into_force(), d("1976-03-23"));
  EXPECT_TRUE(any_reason_has(op1.entry_into_force_why(), "subject to the entry into force of the ICCPR (iccpr)"));
  EXPECT_TRUE(any_reason_has(op1.entry_into_force_why(), "3 months after D = 1974-03-12"));
  // Jamaica, ratified 3 October 1975: contracting until the Covenant is in force, then bound.
  const ParticipantView* jam = op1.participant("JAM");
  ASSERT_TRUE(jam);
  EXPECT_EQ(jam->status_on(d("1976-03-22")), Status::kContracting);
  EXPECT_EQ(jam->status_on(d("1976-03-23")), Status::kParty);
  // A later accession: art. 9(2), three months after its own deposit.
  ASSERT_TRUE(op1.participant("XLA"));
  EXPECT_EQ(op1.participant("XLA")->entry_into_force, d("1976-09-01"));
  // As determined on a day: before the Covenant's 35th instrument its date was not known; after, it was.
  EXPECT_FALSE(op1.entry_into_force_on(d("1975-06-01")).date);
  EXPECT_TRUE(any_reason_has(op1.entry_into_force_on(d("1975-06-01")).why, "was not yet determined on 1975-06-01"));
  EXPECT_EQ(op1.entry_into_force_on(d("1976-01-01")).date, d("1976-03-23"));
  EXPECT_EQ(jam->as_of(d("1975-11-01"))->status_on(d("1975-11-01")), Status::kContracting);
  EXPECT_FALSE(jam->as_of(d("1975-11-01"))->entry_into_force);
  EXPECT_EQ(op1.count_on(d("1976-01-01")).parties, 0);
  EXPECT_EQ(op1.count_on(d("1976-03-23")).parties, 11);
}

TEST(SubjectTo, WithoutTheParentsRecordTheConditionIsNotAppliedAndSaysSo) {
  Covenant c = covenant_and_protocol();
  const TreatyView alone(test::bundled_profile("iccpr_op1"), c.op1);
  EXPECT_EQ(alone.entry_into_force(), d("1974-03-12"));
  EXPECT_TRUE(any_reason_has(alone.entry_into_force_why(), "that condition is not applied here"));
}

TEST(SubjectTo, ProfileKeyIsChecked) {
  std::string toml = test::read(std::string(PACTA_SOURCE_DIR) + "/treaties/iccpr_op1.toml");
  ASSERT_NE(toml.find("subject_to = \"iccpr\""), std::string::npos);
  auto replaced = [&](const std::string& with) {
    std::string t = toml;
    t.replace(t.find("subject_to = \"iccpr\""), std::string("subject_to = \"iccpr\"").size(), with);
    return parse_profile(t, "iccpr_op1.toml");
  };
  ProfileResult self = replaced("subject_to = \"iccpr_op1\"");
  EXPECT_FALSE(self.profile);
  EXPECT_NE(self.error.find("names the treaty itself"), std::string::npos) << self.error;
  EXPECT_EQ(test::bundled_profile("iccpr_op1").parent_treaty(), "iccpr");
  EXPECT_EQ(test::bundled_profile("crpd_op").parent_treaty(), "crpd");
  EXPECT_EQ(test::bundled_profile("ccw_p4").parent_treaty(), "ccw");
  EXPECT_EQ(test::bundled_profile("iccpr").parent_treaty(), "");
}

// CCW art. 9(3): "Any denunciation of this Convention shall be considered as also applying to all
// annexed Protocols by which the denouncing High Contracting Party is bound."
TEST(CarriedOver, ADenunciationOfTheConventionAppliesToItsProtocols) {
  Record c = ccw_with_a_state_that_ends(false);
  c.actions.push_back(act("ccw", "XAA", ActionKind::kWithdrawal, "2030-03-01"));
  c.actions.push_back(act("ccw", "XAB", ActionKind::kWithdrawal, "2030-03-01"));
  c.actions.push_back(act("ccw", "XAB", ActionKind::kWithdrawalRevocation, "2030-09-01"));
  c.actions.push_back(act("ccw", "XAC", ActionKind::kWithdrawal, "2030-03-01"));
  auto ccw = std::make_shared<const TreatyView>(test::bundled_profile("ccw"), numbered(c));
  ASSERT_EQ(ccw->participant("XAA")->status_on(d("2031-03-01")), Status::kWithdrawn);
  Record p;
  for (int i = 0; i < 20; ++i)
    p.actions.push_back(act("ccw_p4", std::string("XA") + char('A' + i % 19) + (i == 19 ? "X" : ""), ActionKind::kAccession, "1996-01-01"));
  p.actions.back().state = "XCS";
  p.actions.push_back(act("ccw_p4", "XAC", ActionKind::kAccession, "2030-06-01"));  // XAC's was 1996: a second consent
  const TreatyView p4(test::bundled_profile("ccw_p4"), numbered(p), ccw);
  // XAA: withdrawing from the day its denunciation of the Convention was received, withdrawn a year later.
  const ParticipantView* xaa = p4.participant("XAA");
  ASSERT_TRUE(xaa);
  EXPECT_EQ(xaa->status_on(d("2030-02-28")), Status::kParty);
  EXPECT_EQ(xaa->status_on(d("2030-03-01")), Status::kWithdrawing);
  EXPECT_EQ(xaa->status_on(d("2031-03-01")), Status::kWithdrawn);
  EXPECT_EQ(xaa->withdrawal_effective, d("2031-03-01"));
  const StatusInterval* w = xaa->interval_on(d("2030-03-01"));
  ASSERT_TRUE(w);
  EXPECT_TRUE(any_reason_has(w->why, "a denunciation of the Convention on Certain Conventional Weapons (CCW) (ccw), which applies to this Protocol as well"))
      << w->why.front().text;
  bool cites_9_3 = false;
  for (const DerivedEvent& e : xaa->derived)
    for (const Reason& r : e.why) cites_9_3 = cites_9_3 || r.article == "Article 9(3)";
  EXPECT_TRUE(cites_9_3);
  // XAB revoked its denunciation before it took effect: it stays bound by the Protocol too.
  EXPECT_EQ(p4.participant("XAB")->status_on(d("2031-06-01")), Status::kParty);
  // XAC consented to the Protocol again while its denunciation was pending: bound again the day it
  // takes effect, with no gap.
  EXPECT_EQ(p4.participant("XAC")->status_on(d("2030-06-01")), Status::kWithdrawing);
  EXPECT_EQ(p4.participant("XAC")->status_on(d("2031-06-01")), Status::kParty);
  // Counts follow: XAA only.
  EXPECT_EQ(p4.count_on(d("2031-06-01")).parties, p4.count_on(d("2030-01-01")).parties - 1);
  // Without the parent's view, the Protocol's record is its own.
  const TreatyView alone(test::bundled_profile("ccw_p4"), numbered(p));
  EXPECT_EQ(alone.participant("XAA")->status_on(d("2031-06-01")), Status::kParty);
}

}  // namespace
