#include "ingest/bundle.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/csv.h"
#include "rules/profile.h"

namespace fs = std::filesystem;

namespace pacta {
namespace {

Result<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Outcome::error(p.string() + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_aliases(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, '|'))
    if (!part.empty()) out.push_back(part);
  return out;
}

std::string where(const std::string& file, const CsvRow& row, const std::string& column) {
  return file + ":" + std::to_string(row.line) + ": " + column;
}

Result<Date> row_date(const std::string& file, const CsvRow& row, const std::string& column) {
  auto d = Date::parse(row.get(column));
  if (!d) return Outcome::error(where(file, row, column) + ": '" + row.get(column) + "' is not a date (YYYY-MM-DD)");
  return *d;
}

Outcome check_common(const std::string& file, const CsvRow& row, const std::set<std::string>& states) {
  if (!states.count(row.get("state")))
    return Outcome::error(where(file, row, "state") + ": unknown state '" + row.get("state") + "' (not in data/states.csv)");
  if (row.get("source").empty()) return Outcome::error(where(file, row, "source") + ": every row needs a source");
  return Outcome::ok();
}

}  // namespace

Result<Bundle> read_bundle(const std::string& home) {
  Bundle b;
  const fs::path root(home);
  const std::string states_file = (root / "data" / "states.csv").string();
  auto st = read_csv_file(states_file, {"iso3", "numeric", "name", "aliases"});
  if (!st) return st.status();
  std::set<std::string> known;
  for (const CsvRow& r : st->rows) {
    if (r.get("iso3").size() != 3) return Outcome::error(where(states_file, r, "iso3") + ": expected three letters");
    b.states.push_back(StateName{r.get("iso3"), r.get("numeric"), r.get("name"), split_aliases(r.get("aliases"))});
    known.insert(r.get("iso3"));
  }

  std::vector<fs::path> tomls;
  const fs::path tdir = root / "treaties";
  if (!fs::is_directory(tdir)) return Outcome::error(tdir.string() + ": no treaty profiles directory");
  for (const auto& e : fs::directory_iterator(tdir))
    if (e.path().extension() == ".toml") tomls.push_back(e.path());
  std::sort(tomls.begin(), tomls.end());
  for (const fs::path& p : tomls) {
    auto text = slurp(p);
    if (!text) return text.status();
    ProfileResult pr = parse_profile(*text, p.string());
    if (!pr.profile) return Outcome::error(pr.error);
    if (pr.profile->id != p.stem().string())
      return Outcome::error(p.string() + ": id '" + pr.profile->id + "' does not match the file name");
    b.profiles.emplace_back(pr.profile->id, *text);

    const fs::path tdata = root / "data" / pr.profile->id;
    const std::string actions_file = (tdata / "actions.csv").string();
    if (fs::exists(actions_file)) {
      auto t = read_csv_file(actions_file, {"state", "kind", "date", "reference", "text_file", "source", "notes"});
      if (!t) return t.status();
      for (const CsvRow& r : t->rows) {
        if (Outcome s = check_common(actions_file, r, known); !s) return s;
        Action a;
        a.treaty = pr.profile->id;
        a.state = r.get("state");
        auto k = parse_action_kind(r.get("kind"));
        if (!k) return Outcome::error(where(actions_file, r, "kind") + ": unknown kind '" + r.get("kind") + "'");
        a.kind = *k;
        auto d = row_date(actions_file, r, "date");
        if (!d) return d.status();
        a.date = *d;
        if (r.fields.count("later_date") && !r.get("later_date").empty()) {
          auto ld = row_date(actions_file, r, "later_date");
          if (!ld) return ld.status();
          a.later_date = *ld;
        }
        a.reference = r.get("reference");
        if (!r.get("text_file").empty()) {
          auto text = slurp(tdata / r.get("text_file"));
          if (!text) return Outcome::error(where(actions_file, r, "text_file") + ": " + text.message());
          a.text = *text;
        }
        a.prov.source = r.get("source");
        a.prov.notes = r.get("notes");
        a.prov.known_from = a.date;
        a.prov.recorded_by = "bundle data/" + pr.profile->id + "/actions.csv:" + std::to_string(r.line);
        b.record.actions.push_back(std::move(a));
      }
    }
    const std::string tfacts_file = (tdata / "treaty_facts.csv").string();
    if (fs::exists(tfacts_file)) {
      auto t = read_csv_file(tfacts_file, {"fact", "date", "source", "notes"});
      if (!t) return t.status();
      for (const CsvRow& r : t->rows) {
        Fact f;
        f.treaty = pr.profile->id;
        auto k = parse_fact_kind(r.get("fact"));
        if (!k || *k != FactKind::kThresholdMet)
          return Outcome::error(where(tfacts_file, r, "fact") + ": unknown treaty fact '" + r.get("fact") + "'");
        f.kind = *k;
        auto d = row_date(tfacts_file, r, "date");
        if (!d) return d.status();
        f.from = *d;
        f.prov.source = r.get("source");
        if (f.prov.source.empty()) return Outcome::error(where(tfacts_file, r, "source") + ": every row needs a source");
        f.prov.notes = r.get("notes");
        f.prov.known_from = f.from;
        f.prov.recorded_by = "bundle data/" + pr.profile->id + "/treaty_facts.csv:" + std::to_string(r.line);
        b.record.facts.push_back(std::move(f));
      }
    }
    const std::string disputes_file = (tdata / "disputes.csv").string();
    if (fs::exists(disputes_file)) {
      auto t = read_csv_file(disputes_file, {"state", "action_date", "effect", "reading", "source"});
      if (!t) return t.status();
      for (const CsvRow& r : t->rows) {
        if (Outcome s = check_common(disputes_file, r, known); !s) return s;
        Fact f;
        f.treaty = pr.profile->id;
        f.state = r.get("state");
        f.kind = FactKind::kDisputedEffect;
        auto d = row_date(disputes_file, r, "action_date");
        if (!d) return d.status();
        f.from = *d;
        if (!r.get("effect").empty()) {
          auto e = row_date(disputes_file, r, "effect");
          if (!e) return e.status();
          f.to = *e;
        }
        f.prov.source = r.get("source");
        f.prov.notes = r.get("reading");
        f.prov.known_from = f.from;
        f.prov.recorded_by = "bundle data/" + pr.profile->id + "/disputes.csv:" + std::to_string(r.line);
        b.record.facts.push_back(std::move(f));
      }
    }
    const std::string steps_file = (tdata / "steps.csv").string();
    if (fs::exists(steps_file)) {
      auto t = read_csv_file(steps_file, {"state", "date", "kind", "body", "description", "source"});
      if (!t) return t.status();
      for (const CsvRow& r : t->rows) {
        if (Outcome s = check_common(steps_file, r, known); !s) return s;
        DomesticStep s;
        s.treaty = pr.profile->id;
        s.state = r.get("state");
        auto d = row_date(steps_file, r, "date");
        if (!d) return d.status();
        s.date = *d;
        s.kind = r.get("kind");
        s.body = r.get("body");
        s.description = r.get("description");
        s.prov.source = r.get("source");
        s.prov.known_from = s.date;
        s.prov.recorded_by = "bundle data/" + pr.profile->id + "/steps.csv:" + std::to_string(r.line);
        b.record.steps.push_back(std::move(s));
      }
    }
  }
  if (b.profiles.empty()) return Outcome::error(tdir.string() + ": no treaty profiles (*.toml)");

  const std::string facts_file = (root / "data" / "facts.csv").string();
  if (fs::exists(facts_file)) {
    auto t = read_csv_file(facts_file, {"state", "fact", "from", "to", "source", "notes"});
    if (!t) return t.status();
    for (const CsvRow& r : t->rows) {
      if (Outcome s = check_common(facts_file, r, known); !s) return s;
      Fact f;
      f.state = r.get("state");
      auto k = parse_fact_kind(r.get("fact"));
      if (!k || !is_state_fact(*k))
        return Outcome::error(where(facts_file, r, "fact") + ": unknown fact '" + r.get("fact") +
                              "' (armed_conflict, state_succession)");
      f.kind = *k;
      if (f.kind == FactKind::kStateSuccession && !r.get("to").empty())
        return Outcome::error(where(facts_file, r, "to") + ": a succession of States is a single day: leave 'to' empty");
      auto from = row_date(facts_file, r, "from");
      if (!from) return from.status();
      f.from = *from;
      if (!r.get("to").empty()) {
        auto to = row_date(facts_file, r, "to");
        if (!to) return to.status();
        if (*to < f.from) return Outcome::error(where(facts_file, r, "to") + ": ends before it starts");
        f.to = *to;
      }
      f.prov.source = r.get("source");
      f.prov.notes = r.get("notes");
      f.prov.known_from = f.from;
      f.prov.recorded_by = "bundle data/facts.csv:" + std::to_string(r.line);
      b.record.facts.push_back(std::move(f));
    }
  }
  return b;
}

Result<int64_t> init_from_bundle(Ledger& ledger, const Bundle& bundle) {
  if (Outcome s = ledger.put_states(bundle.states); !s) return s;
  auto existing = ledger.load();
  if (!existing) return existing.status();
  const Record& had = *existing;
  if (!had.actions.empty() || !had.facts.empty() || !had.steps.empty()) return int64_t{0};  // went in with the first append
  Record copy = bundle.record;
  if (Outcome s = ledger.append(copy); !s) return s;
  const int64_t n = static_cast<int64_t>(copy.actions.size() + copy.facts.size() + copy.steps.size());
  return n;
}

}  // namespace pacta
