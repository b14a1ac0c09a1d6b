// The ledger: append-only, hash-chained, corrections that keep history, and imports that
// either land whole or leave the database as it was.
#include "store/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "app/catalog.h"
#include "app/recording.h"
#include "ingest/bundle.h"

using namespace pacta;
namespace fs = std::filesystem;

namespace {

Date d(const char* s) { return *Date::parse(s); }

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pacta-ledger-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Ledger> open_bundled() {
    auto l = open_sqlite_ledger(path_, true);
    EXPECT_TRUE(l) << l.message();
    auto b = read_bundle(PACTA_SOURCE_DIR);
    EXPECT_TRUE(b) << b.message();
    auto n = init_record(**l, *b, PACTA_SOURCE_DIR, d("2026-11-27"));
    EXPECT_TRUE(n) << n.message();
    return std::move(*l);
  }

  void sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  fs::path dir_;
  std::string path_;
};

}  // namespace

TEST_F(LedgerTest, InitIsIdempotentAndTheChainVerifies) {
  auto l = open_bundled();
  const int64_t n = *l->count();
  EXPECT_GT(n, 300);
  auto b = read_bundle(PACTA_SOURCE_DIR);
  auto again = init_record(*l, *b, PACTA_SOURCE_DIR, d("2026-11-27"));
  ASSERT_TRUE(again) << again.message();
  EXPECT_EQ(again->appended, 0);
  EXPECT_EQ(again->rules_appended, 0);
  EXPECT_EQ(*l->count(), n);
  auto rep = l->verify();
  ASSERT_TRUE(rep);
  EXPECT_EQ(rep->entries, n);
  EXPECT_FALSE(rep->first_bad);
}

TEST_F(LedgerTest, RowsCannotBeUpdatedOrDeleted) {
  auto l = open_bundled();
  l.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE ledger SET date = '2025-06-28' WHERE seq = 5", nullptr, nullptr, &err), SQLITE_OK);
  EXPECT_NE(std::string(err ? err : "").find("append-only"), std::string::npos);
  sqlite3_free(err);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM ledger WHERE seq = 5", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST_F(LedgerTest, VerifyNamesTheFirstEditedEntry) {
  auto l = open_bundled();
  sql("DROP TRIGGER ledger_no_update; UPDATE ledger SET date = '2025-06-28' WHERE seq = 42;");
  auto rep = l->verify();
  ASSERT_TRUE(rep);
  ASSERT_TRUE(rep->first_bad);
  EXPECT_EQ(*rep->first_bad, 42);
  EXPECT_NE(rep->problem.find("entry 42"), std::string::npos) << rep->problem;
}

TEST_F(LedgerTest, VerifyFindsARemovedEntry) {
  auto l = open_bundled();
  sql("DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq = 7;");
  auto rep = l->verify();
  ASSERT_TRUE(rep->first_bad);
  EXPECT_EQ(*rep->first_bad, 8);
}

TEST_F(LedgerTest, CorrectionSupersedesButKnownOnSeesTheOldValue) {
  auto l = open_bundled();
  auto rec = l->load();
  ASSERT_TRUE(rec);
  const Action* ton = nullptr;
  for (const Action& a : rec->actions)
    if (a.treaty == "apmbc" && a.state == "TON" && a.kind == ActionKind::kAccession) ton = &a;
  ASSERT_NE(ton, nullptr);
  Record fix;
  Action corrected = *ton;
  corrected.date = d("2025-06-26");
  corrected.prov.supersedes = ton->prov.seq;
  corrected.prov.known_from = d("2025-12-09");
  corrected.prov.source = "https://matangitonga.to/2025/12/09/tonga-becomes-166th-state-party-anti-personnel-mine-ban-convention";
  corrected.prov.recorded_at.clear();
  fix.actions.push_back(corrected);
  ASSERT_TRUE(l->append(fix));
  auto reader = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(reader) << reader.message();
  auto cat = Catalog::open(std::move(*reader));
  ASSERT_TRUE(cat) << cat.message();
  auto now = (*cat)->view("apmbc");
  EXPECT_EQ(now->participant("TON")->consent->iso(), "2025-06-26");
  auto then = (*cat)->view("apmbc", d("2025-12-01"));
  EXPECT_EQ(then->participant("TON")->consent->iso(), "2025-06-25");
  // Both entries stay in the ledger and the chain still verifies.
  EXPECT_FALSE(l->verify()->first_bad);
}

TEST_F(LedgerTest, AFailedAppendWritesNothing) {
  auto l = open_bundled();
  const int64_t before = *l->count();
  const auto size_before = fs::file_size(path_);
  Record bad;
  Action ok;
  ok.treaty = "apmbc";
  ok.state = "USA";
  ok.kind = ActionKind::kAccession;
  ok.date = d("2026-01-05");
  ok.prov.known_from = ok.date;
  ok.prov.source = "test";
  Action dangling = ok;
  dangling.prov.supersedes = 999999;  // no such entry: the foreign key refuses it
  bad.actions = {ok, dangling};
  Outcome failed = l->append(bad);
  EXPECT_FALSE(failed);
  EXPECT_FALSE(failed.is_refusal());  // a failure of the store, not a rule saying no
  EXPECT_EQ(*l->count(), before);
  EXPECT_EQ(fs::file_size(path_), size_before);
  EXPECT_FALSE(l->verify()->first_bad);
}

TEST_F(LedgerTest, BadBundleIsRefusedWithFileAndLine) {
  // Copy the bundle and break one row: nothing reaches the database.
  const fs::path home = dir_ / "home";
  fs::create_directories(home);
  fs::copy(fs::path(PACTA_SOURCE_DIR) / "treaties", home / "treaties", fs::copy_options::recursive);
  fs::copy(fs::path(PACTA_SOURCE_DIR) / "data", home / "data", fs::copy_options::recursive);
  {
    std::ofstream out(home / "data" / "apmbc" / "actions.csv", std::ios::app);
    out << "LTU,withdrawal,2025-02-30,,,a source,\n";
  }
  auto b = read_bundle(home.string());
  ASSERT_FALSE(b);
  EXPECT_NE(b.message().find("actions.csv:"), std::string::npos) << b.message();
  EXPECT_NE(b.message().find("2025-02-30"), std::string::npos) << b.message();
  {
    std::ofstream out(home / "data" / "apmbc" / "actions.csv", std::ios::trunc);
    out << "state,kind,date,reference,text_file,source,notes\nLTU,ratification,2003-05-12,\"C.N.381";
  }
  b = read_bundle(home.string());
  ASSERT_FALSE(b);
  EXPECT_NE(b.message().find("actions.csv:"), std::string::npos) << b.message();
  {
    std::ofstream out(home / "data" / "apmbc" / "actions.csv", std::ios::trunc);
    out << "state,kind,date,reference,text_file,source,notes\nXYZ,ratification,2003-05-12,,,src,\n";
  }
  b = read_bundle(home.string());
  ASSERT_FALSE(b);
  EXPECT_NE(b.message().find("unknown state 'XYZ'"), std::string::npos) << b.message();
}

TEST_F(LedgerTest, MissingDatabaseIsAnError) {
  auto l = open_sqlite_ledger((dir_ / "nope.db").string(), false);
  ASSERT_FALSE(l);
  EXPECT_NE(l.message().find("nope.db"), std::string::npos);
}

TEST_F(LedgerTest, RefreshDropsOnlyTheTreatiesNewEntriesTouch) {
  open_bundled();
  auto reader = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(reader) << reader.message();
  const std::string path = path_;
  auto cat = Catalog::open(std::move(*reader), [path] { return open_sqlite_ledger(path, false); });
  ASSERT_TRUE(cat) << cat.message();
  auto ottawa = (*cat)->view("apmbc");
  auto cluster = (*cat)->view("ccm");
  ASSERT_TRUE(ottawa && cluster);
  EXPECT_EQ((*cat)->view("apmbc"), ottawa);  // cached
  EXPECT_EQ(ottawa->participant("USA"), nullptr);

  // Another connection (another process, another server) records an accession.
  auto writer = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(writer);
  Action a;
  a.treaty = "apmbc";
  a.state = "USA";
  a.kind = ActionKind::kAccession;
  a.date = d("2026-11-20");
  a.prov.source = "test";
  auto done = record_action(**writer, **cat, a, d("2026-11-27"));
  ASSERT_TRUE(done) << done.message();

  EXPECT_EQ((*cat)->view("apmbc"), ottawa);  // not seen until the catalog catches up
  auto changed = (*cat)->refresh();
  ASSERT_TRUE(changed) << changed.message();
  EXPECT_TRUE(*changed);
  EXPECT_EQ((*cat)->head(), done->action.prov.seq);
  auto fresh = (*cat)->view("apmbc");
  EXPECT_NE(fresh, ottawa);
  ASSERT_NE(fresh->participant("USA"), nullptr);
  EXPECT_EQ(fresh->participant("USA")->status_on(d("2026-11-21")), Status::kContracting);
  EXPECT_EQ((*cat)->view("ccm"), cluster);  // untouched: kept
  EXPECT_FALSE(*(*cat)->refresh());         // nothing new

  // A fact about a state drops the treaties that state takes part in, and only those.
  Fact f;
  f.state = "USA";
  f.kind = FactKind::kArmedConflict;
  f.from = d("2026-01-01");
  f.prov.source = "test";
  ASSERT_TRUE(record_fact(**writer, f, d("2026-11-27")));
  ASSERT_TRUE(*(*cat)->refresh());
  EXPECT_NE((*cat)->view("apmbc"), fresh);
  EXPECT_EQ((*cat)->view("ccm"), cluster);  // the USA has no action under the CCM
}

TEST_F(LedgerTest, ATreatyIsReadAloneAndKnownOnUsesTheRulesKnownThen) {
  open_bundled();
  auto l = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(l);
  auto t = (*l)->load_treaty("att");
  ASSERT_TRUE(t) << t.message();
  for (const Action& a : t->record.actions) EXPECT_EQ(a.treaty, "att");
  ASSERT_EQ(t->rules.size(), 1u);
  EXPECT_EQ(t->rules[0].known_from.iso(), "2013-04-02");  // the adoption
  auto unknown = (*l)->load_treaty("nope");
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->record.actions.empty() && unknown->rules.empty());
}

TEST_F(LedgerTest, AWriteHandsItsTreatyToACatalogAtTheSameHead) {
  open_bundled();
  auto reader = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(reader);
  auto cat = Catalog::open(std::move(*reader));
  ASSERT_TRUE(cat) << cat.message();
  auto cluster = (*cat)->view("ccm");
  ASSERT_TRUE((*cat)->view("apmbc"));
  const int64_t before = (*cat)->head();
  EXPECT_TRUE((*cat)->entries_at("apmbc", before));
  EXPECT_FALSE((*cat)->entries_at("apmbc", before - 1));
  auto writer = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(writer);
  Action a;
  a.treaty = "apmbc";
  a.state = "FRA";
  a.kind = ActionKind::kDeclaration;
  a.date = d("2026-11-20");
  a.prov.source = "test";
  auto done = record_action(**writer, **cat, a, d("2026-11-27"));
  ASSERT_TRUE(done) << done.message();
  EXPECT_EQ(done->head_before, before);
  EXPECT_EQ(done->action.prov.seq, before + 1);
  (*cat)->advance("apmbc", done->head_before, done->entries, done->view);
  EXPECT_EQ((*cat)->head(), before + 1);
  EXPECT_EQ((*cat)->view("apmbc"), done->view);  // taken over, nothing read again
  EXPECT_EQ((*cat)->view("ccm"), cluster);
  EXPECT_FALSE(*(*cat)->refresh());  // already at the head
  // The view the write handed over is the one the store gives.
  auto fresh = Catalog::open(std::move(*open_sqlite_ledger(path_, false)));
  ASSERT_TRUE(fresh);
  EXPECT_EQ((*fresh)->view("apmbc")->participant("FRA")->actions.size(),
            (*cat)->view("apmbc")->participant("FRA")->actions.size());
  // A catalog that was not at the write's head does not take it over.
  (*cat)->advance("apmbc", before, done->entries, done->view);
  EXPECT_EQ((*cat)->head(), before + 1);
}

namespace {

Action test_action(const std::string& text) {
  Action a;
  a.treaty = "apmbc";
  a.state = "USA";
  a.kind = ActionKind::kSignature;
  a.date = *Date::parse("1997-12-03");
  a.prov.known_from = a.date;
  a.prov.source = "test";
  a.text = text;
  return a;
}

}  // namespace

TEST_F(LedgerTest, TheHashEncodingHasNoSeparatorToForge) {
  // Under the first encoding these two rows hashed alike: text moved across the U+001F.
  std::vector<std::string> a(16, ""), b(16, "");
  a[9] = "x\x1fy";
  b[9] = "x";
  b[10] = "y";
  a[10] = "";
  a.resize(16);
  std::vector<std::string> a2 = a, b2 = b;
  a2.pop_back();
  b2.pop_back();
  a2.push_back("");
  b2.push_back("");
  EXPECT_NE(entry_hash("", {"x\x1fy", ""}), entry_hash("", {"x", "y"}));
  EXPECT_EQ(entry_hash_v1("", {"x\x1fy", ""}).size(), 64u);
  EXPECT_NE(entry_hash("", {std::string("a\0b", 3)}), entry_hash("", {"a"}));
  // A head published as SEQ:HASH reads back; anything else is refused.
  auto h = parse_head_text("12:" + std::string(64, 'a'));
  ASSERT_TRUE(h) << h.message();
  EXPECT_EQ(h->seq, 12);
  EXPECT_FALSE(parse_head_text("12:abc"));
  EXPECT_FALSE(parse_head_text("x:" + std::string(64, 'a')));
}

TEST_F(LedgerTest, ControlCharactersAndBadUtf8AreRefusedNamingTheField) {
  auto l = open_bundled();
  const int64_t before = *l->count();
  for (const std::string& text : {std::string("a\0b", 3), std::string("esc \x1b[31m red"), std::string("bad \xff utf8")}) {
    Record r;
    r.actions.push_back(test_action(text));
    Outcome s = l->append(r);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.code(), Code::kInvalid);
    EXPECT_NE(s.message().find("field 'text'"), std::string::npos) << s.message();
  }
  Record ok;
  ok.actions.push_back(test_action("tab\tand\nnewline and é are fine"));
  ASSERT_TRUE(l->append(ok));
  EXPECT_EQ(*l->count(), before + 1);
  auto back = l->action(ok.actions[0].prov.seq);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->text, "tab\tand\nnewline and é are fine");
  EXPECT_TRUE(l->verify()->ok());
}

TEST_F(LedgerTest, ARowReadBackIsCheckedAgainstItsHash) {
  auto l = open_bundled();
  l.reset();
  sql("DROP TRIGGER ledger_no_update; UPDATE ledger SET text = 'forged' WHERE seq = (SELECT MIN(seq) FROM ledger WHERE treaty = 'apmbc' AND entry = 'action');");
  auto reader = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(reader);
  auto t = (*reader)->load_treaty("apmbc");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.status().code(), Code::kCorruption);
  EXPECT_NE(t.message().find("does not match its hash"), std::string::npos) << t.message();
}

TEST_F(LedgerTest, VerifyCatchesTruncationAndAMovedCheckpoint) {
  auto l = open_bundled();
  auto first = l->check_chain();  // the checkpoint moves to the head
  ASSERT_TRUE(first && first->ok()) << first->problem;
  const int64_t head = first->head_seq;
  l.reset();
  sql("DROP TRIGGER ledger_no_delete; DELETE FROM ledger WHERE seq > " + std::to_string(head - 3) + ";");
  auto ro = open_sqlite_ledger_readonly(path_);
  ASSERT_TRUE(ro) << ro.message();
  auto rep = (*ro)->verify();
  ASSERT_TRUE(rep);
  EXPECT_FALSE(rep->ok());
  EXPECT_NE(rep->problem.find("truncated"), std::string::npos) << rep->problem;
  // Even with SQLite's own counter reset, the checkpoint names the missing entry.
  sql("UPDATE sqlite_sequence SET seq = " + std::to_string(head - 3) + " WHERE name = 'ledger';");
  auto rw = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(rw);
  auto check = (*rw)->check_chain();
  ASSERT_TRUE(check);
  EXPECT_FALSE(check->ok());
  EXPECT_EQ(check->first_bad.value_or(0), head);
}

TEST_F(LedgerTest, VerifyIsReadOnlyAndRefusesAnEmptyFile) {
  { std::ofstream(path_).flush(); }
  auto ro = open_sqlite_ledger_readonly(path_);
  ASSERT_FALSE(ro);
  EXPECT_NE(ro.message().find("empty"), std::string::npos) << ro.message();
  EXPECT_EQ(fs::file_size(path_), 0u);
}

TEST_F(LedgerTest, ANewDatabaseIsReadableByItsOwnerOnly) {
  auto l = open_bundled();
  for (const std::string& p : {path_, path_ + "-wal"}) {
    ASSERT_TRUE(fs::exists(p)) << p;
    const auto perms = fs::status(p).permissions();
    EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none) << p;
  }
}

TEST_F(LedgerTest, ALedgerOfTheFirstEncodingIsVerifiedThenRehashed) {
  auto l = open_bundled();
  const auto fresh = l->verify();
  ASSERT_TRUE(fresh && fresh->ok());
  // Rewrite the chain as schema 2 wrote it (fields joined with U+001F, no checkpoint table).
  auto all = l->load_treaty("apmbc");
  ASSERT_TRUE(all);
  l.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "DROP TRIGGER ledger_no_update; DROP TABLE checkpoint; PRAGMA user_version=2;", nullptr, nullptr, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT seq, entry, treaty, state, kind, date, date_to, later_date, reference, body, text, source, notes, "
                       "known_from, supersedes, recorded_at, recorded_by FROM ledger ORDER BY seq",
                       -1, &q, nullptr);
    std::vector<std::pair<int64_t, std::vector<std::string>>> rows;
    while (sqlite3_step(q) == SQLITE_ROW) {
      std::vector<std::string> f;
      for (int i = 1; i <= 16; ++i) {
        const unsigned char* t = sqlite3_column_text(q, i);
        f.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
      rows.emplace_back(sqlite3_column_int64(q, 0), f);
    }
    sqlite3_finalize(q);
    std::string prev;
    for (const auto& [seq, f] : rows) {
      const std::string h = entry_hash_v1(prev, f);
      const std::string s = "UPDATE ledger SET prev_hash = '" + prev + "', hash = '" + h + "' WHERE seq = " + std::to_string(seq);
      ASSERT_EQ(sqlite3_exec(db, s.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
      prev = h;
    }
    sqlite3_close(db);
  }
  auto migrated = open_sqlite_ledger(path_, false);
  ASSERT_TRUE(migrated) << migrated.message();
  auto rep = (*migrated)->verify();
  ASSERT_TRUE(rep);
  EXPECT_TRUE(rep->ok()) << rep->problem;
  EXPECT_EQ(rep->head_hash, fresh->head_hash);  // the same chain as a ledger written by this version
  EXPECT_EQ(rep->entries, fresh->entries);
}

TEST_F(LedgerTest, ARevokedOrExpiredTokenIsNotFound) {
  auto l = open_bundled();
  auto a = l->add_token(sha256_hex("a"), "recorder", "a");
  auto b = l->add_token(sha256_hex("b"), "recorder", "b", "2000-01-01");
  auto c = l->add_token(sha256_hex("c"), "reader", "c", "9999-12-31");
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(*l->find_token(sha256_hex("a")));
  EXPECT_FALSE(*l->find_token(sha256_hex("b")));  // expired
  EXPECT_TRUE(*l->find_token(sha256_hex("c")));
  auto revoked = l->revoke_token(a->id);
  ASSERT_TRUE(revoked && *revoked);
  EXPECT_FALSE(*l->find_token(sha256_hex("a")));
  EXPECT_FALSE(*l->revoke_token(9999));
  EXPECT_FALSE(l->tokens()->front().revoked_at.empty());
}
