#include "app/export.h"

#include <boost/json.hpp>

#include "engine/engine.h"
#include "ingest/csv.h"

namespace pacta {
namespace json = boost::json;

CsvWriter::CsvWriter(std::ostream& out, bool bom) : out_(out) {
  if (bom) out_ << "\xEF\xBB\xBF";
}

void CsvWriter::row(const std::vector<std::string>& fields) {
  bool first = true;
  for (const std::string& f : fields) {
    if (!first) out_ << ',';
    first = false;
    out_ << csv_field(f);
  }
  out_ << "\r\n";
}

const std::vector<std::string>& panel_columns() {
  static const std::vector<std::string> k = {"treaty", "state", "name", "date", "status", "party", "since", "until",
                                             "consent", "entry_into_force", "withdrawal_effective", "disputed",
                                             "communications", "rules_version"};
  return k;
}

const std::vector<std::string>& interval_columns() {
  static const std::vector<std::string> k = {"treaty", "state", "name", "status", "from", "until", "rules_version"};
  return k;
}

std::optional<PanelStep> parse_panel_step(const std::string& text) {
  if (text == "year") return PanelStep::kYear;
  if (text == "month") return PanelStep::kMonth;
  if (text == "day") return PanelStep::kDay;
  return std::nullopt;
}

Result<std::vector<Date>> panel_dates(Date from, Date to, PanelStep step, size_t max_dates) {
  if (to < from) return Outcome::error("the panel's last date " + to.iso() + " is before its first " + from.iso());
  std::vector<Date> out;
  for (int k = 0;; ++k) {
    std::optional<Date> d;
    if (step == PanelStep::kDay) {
      d = from.add_days(k);
    } else {
      // The same day of each month (or year) as `from`, the month's last day when shorter.
      const int months = step == PanelStep::kMonth ? k : 12 * k;
      const int index = from.month() - 1 + months;
      const int y = from.year() + index / 12, m = index % 12 + 1;
      if (y > 9999) break;
      d = Date::from_ymd(y, m, std::min(from.day(), days_in_month(y, m)));
    }
    if (!d || *d > to) break;
    if (out.size() == max_dates)
      return Outcome::error("the panel has more than " + std::to_string(max_dates) +
                            " dates: narrow --from/--to or take a longer --step");
    out.push_back(*d);
  }
  return out;
}

namespace {

std::string opt(const std::optional<Date>& d) { return d ? d->iso() : ""; }

// Writes rows as CSV or JSON lines; empty text is null in JSON, "true"/"false" are booleans.
class RowSink {
 public:
  RowSink(std::ostream& out, ExportFormat format, bool bom, const std::vector<std::string>& columns)
      : out_(out), format_(format), columns_(columns) {
    if (format_ == ExportFormat::kCsv) {
      csv_.emplace(out, bom);
      csv_->row(columns);
    }
  }
  void row(const std::vector<std::string>& fields) {
    if (csv_) return csv_->row(fields);
    json::object o;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const std::string& f = fields[i];
      if (f.empty()) o[columns_[i]] = nullptr;
      else if (f == "true" || f == "false") o[columns_[i]] = (f == "true");
      else o[columns_[i]] = f;
    }
    out_ << json::serialize(o) << '\n';
  }

 private:
  std::ostream& out_;
  ExportFormat format_;
  const std::vector<std::string>& columns_;
  std::optional<CsvWriter> csv_;
};

Result<std::vector<std::string>> resolve_all(const Catalog& c, const std::vector<std::string>& treaties) {
  std::vector<std::string> ids;
  if (treaties.empty()) {
    for (const TreatyIndex& t : c.treaty_index()) ids.push_back(t.id);
    return ids;
  }
  for (const std::string& t : treaties) {
    auto id = c.resolve_treaty(t);
    if (!id) return id.status();
    ids.push_back(*id);
  }
  return ids;
}

const char* boolean(bool b) { return b ? "true" : "false"; }

}  // namespace

Outcome write_panel(const Catalog& c, const PanelOptions& o, const std::vector<Date>& dates, std::ostream& out) {
  auto ids = resolve_all(c, o.treaties);
  if (!ids) return ids.status();
  RowSink sink(out, o.format, o.bom, panel_columns());
  for (const std::string& id : *ids) {
    auto view = c.view(id, o.known_on);
    if (!view) return Outcome::not_found("unknown treaty '" + id + "'");
    std::vector<std::string> states;
    if (o.all_states) {
      for (const StateName& s : c.states()) states.push_back(s.iso3);
    } else {
      for (const auto& [iso3, p] : view->participants()) states.push_back(iso3);
    }
    const std::string& version = view->profile().rules_version;
    for (const std::string& state : states) {
      const ParticipantView* p = view->participant(state);
      const std::string name = c.state_name(state);
      for (Date d : dates) {
        if (!p) {
          sink.row({id, state, name, d.iso(), std::string(to_string(Status::kNone)), "false", "", "", "", "", "", "false",
                    "false", version});
          continue;
        }
        // The status on D is the whole record's (never moved by a later action); the dates
        // are those known on D: effects scheduled by then, nothing deposited after.
        const Status status = p->status_on(d);
        const ParticipantOn then = p->as_of(d);
        const StatusInterval* in = then->interval_on(d);
        sink.row({id, state, name, d.iso(), std::string(to_string(status)), boolean(counts_as_party(status)),
                  in && status != Status::kNone ? in->from.iso() : "", in && status != Status::kNone ? opt(in->until) : "",
                  then->consent && *then->consent <= d ? then->consent->iso() : "",  // a succession deposited later
                  opt(then->entry_into_force), opt(then->withdrawal_effective),
                  boolean(then->disputed), boolean(then->has_communications), version});
      }
    }
  }
  return Outcome::ok();
}

Outcome write_intervals(const Catalog& c, const std::vector<std::string>& treaties, std::optional<Date> known_on,
                        ExportFormat format, bool bom, std::ostream& out) {
  auto ids = resolve_all(c, treaties);
  if (!ids) return ids.status();
  RowSink sink(out, format, bom, interval_columns());
  for (const std::string& id : *ids) {
    auto view = c.view(id, known_on);
    if (!view) return Outcome::not_found("unknown treaty '" + id + "'");
    for (const auto& [state, p] : view->participants()) {
      const std::string name = c.state_name(state);
      for (const StatusInterval& in : p.intervals) {
        if (in.status == Status::kNone) continue;
        sink.row({id, state, name, std::string(to_string(in.status)), in.from.iso(), opt(in.until),
                  view->profile().rules_version});
      }
    }
  }
  return Outcome::ok();
}

Outcome write_ledger(Ledger& ledger, std::ostream& out) {
  return ledger.each_entry([&](int64_t seq, const std::vector<std::string>& fields, const std::string& prev_hash,
                               const std::string& hash) -> Outcome {
    json::object o;
    o["seq"] = seq;
    for (int i = 0; i < kRowFields && i < static_cast<int>(fields.size()); ++i) o[kRowColumnNames[i]] = fields[i];
    o["prev_hash"] = prev_hash;
    o["hash"] = hash;
    out << json::serialize(o) << '\n';
    if (!out) return Outcome::unavailable("cannot write the export");
    return Outcome::ok();
  });
}

}  // namespace pacta
