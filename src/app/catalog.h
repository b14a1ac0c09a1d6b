// The record as the commands and the server read it, one treaty at a time. Opening reads
// only the state names and the head; a treaty's entries and rules are read from the
// store when first asked for (an indexed read of that treaty only), and its engine views
// (current, or as known on a day) are built lazily and kept in bounded least-recently-used
// caches. refresh() reads the entries appended after the last head seen (by this process or
// any other) and drops only the treaties they touch. Resolves what users type (treaty ids,
// state codes or names, dates) into checked values, with errors that name the bad value.
//
// Thread-safe: views and profiles are immutable and shared; the caches are locked only
// around lookups; store reads use a pool of connections (one per concurrent reader).
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <condition_variable>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/engine.h"
#include "store/ledger.h"

namespace pacta {

// Thrown by the catalog's readers when the store cannot be read (the database is gone or
// broken): a failure of the machinery, not an answer. The server answers it with 503.
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The store holds an entry that is not what was recorded (its hash or the chain's does not
// match): nothing is answered from it. The message names the first bad entry.
class StoreCorrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Opens a new connection to the store, for the catalog's pool.
using Connect = std::function<Result<std::unique_ptr<Ledger>>()>;

// A treaty's entries and rules, read once from the store.
struct TreatyEntries {
  TreatyRecord stored;
  std::vector<std::shared_ptr<const TreatyProfile>> profiles;  // parsed, one per stored.rules
  std::set<std::string> states;  // the states with an action under it
  // The rules version that applies when asking as known on `known_on` (none: the latest):
  // the latest version known by then, or the first version if none was yet.
  // Its index into stored.rules and profiles; -1 when the treaty has no rules.
  int rules_on(std::optional<Date> known_on) const;
};

class Catalog {
 public:
  // Reads the state names and the treaty index. `first` is used as the pool's first
  // connection; `connect` opens more when several threads read at once (may be empty:
  // then readers share `first` in turn).
  static Result<std::shared_ptr<Catalog>> open(std::unique_ptr<Ledger> first, Connect connect = nullptr);

  // Every treaty in the store, by id (reads the index, not the rules).
  std::vector<TreatyIndex> treaty_index() const;
  // The treaty's rules as known on `known_on` (latest when empty); nullptr if unknown.
  // These readers throw StoreUnavailable when the store cannot be read, and StoreCorrupted
  // when what it holds is not what was recorded.
  std::shared_ptr<const TreatyProfile> treaty(const std::string& id, std::optional<Date> known_on = std::nullopt) const;
  // The treaty whose UN chapter is `chapter` ("XXVI-5"), if any.
  std::optional<std::string> treaty_by_chapter(const std::string& chapter) const;
  // The treaties `state` has an action under.
  std::vector<std::string> treaties_of(const std::string& state) const;

  const std::vector<StateName>& states() const { return states_; }
  const StateName* state(const std::string& iso3) const;
  std::string state_name(const std::string& iso3) const;  // falls back to the code

  // "apmbc" (case-insensitive) or the short title -> profile id; error names the value.
  Result<std::string> resolve_treaty(const std::string& text) const;
  // "LTU", "ltu", "Lithuania" -> "LTU"; error names the value.
  Result<std::string> resolve_state(const std::string& text) const;

  // The engine's view of a treaty, optionally as known on a date, with the rules that
  // applied then. nullptr for an unknown treaty.
  std::shared_ptr<const TreatyView> view(const std::string& treaty, std::optional<Date> known_on = std::nullopt) const;
  // The treaty's entries as stored (every version, corrections included).
  std::shared_ptr<const TreatyEntries> entries(const std::string& treaty) const;
  // The action recorded at `seq`, if that entry is an action.
  std::optional<Action> action(int64_t seq) const;

  // The cached entries of `treaty` if this catalog is at exactly `head` (so they are the
  // treaty at that head); nullptr otherwise. For a writer, inside its transaction.
  std::shared_ptr<const TreatyEntries> entries_at(const std::string& treaty, int64_t head) const;
  // After a committed write that appended one entry about `treaty` on top of `before`: when
  // this catalog was at `before`, takes `entries` and `view` as the treaty at the new head
  // (nothing read); otherwise does nothing and the next refresh() catches up.
  void advance(const std::string& treaty, int64_t before, std::shared_ptr<const TreatyEntries> entries,
               std::shared_ptr<const TreatyView> view) const;

  // The head this catalog has caught up with.
  int64_t head() const;
  // That head as "SEQ:HASH" (as `pacta verify` prints it), or "SEQ" while its hash is not
  // yet read (after a write this process made, until the next refresh()).
  std::string head_text() const;
  // Reads the entries appended since head() and drops the cached treaties they touch.
  // Returns whether anything was appended.
  Result<bool> refresh() const;

  // Reading from a hot standby (`pacta serve --read-db`): `primary` opens a connection to the
  // primary, which the catalog reads from instead whenever the standby has not yet replayed
  // what an answer must show (an entry this catalog already saw, or one this server wrote).
  void set_primary(Connect primary);
  // This process wrote up to entry `seq`: no answer from now on shows an older head.
  void note_written(int64_t seq) const;
  // After another server's write up to entry `seq`: refreshes from the standby until it has
  // replayed `seq`, for at most `wait_ms`, then from the primary (with no primary: once).
  Result<bool> refresh_to(int64_t seq, int wait_ms = 300) const;

  // Recomputes the whole chain (Ledger::verify) on a pooled connection; when it is broken,
  // every later read throws StoreCorrupted naming the first bad entry. A server runs it once
  // in the background after the cheap check made at start. Returns the report.
  Result<VerifyReport> verify_whole_chain() const;
  // Why this catalog refuses to answer (empty: it answers).
  std::string broken() const;

  // Runs `fn` with a pooled connection (for reads the catalog does not cache).
  template <typename T>
  Result<T> with_store(const std::function<Result<T>(Ledger&)>& fn) const {
    Lease l(*this);
    if (!l.ledger) return Outcome::unavailable("no connection to the database");
    return fn(*l.ledger);
  }

 private:
  struct Lease {
    explicit Lease(const Catalog& c);
    ~Lease();
    const Catalog& catalog;
    std::unique_ptr<Ledger> ledger;
  };
  using ViewKey = std::pair<std::string, std::optional<Date>>;
  void drop_locked(const std::string& treaty) const;
  Result<bool> refresh_with(Ledger& ledger, const Head& head) const;
  // A lease on the primary's connection when the pooled one (`l`) is behind `need`; null when
  // there is no primary or the pooled connection has `need`.
  struct PrimaryLease;
  std::unique_ptr<PrimaryLease> primary_if_behind(Ledger& pooled, int64_t need) const;
  void drop_state_locked(const std::string& state) const;

  std::vector<StateName> states_;
  Connect connect_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Ledger>> pool_;
  mutable std::condition_variable_any pool_cv_;
  mutable int pool_size_ = 0;

  Connect primary_connect_;
  mutable std::mutex primary_mutex_;  // one connection to the primary, used in turn
  mutable std::unique_ptr<Ledger> primary_;
  mutable std::atomic<int64_t> floor_{0};  // the least head an answer may show

  mutable std::mutex mutex_;  // guards everything below
  mutable int64_t head_ = 0;
  mutable std::string head_hash_;
  mutable std::string broken_;
  template <typename K, typename V>
  struct Lru {
    size_t capacity;
    std::list<K> order;  // most recent first
    std::map<K, std::pair<V, typename std::list<K>::iterator>> items;
    const V* get(const K& k);
    void put(const K& k, V v);
    void erase(const K& k);
  };
  mutable Lru<std::string, std::shared_ptr<const TreatyEntries>> entries_{512, {}, {}};
  mutable Lru<ViewKey, std::shared_ptr<const TreatyView>> views_{256, {}, {}};
};

// Builds a treaty's view from its entries as known on `known_on` (all when empty), with the
// rules version that applied then, and `parent`, the view of the treaty its rules depend on
// (TreatyProfile::parent_treaty(), as known on the same day). Pure: no store access.
Result<std::shared_ptr<const TreatyView>> build_view(const TreatyEntries& e, std::optional<Date> known_on,
                                                     std::shared_ptr<const TreatyView> parent = nullptr);
// The profile id of the treaty `e`'s rules (as known on `known_on`) depend on; empty if none.
std::string parent_of(const TreatyEntries& e, std::optional<Date> known_on);
// Reads a treaty from a store connection (inside a write transaction, at its head). With
// `newcomer`, also the facts and steps about that state when it has no action under the
// treaty yet (the state about to record its first one).
Result<std::shared_ptr<const TreatyEntries>> read_treaty(Ledger& ledger, const std::string& treaty,
                                                         const std::string& newcomer = "");

// A name as people compare it: lower case, accents, apostrophes and full stops dropped,
// hyphens as spaces ("Côte d’Ivoire" and "cote divoire" fold alike).
std::string fold_name(const std::string& text);

// Parses a date given on the command line or in a query; the error names `what`.
Result<Date> parse_date_arg(const std::string& text, const std::string& what);

}  // namespace pacta
