#include "cli/store_commands.h"

#include <boost/json.hpp>
#include <iostream>
#include <map>
#include <variant>

#include "store/open.h"

namespace json = boost::json;

namespace pacta::cli {

void StoreCommands::add_to(CLI::App& app) {
  copy_ = app.add_subcommand("copy", "copy a whole record to an empty database (SQLite or PostgreSQL), keeping every hash");
  copy_->add_option("--from", from_, "the database to copy (default: --db)");
  copy_->add_option("--to", to_, "the empty database to copy into (sqlite:PATH, PATH or postgresql://...)")->required();
  migrate_ = app.add_subcommand("migrate", "apply the store's schema migrations to --db; print the versions");
}

std::optional<int> StoreCommands::run(const Options& o) {
  if (copy_->parsed()) return run_copy(o);
  if (migrate_->parsed()) return run_migrate(o);
  return std::nullopt;
}

int StoreCommands::run_migrate(const Options& o) {
  const auto [from, to] = must(migrate_store(o.db));
  if (o.as_json) {
    json::object r;
    r["db"] = display_db(o.db);
    r["store"] = is_pg_url(o.db) ? "postgresql" : "sqlite";
    r["from"] = from;
    r["to"] = to;
    std::cout << json::serialize(r) << "\n";
  } else if (from == to) {
    std::cout << display_db(o.db) << ": schema " << to << ", up to date\n";
  } else {
    std::cout << display_db(o.db) << ": migrated from schema " << from << " to " << to << "\n";
  }
  return 0;
}

namespace {

using Entry = std::variant<Action, Fact, DomesticStep, RulesVersion>;

// The chapter in reference form from "C.N.12.2026.TREATIES-XXVI.5".
std::string chapter_of(const std::string& reference) {
  const size_t p = reference.find("TREATIES-");
  return p == std::string::npos ? "" : reference.substr(p + 9);
}

}  // namespace

// Reads the source whole (after verifying it), writes the destination in one write
// transaction: states, then every entry in seq order with its recorded_at and recorded_by
// (so each gets the same seq and hash), the treaty index with the rules versions, and the
// notifications with their numbers; then the tokens. Any difference is an error and the
// destination's transaction is rolled back.
int StoreCommands::run_copy(const Options& o) {
  const std::string from = from_.empty() ? o.db : from_;
  const std::string src_name = display_db(from), dst_name = display_db(to_);
  auto src = must(pacta::open_ledger(from, false));
  const VerifyReport src_rep = must(src->verify());
  if (!src_rep.ok()) throw UsageError{src_name + ": the ledger's hash chain is broken: " + src_rep.problem + "; not copied", 1};

  std::map<int64_t, Entry> entries;
  Record all = must(src->load());
  for (Action& a : all.actions) entries.emplace(a.prov.seq, std::move(a));
  for (Fact& f : all.facts) entries.emplace(f.prov.seq, std::move(f));
  for (DomesticStep& s : all.steps) entries.emplace(s.prov.seq, std::move(s));
  const std::vector<TreatyIndex> index = must(src->treaty_index());
  std::map<std::string, TreatyIndex> index_of;
  for (const TreatyIndex& t : index) {
    index_of[t.id] = t;
    TreatyRecord record = must(src->load_treaty(t.id));
    for (RulesVersion& v : record.rules) entries.emplace(v.seq, std::move(v));
  }
  std::map<int64_t, std::string> hashes;
  for (const LedgerEntry& e : must(src->entries())) hashes[e.seq] = e.hash;
  if (hashes.size() != entries.size())
    throw UsageError{src_name + ": " + std::to_string(hashes.size()) + " entries, of which " + std::to_string(entries.size()) +
                     " could be read as actions, facts, steps or rules versions of an indexed treaty; not copied"};
  const std::vector<StateName> states = must(src->states());
  const std::vector<StoredNotification> notes = must(src->notifications());
  const std::vector<TokenRow> tokens = must(token_rows(from));

  auto dst = must(pacta::open_ledger(to_, true));
  if (must(dst->count()) != 0 || must(dst->notification_count()) != 0 || !must(dst->tokens()).empty() ||
      !must(dst->states()).empty() || !must(dst->treaty_index()).empty())
    throw UsageError{dst_name + ": not empty: copy writes only into an empty database (entries, states, tokens)"};

  Outcome written = dst->write([&]() -> Outcome {
    if (Outcome s = dst->put_states(states); !s) return s;
    for (auto& [seq, e] : entries) {
      int64_t got = 0;
      Outcome s = std::visit([&](auto& x) -> Outcome {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, RulesVersion>) {
          RulesVersion v = x;
          v.seq = 0;
          Outcome r = dst->append_rules(v, index_of.at(v.treaty));
          got = v.seq;
          return r;
        } else {
          Record one;
          T copy = x;
          if constexpr (std::is_same_v<T, Action>) one.actions.push_back(copy);
          else if constexpr (std::is_same_v<T, Fact>) one.facts.push_back(copy);
          else one.steps.push_back(copy);
          Outcome r = dst->append(one);
          if constexpr (std::is_same_v<T, Action>) got = one.actions[0].prov.seq;
          else if constexpr (std::is_same_v<T, Fact>) got = one.facts[0].prov.seq;
          else got = one.steps[0].prov.seq;
          return r;
        }
      }, e);
      if (!s) return Outcome::with(s.code(), "entry " + std::to_string(seq) + ": " + s.message());
      if (got != seq)
        return Outcome::error("entry " + std::to_string(seq) + " became entry " + std::to_string(got) +
                              " (the source's sequence has a gap): not copied");
    }
    auto copied = dst->entries();
    if (!copied) return copied.status();
    for (const LedgerEntry& e : *copied)
      if (hashes[e.seq] != e.hash)
        return Outcome::corruption("entry " + std::to_string(e.seq) + " has hash " + e.hash + " in " + dst_name + " but " +
                                   hashes[e.seq] + " in " + src_name + ": not copied");
    for (const StoredNotification& n : notes) {
      auto issued = Date::parse(n.issued_on);
      if (!issued) return Outcome::corruption("notification " + n.reference + ": bad date '" + n.issued_on + "'");
      const std::string text = n.text;
      auto added = dst->add_notification(n.action_seq, n.treaty, *issued, chapter_of(n.reference),
                                         [&](const std::string&) { return text; });
      if (!added) return added.status();
      if (added->reference != n.reference)
        return Outcome::error("notification " + n.reference + " would be numbered " + added->reference +
                              " (the source's numbers are not 1, 2, 3... in each year): not copied");
    }
    return Outcome::ok();
  });
  if (!written) throw UsageError{dst_name + ": " + written.message(), written.code() == Code::kCorruption ? 1 : 2};
  if (!tokens.empty()) must(put_token_rows(to_, tokens));

  const VerifyReport dst_rep = must(dst->verify());
  if (!dst_rep.ok() || dst_rep.head_seq != src_rep.head_seq || dst_rep.head_hash != src_rep.head_hash)
    throw UsageError{dst_name + ": after the copy, verify says: " + (dst_rep.ok() ? "head differs" : dst_rep.problem), 1};
  const std::string head = std::to_string(dst_rep.head_seq) + ":" + dst_rep.head_hash;
  if (o.as_json) {
    json::object r;
    r["from"] = src_name;
    r["to"] = dst_name;
    r["entries"] = static_cast<int64_t>(entries.size());
    r["states"] = static_cast<int64_t>(states.size());
    r["notifications"] = static_cast<int64_t>(notes.size());
    r["tokens"] = static_cast<int64_t>(tokens.size());
    r["head"] = head;
    std::cout << json::serialize(r) << "\n";
  } else {
    std::cout << "copied " << entries.size() << " entries, " << states.size() << " states, " << notes.size()
              << " notifications and " << tokens.size() << " tokens from " << src_name << " to " << dst_name << "\n"
              << "head: " << head << " (verified on both)\n";
  }
  return 0;
}

}  // namespace pacta::cli
