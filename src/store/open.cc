#include "store/open.h"

#include <sqlite3.h>

#include <filesystem>

namespace pacta {

bool is_pg_url(const std::string& db) { return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0; }

std::string sqlite_path(const std::string& db) {
  if (is_pg_url(db)) return "";
  return db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
}

std::string display_db(const std::string& db) { return is_pg_url(db) ? redact_url(db) : db; }

Result<std::unique_ptr<Ledger>> open_ledger(const std::string& db, bool create) {
  if (is_pg_url(db)) return open_pg_ledger(db, create);
  return open_sqlite_ledger(sqlite_path(db), create);
}

Result<std::unique_ptr<Ledger>> open_ledger_readonly(const std::string& db) {
  if (is_pg_url(db)) return open_pg_ledger_readonly(db);
  return open_sqlite_ledger_readonly(sqlite_path(db));
}

namespace {

// A raw SQLite connection for what the Ledger interface does not carry (schema version,
// token secrets' hashes). Closed on scope exit.
struct Sqlite {
  sqlite3* db = nullptr;
  std::string error;
  Sqlite(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) error = path + ": " + (db ? sqlite3_errmsg(db) : "cannot open");
    else sqlite3_busy_timeout(db, 10000);
  }
  ~Sqlite() { sqlite3_close(db); }
  std::string text(sqlite3_stmt* st, int i) {
    const unsigned char* t = sqlite3_column_text(st, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st, i))) : "";
  }
};

Result<int> sqlite_user_version(const std::string& path) {
  Sqlite s(path, SQLITE_OPEN_READONLY);
  if (!s.error.empty()) return Outcome::unavailable(s.error);
  sqlite3_stmt* st = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(s.db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  if (v < 0) return Outcome::unavailable(path + ": cannot read the schema version: " + sqlite3_errmsg(s.db));
  return v;
}

}  // namespace

Result<std::pair<int, int>> migrate_store(const std::string& db) {
  if (is_pg_url(db)) return migrate_pg(db);
  const std::string path = sqlite_path(db);
  if (!std::filesystem::exists(path)) return Outcome::error(path + ": no such database (run 'pacta init' to create it)");
  auto from = sqlite_user_version(path);
  if (!from) return from.status();
  {
    auto l = open_sqlite_ledger(path, false);  // SQLite migrates when it opens
    if (!l) return l.status();
  }
  auto to = sqlite_user_version(path);
  if (!to) return to.status();
  return std::make_pair(*from, *to);
}

Result<std::vector<TokenRow>> token_rows(const std::string& db) {
  if (is_pg_url(db)) return pg_token_rows(db);
  const std::string path = sqlite_path(db);
  Sqlite s(path, SQLITE_OPEN_READONLY);
  if (!s.error.empty()) return Outcome::unavailable(s.error);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(s.db, "SELECT id, role, label, created_at, expires, revoked_at, secret_hash FROM tokens ORDER BY id", -1,
                         &st, nullptr) != SQLITE_OK)
    return Outcome::unavailable(path + ": reading tokens: " + sqlite3_errmsg(s.db));
  std::vector<TokenRow> out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    out.push_back(TokenRow{s.text(st, 6), StoredToken{sqlite3_column_int64(st, 0), s.text(st, 1), s.text(st, 2), s.text(st, 3),
                                                      s.text(st, 4), s.text(st, 5)}});
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return Outcome::unavailable(path + ": reading tokens: " + sqlite3_errmsg(s.db));
  return out;
}

Outcome put_token_rows(const std::string& db, const std::vector<TokenRow>& rows) {
  if (is_pg_url(db)) return pg_put_token_rows(db, rows);
  const std::string path = sqlite_path(db);
  Sqlite s(path, SQLITE_OPEN_READWRITE);
  if (!s.error.empty()) return Outcome::unavailable(s.error);
  auto fail = [&](const std::string& what) { return Outcome::unavailable(path + ": " + what + ": " + sqlite3_errmsg(s.db)); };
  if (sqlite3_exec(s.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("storing tokens");
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(s.db,
                         "INSERT INTO tokens(id, secret_hash, role, label, created_at, expires, revoked_at) VALUES (?,?,?,?,?,?,?)",
                         -1, &st, nullptr) != SQLITE_OK) {
    Outcome f = fail("storing tokens");
    sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
    return f;
  }
  for (const TokenRow& t : rows) {
    sqlite3_bind_int64(st, 1, t.token.id);
    const std::string* texts[] = {&t.secret_hash, &t.token.role, &t.token.label, &t.token.created_at, &t.token.expires,
                                  &t.token.revoked_at};
    for (int i = 0; i < 6; ++i)
      sqlite3_bind_text(st, i + 2, texts[i]->c_str(), static_cast<int>(texts[i]->size()), SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
      Outcome f = fail("storing token " + std::to_string(t.token.id));
      sqlite3_finalize(st);
      sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
      return f;
    }
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (sqlite3_exec(s.db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return fail("storing tokens");
  return Outcome::ok();
}

}  // namespace pacta
