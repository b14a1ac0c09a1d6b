// The store's contract, run on each store: SQLite always, PostgreSQL when PACTA_TEST_PG names
// a database (tests/pg_store_test.sh starts a throw-away server and sets it; each test starts
// from an empty schema). Append, read back, verify, the same record giving the same hashes in
// both stores, UPDATE/DELETE refused, lost and edited entries found, notification numbers
// unique and gapless under concurrent writers, tokens, idempotency keys, migrations.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "app/catalog.h"
#include "app/recording.h"
#include "ingest/bundle.h"
#include "store/open.h"

using namespace pacta;
namespace fs = std::filesystem;

namespace {

Date d(const char* s) { return *Date::parse(s); }

const char* pg_url() { return std::getenv("PACTA_TEST_PG"); }

// Runs SQL on the store around pacta (as an attacker or an administrator would); returns the
// error message, empty when it ran.
std::string raw_sql(const std::string& db, const std::string& sql) {
  if (is_pg_url(db)) {
    PGconn* c = PQconnectdb(db.c_str());
    std::string err;
    if (PQstatus(c) != CONNECTION_OK) err = PQerrorMessage(c);
    else {
      PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
      PGresult* r = PQexec(c, sql.c_str());
      const auto st = PQresultStatus(r);
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
      PQclear(r);
    }
    PQfinish(c);
    return err;
  }
  sqlite3* s = nullptr;
  sqlite3_open(sqlite_path(db).c_str(), &s);
  char* e = nullptr;
  std::string err;
  if (sqlite3_exec(s, sql.c_str(), nullptr, nullptr, &e) != SQLITE_OK) err = e ? e : "error";
  sqlite3_free(e);
  sqlite3_close(s);
  return err;
}

Action action(const char* treaty, const char* state, ActionKind kind, const char* date) {
  Action a;
  a.treaty = treaty;
  a.state = state;
  a.kind = kind;
  a.date = d(date);
  a.prov.known_from = a.date;
  a.prov.source = "store test";
  a.prov.recorded_at = "2026-11-27T10:00:00Z";
  a.prov.recorded_by = "store_test";
  return a;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pacta-store-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (GetParam() == "postgresql") {
      if (!pg_url()) GTEST_SKIP() << "PACTA_TEST_PG is not set (tests/pg_store_test.sh sets it)";
      db_ = pg_url();
      ASSERT_EQ(raw_sql(db_, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"), "");
    } else {
      db_ = "sqlite:" + (dir_ / "t.db").string();
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Ledger> open(bool create = false) {
    auto l = open_ledger(db_, create);
    EXPECT_TRUE(l) << l.message();
    return l ? std::move(*l) : nullptr;
  }
  std::unique_ptr<Ledger> open_bundled() {
    auto l = open(true);
    auto b = read_bundle(PACTA_SOURCE_DIR);
    EXPECT_TRUE(b) << b.message();
    auto n = init_record(*l, *b, PACTA_SOURCE_DIR, d("2026-11-27"));
    EXPECT_TRUE(n) << n.message();
    return l;
  }
  bool pg() const { return GetParam() == "postgresql"; }
  // SQL that bypasses the append-only triggers (as an attacker with the database's rights).
  std::string without_trigger(const char* trigger, const std::string& sql) const {
    return pg() ? "SET session_replication_role = replica; " + sql  // every trigger off (a superuser's power)
                : std::string("DROP TRIGGER ") + trigger + "; " + sql;
  }

  fs::path dir_;
  std::string db_;
};

}  // namespace

TEST_P(StoreTest, AppendReadVerify) {
  auto l = open_bundled();
  const int64_t n = *l->count();
  EXPECT_GT(n, 1000);
  auto rep = l->verify();
  ASSERT_TRUE(rep) << rep.message();
  EXPECT_TRUE(rep->ok()) << rep->problem;
  EXPECT_EQ(rep->entries, n);
  EXPECT_EQ(rep->head_seq, n);
  EXPECT_EQ(l->head()->seq, n);
  EXPECT_EQ(l->head()->hash, rep->head_hash);
  auto t = l->load_treaty("apmbc");
  ASSERT_TRUE(t) << t.message();
  EXPECT_GT(t->record.actions.size(), 300u);
  EXPECT_EQ(t->rules.size(), 1u);
  EXPECT_EQ(l->keys_since(n - 5)->size(), 5u);
  EXPECT_EQ(l->treaty_index()->size(), 33u);  // the bundled profiles (issues 1 to 5, 14 and 15)
  EXPECT_EQ((*l->find_treaty("APMBC"))->id, "apmbc");
  EXPECT_EQ((*l->find_treaty("ottawa convention"))->id, "apmbc");
  EXPECT_FALSE(*l->find_treaty("nope"));
  EXPECT_GT(l->states()->size(), 190u);
  auto again = init_record(*l, *read_bundle(PACTA_SOURCE_DIR), PACTA_SOURCE_DIR, d("2026-11-27"));
  ASSERT_TRUE(again) << again.message();
  EXPECT_EQ(again->appended, 0);
  EXPECT_EQ(*l->count(), n);
  // A second connection reads what the first wrote, and opens with the cheap check.
  auto other = open();
  auto cheap = other->check_chain();
  ASSERT_TRUE(cheap) << cheap.message();
  EXPECT_TRUE(cheap->ok()) << cheap->problem;
  EXPECT_EQ(cheap->head_seq, n);
  auto cat = Catalog::open(std::move(other));
  ASSERT_TRUE(cat) << cat.message();
  EXPECT_EQ((*cat)->view("apmbc")->participant("LTU")->consent->iso(), "2003-05-12");
}

// A treaty is found by its id, its short title or any of its aliases (case, hyphens and runs
// of spaces aside); an alias names one treaty only.
TEST_P(StoreTest, TreatiesAreFoundByTheirAliases) {
  auto l = open(true);
  RulesVersion v{0, "apmbc", "id = \"apmbc\"\n", "", d("1997-09-18"), "test rules", "2026-11-27T09:00:00Z"};
  ASSERT_TRUE(l->append_rules(v, TreatyIndex{"apmbc", "Ottawa Convention", "XXVI-5", "", {"Mine Ban Treaty", "ottawa"}}));
  for (const char* name : {"apmbc", "Ottawa Convention", "mine-ban  treaty", "MINE BAN TREATY", "Ottawa"}) {
    auto found = l->find_treaty(name);
    ASSERT_TRUE(found) << found.message();
    ASSERT_TRUE(*found) << name;
    EXPECT_EQ((*found)->id, "apmbc") << name;
  }
  auto none = l->find_treaty("mine ban");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  RulesVersion w{0, "ccm", "id = \"ccm\"\n", "", d("2008-05-30"), "test rules", "2026-11-27T09:00:00Z"};
  Outcome clash = l->append_rules(w, TreatyIndex{"ccm", "Convention on Cluster Munitions", "XXVI-6", "", {"Ottawa"}});
  EXPECT_FALSE(clash);
  EXPECT_NE(clash.message().find("already names treaty apmbc"), std::string::npos) << clash.message();
  auto index = l->treaty_index();
  ASSERT_TRUE(index) << index.message();
  ASSERT_EQ(index->size(), 1u);
  EXPECT_EQ(index->front().aliases, (std::vector<std::string>{"mine ban treaty", "ottawa"}));
}

// The same record in both stores has the same hashes: the canonical encoding is the store's
// contract, not SQLite's.
TEST_P(StoreTest, TheSameRecordHasTheSameHashesInEitherStore) {
  auto fill = [](Ledger& l) {
    RulesVersion v{0, "apmbc", "id = \"apmbc\"\n# é\t\n", "", d("1997-09-18"), "test rules", "2026-11-27T09:00:00Z"};
    ASSERT_TRUE(l.append_rules(v, TreatyIndex{"apmbc", "Ottawa Convention", "XXVI-5", "", {}}));
    Record r;
    Action a = action("apmbc", "LTU", ActionKind::kWithdrawal, "2025-06-27");
    a.text = "Lietuvos Respublika – withdraws;\nline two\twith a tab, \"quotes\" and 名";
    a.reference = "C.N.362.2025.TREATIES-XXVI.5";
    a.later_date = d("2026-01-01");
    r.actions.push_back(a);
    Fact f;
    f.state = "UKR";
    f.kind = FactKind::kArmedConflict;
    f.from = d("2022-02-24");
    f.prov = a.prov;
    r.facts.push_back(f);
    DomesticStep s;
    s.state = "LTU";
    s.treaty = "apmbc";
    s.date = d("2025-06-26");
    s.kind = "law";
    s.body = "Seimas";
    s.description = "a law";
    s.prov = a.prov;
    r.steps.push_back(s);
    ASSERT_TRUE(l.append(r));
    Record fix;
    Action c = a;
    c.date = d("2025-06-28");
    c.prov.supersedes = r.actions[0].prov.seq;
    fix.actions.push_back(c);
    ASSERT_TRUE(l.append(fix));
  };
  auto here = open(true);
  fill(*here);
  auto ref = open_ledger("sqlite:" + (dir_ / "reference.db").string(), true);
  ASSERT_TRUE(ref) << ref.message();
  fill(**ref);
  auto a = here->entries();
  auto b = (*ref)->entries();
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), 5u);
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].seq, (*b)[i].seq);
    EXPECT_EQ((*a)[i].hash, (*b)[i].hash) << "entry " << (*a)[i].seq;
  }
  // Read back exactly as written.
  auto t = here->load_treaty("apmbc");
  ASSERT_TRUE(t) << t.message();
  ASSERT_EQ(t->record.actions.size(), 2u);
  EXPECT_EQ(t->record.actions[0].text, "Lietuvos Respublika – withdraws;\nline two\twith a tab, \"quotes\" and 名");
  EXPECT_EQ(*t->record.actions[1].prov.supersedes, t->record.actions[0].prov.seq);
  EXPECT_EQ(t->rules.at(0).toml, "id = \"apmbc\"\n# é\t\n");
  EXPECT_EQ(here->verify()->head_hash, (*ref)->verify()->head_hash);
}

TEST_P(StoreTest, ControlCharactersAreRefusedNamingTheField) {
  auto l = open(true);
  Record r;
  Action a = action("apmbc", "LTU", ActionKind::kWithdrawal, "2025-06-27");
  a.text = std::string("bell\x07");
  r.actions.push_back(a);
  Outcome s = l->append(r);
  ASSERT_FALSE(s);
  EXPECT_NE(s.message().find("'text'"), std::string::npos) << s.message();
  EXPECT_EQ(*l->count(), 0);
}

TEST_P(StoreTest, RowsCannotBeUpdatedOrDeleted) {
  auto l = open_bundled();
  const int64_t n = *l->count();
  EXPECT_NE(raw_sql(db_, "UPDATE ledger SET date = '2025-06-28' WHERE seq = 5").find("append-only"), std::string::npos);
  EXPECT_NE(raw_sql(db_, "DELETE FROM ledger WHERE seq = 5").find("append-only"), std::string::npos);
  if (pg()) {
    EXPECT_NE(raw_sql(db_, "TRUNCATE ledger CASCADE").find("append-only"), std::string::npos);
    EXPECT_NE(raw_sql(db_, "UPDATE chain_head SET seq = 3").find("only moves forward"), std::string::npos);
  }
  EXPECT_EQ(*l->count(), n);
  EXPECT_TRUE(l->verify()->ok());
}

TEST_P(StoreTest, VerifyNamesTheFirstEditedEntryAndReadsRefuseIt) {
  auto l = open_bundled();
  ASSERT_EQ(raw_sql(db_, without_trigger("ledger_no_update", "UPDATE ledger SET date = '2025-06-28' WHERE seq = 42")), "");
  auto rep = l->verify();
  ASSERT_TRUE(rep) << rep.message();
  ASSERT_TRUE(rep->first_bad);
  EXPECT_EQ(*rep->first_bad, 42);
  EXPECT_NE(rep->problem.find("entry 42"), std::string::npos) << rep->problem;
  auto e = l->entries();
  std::string treaty;
  for (const LedgerEntry& x : *e)
    if (x.seq == 42) treaty = x.treaty;
  if (!treaty.empty()) {
    auto t = l->load_treaty(treaty);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.status().code(), Code::kCorruption);
  }
}

TEST_P(StoreTest, VerifyFindsRemovedAndTruncatedEntries) {
  auto l = open_bundled();
  const int64_t n = *l->count();
  ASSERT_EQ(raw_sql(db_, without_trigger("ledger_no_delete", "DELETE FROM ledger WHERE seq >= " + std::to_string(n - 2))), "");
  auto rep = l->verify();
  ASSERT_TRUE(rep) << rep.message();
  ASSERT_FALSE(rep->ok());
  EXPECT_EQ(*rep->first_bad, n - 2);
  EXPECT_NE(rep->problem.find("truncated"), std::string::npos) << rep->problem;
  auto cheap = open()->check_chain();
  ASSERT_TRUE(cheap) << cheap.message();
  EXPECT_FALSE(cheap->ok());
}

TEST_P(StoreTest, AFailedWriteWritesNothing) {
  auto l = open_bundled();
  const int64_t before = *l->count();
  Record bad;
  Action ok = action("apmbc", "USA", ActionKind::kAccession, "2026-01-05");
  Action dangling = ok;
  dangling.prov.supersedes = 999999;  // no such entry: the foreign key refuses it
  bad.actions = {ok, dangling};
  Outcome failed = l->append(bad);
  EXPECT_FALSE(failed);
  EXPECT_FALSE(failed.is_refusal());
  EXPECT_EQ(*l->count(), before);
  // A body that fails after appending rolls everything back, and the store stays usable.
  Outcome refused = l->write([&]() -> Outcome {
    Record r;
    r.actions.push_back(ok);
    if (Outcome s = l->append(r); !s) return s;
    return Outcome::refusal("no");
  });
  EXPECT_TRUE(refused.is_refusal());
  EXPECT_EQ(*l->count(), before);
  Record good;
  good.actions.push_back(ok);
  ASSERT_TRUE(l->append(good));
  EXPECT_EQ(good.actions[0].prov.seq, before + 1);  // no gap left by the failures
  EXPECT_TRUE(l->verify()->ok());
}

TEST_P(StoreTest, AWriteThatThrowsKeepsNothingAndTheConnectionWrites) {
  auto l = open(true);
  Record r;
  r.actions.push_back(action("apmbc", "AAA", ActionKind::kAccession, "2025-01-05"));
  EXPECT_THROW((void)l->write([&]() -> Outcome {
    (void)l->append(r);
    throw std::runtime_error("a reader threw");
  }),
               std::runtime_error);
  EXPECT_EQ(*l->count(), 0);
  Record again;
  again.actions.push_back(action("apmbc", "AAA", ActionKind::kAccession, "2025-01-05"));
  ASSERT_TRUE(l->append(again));
  EXPECT_EQ(*l->count(), 1);
  EXPECT_EQ(*open()->count(), 1);  // committed, seen by another connection
}

TEST_P(StoreTest, NotificationsAreNumberedPerYearWithoutGaps) {
  auto l = open(true);
  Record r;
  for (const char* s : {"AAA", "BBB", "CCC", "DDD", "EEE"}) r.actions.push_back(action("apmbc", s, ActionKind::kAccession, "2025-01-05"));
  ASSERT_TRUE(l->append(r));
  auto render = [](const std::string& ref) { return "text of " + ref; };
  auto n1 = l->add_notification(r.actions[0].prov.seq, "apmbc", d("2025-03-01"), "XXVI.5", render);
  auto n2 = l->add_notification(r.actions[1].prov.seq, "apmbc", d("2025-03-02"), "XXVI.5", render);
  auto m1 = l->add_notification(r.actions[2].prov.seq, "apmbc", d("2026-01-02"), "XXVI.5", render);
  ASSERT_TRUE(n1 && n2 && m1) << n1.message() << n2.message() << m1.message();
  EXPECT_EQ(n1->reference, "C.N.1.2025.TREATIES-XXVI.5");
  EXPECT_EQ(n2->reference, "C.N.2.2025.TREATIES-XXVI.5");
  EXPECT_EQ(m1->reference, "C.N.1.2026.TREATIES-XXVI.5");
  EXPECT_EQ(m1->text, "text of C.N.1.2026.TREATIES-XXVI.5");
  auto again = l->add_notification(r.actions[0].prov.seq, "apmbc", d("2025-04-01"), "XXVI.5", render);
  EXPECT_EQ(again->reference, n1->reference);  // an action notified is not numbered twice
  // A write that fails after numbering leaves no gap.
  Outcome failed = l->write([&]() -> Outcome {
    auto n = l->add_notification(r.actions[3].prov.seq, "apmbc", d("2025-05-01"), "XXVI.5", render);
    if (!n) return n.status();
    return Outcome::refusal("changed my mind");
  });
  EXPECT_FALSE(failed);
  auto n3 = l->add_notification(r.actions[4].prov.seq, "apmbc", d("2025-06-01"), "XXVI.5", render);
  EXPECT_EQ(n3->reference, "C.N.3.2025.TREATIES-XXVI.5");
  EXPECT_EQ(*l->notification_count(), 4);
  EXPECT_EQ(l->notifications()->size(), 4u);
}

// Writers on separate connections (as separate servers are) serialize on the head: every
// entry chains, every notification number is taken once, none is skipped.
TEST_P(StoreTest, ConcurrentWritersSerializeOnTheHead) {
  open(true);
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto l = open_ledger(db_, false);
      if (!l) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        Outcome s = (*l)->write([&]() -> Outcome {
          Record r;
          const std::string state = std::string(1, static_cast<char>('A' + t)) + std::to_string(i);
          r.actions.push_back(action("apmbc", state.c_str(), ActionKind::kAccession, "2026-01-05"));
          if (Outcome a = (*l)->append(r); !a) return a;
          auto n = (*l)->add_notification(r.actions[0].prov.seq, "apmbc", d("2026-02-01"), "XXVI.5",
                                          [](const std::string& ref) { return ref; });
          return n ? Outcome::ok() : n.status();
        });
        if (!s) {
          ++failures;
          ADD_FAILURE() << s.message();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto l = open();
  EXPECT_EQ(*l->count(), kThreads * kEach);
  std::set<int> numbers;
  auto notes = l->notifications();
  ASSERT_TRUE(notes) << notes.message();
  for (const StoredNotification& n : *notes) numbers.insert(n.number);
  ASSERT_EQ(numbers.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*numbers.begin(), 1);
  EXPECT_EQ(*numbers.rbegin(), kThreads * kEach);
  auto rep = l->verify();
  EXPECT_TRUE(rep->ok()) << rep->problem;
}

TEST_P(StoreTest, TokensExpireAndAreRevoked) {
  auto l = open(true);
  auto t = l->add_token("hash1", "recorder", "one");
  ASSERT_TRUE(t) << t.message();
  auto old = l->add_token("hash2", "reader", "expired", "2000-01-01");
  auto later = l->add_token("hash3", "reader", "later", "9999-01-01");
  ASSERT_TRUE(old && later);
  EXPECT_FALSE(l->add_token("hash4", "admin", "bad role"));
  EXPECT_EQ((*l->find_token("hash1"))->label, "one");
  EXPECT_FALSE(*l->find_token("hash2"));
  EXPECT_TRUE(*l->find_token("hash3"));
  EXPECT_FALSE(*l->find_token("nope"));
  EXPECT_TRUE(*l->revoke_token(t->id));
  EXPECT_TRUE(*l->revoke_token(t->id));  // already revoked: done all the same
  EXPECT_FALSE(*l->revoke_token(999));
  EXPECT_FALSE(*l->find_token("hash1"));
  auto all = l->tokens();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_FALSE((*all)[0].revoked_at.empty());
  EXPECT_EQ((*all)[1].expires, "2000-01-01");
  // Tokens with their secrets' hashes, as copy moves them.
  auto rows = token_rows(db_);
  ASSERT_TRUE(rows) << rows.message();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[2].secret_hash, "hash3");
}

TEST_P(StoreTest, IdempotencyKeys) {
  auto l = open(true);
  EXPECT_FALSE(*l->idempotent_reply("k"));
  ASSERT_TRUE(l->write([&] { return l->put_idempotent_reply("k", IdempotentReply{"rh", 201, "{\"id\":1}", "/x"}); }));
  auto r = l->idempotent_reply("k");
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->status, 201);
  EXPECT_EQ((*r)->body, "{\"id\":1}");
  EXPECT_FALSE(l->write([&] { return l->put_idempotent_reply("k", IdempotentReply{"rh2", 201, "{}", ""}); }));
}

TEST_P(StoreTest, MigrateAndReadOnly) {
  if (pg()) {
    auto m = migrate_store(db_);
    ASSERT_TRUE(m) << m.message();
    EXPECT_EQ(m->first, 0);
    EXPECT_EQ(m->second, pg_schema_version());
    EXPECT_EQ(migrate_store(db_)->first, pg_schema_version());
    ASSERT_EQ(raw_sql(db_, "INSERT INTO schema_version VALUES (99, 'x')"), "");
    auto newer = open_ledger(db_, false);
    ASSERT_FALSE(newer);
    EXPECT_NE(newer.message().find("newer"), std::string::npos) << newer.message();
    ASSERT_EQ(raw_sql(db_, "DELETE FROM schema_version WHERE version = 99"), "");
  } else {
    open(true);
    auto m = migrate_store(db_);
    ASSERT_TRUE(m) << m.message();
    EXPECT_EQ(m->first, m->second);
  }
  auto l = open_bundled();
  auto ro = open_ledger_readonly(db_);
  ASSERT_TRUE(ro) << ro.message();
  auto rep = (*ro)->verify();
  ASSERT_TRUE(rep) << rep.message();
  EXPECT_TRUE(rep->ok());
  Record r;
  r.actions.push_back(action("apmbc", "USA", ActionKind::kAccession, "2026-01-05"));
  EXPECT_FALSE((*ro)->append(r));
  EXPECT_EQ(*l->count(), rep->entries);
}

TEST(StoreOpen, NamesSelectTheStore) {
  EXPECT_TRUE(is_pg_url("postgresql://u@h/db"));
  EXPECT_TRUE(is_pg_url("postgres:///db?host=/tmp"));
  EXPECT_FALSE(is_pg_url("sqlite:pacta.db"));
  EXPECT_FALSE(is_pg_url("pacta.db"));
  EXPECT_EQ(sqlite_path("sqlite:/tmp/x.db"), "/tmp/x.db");
  EXPECT_EQ(sqlite_path("x.db"), "x.db");
  EXPECT_EQ(display_db("postgresql://u:secret@h/db"), "postgresql://u:***@h/db");
  EXPECT_EQ(display_db("postgresql:///db?user=u&password=secret&host=/tmp"), "postgresql:///db?user=u&password=***&host=/tmp");
  auto missing = open_ledger("sqlite:/nonexistent-dir/x.db", false);
  EXPECT_FALSE(missing);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });
