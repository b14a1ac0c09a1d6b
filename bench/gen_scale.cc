// pacta_gen_scale: creates a synthetic record through the store API, for `make bench-scale`.
//
//   pacta_gen_scale --db PATH --copies N [--home DIR]
//       the bundled record N times: copy 1 is the bundle as `pacta init` makes it, copy k > 1
//       the same actions, treaty facts and steps under renamed treaties (apmbc_2, ...), each
//       with its own rules version (the bundled profile with its id, short title and chapter
//       changed). Facts and steps about a state alone are recorded once.
//   pacta_gen_scale --db PATH --un TREATIES ACTIONS [--home DIR]
//       a "UN-like" record: TREATIES small treaties (a compact profile each, its own rules
//       version) sharing ACTIONS actions: signatures, then ratifications after them (the
//       treaty enters into force after the second), an accession after entry into force
//       and a withdrawal by a party in some treaties.
//
// Entries are appended in transactions of about --batch rows (default 50,000). The last line
// printed is `entries=E actions=A treaties=T seconds=S` for the driver (bench/scale.cc).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "app/recording.h"
#include "ingest/bundle.h"
#include "store/ledger.h"

namespace {

using namespace pacta;

[[noreturn]] void die(const std::string& m) {
  std::cerr << "pacta_gen_scale: " << m << "\n";
  std::exit(2);
}

Date utc_today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return *Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// Replaces the value of the top-level `key = "..."` line of a profile (the first one).
std::string set_key(const std::string& toml, const std::string& key, const std::string& value) {
  const std::string head = "\n" + key + " = \"";
  const size_t at = toml.find(head);
  if (at == std::string::npos) return toml;
  const size_t from = at + head.size();
  const size_t to = toml.find('"', from);
  return toml.substr(0, from) + value + toml.substr(to);
}
std::string key_value(const std::string& toml, const std::string& key) {
  const std::string head = "\n" + key + " = \"";
  const size_t at = toml.find(head);
  if (at == std::string::npos) return "";
  const size_t from = at + head.size();
  return toml.substr(from, toml.find('"', from) - from);
}

// A treaty to write: its profile's TOML and its entries.
struct Pending {
  std::string id, toml;
  Record record;
  size_t rows() const { return 1 + record.actions.size() + record.facts.size() + record.steps.size(); }
};

struct Writer {
  Ledger& ledger;
  Date today;
  size_t batch_rows;
  std::vector<Pending> pending;
  size_t pending_rows = 0;
  int64_t entries = 0, actions = 0, treaties = 0;
  std::string probe_treaty, probe_state;  // a treaty and a state in it, for `pacta status`

  void add(Pending p) {
    pending_rows += p.rows();
    pending.push_back(std::move(p));
    if (pending_rows >= batch_rows) flush();
  }
  // One write transaction: each treaty's rules version (strictly checked by load_rules,
  // inside this transaction), then all the entries.
  void flush() {
    if (pending.empty()) return;
    Record all;
    Outcome s = ledger.write([&]() -> Outcome {
      for (const Pending& p : pending) {
        auto r = load_rules(ledger, p.toml, "synthetic profile " + p.id, "synthetic (bench/gen_scale.cc)", today);
        if (!r) return r.status();
      }
      for (Pending& p : pending) {
        for (Action& a : p.record.actions) all.actions.push_back(std::move(a));
        for (Fact& f : p.record.facts) all.facts.push_back(std::move(f));
        for (DomesticStep& st : p.record.steps) all.steps.push_back(std::move(st));
      }
      return ledger.append(all);
    });
    if (!s) die(s.message());
    treaties += static_cast<int64_t>(pending.size());
    entries += static_cast<int64_t>(pending.size() + all.actions.size() + all.facts.size() + all.steps.size());
    actions += static_cast<int64_t>(all.actions.size());
    pending.clear();
    pending_rows = 0;
  }
};

void copies(Writer& w, const Bundle& b, int n) {
  // State facts and steps (no treaty) go in once, with the first copy.
  Record shared;
  for (const Fact& f : b.record.facts)
    if (f.treaty.empty()) shared.facts.push_back(f);
  for (const DomesticStep& s : b.record.steps)
    if (s.treaty.empty()) shared.steps.push_back(s);
  for (int k = 1; k <= n; ++k) {
    for (size_t pi = 0; pi < b.profiles.size(); ++pi) {
      const auto& [id, toml] = b.profiles[pi];
      Pending p;
      p.id = k == 1 ? id : id + "_" + std::to_string(k);
      p.toml = toml;
      if (k > 1) {
        p.toml = set_key(p.toml, "id", p.id);
        p.toml = set_key(p.toml, "short_title", key_value(toml, "short_title") + " #" + std::to_string(k));
        if (const std::string ch = key_value(toml, "chapter"); !ch.empty())
          p.toml = set_key(p.toml, "chapter", ch + "-" + std::to_string(k));
      }
      for (const Action& a : b.record.actions)
        if (a.treaty == id) {
          p.record.actions.push_back(a);
          p.record.actions.back().treaty = p.id;
        }
      for (const Fact& f : b.record.facts)
        if (f.treaty == id) {
          p.record.facts.push_back(f);
          p.record.facts.back().treaty = p.id;
        }
      for (const DomesticStep& s : b.record.steps)
        if (s.treaty == id) {
          p.record.steps.push_back(s);
          p.record.steps.back().treaty = p.id;
        }
      if (k == 1 && pi == 0) {
        for (const Fact& f : shared.facts) p.record.facts.push_back(f);
        for (const DomesticStep& s : shared.steps) p.record.steps.push_back(s);
      }
      if (k == n && id == "apmbc") {
        w.probe_treaty = p.id;
        w.probe_state = "LTU";
      }
      w.add(std::move(p));
    }
  }
}

// A compact profile of the kind most UN treaties have: open for signature until entry into
// force, ratification by signatories, accession by others, in force thirty days after the
// second instrument, withdrawal one year after notice.
std::string un_profile(const std::string& id, int number, Date adopted) {
  const std::string n = std::to_string(number);
  return "id = \"" + id + "\"\n" +
         "title = \"Synthetic Convention No. " + n + "\"\n" +
         "short_title = \"Synthetic Convention " + n + "\"\n" +
         "self_name = \"Convention\"\n" +
         "chapter = \"SYN-" + n + "\"\n" +
         "depositary = \"Secretary-General of the United Nations\"\n"
         "place = \"New York\"\n"
         "adopted = " + adopted.iso() + "\n" +
         "sources = [\"synthetic: bench/gen_scale.cc\"]\n"
         "\n[signature]\narticle = \"Article 10\"\n"
         "quote = \"This Convention shall be open for signature by all States until its entry into force.\"\n"
         "opens = " + adopted.iso() + "\n" +
         "closes = \"entry_into_force\"\n"
         "\n[consent]\narticle = \"Article 11\"\n"
         "quote = \"This Convention is subject to ratification, acceptance or approval by signatory States. "
         "It shall be open for accession by any State which has not signed it.\"\n"
         "by_signatories = [\"ratification\", \"acceptance\", \"approval\"]\n"
         "by_non_signatories = [\"accession\"]\n"
         "by_any = [\"succession\"]\n"
         "\n[entry_into_force]\narticle = \"Article 12(1)\"\n"
         "quote = \"This Convention shall enter into force on the thirtieth day after the deposit of the second "
         "instrument of ratification, acceptance, approval or accession.\"\n"
         "threshold = 2\n"
         "instruments = [\"ratification\", \"acceptance\", \"approval\", \"accession\"]\n"
         "delay = { days = 30 }\n"
         "\n[entry_into_force_for_state]\narticle = \"Article 12(2)\"\n"
         "quote = \"For each State depositing its instrument after the deposit of the second instrument, this "
         "Convention shall enter into force on the thirtieth day after the deposit of its instrument.\"\n"
         "delay = { days = 30 }\n"
         "\n[withdrawal]\narticle = \"Article 13\"\n"
         "quote = \"Any State Party may withdraw from this Convention by written notification to the "
         "Secretary-General. Withdrawal shall take effect one year after the date of receipt of the "
         "notification.\"\n"
         "notice = { years = 1, rounding = \"down\" }\n";
}

void un_like(Writer& w, const std::vector<StateName>& states, int64_t treaties, int64_t actions) {
  std::mt19937_64 rng(20261206);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const Date first_adoption = *Date::from_ymd(1950, 1, 1);
  const int adoption_span = Date::from_ymd(2015, 12, 31)->days() - first_adoption.days();
  for (int64_t t = 0; t < treaties; ++t) {
    // This treaty's share of the actions (the remainder spread over the first treaties).
    const int64_t budget = actions / treaties + (t < actions % treaties ? 1 : 0);
    char idbuf[32];
    std::snprintf(idbuf, sizeof idbuf, "un%06lld", static_cast<long long>(t + 1));
    Pending p;
    p.id = idbuf;
    const Date adopted = first_adoption.plus_days(uniform(0, adoption_span));
    p.toml = un_profile(p.id, static_cast<int>(t + 1), adopted);
    // Distinct states.
    std::vector<const StateName*> who;
    std::set<std::string> taken;
    auto next_state = [&]() {
      for (;;) {
        const StateName& s = states[static_cast<size_t>(uniform(0, static_cast<int>(states.size()) - 1))];
        if (taken.insert(s.iso3).second) return &s;
      }
    };
    const int64_t withdrawals = (budget >= 5 && t % 4 == 0) ? 1 : 0;
    const int64_t rest = budget - withdrawals;
    const int64_t pairs = std::min<int64_t>(rest / 2, static_cast<int64_t>(states.size()) - 1);
    const int64_t accessions = rest - 2 * pairs >= 1 && pairs >= 2 ? 1 : 0;
    auto action = [&](const StateName* s, ActionKind k, Date d) {
      Action a;
      a.treaty = p.id;
      a.state = s->iso3;
      a.kind = k;
      a.date = d;
      a.prov.known_from = d;
      a.prov.source = "synthetic (bench/gen_scale.cc)";
      a.prov.recorded_by = "pacta_gen_scale";
      if (k == ActionKind::kWithdrawal) a.text = "Notification of withdrawal (synthetic).";
      p.record.actions.push_back(std::move(a));
    };
    // Signatures within a month of adoption, ratifications after them: every signature is
    // before entry into force (30 days after the second ratification).
    std::vector<std::pair<Date, const StateName*>> ratified;
    for (int64_t i = 0; i < pairs; ++i) {
      const StateName* s = next_state();
      const Date signed_on = adopted.plus_days(uniform(0, 29));
      action(s, ActionKind::kSignature, signed_on);
      const Date r = adopted.plus_days(60 + uniform(0, 700));
      ratified.emplace_back(r, s);
    }
    std::sort(ratified.begin(), ratified.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [d, s] : ratified) action(s, ActionKind::kRatification, d);
    if (pairs >= 2) {
      const Date in_force = ratified[1].first.plus_days(30);
      if (accessions) action(next_state(), ActionKind::kAccession, in_force.plus_days(uniform(1, 1000)));
      if (withdrawals) {
        const Date from = std::max(in_force, ratified[0].first.plus_days(30));
        action(ratified[0].second, ActionKind::kWithdrawal, from.plus_days(uniform(100, 2000)));
      }
    } else {
      // Too few actions for a treaty in force: signatures only.
      for (int64_t i = 2 * pairs; i < budget && taken.size() < states.size(); ++i)
        action(next_state(), ActionKind::kSignature, adopted.plus_days(uniform(0, 29)));
    }
    if (t == treaties / 2 && !p.record.actions.empty()) {
      w.probe_treaty = p.id;
      w.probe_state = p.record.actions.front().state;
    }
    w.add(std::move(p));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, home = PACTA_SOURCE_DIR;
  int copies_n = 0;
  int64_t un_treaties = 0, un_actions = 0;
  size_t batch = 50000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--db") db = next();
    else if (a == "--home") home = next();
    else if (a == "--copies") copies_n = std::stoi(next());
    else if (a == "--un") {
      un_treaties = std::stoll(next());
      un_actions = std::stoll(next());
    } else if (a == "--batch") batch = std::stoul(next());
    else die("unknown argument " + a + " (usage: --db PATH (--copies N | --un TREATIES ACTIONS) [--home DIR] [--batch ROWS])");
  }
  if (db.empty() || (copies_n <= 0 && un_treaties <= 0)) die("usage: --db PATH (--copies N | --un TREATIES ACTIONS) [--home DIR]");
  if (std::filesystem::exists(db)) die(db + " exists; give a new path");
  const auto start = std::chrono::steady_clock::now();
  auto bundle = read_bundle(home);
  if (!bundle) die(bundle.message());
  auto ledger = open_sqlite_ledger(db, true);
  if (!ledger) die(ledger.message());
  if (Outcome s = (*ledger)->put_states(bundle->states); !s) die(s.message());
  Writer w{**ledger, utc_today(), batch, {}, 0, 0, 0, 0, {}, {}};
  if (copies_n > 0) copies(w, *bundle, copies_n);
  else {
    // The states that act in the bundled record (no territory without a treaty action).
    std::set<std::string> acting;
    for (const Action& a : bundle->record.actions) acting.insert(a.state);
    std::vector<StateName> states;
    for (const StateName& s : bundle->states)
      if (acting.count(s.iso3)) states.push_back(s);
    un_like(w, states, un_treaties, un_actions);
  }
  w.flush();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("entries=%lld actions=%lld treaties=%lld seconds=%.3f probe_treaty=%s probe_state=%s\n",
              static_cast<long long>(w.entries), static_cast<long long>(w.actions), static_cast<long long>(w.treaties),
              seconds, w.probe_treaty.c_str(), w.probe_state.c_str());
  return 0;
}
