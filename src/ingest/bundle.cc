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

// Reads `file` when it exists (a missing file has no rows), makes an entry of each row with
// `make`, which checks it, and appends them to `out`; stops at the first bad row.
template <typename Entry, typename Make>
Outcome read_rows(const std::string& file, const std::vector<std::string>& columns, std::vector<Entry>& out, Make make) {
  if (!fs::exists(file)) return Outcome::ok();
  auto t = read_csv_file(file, columns);
  if (!t) return t.status();
  for (const CsvRow& r : t->rows) {
    Result<Entry> e = make(r);
    if (!e) return e.status();
    out.push_back(std::move(*e));
  }
  return Outcome::ok();
}

// data/states.csv: the state names, and the codes every other file is checked against.
Outcome read_states(const std::string& states_file, Bundle& b, std::set<std::string>& known) {
  auto st = read_csv_file(states_file, {"iso3", "numeric", "name", "aliases"});
  if (!st) return st.status();
  for (const CsvRow& r : st->rows) {
    if (r.get("iso3").size() != 3) return Outcome::error(where(states_file, r, "iso3") + ": expected three letters");
    b.states.push_back(StateName{r.get("iso3"), r.get("numeric"), r.get("name"), split_aliases(r.get("aliases"))});
    known.insert(r.get("iso3"));
  }
  return Outcome::ok();
}

// treaties/*.toml, in file-name order.
Result<std::vector<fs::path>> profile_files(const fs::path& tdir) {
  std::vector<fs::path> tomls;
  if (!fs::is_directory(tdir)) return Outcome::error(tdir.string() + ": no treaty profiles directory");
  for (const auto& e : fs::directory_iterator(tdir))
    if (e.path().extension() == ".toml") tomls.push_back(e.path());
  std::sort(tomls.begin(), tomls.end());
  return tomls;
}

// Checks the profile at `p` and adds its text to the bundle; returns the treaty's id.
Result<std::string> read_profile(const fs::path& p, Bundle& b) {
  auto text = slurp(p);
  if (!text) return text.status();
  ProfileResult pr = parse_profile(*text, p.string());
  if (!pr.profile) return Outcome::error(pr.error);
  if (pr.profile->id != p.stem().string())
    return Outcome::error(p.string() + ": id '" + pr.profile->id + "' does not match the file name");
  b.profiles.emplace_back(pr.profile->id, *text);
  return pr.profile->id;
}

// A row of data/<treaty>/actions.csv; a text_file is read from data/<treaty>/.
Result<Action> action_row(const fs::path& tdata, const std::string& treaty, const std::string& file, const CsvRow& r,
                          const std::set<std::string>& known) {
  if (Outcome s = check_common(file, r, known); !s) return s;
  Action a;
  a.treaty = treaty;
  a.state = r.get("state");
  auto k = parse_action_kind(r.get("kind"));
  if (!k) return Outcome::error(where(file, r, "kind") + ": unknown kind '" + r.get("kind") + "'");
  a.kind = *k;
  auto d = row_date(file, r, "date");
  if (!d) return d.status();
  a.date = *d;
  if (r.fields.count("later_date") && !r.get("later_date").empty()) {
    auto ld = row_date(file, r, "later_date");
    if (!ld) return ld.status();
    a.later_date = *ld;
  }
  a.reference = r.get("reference");
  if (r.fields.count("subject")) a.subject = r.get("subject");
  if (r.fields.count("qualifier")) a.qualifier = r.get("qualifier");
  if (!r.get("text_file").empty()) {
    auto text = slurp(tdata / r.get("text_file"));
    if (!text) return Outcome::error(where(file, r, "text_file") + ": " + text.message());
    a.text = *text;
  }
  a.prov.source = r.get("source");
  a.prov.notes = r.get("notes");
  a.prov.known_from = a.date;
  a.prov.recorded_by = "bundle data/" + treaty + "/actions.csv:" + std::to_string(r.line);
  return a;
}

// A row of data/<treaty>/treaty_facts.csv: only threshold_met is a fact about the treaty.
Result<Fact> treaty_fact_row(const std::string& treaty, const std::string& file, const CsvRow& r) {
  Fact f;
  f.treaty = treaty;
  auto k = parse_fact_kind(r.get("fact"));
  if (!k || *k != FactKind::kThresholdMet)
    return Outcome::error(where(file, r, "fact") + ": unknown treaty fact '" + r.get("fact") + "'");
  f.kind = *k;
  auto d = row_date(file, r, "date");
  if (!d) return d.status();
  f.from = *d;
  f.prov.source = r.get("source");
  if (f.prov.source.empty()) return Outcome::error(where(file, r, "source") + ": every row needs a source");
  f.prov.notes = r.get("notes");
  f.prov.known_from = f.from;
  f.prov.recorded_by = "bundle data/" + treaty + "/treaty_facts.csv:" + std::to_string(r.line);
  return f;
}

// A row of data/<treaty>/disputes.csv: a disputed effect, with the reading in the notes.
Result<Fact> dispute_row(const std::string& treaty, const std::string& file, const CsvRow& r,
                         const std::set<std::string>& known) {
  if (Outcome s = check_common(file, r, known); !s) return s;
  Fact f;
  f.treaty = treaty;
  f.state = r.get("state");
  f.kind = FactKind::kDisputedEffect;
  auto d = row_date(file, r, "action_date");
  if (!d) return d.status();
  f.from = *d;
  if (!r.get("effect").empty()) {
    auto e = row_date(file, r, "effect");
    if (!e) return e.status();
    f.to = *e;
  }
  f.prov.source = r.get("source");
  f.prov.notes = r.get("reading");
  f.prov.known_from = f.from;
  f.prov.recorded_by = "bundle data/" + treaty + "/disputes.csv:" + std::to_string(r.line);
  return f;
}

// A row of data/<treaty>/steps.csv: a domestic step.
Result<DomesticStep> step_row(const std::string& treaty, const std::string& file, const CsvRow& r,
                              const std::set<std::string>& known) {
  if (Outcome s = check_common(file, r, known); !s) return s;
  DomesticStep s;
  s.treaty = treaty;
  s.state = r.get("state");
  auto d = row_date(file, r, "date");
  if (!d) return d.status();
  s.date = *d;
  s.kind = r.get("kind");
  s.body = r.get("body");
  s.description = r.get("description");
  s.prov.source = r.get("source");
  s.prov.known_from = s.date;
  s.prov.recorded_by = "bundle data/" + treaty + "/steps.csv:" + std::to_string(r.line);
  return s;
}

// data/<treaty>/: actions, treaty facts, disputes and steps, each file optional.
Outcome read_treaty_data(const fs::path& root, const std::string& treaty, const std::set<std::string>& known,
                         Record& rec) {
  const fs::path tdata = root / "data" / treaty;
  const std::string actions_file = (tdata / "actions.csv").string();
  const std::string tfacts_file = (tdata / "treaty_facts.csv").string();
  const std::string disputes_file = (tdata / "disputes.csv").string();
  const std::string steps_file = (tdata / "steps.csv").string();
  auto action = [&](const CsvRow& r) { return action_row(tdata, treaty, actions_file, r, known); };
  auto treaty_fact = [&](const CsvRow& r) { return treaty_fact_row(treaty, tfacts_file, r); };
  auto dispute = [&](const CsvRow& r) { return dispute_row(treaty, disputes_file, r, known); };
  auto step = [&](const CsvRow& r) { return step_row(treaty, steps_file, r, known); };
  if (Outcome s = read_rows(actions_file, {"state", "kind", "date", "reference", "text_file", "source", "notes"}, rec.actions, action); !s)
    return s;
  if (Outcome s = read_rows(tfacts_file, {"fact", "date", "source", "notes"}, rec.facts, treaty_fact); !s) return s;
  if (Outcome s = read_rows(disputes_file, {"state", "action_date", "effect", "reading", "source"}, rec.facts, dispute); !s)
    return s;
  return read_rows(steps_file, {"state", "date", "kind", "body", "description", "source"}, rec.steps, step);
}

// A row of data/facts.csv: a fact about a state (armed conflict, succession of States).
Result<Fact> state_fact_row(const std::string& file, const CsvRow& r, const std::set<std::string>& known) {
  if (Outcome s = check_common(file, r, known); !s) return s;
  Fact f;
  f.state = r.get("state");
  auto k = parse_fact_kind(r.get("fact"));
  if (!k || !is_state_fact(*k))
    return Outcome::error(where(file, r, "fact") + ": unknown fact '" + r.get("fact") +
                          "' (armed_conflict, state_succession, state_extinction)");
  f.kind = *k;
  if (is_single_day(f.kind) && !r.get("to").empty())
    return Outcome::error(where(file, r, "to") + ": " + single_day_what(f.kind) + " is a single day: leave 'to' empty");
  auto from = row_date(file, r, "from");
  if (!from) return from.status();
  f.from = *from;
  if (!r.get("to").empty()) {
    auto to = row_date(file, r, "to");
    if (!to) return to.status();
    if (*to < f.from) return Outcome::error(where(file, r, "to") + ": ends before it starts");
    f.to = *to;
  }
  f.prov.source = r.get("source");
  f.prov.notes = r.get("notes");
  f.prov.known_from = f.from;
  f.prov.recorded_by = "bundle data/facts.csv:" + std::to_string(r.line);
  return f;
}

}  // namespace

Result<Bundle> read_bundle(const std::string& home) {
  Bundle b;
  const fs::path root(home);
  std::set<std::string> known;
  if (Outcome s = read_states((root / "data" / "states.csv").string(), b, known); !s) return s;
  const fs::path tdir = root / "treaties";
  auto tomls = profile_files(tdir);
  if (!tomls) return tomls.status();
  for (const fs::path& p : *tomls) {
    auto id = read_profile(p, b);
    if (!id) return id.status();
    if (Outcome s = read_treaty_data(root, *id, known, b.record); !s) return s;
  }
  if (b.profiles.empty()) return Outcome::error(tdir.string() + ": no treaty profiles (*.toml)");
  const std::string facts_file = (root / "data" / "facts.csv").string();
  auto state_fact = [&](const CsvRow& r) { return state_fact_row(facts_file, r, known); };
  if (Outcome s = read_rows(facts_file, {"state", "fact", "from", "to", "source", "notes"}, b.record.facts, state_fact); !s)
    return s;
  return b;
}

Result<int64_t> init_from_bundle(Ledger& ledger, const Bundle& bundle) {
  if (Outcome s = ledger.put_states(bundle.states); !s) return s;
  // The bundle goes in with the first append (before any rules version), so a ledger with
  // any entry already holds it.
  auto head = ledger.head();
  if (!head) return head.status();
  if (head->seq > 0) return int64_t{0};
  Record copy = bundle.record;
  if (Outcome s = ledger.append(copy); !s) return s;
  const int64_t n = static_cast<int64_t>(copy.actions.size() + copy.facts.size() + copy.steps.size());
  return n;
}

}  // namespace pacta
