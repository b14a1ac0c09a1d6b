// The pacta command: thin layer over the catalog and reports. Errors go to stderr with
// exit code 2 (1 when `verify` finds a broken chain).
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <iostream>

#include "app/catalog.h"
#include "app/report.h"
#include "cli/common.h"
#include "cli/depositary_commands.h"
#include "ingest/bundle.h"
#include "ingest/csv.h"
#include "server/server.h"
#include "store/ledger.h"

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
  for (const auto& r : why.as_array()) std::cout << indent << "- " << str(r.at("text")) << "\n";
}

std::string pad(const std::string& s, size_t w) {
  // pad by code points so that names with accents line up
  size_t cps = 0;
  for (unsigned char ch : s) cps += (ch & 0xC0) != 0x80;
  return cps >= w ? s + " " : s + std::string(w - cps, ' ');
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pacta: the record of who is bound by a multilateral treaty, computed as a depositary must"};
  app.require_subcommand(1);
  Options o;
  const char* env_db = std::getenv("PACTA_DB");
  o.db = env_db ? env_db : "pacta.db";
  const char* env_home = std::getenv("PACTA_HOME");
  o.home = env_home ? env_home : PACTA_HOME_DEFAULT;
  app.add_option("--db", o.db, "database file (default ./pacta.db or $PACTA_DB)");
  app.add_flag("--json", o.as_json, "print JSON with stable field names");

  std::string treaty_arg, state_arg, on_arg, known_arg, from_arg;
  int days = 90;
  bool csv = false;

  auto* init = app.add_subcommand("init", "create the database from the bundled profiles and data (idempotent)");
  init->add_option("--home", o.home, "directory holding treaties/ and data/");
  auto* treaties = app.add_subcommand("treaties", "list treaties with their entry into force and party count");
  treaties->add_option("--on", on_arg, "date (default today)");
  auto* status = app.add_subcommand("status", "status of a state under a treaty on a date, with the explanation");
  status->add_option("TREATY", treaty_arg)->required();
  status->add_option("STATE", state_arg)->required();
  status->add_option("--on", on_arg, "date (default today)");
  status->add_option("--known-on", known_arg, "use only what was recorded by this date");
  auto* parties = app.add_subcommand("parties", "the parties on a date");
  parties->add_option("TREATY", treaty_arg)->required();
  parties->add_option("--on", on_arg, "date (default today)");
  parties->add_option("--known-on", known_arg, "use only what was recorded by this date");
  parties->add_flag("--csv", csv, "print CSV");
  auto* timeline = app.add_subcommand("timeline", "every action, domestic step, fact and derived date of a state");
  timeline->add_option("TREATY", treaty_arg)->required();
  timeline->add_option("STATE", state_arg)->required();
  timeline->add_option("--known-on", known_arg, "use only what was recorded by this date");
  auto* upcoming = app.add_subcommand("upcoming", "effects due in a window, all treaties");
  upcoming->add_option("--from", from_arg, "first day (default today)");
  upcoming->add_option("--days", days, "length of the window in days (default 90)")->check(CLI::Range(1, 36600));
  upcoming->add_option("--known-on", known_arg, "use only what was recorded by this date");
  auto* overview = app.add_subcommand("overview", "a treaty's status today: counts, pending withdrawals, what is next");
  overview->add_option("TREATY", treaty_arg)->required();
  overview->add_option("--on", on_arg, "date (default today)");
  auto* state_cmd = app.add_subcommand("state", "every treaty for one state, with status and dates");
  state_cmd->add_option("STATE", state_arg)->required();
  state_cmd->add_option("--on", on_arg, "date (default today)");
  state_cmd->add_option("--known-on", known_arg, "use only what was recorded by this date");
  auto* what_if = app.add_subcommand("what-if", "what if STATE notified withdrawal on a date (while at war)? nothing is written");
  std::string wd_arg, conflict_from_arg, conflict_to_arg;
  what_if->add_option("TREATY", treaty_arg)->required();
  what_if->add_option("STATE", state_arg)->required();
  what_if->add_option("--withdrawal", wd_arg, "date the instrument of withdrawal is received")->required();
  what_if->add_option("--conflict-from", conflict_from_arg, "the state is engaged in an armed conflict from this date");
  what_if->add_option("--conflict-to", conflict_to_arg, "... until this date (omit: no end)");
  auto* verify = app.add_subcommand("verify", "recompute the ledger's hash chain");
  auto* log = app.add_subcommand("log", "ledger entries in recording order");
  log->add_option("--treaty", treaty_arg, "only this treaty");
  std::string since_arg;
  log->add_option("--since", since_arg, "only entries recorded on or after this date");

  DepositaryCommands depositary;
  depositary.add_to(app);
  ServeOptions so;
  double read_timeout_s = 10;
  auto* serve_cmd = app.add_subcommand("serve", "serve the HTTP API (/api/v1) and the web page");
  serve_cmd->add_option("--db", o.db, "database file (default ./pacta.db or $PACTA_DB)");
  serve_cmd->add_option("--host", so.host, "address to listen on (default 127.0.0.1)");
  serve_cmd->add_option("--port", so.port, "port (default 8080; 0 picks a free one)");
  serve_cmd->add_option("--web", so.web_root, "directory of the web page's files (default HOME/web/public)");
  serve_cmd->add_option("--threads", so.threads, "worker threads (default 2)")->check(CLI::Range(1, 64));
  serve_cmd->add_option("--max-connections", so.max_connections, "open connections served at once (default 256)")
      ->check(CLI::Range(1, 100000));
  serve_cmd->add_option("--read-timeout", read_timeout_s, "seconds a client has to send a request (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  double refresh_s = 2;
  serve_cmd->add_option("--refresh", refresh_s, "seconds between checks for entries other processes recorded (default 2; 0: never)")
      ->check(CLI::Range(0.0, 3600.0));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }

  try {
    auto date_or_today = [&](const std::string& s, const std::string& what) {
      return s.empty() ? today() : must(parse_date_arg(s, what));
    };
    auto known = [&]() -> std::optional<Date> {
      if (known_arg.empty()) return std::nullopt;
      return must(parse_date_arg(known_arg, "--known-on"));
    };
    auto emit = [&](const json::value& v) { std::cout << json::serialize(v) << "\n"; };

    if (auto rc = depositary.run(o)) return *rc;
    if (init->parsed()) {
      Bundle b = must(read_bundle(o.home));
      auto ledger = must(open_sqlite_ledger(o.db, true));
      const int64_t n = must(init_from_bundle(*ledger, b));
      if (o.as_json) {
        json::object r;
        r["db"] = o.db;
        r["appended"] = n;
        r["entries"] = must(ledger->count());
        r["treaties"] = static_cast<int64_t>(b.profiles.size());
        emit(r);
      } else if (n > 0) {
        std::cout << o.db << ": created from the bundled data (" << n << " entries, " << b.profiles.size()
                  << " treaty profiles)\n";
      } else {
        std::cout << o.db << ": already initialised (" << must(ledger->count()) << " entries); profiles refreshed\n";
      }
      return 0;
    }

    auto ledger = open_ledger(o);
    if (verify->parsed()) {
      VerifyReport rep = must(ledger->verify());
      if (o.as_json) {
        json::object r;
        r["entries"] = rep.entries;
        r["ok"] = !rep.first_bad.has_value();
        r["first_bad"] = rep.first_bad ? json::value(*rep.first_bad) : json::value(nullptr);
        r["problem"] = rep.problem;
        emit(r);
      } else if (rep.first_bad) {
        std::cout << "BROKEN: " << rep.problem << "\n";
      } else {
        std::cout << "ok: " << rep.entries << " entries, hash chain intact\n";
      }
      return rep.first_bad ? 1 : 0;
    }
    if (log->parsed()) {
      auto entries = must(ledger->entries());
      const std::string since = since_arg.empty() ? "" : must(parse_date_arg(since_arg, "--since")).iso();
      json::array arr;
      for (const LedgerEntry& e : entries) {
        if (!treaty_arg.empty() && e.treaty != treaty_arg) continue;
        if (!since.empty() && e.recorded_at.substr(0, 10) < since) continue;
        if (o.as_json) {
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
          arr.push_back(std::move(r));
        } else {
          std::cout << std::setw(5) << e.seq << "  " << e.recorded_at << "  " << pad(e.entry, 7) << pad(e.treaty, 7)
                    << e.state << "  " << pad(e.kind, 22) << e.date << "  " << e.recorded_by
                    << (e.supersedes ? "  supersedes " + std::to_string(*e.supersedes) : "") << "\n";
        }
      }
      if (o.as_json) emit(arr);
      return 0;
    }

    auto catalog = must(Catalog::load(*ledger));
    const Catalog& c = *catalog;

    if (serve_cmd->parsed()) {
      today();  // a bad $PACTA_TODAY is a usage error now, not on every request
      so.database = o.db;
      if (so.web_root.empty()) so.web_root = o.home + "/web/public";
      so.read_timeout = std::chrono::milliseconds(static_cast<int64_t>(read_timeout_s * 1000));
      so.refresh_interval = std::chrono::milliseconds(static_cast<int64_t>(refresh_s * 1000));
      Outcome served = pacta::serve(std::move(catalog), std::move(ledger), so, today, std::cout);
      if (!served) throw UsageError{served.message()};
      return 0;
    }

    if (treaties->parsed()) {
      const Date on = date_or_today(on_arg, "--on");
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
    if (status->parsed()) {
      const std::string t = must(c.resolve_treaty(treaty_arg));
      const std::string s = must(c.resolve_state(state_arg));
      Query q{date_or_today(on_arg, "--on"), known()};
      json::value v = status_json(c, t, s, q);
      if (o.as_json) return emit(v), 0;
      std::cout << str(v.at("name")) << " (" << s << ") under " << t << " on " << q.on.iso()
                << (q.known_on ? " as known on " + q.known_on->iso() : "") << ": " << str(v.at("status"))
                << (v.at("party").as_bool() ? " (a party)" : " (not a party)") << "\n";
      std::cout << "  since " << str(v.at("since")) << ", until " << str(v.at("until"));
      if (!v.at("next_status").is_null()) std::cout << " (then " << str(v.at("next_status")) << ")";
      std::cout << "\n  because:\n";
      print_reasons(v.at("explanation"), "    ");
      return 0;
    }
    if (parties->parsed()) {
      const std::string t = must(c.resolve_treaty(treaty_arg));
      Query q{date_or_today(on_arg, "--on"), known()};
      json::value v = parties_json(c, t, q);
      if (o.as_json) return emit(v), 0;
      const auto& rows = v.at("parties").as_array();
      if (csv) {
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
      std::cout << "Parties to " << t << " on " << q.on.iso() << ": " << str(n.at("parties"))
                << " bound that day; " << str(n.at("deposited")) << " deposited consent and not withdrawn\n";
      for (const auto& r : rows)
        std::cout << "  " << str(r.at("state")) << "  " << pad(str(r.at("name")), 42) << pad(str(r.at("status")), 12)
                  << pad(str(r.at("consent_kind")), 13) << str(r.at("consent")) << "  in force " << str(r.at("entry_into_force"))
                  << "\n";
      return 0;
    }
    if (timeline->parsed()) {
      const std::string t = must(c.resolve_treaty(treaty_arg));
      const std::string s = must(c.resolve_state(state_arg));
      json::value v = timeline_json(c, t, s, known());
      if (o.as_json) return emit(v), 0;
      std::cout << str(v.at("name")) << " (" << s << ") and " << t << ":\n";
      for (const auto& e : v.at("events").as_array()) {
        const std::string type = str(e.at("type"));
        std::cout << "  " << str(e.at("date")) << "  ";
        if (type == "action") {
          std::cout << pad(str(e.at("kind")), 22) << str(e.at("reference")) << "  [source: " << str(e.at("source")) << "]\n";
          if (!str(e.at("notes")).empty()) std::cout << "              note: " << str(e.at("notes")) << "\n";
        } else if (type == "step") {
          std::cout << "domestic " << str(e.at("kind")) << " (" << str(e.at("body")) << "): " << str(e.at("description")) << "\n";
        } else if (type == "fact") {
          const std::string kind = str(e.at("kind"));
          std::cout << "fact: " << kind
                    << (!e.at("to").is_null()           ? " until " + str(e.at("to"))
                        : kind == "armed_conflict"      ? " (no end recorded)"
                        : kind == "state_succession"    ? " (date of the succession of States)"
                                                        : "")
                    << " [source: " << str(e.at("source")) << "]\n";
        } else {
          std::cout << "=> " << str(e.at("label")) << (e.at("conditional").as_bool() ? " (subject to a condition)" : "") << "\n";
          print_reasons(e.at("explanation"), "                ");
        }
      }
      std::cout << "status intervals:\n";
      for (const auto& i : v.at("intervals").as_array())
        std::cout << "  " << str(i.at("from")) << " .. " << pad(str(i.at("until")), 10) << "  " << str(i.at("status")) << "\n";
      return 0;
    }
    if (upcoming->parsed()) {
      const Date from = date_or_today(from_arg, "--from");
      json::value v = upcoming_json(c, from, days, known());
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
    if (what_if->parsed()) {
      const std::string t = must(c.resolve_treaty(treaty_arg));
      const std::string s = must(c.resolve_state(state_arg));
      WhatIf w{must(parse_date_arg(wd_arg, "--withdrawal")), std::nullopt, std::nullopt};
      if (!conflict_from_arg.empty()) w.conflict_from = must(parse_date_arg(conflict_from_arg, "--conflict-from"));
      if (!conflict_to_arg.empty()) {
        if (!w.conflict_from) throw UsageError{"--conflict-to needs --conflict-from"};
        w.conflict_to = must(parse_date_arg(conflict_to_arg, "--conflict-to"));
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
    if (state_cmd->parsed()) {
      const std::string s = must(c.resolve_state(state_arg));
      Query q{date_or_today(on_arg, "--on"), known()};
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
    if (overview->parsed()) {
      const std::string t = must(c.resolve_treaty(treaty_arg));
      Query q{date_or_today(on_arg, "--on"), std::nullopt};
      json::value v = overview_json(c, t, q);
      if (o.as_json) return emit(v), 0;
      const auto& n = v.at("count");
      std::cout << str(v.at("short_title")) << " (" << t << "): " << str(v.at("title")) << "\n"
                << "Depositary: " << str(v.at("depositary")) << "; in force since " << str(v.at("entry_into_force")) << "\n"
                << "On " << q.on.iso() << ": " << str(n.at("parties")) << " parties bound; " << str(n.at("deposited"))
                << " states have deposited consent and not withdrawn; " << str(n.at("signatories"))
                << " signatories not yet bound by consent\n";
      if (!str(v.at("record_note")).empty()) std::cout << "Note: " << str(v.at("record_note")) << "\n";
      auto list = [&](const char* key, const char* title, const char* date_key) {
        const auto& arr = v.at(key).as_array();
        std::cout << title << ": " << (arr.empty() ? "none" : "") << "\n";
        for (const auto& r : arr)
          std::cout << "  " << str(r.at("state")) << "  " << pad(str(r.at("name")), 36) << str(r.at(date_key)) << "\n";
      };
      list("signatories", "Signatories", "signature");
      list("contracting", "Consent deposited, not yet in force for them (in force on)", "entry_into_force");
      list("withdrawals_pending", "Withdrawals pending (takes effect on)", "withdrawal_effective");
      list("withdrawals_suspended", "Withdrawals held back by an armed conflict (since)", "withdrawal_suspended_from");
      const auto& comms = v.at("communications").as_array();
      std::cout << "Communications the treaty does not provide for (no change of status): " << (comms.empty() ? "none" : "") << "\n";
      for (const auto& a : comms)
        std::cout << "  " << str(a.at("state")) << "  " << str(a.at("date")) << "  " << str(a.at("notes")).substr(0, 140) << "\n";
      const auto& next = v.at("next").as_array();
      std::cout << "Next: " << (next.empty() ? "nothing scheduled" : "") << "\n";
      for (const auto& e : next) std::cout << "  " << str(e.at("date")) << "  " << str(e.at("label")) << "\n";
      return 0;
    }
  } catch (const UsageError& e) {
    std::cerr << "pacta: " << e.message << "\n";
    return 2;
  }
  return 0;
}
