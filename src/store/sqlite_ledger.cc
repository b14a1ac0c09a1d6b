#include <openssl/evp.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "store/ledger.h"

namespace pacta {
namespace {

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS profiles(id TEXT PRIMARY KEY, toml TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS states(iso3 TEXT PRIMARY KEY, numeric TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entry TEXT NOT NULL CHECK (entry IN ('action', 'fact', 'step')),
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
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_treaty ON ledger(treaty, state);
CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a correction instead'); END;
CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be deleted'); END;
)SQL";

constexpr const char* kColumns =
    "entry, treaty, state, kind, date, date_to, later_date, reference, body, text, source, notes, known_from, "
    "supersedes, recorded_at, recorded_by";

std::string now_utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string opt_date(const std::optional<Date>& d) { return d ? d->iso() : ""; }
std::string opt_seq(const std::optional<int64_t>& s) { return s ? std::to_string(*s) : ""; }

// The fields of a row in column order (as text), the unit the hash covers.
struct Row {
  std::vector<std::string> f;  // 16 columns as in kColumns
};

Row row_of(const Action& a) {
  return {{"action", a.treaty, a.state, std::string(to_string(a.kind)), a.date.iso(), "", opt_date(a.later_date),
           a.reference, "", a.text, a.prov.source, a.prov.notes, a.prov.known_from.iso(), opt_seq(a.prov.supersedes),
           a.prov.recorded_at, a.prov.recorded_by}};
}
Row row_of(const Fact& x) {
  return {{"fact", x.treaty, x.state, std::string(to_string(x.kind)), x.from.iso(), opt_date(x.to), "", "", "", "",
           x.prov.source, x.prov.notes, x.prov.known_from.iso(), opt_seq(x.prov.supersedes), x.prov.recorded_at,
           x.prov.recorded_by}};
}
Row row_of(const DomesticStep& s) {
  return {{"step", s.treaty, s.state, s.kind, s.date.iso(), "", "", "", s.body, s.description, s.prov.source,
           s.prov.notes, s.prov.known_from.iso(), opt_seq(s.prov.supersedes), s.prov.recorded_at, s.prov.recorded_by}};
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
  std::string text(int i) {
    const unsigned char* t = sqlite3_column_text(st_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
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
      return Outcome::error(m);
    }
    return Outcome::ok();
  }
  Outcome db_error(const std::string& what) { return Outcome::error(path_ + ": " + what + ": " + sqlite3_errmsg(db_)); }

  Outcome append(Record& r) override {
    // BEGIN IMMEDIATE takes the write lock first, so two writers chain hashes in turn.
    if (Outcome s = exec("BEGIN IMMEDIATE"); !s) return s;
    Outcome s = append_locked(r);
    if (!s) {
      exec("ROLLBACK");
      return s;
    }
    return exec("COMMIT");
  }

  Outcome append_locked(Record& r) {
    std::string prev;
    {
      Stmt q(db_, "SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1");
      if (!q.ok()) return db_error("reading the last entry");
      if (q.step() == SQLITE_ROW) prev = q.text(0);
    }
    const std::string sql = std::string("INSERT INTO ledger(") + kColumns +
                            ", prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    Stmt ins(db_, sql.c_str());
    if (!ins.ok()) return db_error("preparing insert");
    const std::string at = now_utc();
    auto put = [&](Provenance& prov, auto& entry) -> Outcome {
      if (prov.recorded_at.empty()) prov.recorded_at = at;
      if (prov.recorded_by.empty()) prov.recorded_by = "pacta";
      Row row = row_of(entry);
      const std::string h = entry_hash(prev, row.f);
      for (size_t i = 0; i < row.f.size(); ++i) {
        if (i == 13 && row.f[i].empty()) ins.bind_null(static_cast<int>(i + 1));
        else ins.bind(static_cast<int>(i + 1), row.f[i]);
      }
      ins.bind(17, prev);
      ins.bind(18, h);
      if (ins.step() != SQLITE_DONE) return db_error("appending an entry for " + row.f[2]);
      ins.reset();
      prov.seq = sqlite3_last_insert_rowid(db_);
      prev = h;
      return Outcome::ok();
    };
    for (Action& a : r.actions)
      if (Outcome s = put(a.prov, a); !s) return s;
    for (Fact& f : r.facts)
      if (Outcome s = put(f.prov, f); !s) return s;
    for (DomesticStep& st : r.steps)
      if (Outcome s = put(st.prov, st); !s) return s;
    return Outcome::ok();
  }

  Result<Record> load() override {
    Record r;
    const std::string sql = std::string("SELECT seq, ") + kColumns + " FROM ledger ORDER BY seq";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading the ledger");
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      Provenance prov;
      prov.seq = q.integer(0);
      const std::string entry = q.text(1);
      auto date_at = [&](int col) -> Result<Date> {
        auto d = Date::parse(q.text(col));
        if (!d) return Outcome::error(path_ + ": entry " + std::to_string(prov.seq) + ": bad date '" + q.text(col) + "'");
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
        if (!k) return Outcome::error(path_ + ": entry " + std::to_string(prov.seq) + ": unknown kind '" + q.text(4) + "'");
        a.kind = *k;
        a.date = *date;
        if (!q.text(7).empty()) a.later_date = Date::parse(q.text(7));
        a.reference = q.text(8);
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
      } else {
        DomesticStep s;
        s.treaty = q.text(2);
        s.state = q.text(3);
        s.kind = q.text(4);
        s.date = *date;
        s.body = q.text(9);
        s.description = q.text(10);
        s.prov = prov;
        r.steps.push_back(std::move(s));
      }
    }
    if (rc != SQLITE_DONE) return db_error("reading the ledger");
    return r;
  }

  Result<VerifyReport> verify() override {
    VerifyReport rep;
    const std::string sql = std::string("SELECT seq, ") + kColumns + ", prev_hash, hash FROM ledger ORDER BY seq";
    Stmt q(db_, sql.c_str());
    if (!q.ok()) return db_error("reading the ledger");
    std::string prev;
    while (q.step() == SQLITE_ROW) {
      ++rep.entries;
      const int64_t seq = q.integer(0);
      std::vector<std::string> f;
      for (int i = 1; i <= 16; ++i) f.push_back(q.text(i));
      const std::string stored_prev = q.text(17), stored = q.text(18);
      if (stored_prev != prev) {
        rep.first_bad = seq;
        rep.problem = "entry " + std::to_string(seq) + " does not follow the entry before it (an entry was removed or reordered)";
        return rep;
      }
      if (entry_hash(prev, f) != stored) {
        rep.first_bad = seq;
        rep.problem = "entry " + std::to_string(seq) + " (" + f[0] + " " + f[2] + " " + f[3] + " " + f[4] +
                      ") does not match its hash: it was changed after it was recorded";
        return rep;
      }
      prev = stored;
    }
    return rep;
  }

  Result<std::vector<LedgerEntry>> entries() override {
    std::vector<LedgerEntry> out;
    Stmt q(db_, "SELECT seq, entry, treaty, state, kind, date, reference, recorded_at, recorded_by, known_from, supersedes FROM ledger ORDER BY seq");
    if (!q.ok()) return db_error("reading the ledger");
    while (q.step() == SQLITE_ROW) {
      LedgerEntry e{q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                    q.text(7), q.text(8), q.text(9), std::nullopt};
      if (!q.is_null(10)) e.supersedes = q.integer(10);
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<int64_t> count() override {
    Stmt q(db_, "SELECT COUNT(*) FROM ledger");
    if (!q.ok() || q.step() != SQLITE_ROW) return db_error("counting entries");
    return q.integer(0);
  }

  Outcome put_profile(const std::string& id, const std::string& toml) override {
    Stmt q(db_, "INSERT INTO profiles(id, toml) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET toml = excluded.toml");
    q.bind(1, id);
    q.bind(2, toml);
    return q.step() == SQLITE_DONE ? Outcome::ok() : db_error("storing profile " + id);
  }

  Result<std::vector<std::pair<std::string, std::string>>> profiles() override {
    std::vector<std::pair<std::string, std::string>> out;
    Stmt q(db_, "SELECT id, toml FROM profiles ORDER BY id");
    if (!q.ok()) return db_error("reading profiles");
    while (q.step() == SQLITE_ROW) out.emplace_back(q.text(0), q.text(1));
    return out;
  }

  Outcome put_states(const std::vector<StateName>& states) override {
    if (Outcome s = exec("BEGIN IMMEDIATE"); !s) return s;
    Stmt q(db_, "INSERT INTO states(iso3, numeric, name, aliases) VALUES (?,?,?,?) ON CONFLICT(iso3) DO UPDATE SET "
                "numeric = excluded.numeric, name = excluded.name, aliases = excluded.aliases");
    for (const StateName& s : states) {
      std::string aliases;
      for (const std::string& a : s.aliases) aliases += (aliases.empty() ? "" : "|") + a;
      q.bind(1, s.iso3);
      q.bind(2, s.numeric);
      q.bind(3, s.name);
      q.bind(4, aliases);
      if (q.step() != SQLITE_DONE) {
        Outcome e = db_error("storing state " + s.iso3);
        exec("ROLLBACK");
        return e;
      }
      q.reset();
    }
    return exec("COMMIT");
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
    if (Outcome s = exec("BEGIN IMMEDIATE"); !s) return s;
    auto r = add_notification_locked(action_seq, treaty, issued_on, chapter, render);
    if (!r) {
      exec("ROLLBACK");
      return r;
    }
    if (Outcome s = exec("COMMIT"); !s) return s;
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

  Result<StoredToken> add_token(const std::string& secret_hash, const std::string& role, const std::string& label) override {
    Stmt q(db_, "INSERT INTO tokens(secret_hash, role, label, created_at) VALUES (?,?,?,?)");
    StoredToken t{0, role, label, now_utc()};
    q.bind(1, secret_hash);
    q.bind(2, role);
    q.bind(3, label);
    q.bind(4, t.created_at);
    if (q.step() != SQLITE_DONE) return db_error("storing a token (role must be recorder or reader)");
    t.id = sqlite3_last_insert_rowid(db_);
    return t;
  }

  Result<std::optional<StoredToken>> find_token(const std::string& secret_hash) override {
    Stmt q(db_, "SELECT id, role, label, created_at FROM tokens WHERE secret_hash = ?");
    if (!q.ok()) return db_error("reading tokens");
    q.bind(1, secret_hash);
    if (q.step() == SQLITE_ROW) return std::optional<StoredToken>(StoredToken{q.integer(0), q.text(1), q.text(2), q.text(3)});
    return std::optional<StoredToken>();
  }

  Result<std::vector<StoredToken>> tokens() override {
    std::vector<StoredToken> out;
    Stmt q(db_, "SELECT id, role, label, created_at FROM tokens ORDER BY id");
    if (!q.ok()) return db_error("reading tokens");
    while (q.step() == SQLITE_ROW) out.push_back(StoredToken{q.integer(0), q.text(1), q.text(2), q.text(3)});
    return out;
  }

 private:
  sqlite3* db_;
  std::string path_;
};

}  // namespace

std::string entry_hash(const std::string& prev_hash, const std::vector<std::string>& fields) {
  std::string canon = prev_hash;
  for (const std::string& f : fields) {
    canon += '\x1f';
    canon += f;
  }
  return sha256_hex(canon);
}

std::string sha256_hex(const std::string& data) {
  const std::string& canon = data;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(canon.data(), canon.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::string& path, bool create) {
  if (!create && !std::filesystem::exists(path))
    return Outcome::error(path + ": no such database (run 'pacta init' to create it)");
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string m = path + ": cannot open database: " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return Outcome::error(m);
  }
  sqlite3_busy_timeout(db, 10000);
  auto ledger = std::make_unique<SqliteLedger>(db, path);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"})
    if (Outcome s = ledger->exec(pragma); !s) return s;
  if (Outcome s = ledger->exec(kSchema); !s) return Outcome::error(s.message() + " (is this a pacta database?)");
  return std::unique_ptr<Ledger>(std::move(ledger));
}

}  // namespace pacta
