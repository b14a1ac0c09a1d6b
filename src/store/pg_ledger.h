// The PostgreSQL store: the same ledger as SQLite (same 16 columns, same canonical encoding
// and hashes, so a record moved between the stores keeps its hashes) on a PostgreSQL 15
// database that many processes and servers share. Every write() is one transaction that
// first locks the chain head row (SELECT ... FOR UPDATE), so checks run at the head the entry
// is appended to and notification numbers are gapless per year across all servers. Only
// libpq's C API is used, and only in pg_ledger.cc: this header includes nothing heavy.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/ledger.h"

namespace pacta {

// The newest schema this pacta writes on PostgreSQL (table schema_version).
int pg_schema_version();

// Opens the ledger in the database `url` (postgresql://... or postgres://..., libpq's URI
// syntax). With `create`, an empty database gets the schema (and an older one is migrated);
// without it, the database must hold a pacta ledger of the current schema ('pacta migrate'
// moves an older one). The database's encoding must be UTF8.
Result<std::unique_ptr<Ledger>> open_pg_ledger(const std::string& url, bool create);
// Opens an existing ledger read-only (for verify): every transaction is READ ONLY and
// nothing is created, migrated or moved.
Result<std::unique_ptr<Ledger>> open_pg_ledger_readonly(const std::string& url);

// Applies the schema migrations explicitly ('pacta migrate'); returns {from, to}.
Result<std::pair<int, int>> migrate_pg(const std::string& url);

// An API token with the hash of its secret, for copying tokens between stores.
struct TokenRow {
  std::string secret_hash;
  StoredToken token;
};
Result<std::vector<TokenRow>> pg_token_rows(const std::string& url);
// Inserts tokens as they were (ids, created_at, expires, revoked_at kept).
Outcome pg_put_token_rows(const std::string& url, const std::vector<TokenRow>& rows);

// Waits for the notifications every write sends at commit (NOTIFY pacta_ledger, the new head's
// seq as payload) and calls `on_write` with the newest seq of each batch (0 when unknown: after
// a reconnection), until `stop()` is true (checked at least every `poll_ms`). A lost
// connection is opened again. For a server to refresh its caches as soon as another writes.
// Listens on a primary (a standby cannot LISTEN).
Outcome pg_listen(const std::string& url, const std::function<bool()>& stop, const std::function<void(int64_t)>& on_write,
                  int poll_ms = 500);

// `url` with any password replaced by "***", for messages and logs.
std::string redact_url(const std::string& url);

}  // namespace pacta
