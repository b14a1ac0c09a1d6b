#include "ingest/untc_bundle.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "ingest/csv.h"

namespace fs = std::filesystem;

namespace pacta {
namespace {

const std::vector<std::string> kColumns = {"state",      "kind",    "date",      "reference", "text_file",
                                           "source",     "notes",   "later_date", "subject",   "qualifier"};

struct Row {
  std::map<std::string, std::string> f;  // column -> value
  std::string text;                      // a page action's text (written to text_file)
  bool by_hand = false;
  const std::string& at(const std::string& c) const {
    static const std::string none;
    auto it = f.find(c);
    return it == f.end() ? none : it->second;
  }
};

// Signature, consent, statements, objections, competence, then the rest and withdrawals last
// on the same day (as a same-day denunciation and re-accession are read: ingest-untc's order).
int rank(const std::string& kind) {
  auto k = parse_action_kind(kind);
  if (!k) return 9;
  if (*k == ActionKind::kSignature) return 0;
  if (is_consent(*k)) return 1;
  if (*k == ActionKind::kReservation || *k == ActionKind::kDeclaration) return 2;
  if (*k == ActionKind::kObjection) return 3;
  if (*k == ActionKind::kWithdrawal) return 6;
  return 4;
}

// A file name from what identifies the action: letters, digits, '-' and '.' only.
std::string safe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return out;
}

Outcome check_row(const std::string& file, int line, const Row& r) {
  auto where = [&](const std::string& col) { return file + ":" + std::to_string(line) + ": " + col; };
  if (r.at("state").size() != 3) return Outcome::error(where("state") + ": expected a state code (ISO3), got '" + r.at("state") + "'");
  if (!parse_action_kind(r.at("kind"))) return Outcome::error(where("kind") + ": unknown kind '" + r.at("kind") + "'");
  if (!Date::parse(r.at("date"))) return Outcome::error(where("date") + ": '" + r.at("date") + "' is not a date (YYYY-MM-DD)");
  if (!r.at("later_date").empty() && !Date::parse(r.at("later_date")))
    return Outcome::error(where("later_date") + ": '" + r.at("later_date") + "' is not a date (YYYY-MM-DD)");
  if (r.at("source").empty()) return Outcome::error(where("source") + ": every row needs a source");
  return Outcome::ok();
}

}  // namespace

Result<UntcBundleWritten> write_untc_bundle(const std::string& dir_name, const std::vector<Action>& from_page,
                                            std::vector<UntcNotRecorded> not_recorded) {
  const fs::path dir(dir_name);
  UntcBundleWritten w;
  // DIR/left_out.csv: page actions not to write (state, kind, date, reason), each of which
  // must match one.
  struct LeftOut {
    std::string state, kind, date;
    int line = 0;
    bool used = false;
  };
  std::vector<LeftOut> left_out;
  const fs::path left = dir / "left_out.csv";
  if (fs::exists(left)) {
    auto t = read_csv_file(left.string(), {"state", "kind", "date", "reason"});
    if (!t) return t.status();
    for (const CsvRow& c : t->rows) {
      if (c.get("reason").empty())
        return Outcome::error(left.string() + ":" + std::to_string(c.line) + ": reason: say why the page's action is left out");
      left_out.push_back(LeftOut{c.get("state"), c.get("kind"), c.get("date"), c.line});
    }
  }
  std::vector<Row> rows;
  for (const Action& a : from_page) {
    auto lo = std::find_if(left_out.begin(), left_out.end(), [&](const LeftOut& l) {
      return l.state == a.state && l.kind == to_string(a.kind) && l.date == a.date.iso();
    });
    if (lo != left_out.end()) {
      lo->used = true;
      ++w.left_out;
      continue;
    }
    Row r;
    r.f["state"] = a.state;
    r.f["kind"] = std::string(to_string(a.kind));
    r.f["date"] = a.date.iso();
    r.f["reference"] = a.reference;
    r.f["source"] = a.prov.source;
    r.f["notes"] = a.prov.notes;
    r.f["later_date"] = a.later_date ? a.later_date->iso() : "";
    r.f["subject"] = a.subject;
    r.f["qualifier"] = a.qualifier;
    r.text = a.text;
    if (Outcome s = check_row("the page's action of " + (a.state.empty() ? "(no state)" : a.state), 0, r); !s) return s;
    rows.push_back(std::move(r));
    ++w.from_page;
  }
  for (const LeftOut& l : left_out)
    if (!l.used)
      return Outcome::error(left.string() + ":" + std::to_string(l.line) + ": the page states no " + l.kind + " of " + l.state +
                            " on " + l.date);
  std::set<std::string> taken;  // text files the rows by hand name
  const fs::path hand = dir / "by_hand.csv";
  if (fs::exists(hand)) {
    auto t = read_csv_file(hand.string(), {"state", "kind", "date", "reference", "text_file", "source", "notes"});
    if (!t) return t.status();
    for (const CsvRow& c : t->rows) {
      Row r;
      r.by_hand = true;
      for (const std::string& col : kColumns) r.f[col] = c.get(col);
      if (Outcome s = check_row(hand.string(), c.line, r); !s) return s;
      if (!r.at("text_file").empty()) {
        if (!fs::is_regular_file(dir / r.at("text_file")))
          return Outcome::error(hand.string() + ":" + std::to_string(c.line) + ": text_file: " + (dir / r.at("text_file")).string() +
                                " does not exist");
        taken.insert(r.at("text_file"));
      }
      rows.push_back(std::move(r));
      ++w.by_hand;
    }
  }
  // What `pacta record` checks of objections and reservation-withdrawals (app/recording.cc):
  // the reservation they answer is written.
  {
    std::vector<Row> kept;
    std::vector<std::pair<std::string, std::string>> reservations, declarations;  // state, date
    for (const Row& r : rows) {
      if (r.at("kind") == "reservation") reservations.emplace_back(r.at("state"), r.at("date"));
      if (r.at("kind") == "declaration") declarations.emplace_back(r.at("state"), r.at("date"));
    }
    auto reserved = [&](const std::string& state, auto pred) {
      return std::any_of(reservations.begin(), reservations.end(),
                         [&](const auto& x) { return x.first == state && pred(x.second); });
    };
    for (Row& r : rows) {
      std::string why;
      if (r.at("kind") == "objection" && !r.at("subject").empty() &&
          !reserved(r.at("subject"), [&](const std::string& d) { return d <= r.at("date"); })) {
        const bool declared = std::any_of(declarations.begin(), declarations.end(), [&](const auto& x) {
          return x.first == r.at("subject") && x.second <= r.at("date");
        });
        why = "objection to " + r.at("subject") + ", which has no reservation written on or before " + r.at("date") +
              (declared ? " (the page heads its statements of then as declarations: the objection answers one the objecting state "
                          "regards as a reservation; pacta's objection answers a reservation)"
                        : " (the page states none of its statements of then but in an end note's prose, or none)") +
              "; pacta record refuses it";
      }
      if (r.at("kind") == "reservation-withdrawal" && !r.at("subject").empty() &&
          !reserved(r.at("state"), [&](const std::string& d) { return d == r.at("subject"); }))
        why = "withdrawal of the reservation of " + r.at("subject") + ", which is not written (no statement of it is dated that day); pacta record refuses it";
      if (why.empty()) {
        kept.push_back(std::move(r));
        continue;
      }
      not_recorded.push_back(UntcNotRecorded{r.at("state"), "", r.at("kind"), r.at("date"), r.by_hand ? "by_hand.csv" : "page", why});
      ++w.inconsistent;
      --(r.by_hand ? w.by_hand : w.from_page);
    }
    rows = std::move(kept);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    auto key = [](const Row& r) {
      return std::make_tuple(r.at("date"), rank(r.at("kind")), r.at("kind"), r.at("state"), r.at("subject"), r.at("qualifier"),
                             r.by_hand ? std::string() : r.text, r.at("text_file"));
    };
    return key(a) < key(b);
  });
  // Text files of the page's statements, named after what identifies them.
  std::map<std::string, std::string> texts;  // relative path -> content
  for (Row& r : rows) {
    if (r.by_hand || r.text.empty()) continue;
    std::string base = "texts/" + r.at("state") + "-" + r.at("kind") + "-" + r.at("date");
    if (!r.at("subject").empty()) base += "-" + safe(r.at("subject"));
    std::string name = base + ".txt";
    for (int n = 2; texts.count(name) || taken.count(name); ++n) name = base + "-" + std::to_string(n) + ".txt";
    texts[name] = r.text;
    r.f["text_file"] = name;
  }
  std::error_code ec;
  fs::create_directories(dir / "texts", ec);
  if (ec) return Outcome::error((dir / "texts").string() + ": " + ec.message());
  for (const auto& [name, content] : texts) {
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) return Outcome::error((dir / name).string() + ": cannot write");
    ++w.texts;
  }
  for (const auto& e : fs::directory_iterator(dir / "texts")) {
    const std::string rel = "texts/" + e.path().filename().string();
    if (!texts.count(rel) && !taken.count(rel)) {
      fs::remove(e.path(), ec);
      ++w.removed;
    }
  }
  std::ostringstream csv;
  for (size_t i = 0; i < kColumns.size(); ++i) csv << (i ? "," : "") << kColumns[i];
  csv << "\n";
  for (const Row& r : rows) {
    for (size_t i = 0; i < kColumns.size(); ++i) csv << (i ? "," : "") << csv_field(r.at(kColumns[i]));
    csv << "\n";
  }
  std::ofstream out(dir / "actions.csv", std::ios::binary | std::ios::trunc);
  out << csv.str();
  if (!out) return Outcome::error((dir / "actions.csv").string() + ": cannot write");
  std::stable_sort(not_recorded.begin(), not_recorded.end(), [](const UntcNotRecorded& a, const UntcNotRecorded& b) {
    return std::tie(a.date, a.kind, a.state, a.state_name, a.from, a.reason) < std::tie(b.date, b.kind, b.state, b.state_name, b.from, b.reason);
  });
  std::ofstream nr(dir / "not_recorded.csv", std::ios::binary | std::ios::trunc);
  nr << "state,state_name,kind,date,from,reason\n";
  for (const UntcNotRecorded& n : not_recorded)
    nr << csv_field(n.state) << "," << csv_field(n.state_name) << "," << csv_field(n.kind) << "," << csv_field(n.date) << ","
       << csv_field(n.from) << "," << csv_field(n.reason) << "\n";
  if (!nr) return Outcome::error((dir / "not_recorded.csv").string() + ": cannot write");
  w.not_recorded = static_cast<int>(not_recorded.size());
  return w;
}

}  // namespace pacta
