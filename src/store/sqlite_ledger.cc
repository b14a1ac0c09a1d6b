#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "store/ledger.h"

namespace pacta {
namespace {

constexpr int kSchemaVersion = 4;

constexpr const char* kLedgerTable = R"SQL(
CREATE TABLE IF NOT EXISTS ledger(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entry TEXT NOT NULL CHECK (entry IN ('action', 'fact', 'step', 'rules')),
  treaty TEXT NOT NULL,
  state TEXT NOT NULL,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  date_to TEXT NOT NULL,
  later_date TEXT NOT NULL,
  reference TEXT NOT NULL,
  body TEXT NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL,
  notes TEXT NOT NULL,
  known_from TEXT NOT NULL,
  supersedes INTEGER REFERENCES ledger(seq),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a correction instead'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be deleted'); END;
)SQL";

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS states(iso3 TEXT PRIMARY KEY, numeric TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS treaties(
  id TEXT PRIMARY KEY,
  short_title TEXT NOT NULL,
  chapter TEXT NOT NULL,
  record_note TEXT NOT NULL,
  rules_seq INTEGER NOT NULL REFERENCES ledger(seq)
);
CREATE TABLE IF NOT EXISTS treaty_aliases(alias TEXT PRIMARY KEY, treaty TEXT NOT NULL REFERENCES treaties(id));
CREATE TABLE IF NOT EXISTS notifications(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  action_seq INTEGER NOT NULL UNIQUE REFERENCES ledger(seq),
  treaty TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (year, number)
);
CREATE TABLE IF NOT EXISTS tokens(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  secret_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('recorder', 'reader')),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires TEXT NOT NULL DEFAULT '',
  revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS checkpoint(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  verified_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency(
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_treaty ON ledger(treaty, state);
CREATE INDEX IF NOT EXISTS ledger_state ON ledger(state, entry);
CREATE INDEX IF NOT EXISTS treaties_short_title ON treaties(short_title COLLATE NOCASE);
)SQL";

// Schema 1 (before the rules were ledger entries) allowed only action, fact and step rows:
// the table is rebuilt with the same rows, so every hash stays as it was.
constexpr const char* kMigrateFrom1 = R"SQL(
DROP TRIGGER IF EXISTS ledger_no_update;
DROP TRIGGER IF EXISTS ledger_no_delete;
ALTER TABLE ledger RENAME TO ledger_v1;
)SQL";
constexpr const char* kMigrateFrom1Copy = R"SQL(
INSERT INTO ledger SELECT * FROM ledger_v1;
DROP TABLE ledger_v1;
)SQL";

constexpr const char* kColumns =
    "entry, treaty, state, kind, date, date_to, later_date, reference, body, text, source, notes, known_from, "
    "supersedes, recorded_at, recorded_by";

// seq, the 16 hashed fields, prev_hash, hash: what every read of whole rows selects.
std::string read_columns() { return std::string("seq, ") + kColumns + ", prev_hash, hash"; }

// The 16 hashed fields of a row read with read_columns().
template <class Q>
std::vector<std::string> fields_of(Q& q) {
  std::vector<std::string> f;
  f.reserve(kRowFields);
  for (int i = 1; i <= kRowFields; ++i) f.push_back(q.text(i));
  return f;
}

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr); }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  void bind(int i, const std::string& v) { sqlite3_bind_text(st_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void bind_null(int i) { sqlite3_bind_null(st_, i); }
  int step() { return sqlite3_step(st_); }
  void reset() { sqlite3_reset(st_); sqlite3_clear_bindings(st_); }
  // The column as text, with its length (a NUL inside is kept, not a terminator).
  std::string text(int i) {
    const unsigned char* t = sqlite3_column_text(st_, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st_, i))) : "";
  }
  int64_t integer(int i) { return sqlite3_column_int64(st_, i); }
  bool is_null(int i) { return sqlite3_column_type(st_, i) == SQLITE_NULL; }

 private:
  sqlite3_stmt* st_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

class SqliteLedger : public Ledger {
 public:
  SqliteLedger(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteLedger() override { sqlite3_close(db_); }

  Outcome exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = path_ + ": " + (err ? err : "SQL error");
      sqlite3_free(err);
      return Outcome::unavailable(m);
    }
    return Outcome::ok();
  }
  Outcome db_error(const std::string& what) { return Outcome::unavailable(path_ + ": " + what + ": " + sqlite3_errmsg(db_)); }

  int64_t user_version() {
    Stmt v(db_, "PRAGMA user_version");
    return v.ok() && v.step() == SQLITE_ROW ? v.integer(0) : -1;
  }

  Outcome migrate() {
    const int64_t from = user_version();
    if (from == kSchemaVersion) return Outcome::ok();
    if (from > kSchemaVersion)
      return Outcome::unavailable(path_ + ": schema " + std::to_string(from) + " is newer than this pacta (" +
                                  std::to_string(kSchemaVersion) + "): upgrade pacta");
    std::string ledger_sql;
    {
      Stmt q(db_, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'ledger'");
      if (!q.ok()) return db_error("reading the schema");
      if (q.step() == SQLITE_ROW) ledger_sql = q.text(0);
    }
    for (const char* pragma : {"PRAGMA foreign_keys=OFF", "PRAGMA legacy_alter_table=ON"})
      if (Outcome s = exec(pragma); !s) return s;
    Outcome s = write([&]() -> Outcome {
      if (!ledger_sql.empty() && ledger_sql.find("'rules'") == std::string::npos) {
        // Schema 1: rebuild the ledger table (same rows) to admit rules entries.
        if (Outcome m = exec(kMigrateFrom1); !m) return m;
        if (Outcome m = exec(kLedgerTable); !m) return m;
        if (Outcome m = exec(kMigrateFrom1Copy); !m) return m;
      }
      if (Outcome m = exec(kLedgerTable); !m) return m;
      if (!ledger_sql.empty() && from < 3) {
        // Schemas 1 and 2 hashed fields joined with U+001F: verify under it, then rehash.
        if (Outcome m = rehash_v1_chain(); !m) return m;
        for (const char* col : {"expires", "revoked_at"})
          if (has_table("tokens") && !has_column("tokens", col))
            if (Outcome m = exec((std::string("ALTER TABLE tokens ADD COLUMN ") + col + " TEXT NOT NULL DEFAULT ''").c_str()); !m)
              return m;
      }
      if (Outcome m = exec(kSchema); !m) return m;
      return exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    });
    for (const char* pragma : {"PRAGMA legacy_alter_table=OFF", "PRAGMA foreign_keys=ON"})
      if (Outcome p = exec(pragma); !p) return p;
    if (!s) return Outcome::with(s.code(), s.message() + " (migrating the database to schema " + std::to_string(kSchemaVersion) + ")");
    return Outcome::ok();
  }

  bool has_column(const char* table, const char* column) {
    Stmt q(db_, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    q.bind(1, table);
    q.bind(2, column);
    return q.step() == SQLITE_ROW;
  }

  bool has_table(const char* name) {
    Stmt q(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    q.bind(1, name);
    return q.step() == SQLITE_ROW;
  }

  // Checks the chain under the first encoding and rewrites every hash under the current one.
  Outcome rehash_v1_chain() {
    std::vector<std::pair<int64_t, std::string>> hashes;
    {
      Stmt q(db_, ("SELECT " + read_columns() + " FROM ledger ORDER BY seq").c_str());
      if (!q.ok()) return db_error("reading the ledger to migrate it");
      std::string prev_v1, prev;
      int rc;
      while ((rc = q.step()) == SQLITE_ROW) {
        const std::vector<std::string> f = fields_of(q);
        if (q.text(17) != prev_v1 || entry_hash_v1(prev_v1, f) != q.text(18))
          return Outcome::corruption(path_ + ": entry " + std::to_string(q.integer(0)) +
                                     " does not match its hash: the chain is broken, so it is not migrated");
        prev_v1 = q.text(18);
        prev = entry_hash(prev, f);
        hashes.emplace_back(q.integer(0), prev);
      }
      if (rc != SQLITE_DONE) return db_error("reading the ledger to migrate it");
    }
    if (Outcome s = exec("DROP TRIGGER IF EXISTS ledger_no_update"); !s) return s;
    Stmt up(db_, "UPDATE ledger SET prev_hash = ?, hash = ? WHERE seq = ?");
    std::string prev;
    for (const auto& [seq, hash] : hashes) {
      up.bind(1, prev);
      up.bind(2, hash);
      up.bind(3, std::to_string(seq));
      if (up.step() != SQLITE_DONE) return db_error("rehashing entry " + std::to_string(seq));
      up.reset();
      prev = hash;
    }
    return exec(kLedgerTable);  // the triggers again
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  Outcome write(const std::function<Outcome()>& body) override {
    if (in_transaction()) return body();  // nested: part of the enclosing transaction
    // BEGIN IMMEDIATE takes the write lock first: what body reads is the head it appends to.
    if (Outcome s = exec("BEGIN IMMEDIATE"); !s) return s;
    appended_ = false;
    Outcome s = Outcome::ok();
    try {
      s = body();
    } catch (...) {
      // Nothing of a body that threw is kept, and the connection can write again.
      (void)exec("ROLLBACK");
      throw;
    }
    if (s && appended_) {
      // The checkpoint moves to the new head in the same transaction, after checking the
      // entries since the last one (these, and any another process appended meanwhile).
      auto rep = check_chain();
      if (!rep) s = rep.status();
      else if (!rep->ok()) s = Outcome::corruption(path_ + ": the ledger's hash chain is broken: " + rep->problem);
    }
    if (!s) {
      (void)exec("ROLLBACK");
      return s;
    }
    if (Outcome c = exec("COMMIT"); !c) {
      (void)exec("ROLLBACK");
      return c;
    }
    return s;
  }

  Outcome append(Record& r) override {
    return write([&] { return append_locked(r); });
  }

  Outcome append_rules(RulesVersion& v, const TreatyIndex& index) override {
    return write([&]() -> Outcome {
      v.sha256 = sha256_hex(v.toml);
      if (Outcome s = insert_row(v.recorded_at, row_of(v), v.seq); !s) return s;
      Stmt q(db_, "INSERT INTO treaties(id, short_title, chapter, record_note, rules_seq) VALUES (?,?,?,?,?) "
                  "ON CONFLICT(id) DO UPDATE SET short_title = excluded.short_title, chapter = excluded.chapter, "
                  "record_note = excluded.record_note, rules_seq = excluded.rules_seq");
      q.bind(1, index.id);
      q.bind(2, index.short_title);
      q.bind(3, index.chapter);
      q.bind(4, index.record_note);
      q.bind(5, std::to_string(v.seq));
      if (q.step() != SQLITE_DONE) return db_error("indexing treaty " + index.id);
      Stmt del(db_, "DELETE FROM treaty_aliases WHERE treaty = ?");
      del.bind(1, index.id);
      if (del.step() != SQLITE_DONE) return db_error("indexing treaty " + index.id);
      for (const std::string& alias : index.aliases) {
        const std::string a = alias_key(alias);
        Stmt other(db_, "SELECT treaty FROM treaty_aliases WHERE alias = ?");
        other.bind(1, a);
        if (other.step() == SQLITE_ROW && other.text(0) != index.id)
          return Outcome::error("treaty " + index.id + ": alias '" + alias + "' already names treaty " + other.text(0));
        Stmt ins(db_, "INSERT OR IGNORE INTO treaty_aliases(alias, treaty) VALUES (?, ?)");
        ins.bind(1, a);
        ins.bind(2, index.id);
        if (ins.step() != SQLITE_DONE) return db_error("indexing treaty " + index.id);
      }
      return Outcome::ok();
    });
  }

  static std::string insert_sql() {
    return std::string("INSERT INTO ledger(") + kColumns + ", prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  }

  // Inserts `row` after the entry whose hash is `prev` (updated to the new entry's hash).
  Outcome insert(Stmt& ins, const Row& row, std::string& prev, int64_t& seq) {
    if (Outcome c = check_row(row); !c)
      return Outcome::error(row.f[0] + (row.f[1].empty() ? "" : " under " + row.f[1]) +
                            (row.f[2].empty() ? "" : " by " + row.f[2]) + ": " + c.message());
    const std::string hash = entry_hash(prev, row.f);
    for (size_t i = 0; i < row.f.size(); ++i) {
      if (i == 13 && row.f[i].empty()) ins.bind_null(static_cast<int>(i + 1));
      else ins.bind(static_cast<int>(i + 1), row.f[i]);
    }
    ins.bind(17, prev);
    ins.bind(18, hash);
    if (ins.step() != SQLITE_DONE) return db_error("appending an entry for " + row.f[1] + " " + row.f[2]);
    ins.reset();
    appended_ = true;
    seq = sqlite3_last_insert_rowid(db_);
    prev = hash;
    return Outcome::ok();
  }

  // Inserts one row after the current head; `recorded_at` is filled in when empty.
  Outcome insert_row(std::string& recorded_at, Row row, int64_t& seq) {
    auto h = head();
    if (!h) return h.status();
    if (recorded_at.empty()) recorded_at = now_utc();
    row.f[14] = recorded_at;
    Stmt ins(db_, insert_sql().c_str());
    if (!ins.ok()) return db_error("preparing insert");
    return insert(ins, row, h->hash, seq);
  }

  Outcome append_locked(Record& r) {
    auto h = head();
    if (!h) return h.status();
    std::string prev = h->hash;
    Stmt ins(db_, insert_sql().c_str());
    if (!ins.ok()) return db_error("preparing insert");
    const std::string at = now_utc();
    auto put = [&](Provenance& prov, auto& entry) -> Outcome {
      if (prov.recorded_at.empty()) prov.recorded_at = at;
      if (prov.recorded_by.empty()) prov.recorded_by = "pacta";
      return insert(ins, row_of(entry), prev, prov.seq);
    };
    for (Action& a : r.actions)
      if (Outcome s = put(a.prov, a); !s) return s;
    for (Fact& f : r.facts)
      if (Outcome s = put(f.prov, f); !s) return s;
    for (DomesticStep& st : r.steps)
      if (Outcome s = put(st.prov, st); !s) return s;
    return Outcome::ok();
  }

  Result<Head> head() override {
    Stmt q(db_, "SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
    if (!q.ok()) return db_error("reading the head");
    Head h;
    const int rc = q.step();
    if (rc == SQLITE_ROW) h = Head{q.integer(0), q.text(1)};
    else if (rc != SQLITE_DONE) return db_error("reading the head");
    return h;
  }

  // Reads the rows `sql` selects (read_columns()) into `r` and `rules`, each checked against its hash.
  Outcome read_rows(Stmt& q, Record& r, std::vector<RulesVersion>* rules) {
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      if (Outcome s = read_row(q, r, rules); !s) return s;
    }
    return rc == SQLITE_DONE ? Outcome::ok() : db_error("reading the ledger");
  }

  Outcome read_row(Stmt& q, Record& r, std::vector<RulesVersion>* rules) {
    Provenance prov;
    prov.seq = q.integer(0);
    if (entry_hash(q.text(17), fields_of(q)) != q.text(18))
      return Outcome::corruption(path_ + ": entry " + std::to_string(prov.seq) +
                                 " does not match its hash: it was changed after it was recorded (run 'pacta verify')");
    const std::string entry = q.text(1);
    auto date_at = [&](int col) -> Result<Date> {
      auto d = Date::parse(q.text(col));
      if (!d) return Outcome::corruption(path_ + ": entry " + std::to_string(prov.seq) + ": bad date '" + q.text(col) + "'");
      return *d;
    };
    auto known = date_at(13);
    if (!known) return known.status();
    prov.known_from = *known;
    if (!q.is_null(14)) prov.supersedes = q.integer(14);
    prov.recorded_at = q.text(15);
    prov.recorded_by = q.text(16);
    prov.source = q.text(11);
    prov.notes = q.text(12);
    auto date = date_at(5);
    if (!date) return date.status();
    if (entry == "action") {
      Action a;
      a.treaty = q.text(2);
      a.state = q.text(3);
      auto k = parse_action_kind(q.text(4));
      if (!k) return Outcome::corruption(path_ + ": entry " + std::to_string(prov.seq) + ": unknown kind '" + q.text(4) + "'");
      a.kind = *k;
      a.date = *date;
      if (!q.text(7).empty()) a.later_date = Date::parse(q.text(7));
      a.qualifier = q.text(6);
      a.reference = q.text(8);
      a.subject = q.text(9);
      a.text = q.text(10);
      a.prov = prov;
      r.actions.push_back(std::move(a));
    } else if (entry == "fact") {
      Fact f;
      f.treaty = q.text(2);
      f.state = q.text(3);
      f.kind = parse_fact_kind(q.text(4)).value_or(FactKind::kArmedConflict);
      f.from = *date;
      if (!q.text(6).empty()) f.to = Date::parse(q.text(6));
      f.prov = prov;
      r.facts.push_back(std::move(f));
    } else if (entry == "step") {
      DomesticStep s;
      s.treaty = q.text(2);
      s.state = q.text(3);
      s.kind = q.text(4);
      s.date = *date;
      s.body = q.text(9);
      s.description = q.text(10);
      s.prov = prov;
      r.steps.push_back(std::move(s));
    } else if (entry == "rules" && rules) {
      rules->push_back(RulesVersion{prov.seq, q.text(2), q.text(10), q.text(8), prov.known_from, prov.source, prov.recorded_at});
    }
    return Outcome::ok();
  }

  Result<Record> load() override {
    Record r;
    const std::string sql = "SELECT " + read_columns() + " FROM ledger WHERE entry != 'rules' ORDER BY seq";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading the ledger");
    if (Outcome s = read_rows(q, r, nullptr); !s) return s;
    return r;
  }

  Result<TreatyRecord> load_treaty(const std::string& treaty) override {
    TreatyRecord t;
    t.treaty = treaty;
    // The treaty's own entries, and the facts and steps about a state that took part in it.
    const std::string sql = "SELECT " + read_columns() + " FROM ledger WHERE treaty = ?1 UNION ALL SELECT " +
                            read_columns() + " FROM ledger WHERE treaty = '' AND state IN "
                            "(SELECT DISTINCT state FROM ledger WHERE treaty = ?1 AND entry = 'action') ORDER BY seq";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading the entries of " + treaty);
    q.bind(1, treaty);
    if (Outcome s = read_rows(q, t.record, &t.rules); !s) return s;
    return t;
  }

  Result<Record> load_state(const std::string& state) override {
    const std::string sql = "SELECT " + read_columns() + " FROM ledger WHERE state = ? AND treaty = '' ORDER BY seq";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading the entries about " + state);
    q.bind(1, state);
    Record r;
    if (Outcome s = read_rows(q, r, nullptr); !s) return s;
    return r;
  }

  Result<std::optional<Action>> action(int64_t seq) override {
    const std::string sql = "SELECT " + read_columns() + " FROM ledger WHERE seq = ? AND entry = 'action'";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading entry " + std::to_string(seq));
    q.bind(1, std::to_string(seq));
    Record r;
    if (Outcome s = read_rows(q, r, nullptr); !s) return s;
    if (r.actions.empty()) return std::optional<Action>();
    return std::optional<Action>(r.actions.front());
  }

  Result<std::vector<EntryKey>> keys_since(int64_t seq) override {
    std::vector<EntryKey> out;
    Stmt q(db_, "SELECT seq, entry, treaty, state FROM ledger WHERE seq > ? ORDER BY seq");
    if (!q.ok()) return db_error("reading new entries");
    q.bind(1, std::to_string(seq));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(EntryKey{q.integer(0), q.text(1), q.text(2), q.text(3)});
    if (rc != SQLITE_DONE) return db_error("reading new entries");
    return out;
  }

  Result<std::vector<TreatyIndex>> treaty_index() override {
    std::vector<TreatyIndex> out;
    Stmt q(db_, "SELECT id, short_title, chapter, record_note FROM treaties ORDER BY id");
    if (!q.ok()) return db_error("reading the treaties");
    while (q.step() == SQLITE_ROW) out.push_back(TreatyIndex{q.text(0), q.text(1), q.text(2), q.text(3), {}});
    Stmt a(db_, "SELECT treaty, alias FROM treaty_aliases ORDER BY treaty, alias");
    if (!a.ok()) return db_error("reading the treaties");
    while (a.step() == SQLITE_ROW) {
      auto it = std::lower_bound(out.begin(), out.end(), a.text(0), [](const TreatyIndex& t, const std::string& id) { return t.id < id; });
      if (it != out.end() && it->id == a.text(0)) it->aliases.push_back(a.text(1));
    }
    return out;
  }

  Result<std::vector<std::string>> treaty_ids(int limit) override {
    std::vector<std::string> out;
    Stmt q(db_, "SELECT id FROM treaties ORDER BY id LIMIT ?");
    if (!q.ok()) return db_error("reading the treaties");
    q.bind(1, std::to_string(limit));
    while (q.step() == SQLITE_ROW) out.push_back(q.text(0));
    return out;
  }

  Result<std::optional<TreatyIndex>> find_treaty(const std::string& text) override {
    Stmt q(db_, "SELECT id, short_title, chapter, record_note FROM treaties WHERE id = lower(?1) "
                "OR short_title = ?1 COLLATE NOCASE OR id = (SELECT treaty FROM treaty_aliases WHERE alias = ?2) "
                "ORDER BY id != lower(?1) LIMIT 1");
    if (!q.ok()) return db_error("reading the treaties");
    q.bind(1, text);
    q.bind(2, alias_key(text));
    if (q.step() == SQLITE_ROW) return std::optional<TreatyIndex>(TreatyIndex{q.text(0), q.text(1), q.text(2), q.text(3), {}});
    return std::optional<TreatyIndex>();
  }

  Result<std::vector<std::string>> treaties_of(const std::string& state) override {
    std::vector<std::string> out;
    Stmt q(db_, "SELECT DISTINCT treaty FROM ledger WHERE state = ? AND entry = 'action' ORDER BY treaty");
    if (!q.ok()) return db_error("reading the treaties of " + state);
    q.bind(1, state);
    while (q.step() == SQLITE_ROW) out.push_back(q.text(0));
    return out;
  }

  Result<VerifyReport> verify() override {
    VerifyReport rep;
    {
      // SQLite's own check of every page and index first: a damaged file is reported as such.
      Stmt ic(db_, "PRAGMA integrity_check");
      if (!ic.ok()) return Outcome::corruption(path_ + ": integrity check failed: " + sqlite3_errmsg(db_));
      std::string problems;
      int rc;
      while ((rc = ic.step()) == SQLITE_ROW)
        if (ic.text(0) != "ok") problems += (problems.empty() ? "" : "; ") + ic.text(0);
      if (rc != SQLITE_DONE) problems += std::string(problems.empty() ? "" : "; ") + sqlite3_errmsg(db_);
      if (!problems.empty()) {
        rep.problem = "the database file is damaged (SQLite integrity check): " + problems.substr(0, 400);
        return rep;
      }
    }
    Stmt q(db_, ("SELECT " + read_columns() + " FROM ledger ORDER BY seq").c_str());
    if (!q.ok()) return Outcome::corruption(path_ + ": cannot read the ledger: " + sqlite3_errmsg(db_));
    std::string prev;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      const int64_t seq = q.integer(0);
      if (!chain_link(rep, seq, fields_of(q), q.text(17), q.text(18), prev)) return rep;
    }
    if (rc != SQLITE_DONE) {
      rep.problem = "the ledger cannot be read past entry " + std::to_string(rep.head_seq) + ": " + sqlite3_errmsg(db_);
      rep.first_bad = rep.head_seq + 1;
      return rep;
    }
    if (Outcome s = check_tail(rep); !s) return s;
    if (rep.ok()) {
      auto cp = checkpoint();
      if (!cp) return cp.status();
      if (cp->seq > rep.head_seq || (cp->seq > 0 && !hash_at_is(cp->seq, cp->hash))) {
        rep.problem = "the ledger no longer holds entry " + std::to_string(cp->seq) + " as verified on " + cp->at +
                      ": entries were removed or rewritten";
        rep.first_bad = cp->seq;
      }
    }
    return rep;
  }

  // After the chain: no entry after the head was removed (SQLite keeps the highest seq given).
  Outcome check_tail(VerifyReport& rep) {
    if (!rep.ok()) return Outcome::ok();
    Stmt q(db_, "SELECT seq FROM sqlite_sequence WHERE name = 'ledger'");
    if (!q.ok()) return Outcome::ok();  // no entry was ever appended
    const int rc = q.step();
    if (rc == SQLITE_ROW && q.integer(0) > rep.head_seq) {
      rep.first_bad = rep.head_seq + 1;
      rep.problem = "entries " + std::to_string(rep.head_seq + 1) + " to " + std::to_string(q.integer(0)) +
                    " were appended and are gone: the ledger was truncated";
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      return Outcome::corruption(path_ + ": cannot read sqlite_sequence: " + sqlite3_errmsg(db_));
    }
    return Outcome::ok();
  }

  struct Checkpoint {
    int64_t seq = 0;
    std::string hash, at;
  };
  Result<Checkpoint> checkpoint() {
    Stmt q(db_, "SELECT seq, hash, verified_at FROM checkpoint WHERE id = 1");
    if (!q.ok()) return Outcome::corruption(path_ + ": cannot read the checkpoint: " + sqlite3_errmsg(db_));
    Checkpoint c;
    const int rc = q.step();
    if (rc == SQLITE_ROW) c = Checkpoint{q.integer(0), q.text(1), q.text(2)};
    else if (rc != SQLITE_DONE) return Outcome::corruption(path_ + ": cannot read the checkpoint: " + sqlite3_errmsg(db_));
    return c;
  }
  bool hash_at_is(int64_t seq, const std::string& hash) {
    Stmt q(db_, "SELECT hash FROM ledger WHERE seq = ?");
    q.bind(1, std::to_string(seq));
    return q.step() == SQLITE_ROW && q.text(0) == hash;
  }

  Result<VerifyReport> check_chain() override {
    VerifyReport rep;
    auto cp = checkpoint();
    if (!cp) return cp.status();
    std::string prev;
    if (cp->seq > 0) {
      Stmt q(db_, ("SELECT " + read_columns() + " FROM ledger WHERE seq = ?").c_str());
      q.bind(1, std::to_string(cp->seq));
      if (q.step() != SQLITE_ROW || q.text(18) != cp->hash || entry_hash(q.text(17), fields_of(q)) != cp->hash) {
        rep.first_bad = cp->seq;
        rep.problem = "entry " + std::to_string(cp->seq) + ", verified on " + cp->at +
                      ", is gone or changed: the ledger was rewritten or truncated";
        return rep;
      }
      prev = cp->hash;
      rep.head_seq = cp->seq;
      rep.head_hash = cp->hash;
    }
    Stmt q(db_, ("SELECT " + read_columns() + " FROM ledger WHERE seq > ? ORDER BY seq").c_str());
    if (!q.ok()) return Outcome::corruption(path_ + ": cannot read the ledger: " + sqlite3_errmsg(db_));
    q.bind(1, std::to_string(cp->seq));
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
      if (!chain_link(rep, q.integer(0), fields_of(q), q.text(17), q.text(18), prev)) return rep;
    if (rc != SQLITE_DONE) return Outcome::corruption(path_ + ": cannot read the ledger: " + sqlite3_errmsg(db_));
    if (Outcome s = check_tail(rep); !s) return s;
    if (rep.ok() && rep.head_seq > cp->seq && !read_only_) {
      // Best effort: a reader that cannot take the write lock now checks again next time.
      Stmt up(db_, "INSERT INTO checkpoint(id, seq, hash, verified_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                   "seq = excluded.seq, hash = excluded.hash, verified_at = excluded.verified_at WHERE excluded.seq > checkpoint.seq");
      up.bind(1, std::to_string(rep.head_seq));
      up.bind(2, rep.head_hash);
      up.bind(3, now_utc());
      (void)up.step();
    }
    return rep;
  }

  Result<std::vector<LedgerEntry>> entries() override {
    std::vector<LedgerEntry> out;
    Stmt q(db_, "SELECT seq, entry, treaty, state, kind, date, reference, recorded_at, recorded_by, known_from, supersedes, hash FROM ledger ORDER BY seq");
    if (!q.ok()) return db_error("reading the ledger");
    while (q.step() == SQLITE_ROW) {
      LedgerEntry e{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                    q.text(7), q.text(8), q.text(9), std::nullopt, q.text(11)};
      if (!q.is_null(10)) e.supersedes = q.integer(10);
      out.push_back(std::move(e));
    }
    return out;
  }

  Outcome each_entry(const std::function<Outcome(int64_t, const std::vector<std::string>&, const std::string&,
                                                 const std::string&)>& fn) override {
    Stmt q(db_, ("SELECT " + read_columns() + " FROM ledger ORDER BY seq").c_str());
    if (!q.ok()) return db_error("reading the ledger");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW)
      if (Outcome s = fn(q.integer(0), fields_of(q), q.text(17), q.text(18)); !s) return s;
    return rc == SQLITE_DONE ? Outcome::ok() : db_error("reading the ledger");
  }

  Result<int64_t> count() override {
    Stmt q(db_, "SELECT COUNT(*) FROM ledger");
    if (!q.ok() || q.step() != SQLITE_ROW) return db_error("counting entries");
    return q.integer(0);
  }

  Outcome put_states(const std::vector<StateName>& states) override {
    return write([&]() -> Outcome {
      Stmt q(db_, "INSERT INTO states(iso3, numeric, name, aliases) VALUES (?,?,?,?) ON CONFLICT(iso3) DO UPDATE SET "
                  "numeric = excluded.numeric, name = excluded.name, aliases = excluded.aliases");
      for (const StateName& s : states) {
        std::string aliases;
        for (const std::string& a : s.aliases) aliases += (aliases.empty() ? "" : "|") + a;
        q.bind(1, s.iso3);
        q.bind(2, s.numeric);
        q.bind(3, s.name);
        q.bind(4, aliases);
        if (q.step() != SQLITE_DONE) return db_error("storing state " + s.iso3);
        q.reset();
      }
      return Outcome::ok();
    });
  }

  Result<std::vector<StateName>> states() override {
    std::vector<StateName> out;
    Stmt q(db_, "SELECT iso3, numeric, name, aliases FROM states ORDER BY iso3");
    if (!q.ok()) return db_error("reading states");
    while (q.step() == SQLITE_ROW) out.push_back(StateName{q.text(0), q.text(1), q.text(2), split(q.text(3), '|')});
    return out;
  }

  Result<StoredNotification> add_notification(int64_t action_seq, const std::string& treaty, Date issued_on,
                                              const std::string& chapter,
                                              const std::function<std::string(const std::string&)>& render) override {
    Result<StoredNotification> r = Outcome::unavailable("not issued");
    Outcome s = write([&]() -> Outcome {
      r = add_notification_locked(action_seq, treaty, issued_on, chapter, render);
      return r ? Outcome::ok() : r.status();
    });
    if (!s) return s;
    return r;
  }

  Result<StoredNotification> add_notification_locked(int64_t action_seq, const std::string& treaty, Date issued_on,
                                                     const std::string& chapter,
                                                     const std::function<std::string(const std::string&)>& render) {
    auto existing = find_notifications("WHERE action_seq = " + std::to_string(action_seq));
    if (!existing) return existing.status();
    if (!existing->empty()) return existing->front();
    StoredNotification n;
    n.year = issued_on.year();
    {
      Stmt q(db_, "SELECT COALESCE(MAX(number), 0) + 1 FROM notifications WHERE year = ?");
      q.bind(1, std::to_string(n.year));
      if (!q.ok() || q.step() != SQLITE_ROW) return db_error("numbering the notification");
      n.number = static_cast<int>(q.integer(0));
    }
    n.reference = "C.N." + std::to_string(n.number) + "." + std::to_string(n.year) + ".TREATIES-" + chapter;
    n.action_seq = action_seq;
    n.treaty = treaty;
    n.issued_on = issued_on.iso();
    n.text = render(n.reference);
    Stmt ins(db_, "INSERT INTO notifications(year, number, reference, action_seq, treaty, issued_on, text) VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, std::to_string(n.year));
    ins.bind(2, std::to_string(n.number));
    ins.bind(3, n.reference);
    ins.bind(4, std::to_string(action_seq));
    ins.bind(5, treaty);
    ins.bind(6, n.issued_on);
    ins.bind(7, n.text);
    if (ins.step() != SQLITE_DONE) return db_error("storing notification " + n.reference);
    n.id = sqlite3_last_insert_rowid(db_);
    return n;
  }

  Result<std::vector<StoredNotification>> find_notifications(const std::string& where) {
    std::vector<StoredNotification> out;
    const std::string sql = "SELECT id, reference, year, number, action_seq, treaty, issued_on, text FROM notifications " + where +
                            " ORDER BY year, number";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading notifications");
    while (q.step() == SQLITE_ROW)
      out.push_back(StoredNotification{q.integer(0), q.text(1), static_cast<int>(q.integer(2)), static_cast<int>(q.integer(3)),
                                       q.integer(4), q.text(5), q.text(6), q.text(7)});
    return out;
  }

  Result<std::vector<StoredNotification>> notifications() override { return find_notifications(""); }

  Result<int64_t> notification_count() override {
    Stmt q(db_, "SELECT COUNT(*) FROM notifications");
    if (!q.ok() || q.step() != SQLITE_ROW) return db_error("counting notifications");
    return q.integer(0);
  }

  Result<std::optional<IdempotentReply>> idempotent_reply(const std::string& key) override {
    Stmt q(db_, "SELECT request_hash, status, body, location FROM idempotency WHERE key = ?");
    if (!q.ok()) return db_error("reading idempotency keys");
    q.bind(1, key);
    if (q.step() != SQLITE_ROW) return std::optional<IdempotentReply>();
    return std::optional<IdempotentReply>(IdempotentReply{q.text(0), static_cast<int>(q.integer(1)), q.text(2), q.text(3)});
  }

  Outcome put_idempotent_reply(const std::string& key, const IdempotentReply& r) override {
    Stmt q(db_, "INSERT INTO idempotency(key, request_hash, status, body, location, created_at) VALUES (?,?,?,?,?,?)");
    q.bind(1, key);
    q.bind(2, r.request_hash);
    q.bind(3, std::to_string(r.status));
    q.bind(4, r.body);
    q.bind(5, r.location);
    q.bind(6, now_utc());
    return q.step() == SQLITE_DONE ? Outcome::ok() : db_error("storing an idempotency key");
  }

  Result<StoredToken> add_token(const std::string& secret_hash, const std::string& role, const std::string& label,
                                const std::string& expires) override {
    Stmt q(db_, "INSERT INTO tokens(secret_hash, role, label, created_at, expires) VALUES (?,?,?,?,?)");
    StoredToken t{0, role, label, now_utc(), expires, ""};
    q.bind(1, secret_hash);
    q.bind(2, role);
    q.bind(3, label);
    q.bind(4, t.created_at);
    q.bind(5, expires);
    if (q.step() != SQLITE_DONE) return db_error("storing a token (role must be recorder or reader)");
    t.id = sqlite3_last_insert_rowid(db_);
    return t;
  }

  static constexpr const char* kTokenColumns = "id, role, label, created_at, expires, revoked_at";
  static StoredToken token_of(Stmt& q) { return StoredToken{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)}; }

  Result<std::optional<StoredToken>> find_token(const std::string& secret_hash) override {
    Stmt q(db_, (std::string("SELECT ") + kTokenColumns + " FROM tokens WHERE secret_hash = ? AND revoked_at = '' "
                 "AND (expires = '' OR expires > date('now'))").c_str());
    if (!q.ok()) return db_error("reading tokens");
    q.bind(1, secret_hash);
    if (q.step() == SQLITE_ROW) return std::optional<StoredToken>(token_of(q));
    return std::optional<StoredToken>();
  }

  Result<std::vector<StoredToken>> tokens() override {
    std::vector<StoredToken> out;
    Stmt q(db_, (std::string("SELECT ") + kTokenColumns + " FROM tokens ORDER BY id").c_str());
    if (!q.ok()) return db_error("reading tokens");
    while (q.step() == SQLITE_ROW) out.push_back(token_of(q));
    return out;
  }

  Result<bool> revoke_token(int64_t id) override {
    Stmt q(db_, "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at = ''");
    q.bind(1, now_utc());
    q.bind(2, std::to_string(id));
    if (q.step() != SQLITE_DONE) return db_error("revoking token " + std::to_string(id));
    if (sqlite3_changes(db_) > 0) return true;
    Stmt e(db_, "SELECT 1 FROM tokens WHERE id = ?");
    e.bind(1, std::to_string(id));
    return e.step() == SQLITE_ROW;  // already revoked: done all the same
  }

  void set_read_only() { read_only_ = true; }

 private:
  sqlite3* db_;
  std::string path_;
  bool read_only_ = false;
  bool appended_ = false;  // an entry was inserted in the current write()
};

}  // namespace

namespace {

sqlite3* open_db(const std::string& path, int flags, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = path + ": cannot open database: " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

}  // namespace

Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path))
    return Outcome::error(path + ": no such database (run 'pacta init' to create it)");
  if (create && !std::filesystem::exists(path)) {
    // Only its owner may read the record; SQLite gives the WAL and shared-memory files the
    // same permissions as the database file.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) return Outcome::error(path + ": cannot create database: " + std::strerror(errno));
    if (fd >= 0) ::close(fd);
  }
  std::string error;
  sqlite3* db = open_db(path, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), error);
  if (!db) return Outcome::error(error);
  auto ledger = std::make_unique<SqliteLedger>(db, path);
  // synchronous=FULL: a commit is on disk (the WAL synced) before it is acknowledged.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"})
    if (Outcome s = ledger->exec(pragma); !s) return Outcome::unavailable(s.message() + " (is this a pacta database?)");
  if (Outcome s = ledger->migrate(); !s)
    return Outcome::with(s.code() == Code::kCorruption ? Code::kCorruption : Code::kUnavailable,
                         s.message() + (s.code() == Code::kCorruption ? "" : " (is this a pacta database?)"));
  return std::unique_ptr<Ledger>(std::move(ledger));
}

Result<std::unique_ptr<Ledger>> open_sqlite_ledger_readonly(const std::string& path) {
  if (!std::filesystem::exists(path)) return Outcome::not_found(path + ": no such database");
  std::string error;
  sqlite3* db = open_db(path, SQLITE_OPEN_READONLY, error);
  if (!db) return Outcome::unavailable(error);
  auto ledger = std::make_unique<SqliteLedger>(db, path);
  ledger->set_read_only();
  if (Outcome s = ledger->exec("SELECT count(*) FROM sqlite_master"); !s)
    return Outcome::corruption(s.message() + " (the file is damaged or not a database)");
  if (!ledger->has_table("ledger") || !ledger->has_table("checkpoint"))
    return Outcome::corruption(path + ": not a pacta ledger of schema " + std::to_string(kSchemaVersion) +
                               " (no ledger or checkpoint table" +
                               (std::filesystem::file_size(path) == 0 ? "; the file is empty" : "") +
                               "; a ledger of an older schema is migrated by any other pacta command)");
  return std::unique_ptr<Ledger>(std::move(ledger));
}

}  // namespace pacta
