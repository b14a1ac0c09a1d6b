// The law that comes with the human-rights treaties (issue 14): denunciation and re-accession
// with a reservation (ICCPR-OP1: Trinidad and Tobago, Guyana, Jamaica; dates from the end notes
// of data/untc/iccpr_op1.html.gz), no denunciation clause (ICCPR: the DPRK's 1997 notification,
// end note 8 of data/untc/iccpr.html.gz), committee competences (opt-in with a number of
// declarations required, opt-out), the relation between two states under a reservation with and
// without objections, and the checks on an action's subject and qualifier.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "depositary/checks.h"
#include "engine/competence.h"
#include "engine/relation.h"

using namespace pacta;

namespace {

Date d(const char* s) { return *Date::parse(s); }
const Date kToday = *Date::parse("2026-02-03");

TreatyProfile fixture(const std::string& name) {
  std::ifstream in(std::string(PACTA_SOURCE_DIR) + "/tests/law/" + name + ".toml");
  std::ostringstream ss;
  ss << in.rdbuf();
  ProfileResult r = parse_profile(ss.str(), name + ".toml");
  EXPECT_TRUE(r.profile) << r.error;
  return r.profile ? *r.profile : TreatyProfile{};
}

Action act(const std::string& treaty, const std::string& state, ActionKind k, const char* date, std::string subject = "",
           std::string qualifier = "") {
  Action a;
  a.treaty = treaty;
  a.state = state;
  a.kind = k;
  a.date = d(date);
  a.subject = std::move(subject);
  a.qualifier = std::move(qualifier);
  a.reference = "ref-" + state + "-" + std::string(to_string(k)) + "-" + date;
  return a;
}

TreatyView view_of(const TreatyProfile& p, std::vector<Action> actions) {
  Record r;
  int64_t seq = 1;
  for (Action& a : actions) {
    a.prov.seq = seq++;
    r.actions.push_back(a);
  }
  return TreatyView(p, r);
}

// Ten early ratifications/accessions so the Protocol enters into force on 1976-03-23 (art. 9(1)).
std::vector<Action> op1_founders() {
  std::vector<Action> v;
  for (const char* s : {"AAA", "AAB", "AAC", "AAD", "AAE", "AAF", "AAG", "AAH"})
    v.push_back(act("iccpr_op1", s, ActionKind::kAccession, "1975-10-01"));
  // Jamaica: signed 19 Dec 1966, ratified 3 Oct 1975 (UN status page).
  v.push_back(act("iccpr_op1", "JAM", ActionKind::kSignature, "1966-12-19"));
  v.push_back(act("iccpr_op1", "JAM", ActionKind::kRatification, "1975-10-03"));
  // The tenth instrument, deposited 1975-12-23 (a constructed date: the Protocol entered into
  // force on 23 March 1976, three months after the tenth).
  v.push_back(act("iccpr_op1", "CAN", ActionKind::kAccession, "1975-12-23"));
  return v;
}

// The OP1 record of the three states, as the end notes of the UN page state it:
// Trinidad and Tobago (note 1): acceded 14 Nov 1980; on 26 May 1998 denounced with effect from
// 26 Aug 1998 and re-acceded the same date with a reservation ("The new accession took effect on
// 26 August 1998"); denounced again 27 Mar 2000 with effect from 27 Jun 2000.
// Guyana (note 2): acceded 10 May 1993; on 5 Jan 1999 denounced with effect from 5 Apr 1999 and
// re-acceded the same date with a reservation. Jamaica (note 3): denounced 23 Oct 1997.
std::vector<Action> op1_record() {
  std::vector<Action> v = op1_founders();
  for (Action a : {act("iccpr_op1", "TTO", ActionKind::kAccession, "1980-11-14"),
                   act("iccpr_op1", "TTO", ActionKind::kWithdrawal, "1998-05-26"),
                   act("iccpr_op1", "TTO", ActionKind::kAccession, "1998-05-26"),
                   act("iccpr_op1", "TTO", ActionKind::kReservation, "1998-05-26"),
                   act("iccpr_op1", "TTO", ActionKind::kWithdrawal, "2000-03-27"),
                   act("iccpr_op1", "GUY", ActionKind::kAccession, "1993-05-10"),
                   act("iccpr_op1", "GUY", ActionKind::kWithdrawal, "1999-01-05"),
                   act("iccpr_op1", "GUY", ActionKind::kAccession, "1999-01-05"),
                   act("iccpr_op1", "GUY", ActionKind::kReservation, "1999-01-05"),
                   act("iccpr_op1", "JAM", ActionKind::kWithdrawal, "1997-10-23"),
                   // Denmark's objection of 6 Aug 1999 and Finland's of 17 Mar 2000: neither precludes.
                   act("iccpr_op1", "DNK", ActionKind::kAccession, "1976-01-06"),
                   act("iccpr_op1", "DNK", ActionKind::kObjection, "1999-08-06", "TTO"),
                   act("iccpr_op1", "FIN", ActionKind::kAccession, "1975-12-23"),
                   act("iccpr_op1", "FIN", ActionKind::kObjection, "2000-03-17", "GUY")})
    v.push_back(a);
  return v;
}

Status status(const TreatyView& v, const std::string& s, const char* on) {
  const ParticipantView* p = v.participant(s);
  return p ? p->status_on(d(on)) : Status::kNone;
}

bool mentions(const std::vector<Reason>& why, const std::string& text) {
  for (const Reason& r : why)
    if (r.text.find(text) != std::string::npos || r.article.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(Denunciation, JamaicaThreeMonthsAfterReceipt) {
  const TreatyView v = view_of(fixture("iccpr_op1"), op1_record());
  ASSERT_EQ(v.entry_into_force(), d("1976-03-23"));
  EXPECT_EQ(status(v, "JAM", "1997-10-22"), Status::kParty);
  EXPECT_EQ(status(v, "JAM", "1997-10-23"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "JAM", "1998-01-22"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "JAM", "1998-01-23"), Status::kWithdrawn);
  const StatusInterval* i = v.participant("JAM")->interval_on(d("1998-01-23"));
  ASSERT_TRUE(i);
  EXPECT_TRUE(mentions(i->why, "Article 12(1)"));
}

TEST(Denunciation, TrinidadAndTobagoReaccedesWithoutGap) {
  const TreatyView v = view_of(fixture("iccpr_op1"), op1_record());
  EXPECT_EQ(status(v, "TTO", "1981-02-13"), Status::kContracting);
  EXPECT_EQ(status(v, "TTO", "1981-02-14"), Status::kParty);
  EXPECT_EQ(status(v, "TTO", "1998-05-25"), Status::kParty);
  EXPECT_EQ(status(v, "TTO", "1998-05-26"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "TTO", "1998-08-25"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "TTO", "1998-08-26"), Status::kParty);  // the new accession, the same day the denunciation took effect
  // Never withdrawn between the two accessions.
  for (const StatusInterval& i : v.participant("TTO")->intervals) {
    if (i.from < d("2000-01-01")) {
      EXPECT_NE(i.status, Status::kWithdrawn) << i.from.iso();
    }
  }
  EXPECT_EQ(status(v, "TTO", "2000-03-26"), Status::kParty);
  EXPECT_EQ(status(v, "TTO", "2000-03-27"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "TTO", "2000-06-26"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "TTO", "2000-06-27"), Status::kWithdrawn);
  const StatusInterval* i = v.participant("TTO")->interval_on(d("1998-08-26"));
  ASSERT_TRUE(i);
  EXPECT_TRUE(mentions(i->why, "no gap"));
  // The re-accession is received, not left out as a second consent.
  EXPECT_TRUE(v.participant("TTO")->without_effect.empty());

  // The reservation applies from the new accession's effect, and ends with the second denunciation.
  const ParticipantView& p = *v.participant("TTO");
  EXPECT_TRUE(reservations_on(p, d("1998-08-25")).empty());
  ASSERT_EQ(reservations_on(p, d("1998-08-26")).size(), 1u);
  EXPECT_EQ(reservations_on(p, d("1998-08-26"))[0].since, d("1998-08-26"));
  EXPECT_EQ(reservations_on(p, d("2000-06-26")).size(), 1u);
  EXPECT_TRUE(reservations_on(p, d("2000-06-27")).empty());
}

TEST(Denunciation, GuyanaSameDayReaccessionNoGap) {
  const TreatyView v = view_of(fixture("iccpr_op1"), op1_record());
  EXPECT_EQ(status(v, "GUY", "1993-08-09"), Status::kContracting);
  EXPECT_EQ(status(v, "GUY", "1993-08-10"), Status::kParty);
  EXPECT_EQ(status(v, "GUY", "1999-01-04"), Status::kParty);
  EXPECT_EQ(status(v, "GUY", "1999-01-05"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "GUY", "1999-04-04"), Status::kWithdrawing);
  EXPECT_EQ(status(v, "GUY", "1999-04-05"), Status::kParty);
  EXPECT_EQ(status(v, "GUY", "2026-01-01"), Status::kParty);
  for (const StatusInterval& i : v.participant("GUY")->intervals) EXPECT_NE(i.status, Status::kWithdrawn) << i.from.iso();
  const std::vector<ConsentRound> rounds = consent_rounds(*v.participant("GUY"));
  ASSERT_EQ(rounds.size(), 2u);
  EXPECT_EQ(rounds[0].from, d("1993-08-10"));
  EXPECT_EQ(rounds[0].until, d("1999-04-05"));
  EXPECT_EQ(rounds[1].from, d("1999-04-05"));
  EXPECT_FALSE(rounds[1].until);
  // No reservation under the first accession; the new one's from 5 April 1999.
  EXPECT_TRUE(reservations_on(*v.participant("GUY"), d("1999-04-04")).empty());
  ASSERT_EQ(reservations_on(*v.participant("GUY"), d("1999-04-05")).size(), 1u);
  // Counted once as a party throughout: the count is the same the day before and the day of.
  EXPECT_EQ(v.count_on(d("1999-04-04")).parties, v.count_on(d("1999-04-05")).parties);
}

TEST(Denunciation, ReaccessionWhileWithdrawingPassesTheChecks) {
  std::vector<Action> before = op1_founders();
  before.push_back(act("iccpr_op1", "GUY", ActionKind::kAccession, "1993-05-10"));
  before.push_back(act("iccpr_op1", "GUY", ActionKind::kWithdrawal, "1999-01-05"));
  const TreatyView v = view_of(fixture("iccpr_op1"), before);
  EXPECT_TRUE(check_action(v, act("iccpr_op1", "GUY", ActionKind::kAccession, "1999-01-05"), kToday));
  // A second accession while simply a party is still refused.
  Outcome twice = check_action(v, act("iccpr_op1", "GUY", ActionKind::kAccession, "1998-01-05"), kToday);
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.message().find("already consented"), std::string::npos) << twice.message();
}

TEST(NoWithdrawalClause, RefusedCitingVcltAndGeneralComment) {
  const TreatyProfile p = fixture("iccpr");
  ASSERT_TRUE(p.no_withdrawal);
  EXPECT_FALSE(p.withdrawal);
  std::vector<Action> acts;
  for (int i = 0; i < 35; ++i) acts.push_back(act("iccpr", "S" + std::to_string(10 + i), ActionKind::kAccession, "1976-01-03"));
  // The DPRK acceded on 14 September 1981 (UN status page).
  acts.push_back(act("iccpr", "PRK", ActionKind::kAccession, "1981-09-14"));
  const TreatyView v = view_of(p, acts);
  Outcome o = check_action(v, act("iccpr", "PRK", ActionKind::kWithdrawal, "1997-08-25"), kToday);
  ASSERT_FALSE(o);
  EXPECT_NE(o.message().find("Article 56(1)"), std::string::npos) << o.message();
  EXPECT_NE(o.message().find("is not subject to denunciation or withdrawal unless"), std::string::npos) << o.message();
  EXPECT_NE(o.message().find("General Comment No. 26"), std::string::npos) << o.message();
  EXPECT_NE(o.message().find("communication"), std::string::npos) << o.message();

  // The notification, received 25 August 1997 (end note 8), recorded as a communication with the
  // depositary's position: accepted, and the DPRK stays a party.
  Action c = act("iccpr", "PRK", ActionKind::kCommunication, "1997-08-25");
  c.prov.notes = "notification of withdrawal dated 23 August 1997; the Secretary-General's aide-memoire of 23 September 1997: "
                 "a withdrawal would not appear possible unless all States Parties agree (C.N.467.1997.TREATIES-10)";
  EXPECT_TRUE(check_action(v, c, kToday));
  acts.push_back(c);
  // Even a withdrawal on record (an import) changes nothing: left out, with the reason.
  acts.push_back(act("iccpr", "PRK", ActionKind::kWithdrawal, "1997-08-25"));
  const TreatyView after = view_of(p, acts);
  EXPECT_EQ(status(after, "PRK", "1997-08-25"), Status::kParty);
  EXPECT_EQ(status(after, "PRK", "2026-01-01"), Status::kParty);
  EXPECT_TRUE(after.participant("PRK")->has_communications);
  ASSERT_EQ(after.participant("PRK")->without_effect.size(), 1u);
  EXPECT_NE(after.participant("PRK")->without_effect[0].refusal.text.find("General Comment No. 26"), std::string::npos);
}

TEST(NoWithdrawalClause, ProfileCannotHaveBoth) {
  const std::string base = "id='x'\ntitle='x'\nself_name='Covenant'\ndepositary='SG'\nadopted=1966-12-16\n"
                           "[signature]\narticle='a'\nquote='q'\n[consent]\narticle='a'\nquote='q'\nby_any=['accession']\n"
                           "[entry_into_force]\narticle='a'\nquote='q'\nthreshold=1\ninstruments=['accession']\ndelay={}\n"
                           "[entry_into_force_for_state]\narticle='a'\nquote='q'\ndelay={}\n";
  ProfileResult both = parse_profile(base + "[withdrawal]\narticle='a'\nquote='q'\nnotice={months=3}\n[no_withdrawal]\narticle='a'\nquote='q'\n", "x.toml");
  EXPECT_FALSE(both.profile);
  EXPECT_NE(both.error.find("not both"), std::string::npos) << both.error;
  ProfileResult bad_kind = parse_profile(base + "[[competence]]\nid='c'\ntitle='t'\narticle='a'\nquote='q'\nkind='maybe'\n[competence.withdrawal]\narticle='a'\nquote='q'\n", "x.toml");
  EXPECT_FALSE(bad_kind.profile);
  EXPECT_NE(bad_kind.error.find("key 'kind'"), std::string::npos) << bad_kind.error;
  ProfileResult twice = parse_profile(base + "[[competence]]\nid='c'\ntitle='t'\narticle='a'\nquote='q'\nkind='opt_in'\n"
                                             "[[competence]]\nid='c'\ntitle='t'\narticle='a'\nquote='q'\nkind='opt_out'\n", "x.toml");
  EXPECT_FALSE(twice.profile);
  EXPECT_NE(twice.error.find("already the id"), std::string::npos) << twice.error;
  // Without [competence.withdrawal] the treaty provides no withdrawal: one is refused.
  ProfileResult p = parse_profile(base + "[[competence]]\nid='c'\ntitle='t'\narticle='Article 4'\nquote='q'\nkind='opt_out'\n"
                                         "declare_only_with_consent=true\n", "x.toml");
  ASSERT_TRUE(p.profile) << p.error;
  EXPECT_FALSE(p.profile->competences.at(0).withdrawal_cite);
  Record r;
  Action acc;
  acc.treaty = "x";
  acc.state = "FRA";
  acc.kind = ActionKind::kAccession;
  acc.date = d("1995-01-01");
  Action decl = acc;
  decl.kind = ActionKind::kCompetenceDeclaration;
  decl.subject = "c";
  r.actions = {acc, decl};
  const TreatyView v(*p.profile, r);
  Action w = decl;
  w.kind = ActionKind::kCompetenceWithdrawal;
  w.date = d("2000-01-01");
  Outcome o = check_action(v, w, kToday);
  ASSERT_FALSE(o);
  EXPECT_NE(o.message().find("provides no withdrawal"), std::string::npos) << o.message();
}

namespace {

// CAT fixture: 20 ratifications on 1987-05-27 (in force 1987-06-26, art. 27(1)).
std::vector<Action> cat_founders() {
  std::vector<Action> v;
  for (int i = 0; i < 20; ++i) v.push_back(act("cat", "T" + std::to_string(10 + i), ActionKind::kAccession, "1987-05-27"));
  return v;
}

const CompetenceOn& find(const std::vector<CompetenceOn>& all, const std::string& id) {
  for (const CompetenceOn& c : all)
    if (c.competence->id == id) return c;
  static CompetenceOn none;
  ADD_FAILURE() << "no competence " << id;
  return none;
}

}  // namespace

TEST(Competence, OptInNeedsFiveDeclarationsAndEndsWithWithdrawal) {
  std::vector<Action> acts = cat_founders();
  // Four early declarations, then the fifth on 1988-01-10 brings article 21 into force.
  for (int i = 0; i < 4; ++i) acts.push_back(act("cat", "T" + std::to_string(10 + i), ActionKind::kCompetenceDeclaration, "1987-07-01", "art21"));
  acts.push_back(act("cat", "T14", ActionKind::kCompetenceDeclaration, "1988-01-10", "art21"));
  acts.push_back(act("cat", "T10", ActionKind::kCompetenceWithdrawal, "1995-03-01", "art21"));
  const TreatyView v = view_of(fixture("cat"), acts);

  const CompetenceOn early = find(competences_on(v, "T10", d("1987-12-31")), "art21");
  EXPECT_FALSE(early.accepted);
  EXPECT_TRUE(mentions(early.why, "not yet in force")) << early.why.back().text;
  EXPECT_TRUE(mentions(early.why, "Article 21(2)"));

  const CompetenceOn in = find(competences_on(v, "T10", d("1988-01-10")), "art21");
  EXPECT_TRUE(in.accepted);
  EXPECT_EQ(in.since, d("1988-01-10"));  // the competence's own coming into force, after its declaration
  EXPECT_TRUE(mentions(in.why, "T14"));

  const CompetenceOn t14 = find(competences_on(v, "T14", d("1990-01-01")), "art21");
  EXPECT_TRUE(t14.accepted);
  EXPECT_EQ(t14.since, d("1988-01-10"));

  EXPECT_TRUE(find(competences_on(v, "T10", d("1995-02-28")), "art21").accepted);
  const CompetenceOn gone = find(competences_on(v, "T10", d("1995-03-01")), "art21");
  EXPECT_FALSE(gone.accepted);
  EXPECT_TRUE(mentions(gone.why, "withdrew"));
  // A state that never declared.
  EXPECT_FALSE(find(competences_on(v, "T19", d("2000-01-01")), "art21").accepted);
  // Not bound: nothing applies.
  EXPECT_FALSE(find(competences_on(v, "ZZZ", d("2000-01-01")), "art21").accepted);
}

TEST(Competence, OptOutAppliesUnlessDeclaredAndDeclarationOnlyWithConsent) {
  std::vector<Action> acts = cat_founders();
  acts.push_back(act("cat", "CHN", ActionKind::kSignature, "1986-12-12"));
  acts.push_back(act("cat", "CHN", ActionKind::kRatification, "1988-10-04"));
  const TreatyView before = view_of(fixture("cat"), acts);
  // Made with the ratification: accepted by the checks; made later: refused, quoting art. 28(1).
  EXPECT_TRUE(check_action(before, act("cat", "CHN", ActionKind::kCompetenceDeclaration, "1988-10-04", "art20"), kToday));
  Outcome late = check_action(before, act("cat", "CHN", ActionKind::kCompetenceDeclaration, "1990-01-01", "art20"), kToday);
  ASSERT_FALSE(late);
  EXPECT_NE(late.message().find("Article 28(1)"), std::string::npos) << late.message();

  acts.push_back(act("cat", "CHN", ActionKind::kCompetenceDeclaration, "1988-10-04", "art20"));
  acts.push_back(act("cat", "CHN", ActionKind::kCompetenceWithdrawal, "2000-05-05", "art20"));
  const TreatyView v = view_of(fixture("cat"), acts);
  // Every other party accepts the inquiry from its entry into force.
  const CompetenceOn other = find(competences_on(v, "T11", d("1990-01-01")), "art20");
  EXPECT_TRUE(other.accepted);
  EXPECT_EQ(other.since, d("1987-06-26"));
  const CompetenceOn opted = find(competences_on(v, "CHN", d("1999-01-01")), "art20");
  EXPECT_FALSE(opted.accepted);
  EXPECT_TRUE(mentions(opted.why, "does not recognise"));
  const CompetenceOn back = find(competences_on(v, "CHN", d("2000-05-05")), "art20");
  EXPECT_TRUE(back.accepted);
  EXPECT_EQ(back.since, d("2000-05-05"));
}

// Declarations made for a period (the action's later_date: the day it ceases to have effect, as
// Switzerland's under ICCPR art. 41, "for a period of five years"), renewals, and two
// declarations both standing (Belgium's of 1987-03-05 and 1987-06-18 under art. 41).
TEST(Competence, PeriodsRenewalsAndTheStartOfUnbrokenAcceptance) {
  std::vector<Action> acts = cat_founders();
  for (int i = 0; i < 5; ++i) acts.push_back(act("cat", "T" + std::to_string(10 + i), ActionKind::kCompetenceDeclaration, "1988-01-01", "art21"));
  // T15: five years from 1990-01-01, renewed on the day it ends, then lapsing.
  Action first = act("cat", "T15", ActionKind::kCompetenceDeclaration, "1990-01-01", "art21");
  first.later_date = d("1995-01-01");
  Action renewal = act("cat", "T15", ActionKind::kCompetenceDeclaration, "1994-12-01", "art21");
  renewal.later_date = d("2000-01-01");
  // T16: a period that ends, a gap, a new declaration.
  Action lapsing = act("cat", "T16", ActionKind::kCompetenceDeclaration, "1990-01-01", "art21");
  lapsing.later_date = d("1992-01-01");
  acts.insert(acts.end(), {first, renewal, lapsing, act("cat", "T16", ActionKind::kCompetenceDeclaration, "1993-06-01", "art21")});
  // T17: two declarations, neither withdrawn.
  acts.push_back(act("cat", "T17", ActionKind::kCompetenceDeclaration, "1989-03-05", "art21"));
  acts.push_back(act("cat", "T17", ActionKind::kCompetenceDeclaration, "1989-06-18", "art21"));
  const TreatyView v = view_of(fixture("cat"), acts);

  const CompetenceOn renewed = find(competences_on(v, "T15", d("1999-12-31")), "art21");
  EXPECT_TRUE(renewed.accepted);
  EXPECT_EQ(renewed.since, d("1990-01-01"));  // chained through the renewal made before the first ended
  ASSERT_NE(renewed.declaration, nullptr);
  EXPECT_EQ(renewed.declaration->date, d("1994-12-01"));  // the one in effect
  EXPECT_TRUE(mentions(renewed.why, "without a break since its declaration of 1990-01-01")) << renewed.why.front().text;
  const CompetenceOn ended = find(competences_on(v, "T15", d("2000-01-01")), "art21");
  EXPECT_FALSE(ended.accepted);  // the day it ceases to have effect
  EXPECT_TRUE(mentions(ended.why, "ended on 2000-01-01")) << ended.why.front().text;

  EXPECT_TRUE(find(competences_on(v, "T16", d("1991-12-31")), "art21").accepted);
  EXPECT_FALSE(find(competences_on(v, "T16", d("1992-01-01")), "art21").accepted);
  const CompetenceOn again = find(competences_on(v, "T16", d("1994-01-01")), "art21");
  EXPECT_TRUE(again.accepted);
  EXPECT_EQ(again.since, d("1993-06-01"));  // a gap: acceptance starts again with the new declaration

  const CompetenceOn both = find(competences_on(v, "T17", d("2000-01-01")), "art21");
  EXPECT_TRUE(both.accepted);
  EXPECT_EQ(both.since, d("1989-03-05"));  // the earlier of the two, not the later
}

TEST(Competence, LaterDateOnlyOnWithdrawalsAndCompetenceDeclarations) {
  std::vector<Action> acts = cat_founders();
  const TreatyView v = view_of(fixture("cat"), acts);
  Action period = act("cat", "T10", ActionKind::kCompetenceDeclaration, "1990-01-01", "art21");
  period.later_date = d("1995-01-01");
  EXPECT_TRUE(check_action(v, period, kToday)) << check_action(v, period, kToday).message();
  period.later_date = d("1990-01-01");
  EXPECT_FALSE(check_action(v, period, kToday));  // not after the declaration
  Action declaration = act("cat", "T10", ActionKind::kDeclaration, "1990-01-01");
  declaration.later_date = d("1995-01-01");
  Outcome o = check_action(v, declaration, kToday);
  ASSERT_FALSE(o);
  EXPECT_NE(o.message().find("a declaration takes none"), std::string::npos) << o.message();
  Action withdrawal = act("cat", "T11", ActionKind::kCompetenceWithdrawal, "1990-01-01", "art21");
  withdrawal.later_date = d("1995-01-01");
  EXPECT_FALSE(check_action(v, withdrawal, kToday));
}

TEST(Competence, DeclarationLapsesWithDenunciation) {
  std::vector<Action> acts = cat_founders();
  for (int i = 0; i < 5; ++i) acts.push_back(act("cat", "T" + std::to_string(10 + i), ActionKind::kCompetenceDeclaration, "1988-01-01", "art21"));
  acts.push_back(act("cat", "T10", ActionKind::kWithdrawal, "1990-01-01"));       // effective 1991-01-01 (art. 31(1))
  acts.push_back(act("cat", "T10", ActionKind::kAccession, "1992-01-01"));        // bound again 1992-01-31
  const TreatyView v = view_of(fixture("cat"), acts);
  EXPECT_TRUE(find(competences_on(v, "T10", d("1990-12-31")), "art21").accepted);
  EXPECT_FALSE(find(competences_on(v, "T10", d("1991-01-01")), "art21").accepted);
  // Bound again, but its old declaration went with its old consent.
  EXPECT_EQ(status(v, "T10", "1992-02-01"), Status::kParty);
  EXPECT_FALSE(find(competences_on(v, "T10", d("1992-02-01")), "art21").accepted);
}

namespace {

// The relation matrix: FRA reserves on ratification; DEU says nothing; ITA objects without
// precluding; SWE objects and precludes entry into force between itself and FRA.
std::vector<Action> matrix(std::vector<Action> extra = {}) {
  std::vector<Action> v = op1_founders();
  for (Action a : {act("iccpr_op1", "FRA", ActionKind::kAccession, "1984-02-17"),
                   act("iccpr_op1", "FRA", ActionKind::kReservation, "1984-02-17"),
                   act("iccpr_op1", "DEU", ActionKind::kAccession, "1993-08-25"),
                   act("iccpr_op1", "ITA", ActionKind::kAccession, "1978-09-15"),
                   act("iccpr_op1", "ITA", ActionKind::kObjection, "1985-01-10", "FRA"),
                   act("iccpr_op1", "SWE", ActionKind::kAccession, "1976-01-06"),
                   act("iccpr_op1", "SWE", ActionKind::kObjection, "1985-02-01", "FRA", "precludes")})
    v.push_back(a);
  for (Action& a : extra) v.push_back(a);
  return v;
}

}  // namespace

TEST(Relation, ReservationWithoutObjectionModifiesReciprocally) {
  const TreatyView v = view_of(fixture("iccpr_op1"), matrix());
  const Relation r = relation_on(v, general_law(), "FRA", "DEU", d("2000-01-01"));
  EXPECT_TRUE(r.in_force);
  ASSERT_EQ(r.reservations.size(), 1u);
  EXPECT_EQ(r.reservations[0].by, "FRA");
  EXPECT_EQ(r.reservations[0].effect, "modifies_reciprocally");
  EXPECT_EQ(r.reservations[0].since, d("1984-05-17"));  // FRA's entry into force (art. 9(2))
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 21(1)"));
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 9(2)"));  // why from 1984-05-17
  // Tacit acceptance: DEU consented after the reservation's first year; accepted from its consent.
  EXPECT_EQ(r.reservations[0].accepted_tacitly_from, d("1993-08-25"));
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 20(5)"));
  // The relation is symmetric in what applies.
  const Relation back = relation_on(v, general_law(), "DEU", "FRA", d("2000-01-01"));
  EXPECT_TRUE(back.in_force);
  ASSERT_EQ(back.reservations.size(), 1u);
  EXPECT_EQ(back.reservations[0].by, "FRA");
  // Before DEU is bound: not in force between them.
  EXPECT_FALSE(relation_on(v, general_law(), "FRA", "DEU", d("1993-11-24")).in_force);
  EXPECT_TRUE(relation_on(v, general_law(), "FRA", "DEU", d("1993-11-25")).in_force);
  // The quotes come from treaties/law/vclt.toml.
  EXPECT_NE(general_law().reservation_effect.quote.find("modifies for the reserving State"), std::string::npos);
}

TEST(Relation, SimpleObjectionExcludesTheReservedProvisions) {
  const TreatyView v = view_of(fixture("iccpr_op1"), matrix());
  const Relation before = relation_on(v, general_law(), "FRA", "ITA", d("1985-01-09"));
  ASSERT_EQ(before.reservations.size(), 1u);
  EXPECT_EQ(before.reservations[0].effect, "modifies_reciprocally");
  const Relation r = relation_on(v, general_law(), "FRA", "ITA", d("1985-01-10"));
  EXPECT_TRUE(r.in_force);
  ASSERT_EQ(r.reservations.size(), 1u);
  EXPECT_EQ(r.reservations[0].effect, "not_applicable_to_extent");
  ASSERT_TRUE(r.reservations[0].objection);
  EXPECT_EQ(r.reservations[0].objection->state, "ITA");
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 21(3)"));
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 20(4)(b)"));
}

TEST(Relation, PrecludingObjectionMeansNotInForceBetweenThem) {
  const TreatyView v = view_of(fixture("iccpr_op1"), matrix());
  EXPECT_TRUE(relation_on(v, general_law(), "FRA", "SWE", d("1985-01-31")).in_force);
  const Relation r = relation_on(v, general_law(), "SWE", "FRA", d("1985-02-01"));
  EXPECT_FALSE(r.in_force);
  EXPECT_EQ(r.status_a, Status::kParty);
  EXPECT_EQ(r.status_b, Status::kParty);
  ASSERT_EQ(r.reservations.size(), 1u);
  EXPECT_EQ(r.reservations[0].effect, "treaty_not_in_force_between_them");
  EXPECT_TRUE(mentions(r.why, "Article 20(4)(b)"));
  // Other pairs are unaffected.
  EXPECT_TRUE(relation_on(v, general_law(), "SWE", "ITA", d("1990-01-01")).in_force);
  EXPECT_TRUE(relation_on(v, general_law(), "SWE", "ITA", d("1990-01-01")).reservations.empty());
}

TEST(Relation, AfterTheObjectionsAndTheReservationAreWithdrawn) {
  const TreatyView v = view_of(fixture("iccpr_op1"),
                               matrix({act("iccpr_op1", "SWE", ActionKind::kObjectionWithdrawal, "1990-06-01", "FRA"),
                                       act("iccpr_op1", "ITA", ActionKind::kObjectionWithdrawal, "1991-06-01", "FRA"),
                                       act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-03-01", "1984-02-17", "partial"),
                                       act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1999-03-01", "1984-02-17")}));
  // SWE's withdrawal of its objection: in force between them again, the reservation as without objection.
  EXPECT_FALSE(relation_on(v, general_law(), "SWE", "FRA", d("1990-05-31")).in_force);
  const Relation swe = relation_on(v, general_law(), "SWE", "FRA", d("1990-06-01"));
  EXPECT_TRUE(swe.in_force);
  ASSERT_EQ(swe.reservations.size(), 1u);
  EXPECT_EQ(swe.reservations[0].effect, "modifies_reciprocally");
  EXPECT_TRUE(mentions(swe.reservations[0].why, "withdrew its objection"));
  // ITA's withdrawal: the reservation applies reciprocally from then on.
  EXPECT_EQ(relation_on(v, general_law(), "ITA", "FRA", d("1991-05-31")).reservations.at(0).effect, "not_applicable_to_extent");
  EXPECT_EQ(relation_on(v, general_law(), "ITA", "FRA", d("1991-06-01")).reservations.at(0).effect, "modifies_reciprocally");
  // Partial withdrawal: still applies, as modified.
  const Relation partial = relation_on(v, general_law(), "FRA", "DEU", d("1996-01-01"));
  ASSERT_EQ(partial.reservations.size(), 1u);
  ASSERT_TRUE(partial.reservations[0].partial_withdrawal);
  EXPECT_TRUE(mentions(partial.reservations[0].why, "in part"));
  // Total withdrawal: no reservation applies between any of them.
  for (const char* other : {"DEU", "ITA", "SWE"}) {
    const Relation r = relation_on(v, general_law(), "FRA", other, d("1999-03-01"));
    EXPECT_TRUE(r.in_force) << other;
    EXPECT_TRUE(r.reservations.empty()) << other;
    EXPECT_TRUE(mentions(r.why, "withdrew its reservation of 1984-02-17")) << other;
  }
}

TEST(Relation, ObjectionToTheReaccessionReservation) {
  const TreatyView v = view_of(fixture("iccpr_op1"), op1_record());
  // Denmark objected on 6 August 1999 to Trinidad and Tobago's reservation, without precluding.
  const Relation before = relation_on(v, general_law(), "DNK", "TTO", d("1999-08-05"));
  EXPECT_TRUE(before.in_force);
  ASSERT_EQ(before.reservations.size(), 1u);
  EXPECT_EQ(before.reservations[0].effect, "modifies_reciprocally");
  const Relation after = relation_on(v, general_law(), "DNK", "TTO", d("1999-08-06"));
  EXPECT_TRUE(after.in_force);
  ASSERT_EQ(after.reservations.size(), 1u);
  EXPECT_EQ(after.reservations[0].effect, "not_applicable_to_extent");
  // After Trinidad and Tobago's second denunciation: no relation.
  EXPECT_FALSE(relation_on(v, general_law(), "DNK", "TTO", d("2000-06-27")).in_force);
  // Guyana's reservation and Finland's objection of 17 March 2000.
  EXPECT_EQ(relation_on(v, general_law(), "FIN", "GUY", d("2000-03-17")).reservations.at(0).effect, "not_applicable_to_extent");
}

TEST(Checks, SubjectAndQualifierNamedInRefusals) {
  const TreatyView v = view_of(fixture("iccpr_op1"), matrix());
  const auto refused = [&](const Action& a, const std::string& because) {
    Outcome o = check_action(v, a, kToday);
    ASSERT_FALSE(o) << to_string(a.kind) << " accepted";
    EXPECT_NE(o.message().find(because), std::string::npos) << o.message();
  };
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01"), "subject is missing");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01", "France"), "ISO 3166-1 alpha-3");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01", "DEU"), "objecting state itself");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01", "ITA"), "has made no reservation");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1984-01-01", "FRA"), "on or before 1984-01-01");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01", "FRA", "partial"), "qualifier 'partial'");
  refused(act("iccpr_op1", "DEU", ActionKind::kObjectionWithdrawal, "1995-01-01", "FRA"), "no objection");
  refused(act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-01-01", "17 Feb 1984"), "date of the reservation");
  refused(act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-01-01", "1984-02-18"), "made no reservation on 1984-02-18");
  refused(act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-01-01", "", "precludes"), "qualifier 'precludes'");
  refused(act("iccpr_op1", "FRA", ActionKind::kCompetenceDeclaration, "1995-01-01", "art41"), "not a competence");
  refused(act("iccpr_op1", "FRA", ActionKind::kDeclaration, "1995-01-01", "ITA"), "takes none");
  refused(act("iccpr_op1", "FRA", ActionKind::kDeclaration, "1995-01-01", "", "precludes"), "qualifier");
  EXPECT_TRUE(check_action(v, act("iccpr_op1", "DEU", ActionKind::kObjection, "1995-01-01", "FRA", "precludes"), kToday));
  EXPECT_TRUE(check_action(v, act("iccpr_op1", "SWE", ActionKind::kObjectionWithdrawal, "1995-01-01", "FRA"), kToday));
  EXPECT_TRUE(check_action(v, act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-01-01", "1984-02-17", "partial"), kToday));
  EXPECT_TRUE(check_action(v, act("iccpr_op1", "FRA", ActionKind::kReservationWithdrawal, "1995-01-01"), kToday));

  const TreatyView cat = view_of(fixture("cat"), cat_founders());
  Outcome missing = check_action(cat, act("cat", "T10", ActionKind::kCompetenceDeclaration, "1995-01-01"), kToday);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.message().find("art21, art20"), std::string::npos) << missing.message();
  Outcome none = check_action(cat, act("cat", "T10", ActionKind::kCompetenceWithdrawal, "1995-01-01", "art21"), kToday);
  ASSERT_FALSE(none);
  EXPECT_NE(none.message().find("no declaration under art21"), std::string::npos) << none.message();
  Outcome outsider = check_action(cat, act("cat", "USA", ActionKind::kCompetenceDeclaration, "1995-01-01", "art21"), kToday);
  ASSERT_FALSE(outsider);
  EXPECT_NE(outsider.message().find("neither a signatory nor a party"), std::string::npos) << outsider.message();
}

TEST(GeneralLaw, BundledFileLoadsAndIsStrict) {
  const GeneralLaw& g = general_law();
  EXPECT_EQ(g.objection_does_not_preclude.article, "Vienna Convention on the Law of Treaties, Article 20(4)(b)");
  EXPECT_NE(g.objection_effect.quote.find("do not apply as between the two States to the extent of the reservation"), std::string::npos);
  GeneralLawResult typo = parse_general_law("title='x'\n[reservation_efect]\narticle='a'\nquote='q'\n", "v.toml");
  EXPECT_FALSE(typo.law);
  EXPECT_NE(typo.error.find("did you mean 'reservation_effect'"), std::string::npos) << typo.error;
}

TEST(Relation, ReservationAtSignatureAppliesFromTheConsentThatConfirmsIt) {
  std::vector<Action> acts = matrix({act("iccpr_op1", "NOR", ActionKind::kSignature, "1990-01-10"),
                                     act("iccpr_op1", "NOR", ActionKind::kReservation, "1990-01-10"),
                                     act("iccpr_op1", "NOR", ActionKind::kRatification, "1992-06-01")});
  const TreatyView v = view_of(fixture("iccpr_op1"), acts);
  EXPECT_TRUE(reservations_on(*v.participant("NOR"), d("1992-08-31")).empty());  // not yet bound
  const Relation r = relation_on(v, general_law(), "NOR", "DEU", d("1995-01-01"));
  ASSERT_EQ(r.reservations.size(), 1u);
  EXPECT_EQ(r.reservations[0].since, d("1992-09-01"));
  EXPECT_TRUE(mentions(r.reservations[0].why, "Article 23(2)"));
}
