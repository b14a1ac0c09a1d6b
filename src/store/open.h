// Store selection: one name for a database, whichever store holds it.
//   postgresql://... or postgres://...  -> the PostgreSQL store (store/pg_ledger.h)
//   sqlite:PATH, or a plain PATH        -> the SQLite store (a file)
// Used by every command for --db and $PACTA_DB. Light: includes only the store interface.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/ledger.h"
#include "store/pg_ledger.h"

namespace pacta {

bool is_pg_url(const std::string& db);
// The SQLite file a name means ("sqlite:PATH" -> PATH, PATH -> PATH); empty for a URL.
std::string sqlite_path(const std::string& db);
// The name as shown in messages (a URL's password hidden).
std::string display_db(const std::string& db);

// Opens (creating if `create`) the ledger `db` names; see each store's open function.
Result<std::unique_ptr<Ledger>> open_ledger(const std::string& db, bool create);
// Opens an existing ledger read-only (verify): nothing is created, migrated or moved.
Result<std::unique_ptr<Ledger>> open_ledger_readonly(const std::string& db);

// Applies the store's schema migrations; returns the schema {from, to}.
Result<std::pair<int, int>> migrate_store(const std::string& db);

// Tokens with the hashes of their secrets (which StoredToken never carries), for copies.
Result<std::vector<TokenRow>> token_rows(const std::string& db);
Outcome put_token_rows(const std::string& db, const std::vector<TokenRow>& rows);

}  // namespace pacta
