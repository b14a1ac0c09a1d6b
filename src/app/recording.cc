#include "app/recording.h"

#include <algorithm>
#include <boost/json.hpp>

#include "depositary/checks.h"
#include <map>

namespace pacta {

namespace {

// Appends one checked entry, known from today; on success the entry carries its provenance.
template <typename Entry>
Outcome append_one(Ledger& ledger, Entry& e, std::vector<Entry> Record::*list, Date today) {
  e.prov.known_from = today;
  Record r;
  (r.*list).push_back(e);
  if (Outcome s = ledger.append(r); !s) return s;
  e.prov = (r.*list).front().prov;
  return Outcome::ok();
}

}  // namespace

Outcome record_action(Ledger& ledger, const Catalog& c, Action& a, Date today) {
  auto view = c.view(a.treaty);
  if (!view) return Outcome::refusal("unknown treaty '" + a.treaty + "'");
  if (!c.state(a.state)) return Outcome::refusal("unknown state '" + a.state + "'");
  // The record keeps what the depositary received; a missing citation is visible, not invented.
  if (a.prov.source.empty()) a.prov.source = "(no source given when recorded)";
  if (Outcome s = check_action(*view, a, today); !s) return s;
  return append_one(ledger, a, &Record::actions, today);
}

Outcome record_correction(Ledger& ledger, const Catalog& c, Action& a, Date today) {
  if (!a.prov.supersedes) return Outcome::error("a correction must name the entry it supersedes");
  const TreatyProfile* p = c.treaty(a.treaty);
  if (!p) return Outcome::refusal("unknown treaty '" + a.treaty + "'");
  if (a.prov.source.empty()) return Outcome::refusal("refused: a correction needs its source");
  // Checked against the record without the entry it replaces.
  Record without = as_known_on(c.record(), std::nullopt);
  std::erase_if(without.actions, [&](const Action& x) { return x.prov.seq == *a.prov.supersedes; });
  TreatyView v(*p, record_for_treaty(without, a.treaty));
  if (Outcome s = check_action(v, a, today); !s) return s;
  return append_one(ledger, a, &Record::actions, today);
}

Outcome record_fact(Ledger& ledger, Fact& f, Date today) {
  if (Outcome s = check_fact(f, today); !s) return s;
  return append_one(ledger, f, &Record::facts, today);
}

Outcome record_step(Ledger& ledger, DomesticStep& s, Date today) {
  if (Outcome st = check_step(s, today); !st) return st;
  return append_one(ledger, s, &Record::steps, today);
}

std::vector<std::string> consequences(const Catalog& c, const Action& a) {
  std::vector<std::string> out;
  auto view = c.view(a.treaty);
  const ParticipantView* p = view ? view->participant(a.state) : nullptr;
  if (!p) return out;
  for (const DerivedEvent& e : p->derived) {
    if (e.kind == "obligation_deadline") continue;
    bool from_this = false;
    for (const Reason& r : e.why) from_this = from_this || std::count(r.entries.begin(), r.entries.end(), a.prov.seq);
    if (!from_this) continue;
    std::string line = e.label + " on " + e.date.iso();
    if (e.date < a.date) line += " (with effect before this instrument, from the date of the succession of States)";
    if (e.conditional) line += " unless " + a.state + " is then engaged in an armed conflict";
    out.push_back(line);
  }
  const StatusInterval* i = p->interval_on(a.date);
  out.push_back("status on " + a.date.iso() + ": " + std::string(to_string(i ? i->status : Status::kNone)));
  if (a.kind == ActionKind::kSuccession && view->profile().succession) {
    const bool dated = std::any_of(view->record().facts.begin(), view->record().facts.end(), [&](const Fact& f) {
      return f.kind == FactKind::kStateSuccession && f.state == a.state && f.from <= a.date;
    });
    if (!dated)
      out.push_back("no date of the succession of States is recorded for " + a.state +
                    ": counted from the deposit (record it with: pacta record-fact " + a.state +
                    " --kind state_succession --from DATE --source ...)");
  }
  return out;
}

Result<StoredNotification> notify(Ledger& ledger, const Catalog& c, int64_t seq, Date issued_on) {
  const Action* found = nullptr;
  for (const Action& a : c.record().actions)
    if (a.prov.seq == seq) found = &a;
  if (!found) return Outcome::error("no action with id " + std::to_string(seq) + " (see 'pacta log')");
  if (issued_on < found->date)
    return Outcome::error("a notification cannot be dated (" + issued_on.iso() + ") before the action (" + found->date.iso() + ")");
  // The effect as the depositary states it when notifying: from the record up to and
  // including this action (later actions, such as a revocation, do not rewrite it).
  const TreatyProfile& p = *c.treaty(found->treaty);
  Record upto = record_for_treaty(as_known_on(c.record(), std::nullopt), p.id);
  std::erase_if(upto.actions, [&](const Action& x) { return x.date > found->date; });
  auto view = std::make_shared<const TreatyView>(p, std::move(upto));
  if (p.chapter.empty()) return Outcome::error(p.id + " has no UN chapter: its depositary does not issue C.N.s");
  // Render from the current view, where the action (if not superseded) has its seq.
  const Action* in_view = nullptr;
  if (const ParticipantView* pv = view->participant(found->state))
    for (const Action* a : pv->actions)
      if (a->prov.seq == seq) in_view = a;
  if (!in_view) return Outcome::error("action " + std::to_string(seq) + " has been superseded by a correction; notify the correction");
  auto name_of = [&](const std::string& iso3) { return c.state_name(iso3); };
  return ledger.add_notification(seq, p.id, issued_on, reference_chapter(p.chapter), [&](const std::string& ref) {
    return render_notification_text(*view, *in_view, ref, issued_on, name_of);
  });
}

Result<Action> action_from_notification(const Catalog& c, const ParsedNotification& n) {
  const TreatyProfile* treaty = nullptr;
  for (const TreatyProfile& p : c.treaties())
    if (p.chapter == n.chapter) treaty = &p;
  if (!treaty) return Outcome::error("no treaty profile has chapter " + n.chapter + " (from " + n.reference + ")");
  if (n.state_text.empty()) return Outcome::error("the notification names no state (missing 'STATE: ACTION' heading)");
  auto state = c.resolve_state(n.state_text);
  if (!state) return state.status();
  if (!n.kind) return Outcome::error("the kind of action in '" + n.heading + "' is not recognised");
  if (!n.effected_on) return Outcome::error("the date the action was effected is missing");
  Action a;
  a.treaty = treaty->id;
  a.state = *state;
  a.kind = *n.kind;
  a.date = *n.effected_on;
  a.reference = n.reference;
  a.text = n.instrument_text;
  return a;
}

namespace {

// Reads a JSON object body; fields are strings.
class Fields {
 public:
  static Result<Fields> parse(const std::string& body, const std::vector<std::string>& known) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) return Outcome::error("body: not valid JSON (" + ec.message() + ")");
    if (!v.is_object()) return Outcome::error("body: expected a JSON object");
    Fields f;
    for (const auto& [k, val] : v.as_object()) {
      const std::string key(k);
      if (std::find(known.begin(), known.end(), key) == known.end()) return Outcome::error("body: unknown field '" + key + "'");
      if (!val.is_string() && !val.is_null()) return Outcome::error("body: field '" + key + "' must be a string");
      if (val.is_string()) f.values_[key] = std::string(val.as_string());
    }
    return f;
  }
  std::string get(const std::string& k) const {
    auto it = values_.find(k);
    return it == values_.end() ? "" : it->second;
  }
  Result<std::string> required(const std::string& k) const {
    std::string v = get(k);
    if (v.empty()) return Outcome::error("body: missing field '" + k + "'");
    return v;
  }
  Result<Date> date(const std::string& k) const {
    auto v = required(k);
    if (!v) return v.status();
    return parse_date_arg(*v, "body: field '" + k + "'");
  }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace

Result<Action> action_from_json(const Catalog& c, const std::string& body) {
  auto f = Fields::parse(body, {"treaty", "state", "kind", "date", "reference", "source", "text", "notes", "later_date"});
  if (!f) return f.status();
  Action a;
  auto treaty = f->required("treaty");
  if (!treaty) return treaty.status();
  auto t = c.resolve_treaty(*treaty);
  if (!t) return t.status();
  a.treaty = *t;
  auto state = f->required("state");
  if (!state) return state.status();
  auto s = c.resolve_state(*state);
  if (!s) return s.status();
  a.state = *s;
  auto kind = f->required("kind");
  if (!kind) return kind.status();
  auto k = parse_action_kind(*kind);
  if (!k) return Outcome::error("body: unknown kind '" + *kind + "'");
  a.kind = *k;
  auto d = f->date("date");
  if (!d) return d.status();
  a.date = *d;
  if (!f->get("later_date").empty()) {
    auto ld = f->date("later_date");
    if (!ld) return ld.status();
    a.later_date = *ld;
  }
  a.reference = f->get("reference");
  a.text = f->get("text");
  a.prov.source = f->get("source");
  a.prov.notes = f->get("notes");
  return a;
}

Result<Fact> fact_from_json(const Catalog& c, const std::string& body) {
  auto f = Fields::parse(body, {"state", "kind", "from", "to", "source", "notes"});
  if (!f) return f.status();
  Fact x;
  auto state = f->required("state");
  if (!state) return state.status();
  auto s = c.resolve_state(*state);
  if (!s) return s.status();
  x.state = *s;
  auto k = parse_fact_kind(f->get("kind").empty() ? "armed_conflict" : f->get("kind"));
  if (!k || !is_state_fact(*k))
    return Outcome::error("body: unknown fact kind '" + f->get("kind") + "' (armed_conflict, state_succession)");
  x.kind = *k;
  auto from = f->date("from");
  if (!from) return from.status();
  x.from = *from;
  if (!f->get("to").empty()) {
    if (x.kind == FactKind::kStateSuccession) return Outcome::error("body: to: a succession of States is a single day (give from only)");
    auto to = f->date("to");
    if (!to) return to.status();
    x.to = *to;
  }
  x.prov.source = f->get("source");
  x.prov.notes = f->get("notes");
  return x;
}

Result<DomesticStep> step_from_json(const Catalog& c, const std::string& body) {
  auto f = Fields::parse(body, {"state", "treaty", "date", "kind", "body", "description", "source"});
  if (!f) return f.status();
  DomesticStep x;
  auto state = f->required("state");
  if (!state) return state.status();
  auto s = c.resolve_state(*state);
  if (!s) return s.status();
  x.state = *s;
  if (!f->get("treaty").empty()) {
    auto t = c.resolve_treaty(f->get("treaty"));
    if (!t) return t.status();
    x.treaty = *t;
  }
  auto d = f->date("date");
  if (!d) return d.status();
  x.date = *d;
  x.kind = f->get("kind");
  x.body = f->get("body");
  x.description = f->get("description");
  x.prov.source = f->get("source");
  return x;
}

}  // namespace pacta
