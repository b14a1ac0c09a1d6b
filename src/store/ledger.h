// The ledger: the append-only record of actions, facts and domestic steps, with their
// sources, in recording order. Every entry carries the hash of the one before it, so an
// edited or deleted row is found by verify(). A correction is a new entry that supersedes
// an old one; nothing is updated in place. Also keeps the treaty profiles and the list of
// states the record may name.
//
// One Ledger object per connection; not thread-safe (open one per thread).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace pacta {

struct StateName {
  std::string iso3;
  std::string numeric;  // ISO 3166-1 numeric, for maps; may be empty
  std::string name;     // UN short name where the record uses it
  std::vector<std::string> aliases;
};

struct VerifyReport {
  int64_t entries = 0;
  std::optional<int64_t> first_bad;  // seq of the first entry whose hash does not match
  std::string problem;
};

// One ledger row, for `pacta log`.
struct LedgerEntry {
  int64_t seq = 0;
  std::string entry;  // action, fact, step
  std::string treaty, state, kind, date, reference;
  std::string recorded_at, recorded_by, known_from;
  std::optional<int64_t> supersedes;
};

// A depositary notification as issued: numbered per calendar year across all treaties.
struct StoredNotification {
  int64_t id = 0;
  std::string reference;  // C.N.<number>.<year>.TREATIES-<chapter>
  int year = 0;
  int number = 0;
  int64_t action_seq = 0;
  std::string treaty;
  std::string issued_on;  // YYYY-MM-DD
  std::string text;
};

// An API token as stored: only the SHA-256 of the secret is kept.
struct StoredToken {
  int64_t id = 0;
  std::string role;  // "recorder" (may write) or "reader"
  std::string label;
  std::string created_at;
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  // Appends in one transaction: all entries or none. Sets each entry's seq and recorded_at.
  virtual Outcome append(Record& entries) = 0;
  virtual Result<Record> load() = 0;
  virtual Result<VerifyReport> verify() = 0;
  virtual Result<std::vector<LedgerEntry>> entries() = 0;
  virtual Result<int64_t> count() = 0;

  virtual Outcome put_profile(const std::string& id, const std::string& toml_text) = 0;
  virtual Result<std::vector<std::pair<std::string, std::string>>> profiles() = 0;  // id, toml
  virtual Outcome put_states(const std::vector<StateName>& states) = 0;
  virtual Result<std::vector<StateName>> states() = 0;

  // Issues the notification of an action: takes the next number of `issued_on`'s year under
  // the write lock (so concurrent processes never share a number), renders the text for that
  // reference, stores both. `chapter` is in reference form ("XXVI.5"). An action already
  // notified returns its existing notification.
  virtual Result<StoredNotification> add_notification(
      int64_t action_seq, const std::string& treaty, Date issued_on, const std::string& chapter,
      const std::function<std::string(const std::string& reference)>& render) = 0;
  virtual Result<std::vector<StoredNotification>> notifications() = 0;

  virtual Result<StoredToken> add_token(const std::string& secret_hash, const std::string& role, const std::string& label) = 0;
  // The token whose secret hashes to `secret_hash`, if any.
  virtual Result<std::optional<StoredToken>> find_token(const std::string& secret_hash) = 0;
  virtual Result<std::vector<StoredToken>> tokens() = 0;

};

// Opens (creating if `create`) an SQLite ledger at `path`; WAL mode, foreign keys on.
Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::string& path, bool create);

// The canonical text an entry's hash covers, and the hash (SHA-256, hex).
std::string entry_hash(const std::string& prev_hash, const std::vector<std::string>& fields);
std::string sha256_hex(const std::string& data);

}  // namespace pacta
