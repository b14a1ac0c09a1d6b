// The ledger: the append-only record of actions, facts and domestic steps, with their
// sources, and every version of each treaty's rules, in recording order. Every entry carries
// the hash of the one before it, so an edited or deleted row is found by verify(). A
// correction is a new entry that supersedes an old one; nothing is updated in place. Also
// keeps the list of states the record may name, notifications, tokens and idempotency keys.
// Reads by treaty are indexed: their cost follows the treaty, not the whole record.
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
#include "store/chain.h"

namespace pacta {

struct StateName {
  std::string iso3;
  std::string numeric;  // ISO 3166-1 numeric, for maps; may be empty
  std::string name;     // UN short name where the record uses it
  std::vector<std::string> aliases;
};

// What verify() or check_chain() found. `problem` is empty when all is well.
struct VerifyReport {
  int64_t entries = 0;               // entries whose hash was recomputed
  std::optional<int64_t> first_bad;  // seq of the first entry whose hash or link does not match
  std::string problem;
  int64_t head_seq = 0;              // the head that was verified ("SEQ:HASH" to publish)
  std::string head_hash;
  bool ok() const { return problem.empty(); }
};

// One step of walking the chain in seq order, for every store's verify: entry `seq` (its
// fields, stored prev_hash and hash) must follow `prev` and match its hash. On success counts
// it, makes it the head and sets `prev`; otherwise names the problem in `rep`.
bool chain_link(VerifyReport& rep, int64_t seq, const std::vector<std::string>& fields, const std::string& stored_prev,
                const std::string& stored, std::string& prev);

// One ledger row, for `pacta log`.
struct LedgerEntry {
  int64_t seq = 0;
  std::string entry;  // action, fact, step
  std::string treaty, state, kind, date, reference;
  std::string recorded_at, recorded_by, known_from;
  std::optional<int64_t> supersedes;
  std::string hash;  // the entry's hash in the chain
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
  std::string expires;     // YYYY-MM-DD: the token stops working on that day (UTC); empty: never
  std::string revoked_at;  // empty unless revoked
};

// The position of the last entry: every check is made at a head, and a process that has
// seen head H catches up by reading the entries after H.
struct Head {
  int64_t seq = 0;   // 0: an empty ledger
  std::string hash;  // the hash of entry `seq` (empty for an empty ledger)
};

// One version of a treaty's rules (its profile's TOML text) as recorded in the ledger.
struct RulesVersion {
  int64_t seq = 0;
  std::string treaty;
  std::string toml;
  std::string sha256;  // of `toml`, hex
  Date known_from;     // the first version: the treaty's adoption; later ones: the day recorded
  std::string source;
  std::string recorded_at;
  std::string version() const { return treaty + "@" + sha256.substr(0, 12); }  // "apmbc@3f2a..."
};

// What the store indexes of a treaty to find it without reading its rules.
struct TreatyIndex {
  std::string id;
  std::string short_title;
  std::string chapter;      // "XXVI-5", empty when not a UN treaty
  std::string record_note;  // what a partial bundled record lacks
  std::vector<std::string> aliases;  // the profile's other names (stored lower case, ASCII)
};

// What an entry touches, for refreshing caches after the entries other processes appended.
struct EntryKey {
  int64_t seq = 0;
  std::string entry;  // action, fact, step, rules
  std::string treaty;  // empty for a fact or step about a state only
  std::string state;
};

// Everything the ledger holds about one treaty: its actions, the steps and facts about it or
// about the states that took part in it, and every version of its rules, in recording order.
struct TreatyRecord {
  std::string treaty;
  Record record;
  std::vector<RulesVersion> rules;
};

// An answer stored with its Idempotency-Key, so that a retried request gets it again.
struct IdempotentReply {
  std::string request_hash;  // SHA-256 of what was asked (method, path, body)
  int status = 0;
  std::string body;
  std::string location;
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  // Runs `body` as one write transaction: the store's write lock is taken before `body`
  // runs (so what it reads is the head it will append to) and released at commit. Entries
  // appended inside are committed together, or not at all when `body` fails. Durable
  // once it returns ok (SQLite: WAL with synchronous=FULL).
  virtual Outcome write(const std::function<Outcome()>& body) = 0;

  // Appends in one transaction (its own, or the enclosing write()): all entries or none.
  // Sets each entry's seq and recorded_at.
  virtual Outcome append(Record& entries) = 0;
  // Appends a version of a treaty's rules (inside write(), or in its own transaction) and
  // updates the treaty index. `version.seq`, `sha256` and `recorded_at` are set.
  virtual Outcome append_rules(RulesVersion& version, const TreatyIndex& index) = 0;

  virtual Result<Head> head() = 0;
  virtual Result<Record> load() = 0;  // every action, fact and step (copy, verify, tests)
  virtual Result<TreatyRecord> load_treaty(const std::string& treaty) = 0;
  // The facts and steps about `state` alone (not about a treaty).
  virtual Result<Record> load_state(const std::string& state) = 0;
  virtual Result<std::optional<Action>> action(int64_t seq) = 0;  // the action at `seq`, if it is one
  virtual Result<std::vector<EntryKey>> keys_since(int64_t seq) = 0;
  virtual Result<std::vector<TreatyIndex>> treaty_index() = 0;
  virtual Result<std::vector<std::string>> treaty_ids(int limit) = 0;  // the first `limit` ids
  virtual Result<std::optional<TreatyIndex>> find_treaty(const std::string& id_or_short_title) = 0;  // any case
  // The treaties a state has an action under.
  virtual Result<std::vector<std::string>> treaties_of(const std::string& state) = 0;
  // Recomputes every entry's hash and link from the first, and checks the store itself
  // (SQLite: integrity_check; no entry missing after the highest seq ever given). Reads only.
  virtual Result<VerifyReport> verify() = 0;
  // The cheap check made when a process starts: the entry at the last verified checkpoint
  // still has its hash, and every entry after it links and hashes; then the checkpoint moves
  // to the head (when the store can be written). Entries read later are each checked against
  // their own hash as they are read.
  virtual Result<VerifyReport> check_chain() = 0;
  virtual Result<std::vector<LedgerEntry>> entries() = 0;
  // Every entry in seq order, as stored: its 16 hashed fields (chain.h), prev_hash and hash;
  // streamed (nothing kept); stops at the first error `fn` returns.
  virtual Outcome each_entry(const std::function<Outcome(int64_t seq, const std::vector<std::string>& fields,
                                                         const std::string& prev_hash, const std::string& hash)>& fn) = 0;
  virtual Result<int64_t> count() = 0;

  virtual Outcome put_states(const std::vector<StateName>& states) = 0;
  virtual Result<std::vector<StateName>> states() = 0;

  // Issues the notification of an action: takes the next number of `issued_on`'s year inside
  // the write transaction (its own or the enclosing write()), so concurrent processes never
  // share a number, renders the text for that reference, stores both. `chapter` is in
  // reference form ("XXVI.5"). An action already notified returns its existing notification.
  virtual Result<StoredNotification> add_notification(
      int64_t action_seq, const std::string& treaty, Date issued_on, const std::string& chapter,
      const std::function<std::string(const std::string& reference)>& render) = 0;
  virtual Result<std::vector<StoredNotification>> notifications() = 0;
  virtual Result<int64_t> notification_count() = 0;

  // Idempotency keys of HTTP writes: read and stored inside the write() that records.
  virtual Result<std::optional<IdempotentReply>> idempotent_reply(const std::string& key) = 0;
  virtual Outcome put_idempotent_reply(const std::string& key, const IdempotentReply& reply) = 0;

  // `expires`: "" or YYYY-MM-DD.
  virtual Result<StoredToken> add_token(const std::string& secret_hash, const std::string& role, const std::string& label,
                                        const std::string& expires = "") = 0;
  // The token whose secret hashes to `secret_hash`, if it is neither revoked nor expired.
  virtual Result<std::optional<StoredToken>> find_token(const std::string& secret_hash) = 0;
  virtual Result<std::vector<StoredToken>> tokens() = 0;
  // Revokes token `id` at once (every server asks the store on each request); false: no such token.
  virtual Result<bool> revoke_token(int64_t id) = 0;
};

// Opens (creating if `create`, as a file only its owner may read) an SQLite ledger at `path`;
// WAL mode, synchronous=FULL, foreign keys on. A database of an earlier schema is migrated:
// its chain is verified under the encoding it was written with, then rehashed under the
// current one (a broken chain is not migrated).
Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::string& path, bool create);
// Opens an existing SQLite ledger read-only (for verify): nothing is created or migrated.
Result<std::unique_ptr<Ledger>> open_sqlite_ledger_readonly(const std::string& path);

}  // namespace pacta
