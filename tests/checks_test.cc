// The depositary's checks, each accepted and refused, on a constructed record of the Ottawa
// profile (so that the treaty can be taken before and after its entry into force).
#include "depositary/checks.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace pacta;

namespace {

Date d(const char* s) { return *Date::parse(s); }
const Date kToday = *Date::parse("2026-11-27");

TreatyProfile apmbc() {
  std::ifstream in(std::string(PACTA_SOURCE_DIR) + "/treaties/apmbc.toml");
  std::ostringstream ss;
  ss << in.rdbuf();
  return *parse_profile(ss.str(), "apmbc").profile;
}

Action act(const std::string& state, ActionKind k, const char* date, std::string text = "") {
  Action a;
  a.treaty = "apmbc";
  a.state = state;
  a.kind = k;
  a.date = d(date);
  a.text = std::move(text);
  return a;
}

// `n` early accessions on 1998-09-16, plus `extra`.
TreatyView treaty(int n, std::vector<Action> extra = {}) {
  Record r;
  for (int i = 0; i < n; ++i) r.actions.push_back(act("S" + std::to_string(10 + i), ActionKind::kAccession, "1998-09-16"));
  for (Action& a : extra) r.actions.push_back(a);
  int64_t seq = 1;
  for (Action& a : r.actions) a.prov.seq = seq++;
  return TreatyView(apmbc(), r);
}

void accepted(const TreatyView& v, const Action& a) {
  Outcome o = check_action(v, a, kToday);
  EXPECT_TRUE(o) << to_string(a.kind) << " " << a.date.iso() << ": " << o.message();
}

void refused(const TreatyView& v, const Action& a, const std::string& because) {
  Outcome o = check_action(v, a, kToday);
  ASSERT_FALSE(o) << to_string(a.kind) << " " << a.date.iso() << " was accepted";
  EXPECT_TRUE(o.is_refusal()) << o.message();
  EXPECT_NE(o.message().find(because), std::string::npos) << o.message();
}

}  // namespace

TEST(Checks, SignatureOnlyWhileOpen) {
  accepted(treaty(39), act("XSA", ActionKind::kSignature, "2000-01-10"));  // not in force: still open
  refused(treaty(40), act("XSA", ActionKind::kSignature, "1999-03-01"), "Article 15");
  accepted(treaty(40), act("XSA", ActionKind::kSignature, "1999-02-28"));
  refused(treaty(40), act("XSA", ActionKind::kSignature, "1997-12-02"), "opens for signature on 1997-12-03");
  refused(treaty(40, {act("XSA", ActionKind::kSignature, "1997-12-03")}), act("XSA", ActionKind::kSignature, "1998-01-03"),
          "already signed");
  // Signed, and the treaty closed for signature: the rule still named first with its article.
  refused(treaty(40, {act("XSA", ActionKind::kSignature, "1997-12-03")}), act("XSA", ActionKind::kSignature, "2026-11-20"),
          "XSA already signed on 1997-12-03, and the treaty was open for signature only until its entry into force on 1999-03-01; a state that has not signed may accede [Article 15");
}

TEST(Checks, ConsentBySignatoriesAndAccessionByOthers) {
  const TreatyView signed_up = treaty(40, {act("XSA", ActionKind::kSignature, "1997-12-03")});
  accepted(signed_up, act("XSA", ActionKind::kRatification, "2001-01-10"));
  accepted(signed_up, act("XSA", ActionKind::kAcceptance, "2001-01-10"));
  refused(signed_up, act("XSA", ActionKind::kAccession, "2001-01-10"), "Article 16");
  accepted(treaty(40), act("XNS", ActionKind::kAccession, "2001-01-10"));
  refused(treaty(40), act("XNS", ActionKind::kRatification, "2001-01-10"), "has not signed (it may accede)");
  accepted(treaty(40), act("XNS", ActionKind::kSuccession, "2001-01-10"));
  refused(treaty(40), act("S10", ActionKind::kAccession, "2001-01-10"), "has already consented");
}

TEST(Checks, WithdrawalOnlyByAPartyWithReasons) {
  accepted(treaty(40), act("S10", ActionKind::kWithdrawal, "2020-01-10", "reasons"));
  refused(treaty(40), act("S10", ActionKind::kWithdrawal, "2020-01-10"), "Article 20(2)");
  refused(treaty(40), act("XNP", ActionKind::kWithdrawal, "2020-01-10", "reasons"), "only a state that has deposited consent");
  const TreatyView pending = treaty(40, {act("S10", ActionKind::kWithdrawal, "2020-01-10", "reasons")});
  refused(pending, act("S10", ActionKind::kWithdrawal, "2020-03-10", "reasons"), "already has a withdrawal pending");
  refused(pending, act("S10", ActionKind::kWithdrawal, "2020-09-10", "reasons"), "only a state that has deposited consent");
  Action later = act("S11", ActionKind::kWithdrawal, "2020-01-10", "reasons");
  later.later_date = d("2021-01-01");
  refused(treaty(40), later, "does not allow a later effective date");
}

TEST(Checks, RevocationOnlyBeforeEffect) {
  const TreatyView pending = treaty(40, {act("S10", ActionKind::kWithdrawal, "2020-01-10", "reasons")});
  accepted(pending, act("S10", ActionKind::kWithdrawalRevocation, "2020-07-09"));
  refused(pending, act("S10", ActionKind::kWithdrawalRevocation, "2020-07-10"), "not yet taken effect");
  refused(treaty(40), act("S11", ActionKind::kWithdrawalRevocation, "2020-07-10"), "not yet taken effect");
}

TEST(Checks, NotIntendingOnlyBySignatories) {
  const TreatyView signed_up = treaty(40, {act("XSA", ActionKind::kSignature, "1997-12-03")});
  accepted(signed_up, act("XSA", ActionKind::kNotIntending, "2001-01-10"));
  refused(treaty(40), act("XNS", ActionKind::kNotIntending, "2001-01-10"), "only a signatory");
}

TEST(Checks, InstrumentWithdrawalOnlyBeforeItTakesEffect) {
  const TreatyView v = treaty(40, {act("XLA", ActionKind::kAccession, "2001-01-10")});
  accepted(v, act("XLA", ActionKind::kInstrumentWithdrawal, "2001-06-30"));
  refused(v, act("XLA", ActionKind::kInstrumentWithdrawal, "2001-07-01"), "not yet taken effect");
}

TEST(Checks, Dates) {
  refused(treaty(40), act("XNS", ActionKind::kAccession, "1997-09-17"), "before the treaty was adopted (1997-09-18)");
  refused(treaty(40), act("XNS", ActionKind::kAccession, "2026-11-28"), "after the day of recording");
  accepted(treaty(40), act("XNS", ActionKind::kAccession, "2026-11-27"));
  accepted(treaty(40), act("XNS", ActionKind::kCommunication, "2026-11-27"));
}

TEST(Checks, FactsAndSteps) {
  Fact f;
  f.state = "XNS";
  f.from = d("2026-01-01");
  EXPECT_FALSE(check_fact(f, kToday));  // no source
  f.prov.source = "s";
  EXPECT_TRUE(check_fact(f, kToday));
  f.to = d("2025-12-31");
  EXPECT_FALSE(check_fact(f, kToday));
  DomesticStep s;
  s.state = "XNS";
  s.date = d("2026-12-01");
  s.kind = "vote";
  s.prov.source = "s";
  EXPECT_FALSE(check_step(s, kToday));
  s.date = d("2026-11-01");
  EXPECT_TRUE(check_step(s, kToday));
}

// The checks and the engine ask the same decide(): an action the check refuses as without
// effect is one the engine, finding it on record, leaves out with the same words.
TEST(Checks, AgreeWithTheEngine) {
  Action signature = act("XSA", ActionKind::kSignature, "1997-12-03");
  Action withdrawal = act("S10", ActionKind::kWithdrawal, "2020-01-10", "reasons");
  Action accession = act("XLA", ActionKind::kAccession, "2001-01-10");  // in force for it from 2001-07-01
  struct Case {
    std::vector<Action> record;  // what is on record before
    Action action;               // the contradictory action
    std::string words;           // in the refusal
  };
  const std::vector<Case> cases = {
      {{}, act("S10", ActionKind::kAccession, "2001-01-10"), "S10 has already consented to be bound (its status on 2001-01-10 is party) [Article 16: \""},
      {{}, act("XNP", ActionKind::kWithdrawal, "2020-01-10", "reasons"), "only a state that has deposited consent and not withdrawn may withdraw; its status on 2020-01-10 is none [Article 20(3)"},
      {{withdrawal}, act("S10", ActionKind::kWithdrawal, "2020-03-10", "reasons"), "S10 already has a withdrawal pending (its status on 2020-03-10 is withdrawing)"},
      {{withdrawal}, act("S10", ActionKind::kWithdrawal, "2020-09-10", "reasons"), "its status on 2020-09-10 is withdrawn"},
      {{}, act("S11", ActionKind::kWithdrawalRevocation, "2020-07-10"), "only a withdrawal that has not yet taken effect can be revoked; its status on 2020-07-10 is party"},
      {{accession}, act("XLA", ActionKind::kInstrumentWithdrawal, "2001-07-01"), "only an instrument of consent that has not yet taken effect can be withdrawn; its status on 2001-07-01 is party"},
      {{}, act("S13", ActionKind::kNotIntending, "2001-01-10"), "only a signatory that has not consented can notify that it does not intend to become a party; its status on 2001-01-10 is party"},
      {{signature}, act("XSA", ActionKind::kSignature, "1998-01-03"), "XSA already signed on 1997-12-03"},
      {{signature}, act("XSA", ActionKind::kSignature, "2000-01-03"), "XSA already signed on 1997-12-03, and the treaty was open for signature only until"},
  };
  for (const Case& c : cases) {
    const Outcome check = check_action(treaty(40, c.record), c.action, kToday);
    ASSERT_FALSE(check) << c.words;
    EXPECT_TRUE(check.is_refusal());
    EXPECT_NE(check.message().find(c.words), std::string::npos) << check.message();
    std::vector<Action> on_record = c.record;
    on_record.push_back(c.action);
    const TreatyView engine = treaty(40, on_record);
    const ParticipantView* p = engine.participant(c.action.state);
    ASSERT_NE(p, nullptr);
    ASSERT_EQ(p->without_effect.size(), 1u) << c.words;
    const ActionWithoutEffect& left_out = p->without_effect.front();
    EXPECT_EQ(left_out.action->date, c.action.date);
    EXPECT_EQ(left_out.refusal.kind, RefusalKind::kNoEffect);
    EXPECT_EQ(refusal_message(c.action, left_out.refusal), check.message());
    // The note on the engine's timeline says the same.
    const StatusInterval* i = p->interval_on(c.action.date);
    ASSERT_NE(i, nullptr);
    bool noted = false;
    for (const Reason& r : i->why) noted = noted || r.text.find(left_out.refusal.text) != std::string::npos;
    EXPECT_TRUE(noted) << left_out.refusal.text;
  }
}

// A refusal of form only (the depositary would refuse it now): one already on record acts.
TEST(Checks, RefusedForFormButActsWhenOnRecord) {
  const Action ratification = act("XNS", ActionKind::kRatification, "2001-01-10");
  const Outcome check = check_action(treaty(40), ratification, kToday);
  ASSERT_FALSE(check);
  EXPECT_NE(check.message().find("has not signed (it may accede)"), std::string::npos) << check.message();
  const TreatyView engine = treaty(40, {ratification});
  EXPECT_EQ(engine.participant("XNS")->status_on(d("2001-07-01")), Status::kParty);
  EXPECT_TRUE(engine.participant("XNS")->without_effect.empty());
  // Both ask decide() on the same standing and get the same refusal.
  const ParticipantState none;
  const Decision dec = decide(none, ratification, apmbc(), TreatyState{treaty(40).entry_into_force()});
  ASSERT_TRUE(dec.refusal);
  EXPECT_EQ(dec.refusal->kind, RefusalKind::kForm);
  EXPECT_EQ(refusal_message(ratification, *dec.refusal), check.message());
}
