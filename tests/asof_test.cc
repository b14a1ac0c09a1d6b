// Answers for a past day D use only what had happened by D (issue 13, point 2): a row's dates
// are those of the participation round in force or pending on D, computed from the instruments
// received by D; effects those instruments schedule after D are marked scheduled; a later
// round, a later withdrawal, a later threshold instrument never shows. First the cases the
// issue names, with their exact dates; then, for every bundled treaty, every participant and
// many days, the same as a property: of the engine, and of the JSON answers and the CSV the
// CLI and the API give (one SQLite database made from the bundle).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

#include "app/catalog.h"
#include "app/recording.h"
#include "app/report.h"
#include "depositary/checks.h"
#include "ingest/bundle.h"
#include "store/ledger.h"
#include "engine/engine.h"
#include "server/tables.h"
#include "support.h"

using namespace pacta;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

Date d(const char* s) { return *Date::parse(s); }
std::string iso(const std::optional<Date>& x) { return x ? x->iso() : "-"; }

const std::vector<std::string>& treaty_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const auto& [id, toml] : test::bundle().profiles) out.push_back(id);
    return out;
  }();
  return ids;
}

const TreatyView& view(const std::string& id) {
  static std::map<std::string, std::unique_ptr<TreatyView>> views;
  auto& v = views[id];
  if (!v) v = std::make_unique<TreatyView>(test::bundled_profile(id), test::bundled_record(id));
  return *v;
}

const ParticipantView& participant(const std::string& treaty, const std::string& state) {
  const ParticipantView* p = view(treaty).participant(state);
  EXPECT_TRUE(p) << treaty << " " << state;
  static const ParticipantView none;
  return p ? *p : none;
}

// The row's dates as one line, so a failure shows them all.
std::string row(const ParticipantView& p, Date on) {
  const StatusInterval* i = p.interval_on(on);
  return std::string(to_string(i ? i->status : Status::kNone)) + " since " + (i ? i->from.iso() : "-") + " until " +
         iso(i ? i->until : std::nullopt) + "; consent " + iso(p.consent) + " in force " + iso(p.entry_into_force) +
         "; withdrawal " + iso(p.withdrawal_received) + " -> " + iso(p.withdrawal_effective) + " (held back from " +
         iso(p.withdrawal_suspended_from) + ")";
}

std::string as_of(const std::string& treaty, const std::string& state, const char* on) {
  const ParticipantOn then = participant(treaty, state).as_of(d(on));
  return row(*then, d(on));
}

std::string as_of_row(const TreatyView& v, const std::string& state, const char* on) {
  const ParticipantOn then = v.participant(state)->as_of(d(on));
  return row(*then, d(on));
}

// ---- the cases of the issue, exact dates ----

TEST(AsOf, UnitedStatesParisEachRoundOnItsOwnDates) {
  // 2019-01-01: the first round only; nothing of 2019, 2021 or 2025.
  EXPECT_EQ(as_of("paris", "USA", "2019-01-01"),
            "party since 2016-11-04 until -; consent 2016-09-03 in force 2016-11-04; withdrawal - -> - (held back from -)");
  // 2020-06-01: the withdrawal running then (notified 2019-11-04, effective 2020-11-04).
  EXPECT_EQ(as_of("paris", "USA", "2020-06-01"),
            "withdrawing since 2019-11-04 until 2020-11-04; consent 2016-09-03 in force 2016-11-04; "
            "withdrawal 2019-11-04 -> 2020-11-04 (held back from -)");
  // 2020-12-01: withdrawn, and nothing yet says it will come back.
  EXPECT_EQ(as_of("paris", "USA", "2020-12-01"),
            "withdrawn since 2020-11-04 until -; consent 2016-09-03 in force 2016-11-04; "
            "withdrawal 2019-11-04 -> 2020-11-04 (held back from -)");
  // 2021-01-20 (the deposit): contracting, in force for it 30 days later.
  EXPECT_EQ(as_of("paris", "USA", "2021-01-20"),
            "contracting since 2021-01-20 until 2021-02-19; consent 2021-01-20 in force 2021-02-19; withdrawal - -> - (held back from -)");
  EXPECT_EQ(as_of("paris", "USA", "2024-12-31"),
            "party since 2021-02-19 until -; consent 2021-01-20 in force 2021-02-19; withdrawal - -> - (held back from -)");
  EXPECT_EQ(as_of("paris", "USA", "2025-06-01"),
            "withdrawing since 2025-01-27 until 2026-01-27; consent 2021-01-20 in force 2021-02-19; "
            "withdrawal 2025-01-27 -> 2026-01-27 (held back from -)");
  // The whole record, today, is the latest round as before.
  EXPECT_EQ(as_of("paris", "USA", "2026-11-27"),
            "withdrawn since 2026-01-27 until -; consent 2021-01-20 in force 2021-02-19; "
            "withdrawal 2025-01-27 -> 2026-01-27 (held back from -)");
}

TEST(AsOf, LithuaniaOttawaNoWithdrawalBeforeItIsReceived) {
  EXPECT_EQ(as_of("apmbc", "LTU", "2025-01-01"),
            "party since 2003-11-01 until -; consent 2003-05-12 in force 2003-11-01; withdrawal - -> - (held back from -)");
  EXPECT_EQ(as_of("apmbc", "LTU", "2025-06-26"),
            "party since 2003-11-01 until -; consent 2003-05-12 in force 2003-11-01; withdrawal - -> - (held back from -)");
  // Received 2025-06-27: withdrawing, effective 2025-12-27 (scheduled).
  EXPECT_EQ(as_of("apmbc", "LTU", "2025-07-01"),
            "withdrawing since 2025-06-27 until 2025-12-27; consent 2003-05-12 in force 2003-11-01; "
            "withdrawal 2025-06-27 -> 2025-12-27 (held back from -)");
  // Before its ratification: a signatory, nothing of 2003 yet.
  EXPECT_EQ(as_of("apmbc", "LTU", "2003-05-11"),
            "signatory since 1999-02-26 until -; consent - in force -; withdrawal - -> - (held back from -)");
}

TEST(AsOf, AfghanistanOttawaNothingBeforeItsAccession) {
  const ParticipantOn then = participant("apmbc", "AFG").as_of(d("1998-06-01"));
  EXPECT_TRUE(then->actions.empty());
  EXPECT_TRUE(then->intervals.empty());
  EXPECT_EQ(row(*then, d("1998-06-01")), "none since - until -; consent - in force -; withdrawal - -> - (held back from -)");
  EXPECT_EQ(as_of("apmbc", "AFG", "2002-09-11"),
            "contracting since 2002-09-11 until 2003-03-01; consent 2002-09-11 in force 2003-03-01; withdrawal - -> - (held back from -)");
}

TEST(AsOf, TreatyEntryIntoForceOnlyOnceTheThresholdInstrumentIsDeposited) {
  // Ottawa: the 40th instrument (Burkina Faso) on 1998-09-16 -> 1999-03-01.
  const TreatyView& v = view("apmbc");
  EXPECT_FALSE(v.entry_into_force_on(d("1998-06-01")).date);
  EXPECT_FALSE(v.entry_into_force_on(d("1998-09-15")).date);
  EXPECT_EQ(iso(v.entry_into_force_on(d("1998-09-16")).date), "1999-03-01");
  EXPECT_EQ(iso(v.entry_into_force_on(d("1998-09-16")).threshold), "1998-09-16");
  EXPECT_EQ(iso(v.entry_into_force_on(d("2026-01-01")).date), "1999-03-01");
  const std::string why = v.entry_into_force_on(d("1998-06-01")).why.at(0).text;
  EXPECT_NE(why.find("had been deposited by 1998-06-01; not yet in force"), std::string::npos) << why;
  // Canada ratified on 1997-12-03: contracting, its entry into force not yet determined ...
  EXPECT_EQ(as_of("apmbc", "CAN", "1998-06-01"),
            "contracting since 1997-12-03 until -; consent 1997-12-03 in force -; withdrawal - -> - (held back from -)");
  // ... until the 40th instrument: then scheduled for 1999-03-01.
  EXPECT_EQ(as_of("apmbc", "CAN", "1998-09-16"),
            "contracting since 1997-12-03 until 1999-03-01; consent 1997-12-03 in force 1999-03-01; withdrawal - -> - (held back from -)");
  // Paris: threshold met by a recorded fact on 2016-10-05 -> 2016-11-04.
  EXPECT_FALSE(view("paris").entry_into_force_on(d("2016-10-04")).date);
  EXPECT_EQ(iso(view("paris").entry_into_force_on(d("2016-10-05")).date), "2016-11-04");
}

TEST(AsOf, NextEffectsOnlyOfInstrumentsReceivedByThen) {
  const TreatyView& v = view("paris");
  const Date on = d("2020-06-01");
  std::vector<std::string> seen;
  for (const DerivedEvent& e : v.events_between(on.plus_days(1), d("2026-12-31"), on))
    if (e.kind != "obligation_deadline") seen.push_back(e.date.iso() + " " + e.label);
  EXPECT_NE(std::find(seen.begin(), seen.end(), "2020-11-04 withdrawal of USA takes effect"), seen.end());
  for (const std::string& s : seen) {
    EXPECT_EQ(s.find("USA", 11) == std::string::npos || s == "2020-11-04 withdrawal of USA takes effect", true) << s;
    EXPECT_LT(s.substr(0, 10), "2021-01-01") << s;  // nothing deposited after 2020-06-01 takes effect later than that here
  }
  // The whole record's list does have the later ones.
  bool later = false;
  for (const DerivedEvent& e : v.events_between(on.plus_days(1), d("2026-12-31")))
    later = later || (e.state == "USA" && e.date == d("2026-01-27"));
  EXPECT_TRUE(later);
}

TEST(AsOf, RevokedWithdrawalIsPendingUntilItsRevocation) {
  // South Africa, Rome: withdrawal received 2016-10-19, revoked 2017-03-07.
  const ParticipantOn pending = participant("rome", "ZAF").as_of(d("2017-01-01"));
  EXPECT_EQ(pending->status_on(d("2017-01-01")), Status::kWithdrawing);
  EXPECT_EQ(iso(pending->withdrawal_received), "2016-10-19");
  EXPECT_EQ(iso(pending->withdrawal_effective), "2017-10-19");
  const ParticipantOn revoked = participant("rome", "ZAF").as_of(d("2017-06-01"));
  EXPECT_EQ(revoked->status_on(d("2017-06-01")), Status::kParty);
  EXPECT_FALSE(revoked->withdrawal_received);
  EXPECT_FALSE(revoked->withdrawal_effective);
}

TEST(AsOf, InstrumentWithdrawnBeforeItTookEffect) {
  // Malaysia, Rome: accession 2019-03-04 (in force 2019-06-01), withdrawn 2019-04-29.
  const ParticipantOn then = participant("rome", "MYS").as_of(d("2019-04-01"));
  EXPECT_EQ(row(*then, d("2019-04-01")),
            "contracting since 2019-03-04 until 2019-06-01; consent 2019-03-04 in force 2019-06-01; withdrawal - -> - (held back from -)");
  EXPECT_EQ(participant("rome", "MYS").as_of(d("2019-07-01"))->status_on(d("2019-07-01")), Status::kNone);
}

TEST(AsOf, SuccessionReachesBackToTheSuccessionOfStates) {
  // Montenegro, Ottawa: notification of succession deposited 2006-10-23, a party from the date
  // of the succession of States, 2006-06-03. On 2006-08-01 it is a party (as the whole record
  // says), and the consent on its row is the later notification (retroactive).
  const ParticipantView& mne = participant("apmbc", "MNE");
  EXPECT_EQ(mne.status_on(d("2006-08-01")), Status::kParty);
  const ParticipantOn then = mne.as_of(d("2006-08-01"));
  EXPECT_EQ(row(*then, d("2006-08-01")),
            "party since 2006-06-03 until -; consent 2006-10-23 in force 2006-06-03; withdrawal - -> - (held back from -)");
  EXPECT_FALSE(mne.as_of(d("2006-06-02"))->consent);
}

// A constructed record: a withdrawal held back by an armed conflict whose end is recorded.
Record with_conflict() {
  Record r;
  auto act = [&](const std::string& s, ActionKind k, const char* date) {
    Action a;
    a.treaty = "apmbc";
    a.state = s;
    a.kind = k;
    a.date = d(date);
    a.text = "reasons";
    r.actions.push_back(a);
  };
  for (int i = 0; i < 40; ++i) act("S" + std::to_string(10 + i), ActionKind::kAccession, "1998-09-16");
  act("XXA", ActionKind::kAccession, "2000-01-10");
  act("XXA", ActionKind::kWithdrawal, "2025-01-15");
  Fact f;
  f.state = "XXA";
  f.from = d("2025-05-01");
  f.to = d("2026-03-31");
  f.prov.source = "constructed for a test";
  r.facts.push_back(f);
  int64_t seq = 1;
  for (Action& a : r.actions) a.prov.seq = seq++;
  for (Fact& x : r.facts) x.prov.seq = seq++;
  return r;
}

TEST(AsOf, ConflictEndNotKnownBeforeItEnds) {
  const TreatyView v(test::bundled_profile("apmbc"), with_conflict());
  const ParticipantView& p = *v.participant("XXA");
  EXPECT_EQ(row(p, d("2025-08-01")),
            "withdrawal_suspended since 2025-07-15 until 2026-03-31; consent 2000-01-10 in force 2000-07-01; "
            "withdrawal 2025-01-15 -> 2026-03-31 (held back from 2025-07-15)");
  // Before the conflict: the effect expected on expiry, subject to the condition.
  EXPECT_EQ(as_of_row(v, "XXA", "2025-03-01"),
            "withdrawing since 2025-01-15 until 2025-07-15; consent 2000-01-10 in force 2000-07-01; "
            "withdrawal 2025-01-15 -> 2025-07-15 (held back from -)");
  // During it: held back, with no end known yet.
  EXPECT_EQ(as_of_row(v, "XXA", "2025-08-01"),
            "withdrawal_suspended since 2025-07-15 until -; consent 2000-01-10 in force 2000-07-01; "
            "withdrawal 2025-01-15 -> - (held back from 2025-07-15)");
  EXPECT_EQ(as_of_row(v, "XXA", "2026-03-31"), row(p, d("2026-03-31")));
}

// The checks before recording take a back-dated action against where the state stood on its
// date (as the engine folds it), not against its latest round.
TEST(AsOf, ChecksTakeABackDatedActionOnItsOwnDay) {
  const ParticipantView& usa = participant("paris", "USA");
  const ParticipantState in_2019 = usa.standing_on(d("2019-01-01"));
  EXPECT_EQ(in_2019.status, Status::kParty);
  EXPECT_EQ(iso(in_2019.entry_into_force), "2016-11-04");
  EXPECT_FALSE(in_2019.withdrawal_received);
  const ParticipantState in_2020 = usa.standing_on(d("2020-06-01"));
  EXPECT_EQ(in_2020.status, Status::kWithdrawing);
  EXPECT_EQ(iso(in_2020.withdrawal_received), "2019-11-04");
  // A revocation dated in a first round, while a withdrawal notified before entry into force
  // for it was pending, is taken against that round (the second round has no withdrawal).
  Record r;
  auto act = [&](const std::string& st, ActionKind k, const char* date) {
    Action a;
    a.treaty = "apmbc";
    a.state = st;
    a.kind = k;
    a.date = d(date);
    a.text = "reasons";
    a.prov.seq = static_cast<int64_t>(r.actions.size()) + 1;
    r.actions.push_back(a);
    return a;
  };
  for (int k = 0; k < 40; ++k) act("S" + std::to_string(10 + k), ActionKind::kAccession, "1998-09-16");
  act("XXB", ActionKind::kAccession, "2000-01-10");   // in force for it 2000-07-01
  act("XXB", ActionKind::kWithdrawal, "2000-02-01");  // while contracting: takes effect 2000-08-01
  act("XXB", ActionKind::kAccession, "2001-01-10");   // a second round
  const TreatyView v(test::bundled_profile("apmbc"), r);
  const ParticipantView& xxb = *v.participant("XXB");
  EXPECT_EQ(xxb.status_on(d("2000-03-01")), Status::kContracting);
  EXPECT_EQ(iso(xxb.standing_on(d("2000-03-01")).withdrawal_received), "2000-02-01");
  Action revocation;
  revocation.treaty = "apmbc";
  revocation.state = "XXB";
  revocation.kind = ActionKind::kWithdrawalRevocation;
  revocation.date = d("2000-03-01");
  const Outcome o = check_action(v, revocation, d("2026-11-27"));
  EXPECT_TRUE(o) << o.message();
}

// ---- the property, in the engine ----

// Every 1 January and 1 July from the treaty's adoption to 2026, each recorded action's and
// fact's date and the day before, and the days the treaty's entry into force was determined.
std::set<Date> treaty_days(const TreatyView& v) {
  std::set<Date> days;
  for (int y = v.profile().adopted.year(); y <= 2026; ++y)
    for (int m : {1, 7})
      if (Date x = *Date::from_ymd(y, m, 1); x >= v.profile().adopted) days.insert(x);
  auto with_eve = [&](Date x) {
    days.insert(x);
    days.insert(x.plus_days(-1));
  };
  for (const Action& a : v.record().actions) with_eve(a.date);
  for (const Fact& f : v.record().facts) {
    with_eve(f.from);
    if (f.to) with_eve(*f.to);
  }
  if (v.entry_into_force()) with_eve(*v.entry_into_force());
  return days;
}

// The days that matter to one participant: every 1 January and 1 July from adoption to 2026,
// the dates of its actions, of the facts about it, of its effects and of the treaty's entry
// into force, each with the day before.
std::set<Date> participant_days(const TreatyView& v, const ParticipantView& p) {
  std::set<Date> days;
  for (int y = v.profile().adopted.year(); y <= 2026; ++y)
    for (int m : {1, 7})
      if (Date x = *Date::from_ymd(y, m, 1); x >= v.profile().adopted) days.insert(x);
  auto with_eve = [&](Date x) {
    days.insert(x);
    days.insert(x.plus_days(-1));
  };
  for (const Action* a : p.actions) with_eve(a->date);
  for (const DerivedEvent& e : p.derived)
    if (e.kind != "obligation_deadline") with_eve(e.date);
  for (const StatusInterval& i : p.intervals) with_eve(i.from);
  for (const Fact& f : v.record().facts)
    if (f.state == p.state || f.state.empty()) {
      with_eve(f.from);
      if (f.to) with_eve(*f.to);
    }
  if (const TreatyInForce t = v.entry_into_force_on(*Date::from_ymd(2100, 1, 1)); t.threshold) with_eve(*t.threshold);
  if (v.entry_into_force()) with_eve(*v.entry_into_force());
  return days;
}

// Every ISO date (YYYY-MM-DD) written in `text`.
std::vector<Date> dates_in(const std::string& text) {
  std::vector<Date> out;
  auto digit = [&](size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  for (size_t k = 0; k + 10 <= text.size(); ++k) {
    if (!(digit(k) && digit(k + 1) && digit(k + 2) && digit(k + 3) && text[k + 4] == '-' && digit(k + 5) && digit(k + 6) &&
          text[k + 7] == '-' && digit(k + 8) && digit(k + 9)))
      continue;
    if ((k > 0 && digit(k - 1)) || digit(k + 10)) continue;
    if (auto x = Date::parse(text.substr(k, 10))) out.push_back(*x);
  }
  return out;
}

// What had happened by `on` for one participant: the seqs of its actions received by then
// (and of a consent whose retroactive effect starts by then) and of the facts begun by then.
struct ByThen {
  std::set<int64_t> seqs;
  std::set<Date> later_actions;  // dates of its actions after `on` that are not part of the answer
};

ByThen by_then(const TreatyView& v, const ParticipantView& p, const ParticipantView& then, Date on) {
  ByThen b;
  std::set<Date> dated_then;  // a later action on the day of one received by then (a reservation
                             // with a retroactive succession) does not make that day a later one
  for (const Action* a : then.actions) {
    b.seqs.insert(a->prov.seq);
    dated_then.insert(a->date);
  }
  for (const Action* a : p.actions)
    if (!b.seqs.count(a->prov.seq) && !dated_then.count(a->date)) b.later_actions.insert(a->date);
  for (const Fact& f : v.record().facts)
    if (f.from <= on) b.seqs.insert(f.prov.seq);
  return b;
}

// The checks of one participant on one day; returns the number of failures (each reported).
int check_participant(const TreatyView& v, const ParticipantView& p, Date on) {
  const ParticipantOn then = p.as_of(on);
  const std::string where = v.profile().id + " " + p.state + " on " + on.iso() + ": " + row(*then, on);
  int failures = 0;
  auto fail = [&](const std::string& what) {
    ADD_FAILURE() << where << ": " << what;
    ++failures;
  };
  // The status word and its start are the whole record's.
  if (then->status_on(on) != p.status_on(on))
    fail("status " + std::string(to_string(p.status_on(on))) + " in the whole record");
  const StatusInterval* i = then->interval_on(on);
  const StatusInterval* whole = p.interval_on(on);
  if ((i == nullptr) != (whole == nullptr || whole->status == Status::kNone) && !(i && i->status == Status::kNone))
    fail("an interval only on one side");
  if (i && whole && i->from != whole->from) fail("since " + whole->from.iso() + " in the whole record");
  // Only actions received by then (or a consent reaching back to then).
  std::map<int64_t, Date> retro;
  for (const RetroactiveConsent& r : p.retroactive) retro[r.action->prov.seq] = r.effective;
  for (const Action* a : then->actions)
    if (a->date > on && !(retro.count(a->prov.seq) && retro[a->prov.seq] <= on))
      fail("uses " + std::string(to_string(a->kind)) + " of " + a->date.iso());
  // Record dates: never after the day.
  if (then->signature && *then->signature > on) fail("signature after the day");
  if (then->withdrawal_received && *then->withdrawal_received > on) fail("withdrawal received after the day");
  if (then->consent && *then->consent > on) {
    bool reaches_back = false;
    for (const auto& [seq, eff] : retro) reaches_back = reaches_back || eff <= on;
    if (!reaches_back || !then->entry_into_force || *then->entry_into_force > on) fail("consent after the day");
  }
  // Dates after the day: effects scheduled by what was received by then (derived events of the refold).
  std::set<Date> scheduled;
  const ByThen b = by_then(v, p, *then, on);
  for (const DerivedEvent& e : then->derived) {
    if (e.date > on) scheduled.insert(e.date);
    for (const Reason& r : e.why)
      for (int64_t seq : r.entries)
        if (!b.seqs.count(seq)) fail("event " + e.date.iso() + " " + e.label + " rests on entry " + std::to_string(seq));
  }
  for (const auto& x : {then->entry_into_force, then->withdrawal_effective, then->withdrawal_suspended_from})
    if (x && *x > on && !scheduled.count(*x)) fail(x->iso() + " is after the day and not a scheduled effect");
  for (const StatusInterval& k : then->intervals) {
    if (k.from > on && !scheduled.count(k.from)) fail("an interval from " + k.from.iso() + " not scheduled");
    for (const Reason& r : k.why)
      for (int64_t seq : r.entries)
        if (!b.seqs.count(seq)) fail("interval from " + k.from.iso() + " rests on entry " + std::to_string(seq));
  }
  // The reasons given for the day name no later action of this participant.
  if (i)
    for (const Reason& r : i->why) {
      if (r.noted_on && *r.noted_on > on) continue;  // notes added later are not shown for the day
      for (Date x : dates_in(r.text))
        if (x > on && b.later_actions.count(x) && !scheduled.count(x) && !(i->until && *i->until == x))
          fail("reason names " + x.iso() + ", a later action: " + r.text);
    }
  return failures;
}

TEST(AsOfProperty, EveryTreatyEveryParticipantEveryDay) {
  for (const std::string& id : treaty_ids()) {
    const TreatyView& v = view(id);
    if (v.participants().empty()) continue;  // a profile without a bundled record (issue 14: ingest-untc reads it)
    int failures = 0, checked = 0;
    for (const auto& [state, p] : v.participants())
      for (Date on : participant_days(v, p)) {
        if (failures < 20) failures += check_participant(v, p, on);
        ++checked;
      }
    EXPECT_EQ(failures, 0) << id;
    EXPECT_GT(checked, 1000) << id;
  }
}

// Counts on a day are the rows whose status on that day is party (or has standing consent, or
// is signatory); next effects are those of what was received by then.
TEST(AsOfProperty, CountsAndNextEffectsEveryTreatyEveryDay) {
  for (const std::string& id : treaty_ids()) {
    const TreatyView& v = view(id);
    int failures = 0;
    for (Date on : treaty_days(v)) {
      PartyCount tally;
      for (const auto& [state, p] : v.participants()) {
        const Status s = p.status_on(on);
        tally.parties += counts_as_party(s);
        tally.deposited += has_standing_consent(s);
        tally.signatories += s == Status::kSignatory;
      }
      const PartyCount n = v.count_on(on);
      EXPECT_EQ(n.parties, tally.parties) << id << " on " << on.iso();
      EXPECT_EQ(n.deposited, tally.deposited) << id << " on " << on.iso();
      EXPECT_EQ(n.signatories, tally.signatories) << id << " on " << on.iso();
      const TreatyInForce in_force = v.entry_into_force_on(on);
      if (in_force.threshold && *in_force.threshold > on) ADD_FAILURE() << id << " on " << on.iso() << ": threshold later";
      if (in_force.date && v.entry_into_force() && *in_force.date != *v.entry_into_force() && failures++ < 20)
        ADD_FAILURE() << id << " on " << on.iso() << ": entry into force " << in_force.date->iso();
    }
    // Next effects, on every 1 January and 1 July.
    for (Date on : treaty_days(v)) {
      if (on.day() != 1 || (on.month() != 1 && on.month() != 7)) continue;
      std::set<int64_t> seqs;
      for (const Action& a : v.record().actions)
        if (a.date <= on) seqs.insert(a.prov.seq);
      for (const Fact& f : v.record().facts)
        if (f.from <= on) seqs.insert(f.prov.seq);
      for (const auto& [state, p] : v.participants())
        for (const RetroactiveConsent& r : p.retroactive)
          if (r.effective <= on) seqs.insert(r.action->prov.seq);
      for (const DerivedEvent& e : v.events_between(on.plus_days(1), on.plus_days(366 * 5), on)) {
        if (e.date <= on && failures++ < 20) ADD_FAILURE() << id << " on " << on.iso() << ": next " << e.date.iso();
        for (const Reason& r : e.why)
          for (int64_t seq : r.entries)
            if (!seqs.count(seq) && failures++ < 20)
              ADD_FAILURE() << id << " on " << on.iso() << ": next " << e.date.iso() << " " << e.label << " rests on entry " << seq;
      }
    }
    EXPECT_EQ(failures, 0) << id;
  }
}

// ---- the answers: JSON (CLI --json and the API) and CSV, through one database of the bundle ----

class AsOfAnswers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("pacta-asof-test-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const std::string db = (*dir_ / "pacta.db").string();
    auto ledger = open_sqlite_ledger(db, true);
    ASSERT_TRUE(ledger) << ledger.message();
    auto bundle = read_bundle(PACTA_SOURCE_DIR);
    ASSERT_TRUE(bundle) << bundle.message();
    ASSERT_TRUE(init_record(**ledger, *bundle, PACTA_SOURCE_DIR, d("2026-11-27")));
    auto catalog = Catalog::open(std::move(*ledger), [db] { return open_sqlite_ledger(db, false); });
    ASSERT_TRUE(catalog) << catalog.message();
    catalog_ = new std::shared_ptr<Catalog>(std::move(*catalog));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    fs::remove_all(*dir_);
    delete dir_;
  }
  static const Catalog& c() { return **catalog_; }
  static const json::object& row_of(const json::value& participants, const std::string& state) {
    for (const auto& r : participants.at("participants").as_array())
      if (r.at("state").as_string() == state) return r.as_object();
    ADD_FAILURE() << "no row for " << state;
    static const json::object none;
    return none;
  }
  static std::string str(const json::value& v) { return v.is_null() ? "-" : std::string(v.as_string()); }
  // The dates of a row, as one line.
  static std::string dates(const json::object& r) {
    std::string s = str(r.at("status"));
    for (const char* k : {"signature", "consent", "entry_into_force", "withdrawal_received", "withdrawal_effective",
                          "withdrawal_suspended_from"})
      s += std::string(" ") + k + "=" + str(r.at(k));
    return s + " scheduled=" + json::serialize(r.at("scheduled")) + " retroactive=" + json::serialize(r.at("retroactive"));
  }

  static fs::path* dir_;
  static std::shared_ptr<Catalog>* catalog_;
};
fs::path* AsOfAnswers::dir_ = nullptr;
std::shared_ptr<Catalog>* AsOfAnswers::catalog_ = nullptr;

TEST_F(AsOfAnswers, RowsOfTheIssue) {
  const Query q2019{d("2019-01-01"), std::nullopt};
  EXPECT_EQ(dates(row_of(participants_json(c(), "paris", q2019), "USA")),
            "party signature=2016-04-22 consent=2016-09-03 entry_into_force=2016-11-04 withdrawal_received=- "
            "withdrawal_effective=- withdrawal_suspended_from=- scheduled=[] retroactive=[]");
  const Query q2020{d("2020-06-01"), std::nullopt};
  EXPECT_EQ(dates(row_of(participants_json(c(), "paris", q2020), "USA")),
            "withdrawing signature=2016-04-22 consent=2016-09-03 entry_into_force=2016-11-04 withdrawal_received=2019-11-04 "
            "withdrawal_effective=2020-11-04 withdrawal_suspended_from=- scheduled=[\"withdrawal_effective\"] retroactive=[]");
  // The overview's list of pending withdrawals names the one running then.
  const json::value o = overview_json(c(), "paris", q2020);
  ASSERT_EQ(o.at("withdrawals_pending").as_array().size(), 1u);
  EXPECT_EQ(str(o.at("withdrawals_pending").at(0).at("withdrawal_effective")), "2020-11-04");
  // Its next effects: the withdrawal of 2019, nothing deposited later.
  bool seen = false;
  for (const auto& e : o.at("next").as_array()) {
    EXPECT_LT(str(e.at("date")), "2021-01-01") << json::serialize(e);
    EXPECT_TRUE(e.at("scheduled").as_bool());
    seen = seen || (str(e.at("date")) == "2020-11-04" && str(e.at("state")) == "USA");
  }
  EXPECT_TRUE(seen) << json::serialize(o.at("next"));
  const json::value st = status_json(c(), "paris", "USA", q2020);
  EXPECT_EQ(str(st.at("status")) + " " + str(st.at("since")) + " " + str(st.at("until")) + " " + str(st.at("next_status")),
            "withdrawing 2019-11-04 2020-11-04 withdrawn");
  EXPECT_EQ(json::serialize(st.at("scheduled")), "[\"until\"]");
  const json::value st2020b = status_json(c(), "paris", "USA", Query{d("2020-12-01"), std::nullopt});
  EXPECT_EQ(str(st2020b.at("status")) + " " + str(st2020b.at("since")) + " " + str(st2020b.at("until")),
            "withdrawn 2020-11-04 -");
  // Lithuania, Ottawa: no withdrawal on 2025-01-01; on 2025-07-01 withdrawing, effective 2025-12-27, scheduled.
  EXPECT_EQ(dates(row_of(participants_json(c(), "apmbc", Query{d("2025-01-01"), std::nullopt}), "LTU")),
            "party signature=1999-02-26 consent=2003-05-12 entry_into_force=2003-11-01 withdrawal_received=- "
            "withdrawal_effective=- withdrawal_suspended_from=- scheduled=[] retroactive=[]");
  EXPECT_EQ(dates(row_of(participants_json(c(), "apmbc", Query{d("2025-07-01"), std::nullopt}), "LTU")),
            "withdrawing signature=1999-02-26 consent=2003-05-12 entry_into_force=2003-11-01 withdrawal_received=2025-06-27 "
            "withdrawal_effective=2025-12-27 withdrawal_suspended_from=- scheduled=[\"withdrawal_effective\"] retroactive=[]");
  // Afghanistan, Ottawa, 1998-06-01: no action yet.
  const Query q1998{d("1998-06-01"), std::nullopt};
  EXPECT_EQ(dates(row_of(participants_json(c(), "apmbc", q1998), "AFG")),
            "none signature=- consent=- entry_into_force=- withdrawal_received=- withdrawal_effective=- "
            "withdrawal_suspended_from=- scheduled=[] retroactive=[]");
  const json::value afg = status_json(c(), "apmbc", "AFG", q1998);
  EXPECT_EQ(str(afg.at("explanation").at(0).at("text")), "no action by AFG recorded for this treaty by 1998-06-01");
  // The treaty's own entry into force: not determined on 1998-06-01, scheduled on 1998-10-01.
  const json::value treaties1998 = treaties_json(c(), d("1998-06-01"));
  for (const auto& t : treaties1998.as_array())
    if (t.at("id") == "apmbc") {
      EXPECT_TRUE(t.at("entry_into_force").is_null());
    }
  const json::value o1998 = overview_json(c(), "apmbc", Query{d("1998-10-01"), std::nullopt});
  EXPECT_EQ(str(o1998.at("entry_into_force")), "1999-03-01");
  EXPECT_EQ(json::serialize(o1998.at("scheduled")), "[\"entry_into_force\"]");
  // The CSV (the API's and, with the same rows, the CLI's) carries the same dates.
  const std::string csv = participants_csv(participants_json(c(), "apmbc", Query{d("2025-01-01"), std::nullopt}));
  EXPECT_NE(csv.find("\r\nLTU,Lithuania,party,1999-02-26,ratification,2003-05-12,2003-11-01,,,\r\n"), std::string::npos);
  // Upcoming from 2025-01-01: nothing of the withdrawals received later in 2025.
  const json::value upcoming = upcoming_json(c(), d("2025-01-01"), 365, std::nullopt);
  for (const auto& e : upcoming.at("events").as_array())
    EXPECT_FALSE(e.at("treaty") == "apmbc" && e.at("kind") == "withdrawal_effect") << json::serialize(e);
}

// The property over the answers: no date after the day unless the field is listed as
// scheduled (or, for a consent, retroactive), or an event marked scheduled; counts equal the
// rows whose status is party.
struct Walk {
  Date on;
  std::vector<std::string> failures;
  bool known_now = true;  // the record as known now: an entry may have been recorded after `on`
  void value(const json::value& v, const std::string& path) {
    if (v.is_object()) object(v.as_object(), path);
    if (v.is_array())
      for (size_t k = 0; k < v.as_array().size(); ++k) value(v.as_array()[k], path + "[" + std::to_string(k) + "]");
  }
  void object(const json::object& o, const std::string& path) {
    std::set<std::string> allowed;
    for (const char* list : {"scheduled", "retroactive"})
      if (const json::value* x = o.if_contains(list); x && x->is_array())
        for (const auto& k : x->as_array()) allowed.insert(std::string(k.as_string()));
    if (const json::value* x = o.if_contains("scheduled"); x && x->is_bool() && x->as_bool()) allowed.insert("date");
    if (known_now) allowed.insert("known_from");  // when the entry was recorded, not an event
    for (const auto& [key, v] : o) {
      const std::string k(key);
      if (v.is_string() && v.as_string().size() == 10)
        if (auto x = Date::parse(std::string(v.as_string())); x && *x > on && !allowed.count(k))
          failures.push_back(path + "." + k + " = " + x->iso() + " after " + on.iso());
      value(v, path + "." + k);
    }
  }
};

// RFC 4180 fields of one line.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t k = 0; k < line.size(); ++k) {
    const char ch = line[k];
    if (quoted && ch == '"' && k + 1 < line.size() && line[k + 1] == '"') {
      out.back() += '"';
      ++k;
    } else if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  return out;
}

TEST_F(AsOfAnswers, NoDateAfterTheDayUnlessScheduled) {
  size_t answers = 0;
  for (const std::string& id : treaty_ids()) {
    auto v = c().view(id);
    ASSERT_TRUE(v);
    std::set<Date> days;
    for (int y = v->profile().adopted.year(); y <= 2026; ++y)
      for (int m : {1, 7})
        if (Date x = *Date::from_ymd(y, m, 1); x >= v->profile().adopted) days.insert(x);
    // (every action's date is in the engine's property above; here those that end or undo a round)
    for (const Action& a : v->record().actions)
      if (a.kind == ActionKind::kWithdrawal || a.kind == ActionKind::kWithdrawalRevocation ||
          a.kind == ActionKind::kInstrumentWithdrawal) {
        days.insert(a.date);
        days.insert(a.date.plus_days(-1));
      }
    if (const TreatyInForce t = v->entry_into_force_on(d("2100-01-01")); t.threshold) {
      days.insert(*t.threshold);
      days.insert(t.threshold->plus_days(-1));
    }
    int failures = 0;
    for (Date on : days) {
      const Query q{on, std::nullopt};
      Walk w{on, {}};
      const json::value parts = participants_json(c(), id, q);
      w.value(parts, id + " participants");
      w.value(overview_json(c(), id, q), id + " overview");
      w.value(parties_json(c(), id, q), id + " parties");
      answers += 3;
      if (on.day() == 1 && on.month() == 1 && on.year() % 3 == 0) {
        for (const auto& [state, p] : v->participants()) w.value(status_json(c(), id, state, q), id + " status " + state);
        answers += v->participants().size();
      }
      // Counts: the rows whose status is party that day.
      int party_rows = 0;
      std::map<std::string, const json::object*> rows;
      for (const auto& r : parts.at("participants").as_array()) {
        party_rows += r.at("party").as_bool();
        rows[std::string(r.at("state").as_string())] = &r.as_object();
      }
      EXPECT_EQ(parts.at("count").at("parties").as_int64(), party_rows) << id << " on " << on.iso();
      // The CSV: the same dates as the rows.
      const std::string csv = participants_csv(parts);
      size_t start = csv.find("\r\n") + 2;
      const std::vector<std::string> header = csv_fields(csv.substr(0, csv.find("\r\n")));
      for (size_t end; (end = csv.find("\r\n", start)) != std::string::npos; start = end + 2) {
        const std::vector<std::string> f = csv_fields(csv.substr(start, end - start));
        ASSERT_EQ(f.size(), header.size()) << csv.substr(start, end - start);
        const json::object& r = *rows.at(f[0]);
        for (size_t k = 2; k < f.size(); ++k)
          EXPECT_EQ(f[k], r.at(header[k]).is_null() ? "" : std::string(r.at(header[k]).as_string()))
              << id << " on " << on.iso() << " " << f[0] << " " << header[k];
      }
      for (const std::string& f : w.failures)
        if (failures++ < 20) ADD_FAILURE() << f;
    }
    EXPECT_EQ(failures, 0) << id;
  }
  // Effects due in the year from each 1 January (every treaty at once).
  for (int y = 1969; y <= 2026; ++y) {
    const Date on = *Date::from_ymd(y, 1, 1);
    Walk w{on, {}};
    w.value(upcoming_json(c(), on, 366, std::nullopt).at("events"), "upcoming");
    ++answers;
    for (const std::string& f : w.failures) ADD_FAILURE() << f;
  }
  EXPECT_GT(answers, 2000u);
}

// As of D and as known on D: nothing after D at all but scheduled effects, not even when an
// entry was recorded.
TEST_F(AsOfAnswers, AsKnownOnTheDay) {
  for (const std::string& id : treaty_ids()) {
    auto v = c().view(id);
    ASSERT_TRUE(v);
    int failures = 0;
    for (int y = v->profile().adopted.year() + 1; y <= 2026; y += 2) {
      const Date on = *Date::from_ymd(y, 1, 1);
      const Query q{on, on};
      Walk w{on, {}, false};
      w.value(participants_json(c(), id, q), id + " participants");
      w.value(overview_json(c(), id, q), id + " overview");
      w.value(upcoming_json(c(), on, 366, on).at("events"), "upcoming");
      for (const std::string& f : w.failures)
        if (failures++ < 20) ADD_FAILURE() << f << " (known on " << on.iso() << ")";
    }
    EXPECT_EQ(failures, 0) << id;
  }
  // Lithuania, Ottawa, on 2026-01-01 as known on 2025-06-01: a party, nothing of its withdrawal.
  const json::value st = status_json(c(), "apmbc", "LTU", Query{d("2026-01-01"), d("2025-06-01")});
  EXPECT_EQ(str(st.at("status")), "party");
  EXPECT_TRUE(st.at("record").at("withdrawal_received").is_null());
}

}  // namespace
