// The pacta command: thin layer over the catalog and reports. Errors go to stderr with
// exit code 2 (1 when `verify` finds a broken chain).
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <fstream>
#include <iostream>
#include <thread>
#include <sstream>

#include "app/catalog.h"
#include "app/recording.h"
#include "app/report.h"
#include "cli/common.h"
#include "cli/depositary_commands.h"
#include "cli/store_commands.h"
#include "cli/export_commands.h"
#include "cli/status_page_command.h"
#include "cli/ingest_commands.h"
#include "cli/law_commands.h"
#include "ingest/bundle.h"
#include "ingest/csv.h"
#include "server/server.h"
#include "store/ledger.h"
#include "store/open.h"

#ifndef PACTA_HOME_DEFAULT
#define PACTA_HOME_DEFAULT "."
#endif

namespace json = boost::json;
using namespace pacta;
using namespace pacta::cli;

namespace {

std::string str(const json::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

void print_reasons(const json::value& why, const std::string& indent) {
  for (const auto& r : why.as_array()) print_wrapped(std::cout, str(r.at("text")), indent + "- ", indent + "  ");
}

std::string pad(const std::string& s, size_t w) {
  // pad by code points so that names with accents line up
  size_t cps = 0;
  for (unsigned char ch : s) cps += (ch & 0xC0) != 0x80;
  return cps >= w ? s + " " : s + std::string(w - cps, ' ');
}

// What the query commands were given.
struct Args {
  std::string treaty, state, on, known, from, since, withdrawal, conflict_from, conflict_to;
  int days = 90;
  bool csv = false;
  std::string rules_file, rules_source;
  std::string expect_head;
  std::string competence;  // overview --competence ID
};

struct Commands {
  CLI::App* init = nullptr;
  CLI::App* treaties = nullptr;
  CLI::App* status = nullptr;
  CLI::App* parties = nullptr;
  CLI::App* timeline = nullptr;
  CLI::App* upcoming = nullptr;
  CLI::App* overview = nullptr;
  CLI::App* state = nullptr;
  CLI::App* what_if = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* log = nullptr;
  CLI::App* serve = nullptr;
  CLI::App* rules_load = nullptr;
  CLI::App* rules_list = nullptr;
};

void emit(const json::value& v) { std::cout << json::serialize(v) << "\n"; }

Date date_or_today(const std::string& s, const std::string& what) {
  return s.empty() ? today() : must(parse_date_arg(s, what));
}

std::optional<Date> known_on(const Args& a) {
  if (a.known.empty()) return std::nullopt;
  return must(parse_date_arg(a.known, "--known-on"));
}

void add_query_commands(CLI::App& app, Commands& c, Args& a, Options& o) {
  c.init = app.add_subcommand("init", "create the database from the bundled profiles and data (idempotent); a changed profile becomes a new rules version");
  c.init->add_option("--home", o.home, "directory holding treaties/ and data/");
  c.treaties = app.add_subcommand("treaties", "list treaties with their entry into force and party count");
  c.treaties->add_option("--on", a.on, "date (default today)");
  c.status = app.add_subcommand("status", "status of a state under a treaty on a date, with the explanation");
  c.status->add_option("TREATY", a.treaty)->required();
  c.status->add_option("STATE", a.state)->required();
  c.status->add_option("--on", a.on, "date (default today)");
  c.status->add_option("--known-on", a.known, "use only what was recorded by this date");
  c.parties = app.add_subcommand("parties", "the parties on a date");
  c.parties->add_option("TREATY", a.treaty)->required();
  c.parties->add_option("--on", a.on, "date (default today)");
  c.parties->add_option("--known-on", a.known, "use only what was recorded by this date");
  c.parties->add_flag("--csv", a.csv, "print CSV");
  c.timeline = app.add_subcommand("timeline", "every action, domestic step, fact and derived date of a state");
  c.timeline->add_option("TREATY", a.treaty)->required();
  c.timeline->add_option("STATE", a.state)->required();
  c.timeline->add_option("--known-on", a.known, "use only what was recorded by this date");
  c.upcoming = app.add_subcommand("upcoming", "effects due in a window, all treaties");
  c.upcoming->add_option("--from", a.from, "first day (default today)");
  c.upcoming->add_option("--days", a.days, "length of the window in days (default 90)")->check(CLI::Range(1, 36600));
  c.upcoming->add_option("--known-on", a.known, "use only what was recorded by this date");
  c.overview = app.add_subcommand("overview", "a treaty's status today: counts, pending withdrawals, what is next");
  c.overview->add_option("TREATY", a.treaty)->required();
  c.overview->add_option("--on", a.on, "date (default today)");
  c.overview->add_option("--competence", a.competence, "only the states accepting this competence of the treaty body (an id of the profile's [[competence]], e.g. art41)");
  c.state = app.add_subcommand("state", "every treaty for one state, with status and dates");
  c.state->add_option("STATE", a.state)->required();
  c.state->add_option("--on", a.on, "date (default today)");
  c.state->add_option("--known-on", a.known, "use only what was recorded by this date");
  c.what_if = app.add_subcommand("what-if", "what if STATE notified withdrawal on a date (while at war)? nothing is written");
  c.what_if->add_option("TREATY", a.treaty)->required();
  c.what_if->add_option("STATE", a.state)->required();
  c.what_if->add_option("--withdrawal", a.withdrawal, "date the instrument of withdrawal is received")->required();
  c.what_if->add_option("--conflict-from", a.conflict_from, "the state is engaged in an armed conflict from this date");
  c.what_if->add_option("--conflict-to", a.conflict_to, "... until this date (omit: no end)");
  c.verify = app.add_subcommand("verify", "recompute the ledger's hash chain (read-only); print the head to publish");
  c.verify->add_option("--expect-head", a.expect_head, "SEQ:HASH of a head published earlier: fail unless the chain still holds it");
  c.log = app.add_subcommand("log", "ledger entries in recording order");
  c.log->add_option("--treaty", a.treaty, "only this treaty");
  c.log->add_option("--since", a.since, "only entries recorded on or after this date");
  auto* rules = app.add_subcommand("rules", "the versions of each treaty's rules (profiles) recorded in the ledger");
  rules->require_subcommand(1);
  c.rules_load = rules->add_subcommand("load", "record a profile as a new rules version (when it differs from the latest)");
  c.rules_load->add_option("FILE", a.rules_file)->required();
  c.rules_load->add_option("--source", a.rules_source, "why the rules changed, or where they come from")->required();
  c.rules_list = rules->add_subcommand("list", "every rules version of a treaty (or all treaties), oldest first");
  c.rules_list->add_option("TREATY", a.treaty);
}

int run_init(const Options& o) {
  Bundle b = must(read_bundle(o.home));
  auto ledger = must(pacta::open_ledger(o.db, true));
  const Initialised init = must(init_record(*ledger, b, o.home, today()));
  const int64_t n = init.appended;
  const int versions = init.rules_appended;
  if (o.as_json) {
    json::object r;
    r["db"] = o.db;
    r["appended"] = n;
    r["rules_versions_appended"] = versions;
    r["entries"] = must(ledger->count());
    r["treaties"] = static_cast<int64_t>(b.profiles.size());
    emit(r);
  } else if (n > 0) {
    std::cout << o.db << ": created from the bundled data (" << n << " entries, " << b.profiles.size() << " treaty profiles)\n";
  } else {
    std::cout << o.db << ": already initialised (" << must(ledger->count()) << " entries); "
              << (versions ? std::to_string(versions) + " changed profile(s) recorded as new rules versions"
                           : std::string("profiles unchanged"))
              << "\n";
  }
  return 0;
}

// Read-only: recomputes the whole chain, runs SQLite's integrity check, prints the head to
// publish; with --expect-head SEQ:HASH, a head that is not that one (or does not descend from
// it) is a broken ledger.
int run_verify(const Options& o, const Args& a) {
  std::optional<HeadText> expect;
  if (!a.expect_head.empty()) expect = must(parse_head_text(a.expect_head));
  // A file that cannot be read as a ledger is a broken ledger (exit 1), not a usage error.
  auto opened = open_ledger_readonly(o.db);
  Result<VerifyReport> verified = opened ? (*opened)->verify() : Result<VerifyReport>(opened.status());
  if (!verified && verified.status().code() != Code::kCorruption) must(verified);
  VerifyReport rep = verified ? *verified : VerifyReport{};
  if (!verified) rep.problem = verified.message();
  Ledger* ledger = opened ? opened->get() : nullptr;  // set whenever rep.ok()
  if (rep.ok() && expect) {
    if (expect->seq > rep.head_seq) {
      rep.first_bad = rep.head_seq + 1;
      rep.problem = "the expected head is entry " + std::to_string(expect->seq) + " but the ledger ends at entry " +
                    std::to_string(rep.head_seq) + ": entries were removed";
    } else if (expect->seq > 0) {
      auto entries = must(ledger->entries());
      // entries() is in seq order; the chain was just verified, so the hash at seq is trustworthy.
      std::string at;
      for (const LedgerEntry& e : entries)
        if (e.seq == expect->seq) at = e.hash;
      if (at != expect->hash) {
        rep.first_bad = expect->seq;
        rep.problem = "entry " + std::to_string(expect->seq) + " has hash " + (at.empty() ? "(none)" : at) +
                      ", not the expected " + expect->hash + ": the ledger was rewritten";
      }
    }
  }
  const std::string head = std::to_string(rep.head_seq) + ":" + rep.head_hash;
  if (o.as_json) {
    json::object r;
    r["entries"] = rep.entries;
    r["ok"] = rep.ok();
    r["first_bad"] = rep.first_bad ? json::value(*rep.first_bad) : json::value(nullptr);
    r["problem"] = rep.problem;
    r["head"] = rep.ok() ? json::value(head) : json::value(nullptr);
    r["head_seq"] = rep.head_seq;
    r["head_hash"] = rep.head_hash;
    emit(r);
  } else if (!rep.ok()) {
    std::cout << "BROKEN: " << rep.problem << "\n";
  } else {
    std::cout << "ok: " << rep.entries << " entries, hash chain intact, database integrity ok\n"
              << "head: " << head << "\n";
    if (expect) std::cout << "expected head " << expect->seq << ":" << expect->hash << " found in the chain\n";
  }
  return rep.ok() ? 0 : 1;
}

json::object log_json(const LedgerEntry& e) {
  json::object r;
  r["seq"] = e.seq;
  r["entry"] = e.entry;
  r["treaty"] = e.treaty;
  r["state"] = e.state;
  r["kind"] = e.kind;
  r["date"] = e.date;
  r["reference"] = e.reference;
  r["known_from"] = e.known_from;
  r["recorded_at"] = e.recorded_at;
  r["recorded_by"] = e.recorded_by;
  r["supersedes"] = e.supersedes ? json::value(*e.supersedes) : json::value(nullptr);
  return r;
}

int run_log(const Options& o, const Args& a) {
  auto ledger = open_ledger(o);
  auto entries = must(ledger->entries());
  const std::string since = a.since.empty() ? "" : must(parse_date_arg(a.since, "--since")).iso();
  json::array arr;
  for (const LedgerEntry& e : entries) {
    if (!a.treaty.empty() && e.treaty != a.treaty) continue;
    if (!since.empty() && e.recorded_at.substr(0, 10) < since) continue;
    if (o.as_json) {
      arr.push_back(log_json(e));
      continue;
    }
    std::cout << std::setw(5) << e.seq << "  " << e.recorded_at << "  " << pad(e.entry, 7) << pad(e.treaty, 7) << e.state << "  "
              << pad(e.kind, 22) << e.date << "  " << e.recorded_by
              << (e.supersedes ? "  supersedes " + std::to_string(*e.supersedes) : "") << "\n";
  }
  if (o.as_json) emit(arr);
  return 0;
}

int run_rules_load(const Options& o, const Args& a) {
  auto catalog = open_catalog(o);  // the database must exist and hold a record
  (void)catalog;
  auto ledger = open_ledger(o);
  RulesLoaded r = must(load_rules(*ledger, read_file(a.rules_file), a.rules_file, a.rules_source, today()));
  if (o.as_json) {
    json::object j;
    j["treaty"] = r.version.treaty;
    j["rules_version"] = r.version.version();
    j["sha256"] = r.version.sha256;
    j["seq"] = r.version.seq;
    j["known_from"] = r.version.known_from.iso();
    j["appended"] = r.appended;
    emit(j);
  } else if (r.appended) {
    std::cout << "recorded rules " << r.version.version() << " as entry " << r.version.seq << ", known from "
              << r.version.known_from.iso() << "\n";
  } else {
    std::cout << "unchanged: rules " << r.version.version() << " (entry " << r.version.seq << ") are already the latest\n";
  }
  return 0;
}

int run_rules_list(const Options& o, const Args& a) {
  auto catalog = open_catalog(o);
  std::vector<std::string> ids;
  if (!a.treaty.empty()) ids.push_back(must(catalog->resolve_treaty(a.treaty)));
  else
    for (const TreatyIndex& t : catalog->treaty_index()) ids.push_back(t.id);
  json::array arr;
  for (const std::string& id : ids) {
    auto e = catalog->entries(id);
    if (!e) continue;
    for (const RulesVersion& v : e->stored.rules) {
      json::object j;
      j["treaty"] = v.treaty;
      j["rules_version"] = v.version();
      j["sha256"] = v.sha256;
      j["seq"] = v.seq;
      j["known_from"] = v.known_from.iso();
      j["recorded_at"] = v.recorded_at;
      j["source"] = v.source;
      if (!o.as_json)
        std::cout << pad(v.version(), 26) << "entry " << std::setw(6) << std::left << v.seq << std::right << " known from "
                  << v.known_from.iso() << "  recorded " << v.recorded_at << "  " << v.source << "\n";
      arr.push_back(std::move(j));
    }
  }
  if (o.as_json) emit(arr);
  return 0;
}

// What `serve` takes beyond ServeOptions.
struct ServeArgs {
  double read_timeout_s = 0;
  double refresh_s = 2;
  std::string read_db;  // a hot standby to read from (--read-db)
};

void add_serve(CLI::App& app, Commands& c, ServeOptions& so, Options& o, ServeArgs& sa) {
  c.serve = app.add_subcommand("serve", "serve the HTTP API (/api/v1) and the web page");
  c.serve->add_option("--db", o.db, "database file (default ./pacta.db or $PACTA_DB)");
  c.serve->add_option("--host", so.host, "address to listen on (default 127.0.0.1)");
  c.serve->add_option("--port", so.port, "port (default 8080; 0 picks a free one)");
  c.serve->add_option("--web", so.web_root, "directory of the web page's files (default HOME/web/public)");
  c.serve->add_option("--threads", so.threads, "threads running the event loop (default 2)")->check(CLI::Range(1, 64));
  c.serve->add_option("--workers", so.workers, "threads answering reads (default 2); writes run on one more")
      ->check(CLI::Range(1, 64));
  c.serve->add_option("--max-connections", so.max_connections,
                      "open connections at once (default 256); beyond, the longest-waiting idle or unfinished one is closed")
      ->check(CLI::Range(1, 100000));
  c.serve->add_option("--max-per-address", so.max_per_address, "open connections from one address (default 64; 0: no limit)")
      ->check(CLI::Range(0, 100000));
  auto seconds = [](std::chrono::milliseconds& to) {
    return [&to](double s) { to = std::chrono::milliseconds(static_cast<int64_t>(s * 1000)); };
  };
  c.serve->add_option_function<double>("--header-timeout", seconds(so.header_timeout),
                                       "seconds to send the request line and headers; also the idle keep-alive limit (default 5)")
      ->check(CLI::Range(0.1, 3600.0));
  c.serve->add_option_function<double>("--body-timeout", seconds(so.body_timeout), "seconds to send a request's body (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  c.serve->add_option("--read-timeout", sa.read_timeout_s, "sets both --header-timeout and --body-timeout")
      ->check(CLI::Range(0.1, 3600.0));
  c.serve->add_option("--public-url", so.public_url,
                      "the server's address as clients see it (https://host[/path]), for absolute links; default: relative links");
  c.serve->add_option("--refresh", sa.refresh_s, "seconds between checks for entries other processes recorded (default 2; 0: never)")
      ->check(CLI::Range(0.0, 3600.0));
  c.serve->add_option("--read-db", sa.read_db,
                      "a PostgreSQL hot standby of --db to read from (postgresql://...; also $PACTA_READ_DB); writes go to --db");
}

// The catalog a server reads: from --db, or from the standby --read-db with the primary --db
// for what the standby has not replayed yet.
std::shared_ptr<Catalog> open_serving_catalog(const Options& o, const std::string& read_db) {
  if (read_db.empty()) return open_catalog(o);
  if (!is_pg_url(read_db) || !is_pg_url(o.db))
    throw UsageError{"--read-db: a hot standby is read only with PostgreSQL: both --db and --read-db must be postgresql://... URLs"};
  auto first = must(open_pg_ledger_readonly(read_db));
  const VerifyReport rep = must(first->check_chain());
  if (!rep.ok())
    throw UsageError{display_db(read_db) + ": the ledger's hash chain is broken: " + rep.problem + "; nothing is answered from it", 1};
  auto catalog = must(Catalog::open(std::move(first), [read_db] { return open_pg_ledger_readonly(read_db); }));
  const std::string primary = o.db;
  catalog->set_primary([primary] { return pacta::open_ledger(primary, false); });
  return catalog;
}

int run_serve(const Options& o, ServeOptions so, ServeArgs sa) {
  today();  // a bad $PACTA_TODAY is a usage error now, not on every request
  if (sa.read_db.empty())
    if (const char* env = std::getenv("PACTA_READ_DB")) sa.read_db = env;
  auto catalog = open_serving_catalog(o, sa.read_db);
  so.database = display_db(o.db) + (sa.read_db.empty() ? "" : ", reading from " + display_db(sa.read_db));
  if (so.web_root.empty()) so.web_root = o.home + "/web/public";
  if (sa.read_timeout_s > 0)
    so.header_timeout = so.body_timeout = std::chrono::milliseconds(static_cast<int64_t>(sa.read_timeout_s * 1000));
  so.refresh_interval = std::chrono::milliseconds(static_cast<int64_t>(sa.refresh_s * 1000));
  // The chain after the last checkpoint was checked at open; the whole chain is recomputed in
  // the background, and a broken one makes every answer an error naming the first bad entry.
  // On PostgreSQL, a write through another server wakes a refresh at once (LISTEN).
  std::atomic<bool> stopping{false};
  std::thread verifier, listener;
  struct Joiner {  // joins both however serving ends (a throw included)
    std::atomic<bool>& stop;
    std::thread& a;
    std::thread& b;
    ~Joiner() {
      stop = true;
      for (std::thread* t : {&a, &b})
        if (t->joinable()) t->join();
    }
  } joiner{stopping, verifier, listener};
  verifier = std::thread([catalog] {
    auto rep = catalog->verify_whole_chain();
    if (!rep) std::cerr << "pacta serve: cannot verify the ledger: " << rep.message() << "\n";
    else if (!rep->ok()) std::cerr << "pacta serve: " << catalog->broken() << "\n";
  });
  if (is_pg_url(o.db))
    listener = std::thread([&o, &stopping, catalog] {
      (void)pg_listen(o.db, [&] { return stopping.load(); }, [&](int64_t seq) {
        try {
          (void)catalog->refresh_to(seq);
        } catch (const std::exception&) {  // the next read refreshes, and reports
        }
      });
    });
  Outcome served = pacta::serve(catalog, open_ledger(o), so, today, std::cout);
  if (!served) throw UsageError{served.message()};
  return 0;
}

int run_treaties(const Catalog& c, const Options& o, const Args& a) {
  const Date on = date_or_today(a.on, "--on");
  json::value v = treaties_json(c, on);
  if (o.as_json) return emit(v), 0;
  for (const auto& t : v.as_array()) {
    const auto& n = t.at("count");
    std::cout << pad(str(t.at("id")), 8) << pad(str(t.at("short_title")), 22) << "in force " << str(t.at("entry_into_force"))
              << "  parties on " << on.iso() << ": " << str(n.at("parties")) << " (deposited, not withdrawn: "
              << str(n.at("deposited")) << "; signatories: " << str(n.at("signatories")) << ")\n";
  }
  return 0;
}

int run_status(const Catalog& c, const Options& o, const Args& a) {
  const std::string t = must(c.resolve_treaty(a.treaty));
  const std::string s = must(c.resolve_state(a.state));
  Query q{date_or_today(a.on, "--on"), known_on(a)};
  json::value v = status_json(c, t, s, q);
  if (o.as_json) return emit(v), 0;
  std::cout << str(v.at("name")) << " (" << s << ") under " << t << " on " << q.on.iso()
            << (q.known_on ? " as known on " + q.known_on->iso() : "") << ": " << Paint{str(v.at("status"))}
            << str(v.at("status")) << Paint{} << (v.at("party").as_bool() ? " (a party)" : " (not a party)") << "\n";
  std::cout << "  since " << str(v.at("since")) << ", until " << str(v.at("until"));
  if (!v.at("next_status").is_null()) std::cout << " (then " << str(v.at("next_status")) << ")";
  std::cout << "\n  because:\n";
  print_reasons(v.at("explanation"), "    ");
  // Committee competences (profile [[competence]]) and reservations in effect, when any.
  for (const auto& x : v.at("competences").as_array()) {
    std::cout << "  competence " << str(x.at("id")) << " (" << str(x.at("title")) << ", " << str(x.at("article")) << "): "
              << (x.at("accepted").as_bool() ? "accepted since " + str(x.at("since")) : std::string("not accepted")) << "\n";
    print_reasons(x.at("explanation"), "    ");
  }
  for (const auto& r : v.at("reservations").as_array()) {
    std::cout << "  reservation of " << str(r.at("date")) << " in effect since " << str(r.at("since"))
              << (r.at("partially_withdrawn").is_null() ? "" : ", withdrawn in part on " + str(r.at("partially_withdrawn"))) << "\n";
    const std::string caveat = reservation_caveat(c, t, s, r.at("seq").to_number<int64_t>(), q.known_on);
    if (!caveat.empty()) std::cout << "    (" << caveat << ")\n";
  }
  std::cout << "  rules: " << str(v.at("rules_version")) << "\n";
  return 0;
}

int run_parties(const Catalog& c, const Options& o, const Args& a) {
  const std::string t = must(c.resolve_treaty(a.treaty));
  Query q{date_or_today(a.on, "--on"), known_on(a)};
  json::value v = parties_json(c, t, q);
  if (o.as_json) return emit(v), 0;
  const auto& rows = v.at("parties").as_array();
  if (a.csv) {
    std::cout << "state,name,status,signature,consent_kind,consent,entry_into_force,withdrawal_received,withdrawal_effective\n";
    for (const auto& r : rows) {
      std::cout << str(r.at("state")) << "," << csv_field(str(r.at("name"))) << "," << str(r.at("status"));
      for (const char* k : {"signature", "consent_kind", "consent", "entry_into_force", "withdrawal_received", "withdrawal_effective"})
        std::cout << "," << (r.at(k).is_null() ? "" : str(r.at(k)));
      std::cout << "\n";
    }
    return 0;
  }
  const auto& n = v.at("count");
  std::cout << "Parties to " << t << " on " << q.on.iso() << ": " << str(n.at("parties")) << " bound that day; "
            << str(n.at("deposited")) << " deposited consent and not withdrawn (rules: " << str(v.at("rules_version")) << ")\n";
  for (const auto& r : rows)
    std::cout << "  " << str(r.at("state")) << "  " << pad(str(r.at("name")), 42) << Paint{str(r.at("status"))}
              << pad(str(r.at("status")), 12) << Paint{}
              << pad(str(r.at("consent_kind")), 13) << str(r.at("consent")) << "  in force " << str(r.at("entry_into_force")) << "\n";
  return 0;
}

void print_timeline_event(const json::value& e) {
  const std::string type = str(e.at("type"));
  std::cout << "  " << str(e.at("date")) << "  ";
  if (type == "action") {
    std::cout << pad(str(e.at("kind")), 22) << str(e.at("reference")) << "  [source: " << str(e.at("source")) << "]\n";
    if (!str(e.at("notes")).empty()) std::cout << "              note: " << str(e.at("notes")) << "\n";
    if (const auto* subject = e.as_object().if_contains("subject"); subject && !str(*subject).empty())
      std::cout << "              concerns: " << str(*subject)
                << (str(e.at("qualifier")).empty() ? "" : " (" + str(e.at("qualifier")) + ")") << "\n";
  } else if (type == "step") {
    std::cout << "domestic " << str(e.at("kind")) << " (" << str(e.at("body")) << "): " << str(e.at("description")) << "\n";
  } else if (type == "fact") {
    const std::string kind = str(e.at("kind"));
    std::cout << "fact: " << kind
              << (!e.at("to").is_null()        ? " until " + str(e.at("to"))
                  : kind == "armed_conflict"   ? " (no end recorded)"
                  : kind == "state_succession" ? " (date of the succession of States)"
                  : kind == "state_extinction" ? " (the State ceased to exist)"
                                               : "")
              << " [source: " << str(e.at("source")) << "]\n";
  } else {
    std::cout << "=> " << str(e.at("label")) << (e.at("conditional").as_bool() ? " (subject to a condition)" : "") << "\n";
    print_reasons(e.at("explanation"), "                ");
  }
}

int run_timeline(const Catalog& c, const Options& o, const Args& a) {
  const std::string t = must(c.resolve_treaty(a.treaty));
  const std::string s = must(c.resolve_state(a.state));
  json::value v = timeline_json(c, t, s, known_on(a));
  if (o.as_json) return emit(v), 0;
  std::cout << str(v.at("name")) << " (" << s << ") and " << t << ":\n";
  for (const auto& e : v.at("events").as_array()) print_timeline_event(e);
  std::cout << "status intervals:\n";
  for (const auto& i : v.at("intervals").as_array())
    std::cout << "  " << str(i.at("from")) << " .. " << pad(str(i.at("until")), 10) << "  " << str(i.at("status")) << "\n";
  std::cout << "rules: " << str(v.at("rules_version")) << "\n";
  return 0;
}

int run_upcoming(const Catalog& c, const Options& o, const Args& a) {
  const Date from = date_or_today(a.from, "--from");
  json::value v = upcoming_json(c, from, a.days, known_on(a));
  if (o.as_json) return emit(v), 0;
  std::cout << "Effects from " << from.iso() << " to " << str(v.at("until")) << " (exclusive):\n";
  const auto& evs = v.at("events").as_array();
  if (evs.empty()) std::cout << "  none\n";
  for (const auto& e : evs) {
    std::cout << "  " << str(e.at("date")) << "  " << pad(str(e.at("treaty")), 7) << str(e.at("label"))
              << (e.at("conditional").as_bool() ? " (subject to a condition)" : "") << "\n";
    print_reasons(e.at("explanation"), "      ");
  }
  return 0;
}

int run_what_if(const Catalog& c, const Options& o, const Args& a) {
  const std::string t = must(c.resolve_treaty(a.treaty));
  const std::string s = must(c.resolve_state(a.state));
  WhatIf w{must(parse_date_arg(a.withdrawal, "--withdrawal")), std::nullopt, std::nullopt};
  if (!a.conflict_from.empty()) w.conflict_from = must(parse_date_arg(a.conflict_from, "--conflict-from"));
  if (!a.conflict_to.empty()) {
    if (!w.conflict_from) throw UsageError{"--conflict-to needs --conflict-from"};
    w.conflict_to = must(parse_date_arg(a.conflict_to, "--conflict-to"));
  }
  json::value v = what_if_json(c, t, s, w);
  if (o.as_json) return emit(v), 0;
  std::cout << "What if: " << str(v.at("name")) << " (" << s << "), " << t << ": " << str(v.at("hypothesis")) << "\n";
  for (const auto& i : v.at("intervals").as_array()) {
    std::cout << "  " << str(i.at("from")) << " .. " << pad(str(i.at("until")), 10) << "  " << str(i.at("status")) << "\n";
    print_reasons(i.at("explanation"), "      ");
  }
  return 0;
}

int run_state(const Catalog& c, const Options& o, const Args& a) {
  const std::string s = must(c.resolve_state(a.state));
  Query q{date_or_today(a.on, "--on"), known_on(a)};
  json::value v = state_json(c, s, q);
  if (o.as_json) return emit(v), 0;
  std::cout << str(v.at("name")) << " (" << s << ") on " << q.on.iso() << ":\n";
  for (const auto& r : v.at("treaties").as_array()) {
    std::cout << "  " << pad(str(r.at("treaty")), 7) << pad(str(r.at("status")), 21) << "since " << pad(str(r.at("since")), 11)
              << "until " << pad(str(r.at("until")), 11) << (r.at("disputed").as_bool() ? "DISPUTED" : "") << "\n";
    const auto& why = r.at("explanation").as_array();
    if (!why.empty()) std::cout << "          " << str(why.front().at("text")).substr(0, 160) << "\n";
    if (!str(r.at("record_note")).empty()) std::cout << "          note: " << str(r.at("record_note")) << "\n";
  }
  return 0;
}

void print_overview_list(const json::value& v, const char* key, const char* title, const char* date_key) {
  const auto& arr = v.at(key).as_array();
  std::cout << title << ": " << (arr.empty() ? "none" : "") << "\n";
  for (const auto& r : arr) std::cout << "  " << str(r.at("state")) << "  " << pad(str(r.at("name")), 36) << str(r.at(date_key)) << "\n";
}

// One competence of the overview: its id, title, article, kind, whether it is itself in force,
// and how many states accept it on the day.
void print_competence_line(const json::value& k) {
  const json::object& x = k.as_object();
  std::cout << "  " << pad(str(x.at("id")), 10) << str(x.at("title")) << " (" << str(x.at("article")) << ", "
            << str(x.at("kind")) << "): ";
  if (x.at("declarations_required").as_int64() > 0)
    std::cout << (x.at("in_force").as_bool() ? "in force since " + str(x.at("in_force_since"))
                                             : "not in force (" + str(x.at("declared")) + " declarations made, " +
                                                   str(x.at("declarations_required")) + " required)")
              << "; ";
  std::cout << str(x.at("accepting")) << " states accept, " << str(x.at("parties_not_accepting")) << " parties do not\n";
}

// pacta overview TREATY --competence ID: the states accepting that competence on the day.
int run_overview_competence(const json::value& v, const Options& o, const std::string& id) {
  const json::array& all = v.at("competences").as_array();
  std::string ids;
  for (const auto& k : all) {
    if (str(k.at("id")) == id) {
      if (o.as_json) {
        json::object out = k.as_object();
        out["treaty"] = v.at("treaty");
        out["on"] = v.at("on");
        return emit(out), 0;
      }
      std::cout << str(v.at("short_title")) << " (" << str(v.at("treaty")) << ") on " << str(v.at("on")) << ":\n";
      print_competence_line(k);
      for (const auto& s : k.at("accepted_by").as_array())
        std::cout << "  " << str(s.at("state")) << "  " << pad(str(s.at("name")), 36) << "since " << str(s.at("since"))
                  << (s.at("declaration").is_null() ? std::string() : "  (declaration of " + str(s.at("declaration")) + ")")
                  << "\n";
      return 0;
    }
    ids += (ids.empty() ? "" : ", ") + str(k.at("id"));
  }
  throw UsageError{"--competence: '" + id + "' is not a competence of " + str(v.at("treaty")) +
                   (ids.empty() ? " (its profile has no [[competence]] section)" : " (its competences: " + ids + ")")};
}

int run_overview(const Catalog& c, const Options& o, const Args& a) {
  const std::string t = must(c.resolve_treaty(a.treaty));
  Query q{date_or_today(a.on, "--on"), std::nullopt};
  json::value v = overview_json(c, t, q);
  if (!a.competence.empty()) return run_overview_competence(v, o, a.competence);
  if (o.as_json) return emit(v), 0;
  const auto& n = v.at("count");
  std::cout << str(v.at("short_title")) << " (" << t << "): " << str(v.at("title")) << "\n"
            << "Depositary: " << str(v.at("depositary")) << "; "
            << (v.at("entry_into_force").is_null() ? std::string("not in force")
                : str(v.at("entry_into_force")) > q.on.iso() ? "enters into force on " + str(v.at("entry_into_force"))
                                                             : "in force since " + str(v.at("entry_into_force")))
            << "\n"
            << "On " << q.on.iso() << ": " << str(n.at("parties")) << " parties bound; " << str(n.at("deposited"))
            << " states have deposited consent and not withdrawn; " << str(n.at("signatories"))
            << " signatories not yet bound by consent\n";
  if (!str(v.at("record_note")).empty()) std::cout << "Note: " << str(v.at("record_note")) << "\n";
  if (v.at("entry_into_force").is_null())
    for (const auto& r : v.at("entry_into_force_explanation").as_array()) std::cout << "  " << str(r.at("text")) << "\n";
  if (const auto* req = v.as_object().if_contains("entry_into_force_requires")) {
    const auto& missing = req->at("not_deposited").as_array();
    std::cout << "Entry into force requires the instruments of " << req->at("states").as_array().size() << " States ("
              << str(req->at("article")) << "); " << missing.size() << " have not deposited one on " << q.on.iso()
              << (missing.empty() ? "" : ":") << "\n";
    for (const auto& m : missing) std::cout << "  " << str(m.at("state")) << "  " << str(m.at("name")) << "\n";
  }
  if (const auto* parent = v.as_object().if_contains("parent"))
    std::cout << "Open only to the parties of " << str(parent->at("treaty")) << " (" << str(parent->at("article")) << ")\n";
  if (const auto* protocols = v.as_object().if_contains("protocols")) {
    std::cout << "Protocols and amendments with their own record:" << (protocols->as_array().empty() ? " none" : "") << "\n";
    for (const auto& x : protocols->as_array())
      std::cout << "  " << pad(str(x.at("treaty")), 10) << pad(str(x.at("chapter")), 10) << pad(str(x.at("short_title")), 58)
                << "in force " << (x.at("entry_into_force").is_null() ? std::string("-") : str(x.at("entry_into_force"))) << "; "
                << str(x.at("count").at("parties")) << " parties\n";
    if (const auto* rule = v.as_object().if_contains("protocols_rule"))
      std::cout << "  consent to the " << str(v.at("treaty")) << " comes with consent to at least "
                << str(rule->at("minimum_with_consent")) << " protocols (" << str(rule->at("article")) << ")\n";
  }
  print_overview_list(v, "signatories", "Signatories", "signature");
  print_overview_list(v, "contracting", "Consent deposited, not yet in force for them (in force on)", "entry_into_force");
  print_overview_list(v, "withdrawals_pending", "Withdrawals pending (takes effect on)", "withdrawal_effective");
  print_overview_list(v, "withdrawals_suspended", "Withdrawals held back by an armed conflict (since)", "withdrawal_suspended_from");
  const auto& comms = v.at("communications").as_array();
  std::cout << "Communications the treaty does not provide for (no change of status): " << (comms.empty() ? "none" : "") << "\n";
  for (const auto& x : comms)
    std::cout << "  " << str(x.at("state")) << "  " << str(x.at("date")) << "  " << str(x.at("notes")).substr(0, 140) << "\n";
  const auto& next = v.at("next").as_array();
  std::cout << "Next: " << (next.empty() ? "nothing scheduled" : "") << "\n";
  for (const auto& e : next) std::cout << "  " << str(e.at("date")) << "  " << str(e.at("label")) << "\n";
  if (const auto& comps = v.at("competences").as_array(); !comps.empty()) {
    std::cout << "Competences of the treaty body (states accepting on " << q.on.iso() << "; --competence ID lists them):\n";
    for (const auto& k : comps) print_competence_line(k);
  }
  std::cout << "Rules: " << str(v.at("rules_version")) << "\n";
  return 0;
}

// Runs the parsed command; returns its exit code.
int dispatch(const Commands& c, DepositaryCommands& depositary, StoreCommands& store, const Options& o, const Args& a,
             const ServeOptions& so, const ServeArgs& sa) {
  if (auto rc = depositary.run(o)) return *rc;
  if (auto rc = store.run(o)) return *rc;
  if (c.init->parsed()) return run_init(o);
  if (c.verify->parsed()) return run_verify(o, a);
  if (c.log->parsed()) return run_log(o, a);
  if (c.rules_load->parsed()) return run_rules_load(o, a);
  if (c.rules_list->parsed()) return run_rules_list(o, a);
  if (c.serve->parsed()) return run_serve(o, so, sa);
  auto catalog = open_catalog(o);
  const std::pair<CLI::App*, int (*)(const Catalog&, const Options&, const Args&)> queries[] = {
      {c.treaties, run_treaties}, {c.status, run_status},   {c.parties, run_parties}, {c.timeline, run_timeline},
      {c.upcoming, run_upcoming}, {c.what_if, run_what_if}, {c.state, run_state},     {c.overview, run_overview}};
  for (const auto& [cmd, run] : queries)
    if (cmd->parsed()) return run(*catalog, o, a);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  TerminalGuard terminal;
  CLI::App app{"pacta: the record of who is bound by a multilateral treaty, computed as a depositary must"};
  app.require_subcommand(1);
  // Global options (--db, --json) are taken anywhere on the line, after the command too.
  app.fallthrough();
  Options o;
  const char* env_db = std::getenv("PACTA_DB");
  o.db = env_db ? env_db : "pacta.db";
  const char* env_home = std::getenv("PACTA_HOME");
  o.home = env_home ? env_home : PACTA_HOME_DEFAULT;
  app.add_option("--db", o.db, "database file (default ./pacta.db or $PACTA_DB)");
  app.add_flag("--json", o.as_json, "print JSON with stable field names");
  Commands c;
  Args a;
  add_query_commands(app, c, a, o);
  DepositaryCommands depositary;
  depositary.add_to(app);
  StoreCommands store;
  store.add_to(app);
  ExportCommands exports;
  exports.add_to(app);
  StatusPageCommand status_page;
  status_page.add_to(app);
  IngestCommands ingest;
  ingest.add_to(app);
  LawCommands law;
  law.add_to(app);
  ServeOptions so;
  ServeArgs sa;
  add_serve(app, c, so, o, sa);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (auto rc = exports.run(o)) return *rc;
    if (auto rc = status_page.run(o)) return *rc;
    if (auto rc = ingest.run(o)) return *rc;
    if (auto rc = law.run(o)) return *rc;
    return dispatch(c, depositary, store, o, a, so, sa);
  } catch (const UsageError& e) {
    std::cerr << "pacta: " << e.message << "\n";
    return e.exit_code;
  } catch (const StoreCorrupted& e) {
    std::cerr << "pacta: " << e.what() << " (run 'pacta verify')\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "pacta: " << e.what() << "\n";
    return 2;
  }
}
