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

// The treaty of `a` at the head this write appends to (`head` is set to it): the catalog's
// copy when the catalog is at that very head and the state already took part in the treaty
// (its facts are then in the copy), otherwise read inside the transaction.
Result<std::shared_ptr<const TreatyEntries>> treaty_at_head(Ledger& ledger, const Catalog& c, const Action& a, int64_t& head) {
  auto h = ledger.head();
  if (!h) return h.status();
  head = h->seq;
  if (auto cached = c.entries_at(a.treaty, head); cached && cached->states.count(a.state)) return cached;
  return read_treaty(ledger, a.treaty, a.state);
}

// The view of the treaty `e`'s rules depend on ([consent.parent], [entry_into_force]
// subject_to), at the head `ledger` reads, with the facts about `state`; nullptr when there is
// none or the database does not hold it.
Result<std::shared_ptr<const TreatyView>> parent_at_head(Ledger& ledger, const TreatyEntries& e, const std::string& state) {
  const std::string id = parent_of(e, std::nullopt);
  if (id.empty()) return std::shared_ptr<const TreatyView>();
  auto pe = read_treaty(ledger, id, state);
  if (!pe) {
    if (pe.status().code() == Code::kNotFound) return std::shared_ptr<const TreatyView>();
    return pe.status();
  }
  if ((*pe)->rules_on(std::nullopt) < 0) return std::shared_ptr<const TreatyView>();
  return build_view(**pe, std::nullopt);
}

// Checks `a` against the treaty as `e` holds it (without the entry `a` corrects, if any).
Outcome check_at_head(const TreatyEntries& e, const Action& a, Date today, std::shared_ptr<const TreatyView> parent) {
  const int r = e.rules_on(std::nullopt);
  if (r < 0) return Outcome::not_found("unknown treaty '" + a.treaty + "'");
  Record current = as_known_on(e.stored.record, std::nullopt);
  if (a.prov.supersedes)
    std::erase_if(current.actions, [&](const Action& x) { return x.prov.seq == *a.prov.supersedes; });
  TreatyView v(*e.profiles[r], std::move(current), std::move(parent));
  return check_action(v, a, today);
}

// A protocol open only to the parties of its parent treaty (CCW art. 4(4), [consent.parent]): a
// consent by a State without standing consent to the parent on that day (the same day included)
// is refused, citing the rule.
Outcome check_parent(const TreatyView* parent, const TreatyEntries& e, const Action& a) {
  const int r = e.rules_on(std::nullopt);
  if (r < 0 || !is_consent(a.kind) || !e.profiles[r]->consent.parent) return Outcome::ok();
  const TreatyProfile& p = *e.profiles[r];
  const ParentRule& rule = *p.consent.parent;
  if (!parent)
    return Outcome::refusal(refusal_message(a, Refusal{RefusalKind::kForm, rule.cite,
                                                       "the " + p.self_name + " is open only to the parties of '" + rule.treaty +
                                                           "', which this database does not hold (run 'pacta init')"}));
  const ParticipantView* pv = parent->participant(a.state);
  const Status st = pv ? pv->status_on(a.date) : Status::kNone;
  if (has_standing_consent(st)) return Outcome::ok();
  return Outcome::refusal(refusal_message(
      a, Refusal{RefusalKind::kForm, rule.cite,
                 "the " + p.self_name + " is open only to a State that has consented to " + rule.treaty + ", and " + a.state +
                     " has not (its status under " + rule.treaty + " on " + a.date.iso() + " is " + std::string(to_string(st)) + ")"}));
}

// A consent to a treaty whose consent comes with consent to its protocols (CCW art. 4(3),
// [consent.protocols]): a note for the recorder saying how many the record shows, by the same
// State on or before the deposit, among the protocols with a record (the profiles whose parent
// it is). Not a refusal: the consents to the annexed protocols without a record (CCW Protocols
// I-III) are not kept, so the record cannot show that the condition was not met.
std::optional<std::string> protocols_note(Ledger& ledger, const Catalog& c, const TreatyProfile& p, const Action& a) {
  if (!p.consent.protocols || !is_consent(a.kind)) return std::nullopt;
  const ProtocolsRule& rule = *p.consent.protocols;
  std::string with, names;
  int n = 0;
  for (const TreatyIndex& t : c.treaty_index()) {
    auto child = c.treaty(t.id);
    if (!child || !child->consent.parent || child->consent.parent->treaty != p.id) continue;
    names += (names.empty() ? "" : ", ") + t.id;
    auto e = read_treaty(ledger, t.id, a.state);
    if (!e) continue;
    for (const Action& x : as_known_on((*e)->stored.record, std::nullopt).actions)
      if (x.state == a.state && is_consent(x.kind) && x.date <= a.date) {
        ++n;
        with += (with.empty() ? "" : ", ") + t.id;
        break;
      }
  }
  if (n >= rule.minimum_with_consent) return std::nullopt;
  std::string unrecorded;
  for (const std::string& u : rule.annexed_unrecorded) unrecorded += (unrecorded.empty() ? "" : ", ") + u;
  return "flag: " + rule.cite.article + " requires consent to at least " + std::to_string(rule.minimum_with_consent) +
         " protocols with this instrument; the record shows " + a.state + "'s consent to " + std::to_string(n) +
         " of those with a record (" + (names.empty() ? std::string("none") : names) + ")" + (with.empty() ? "" : ": " + with) +
         (unrecorded.empty() ? "" : "; consents to " + unrecorded + " are not recorded: check that the instrument notified them") +
         " [" + rule.cite.article + ": \"" + rule.cite.quote + "\"]";
}

// Issues the notification of `a` (already appended) from the treaty's record up to and
// including it: later actions, such as a revocation, do not rewrite what it says.
Result<StoredNotification> issue(Ledger& ledger, const Catalog& c, const TreatyEntries& e, const Action& a, Date issued_on) {
  const int r = e.rules_on(std::nullopt);
  if (r < 0) return Outcome::not_found("no rules are recorded for treaty '" + a.treaty + "' (run 'pacta init')");
  const TreatyProfile& p = *e.profiles[r];
  if (p.chapter.empty()) return Outcome::refusal(p.id + " has no UN chapter: its depositary does not issue C.N.s");
  if (issued_on < a.date)
    return Outcome::error("a notification cannot be dated (" + issued_on.iso() + ") before the action (" + a.date.iso() + ")");
  Record upto = as_known_on(e.stored.record, std::nullopt);
  const bool current = std::any_of(upto.actions.begin(), upto.actions.end(), [&](const Action& x) { return x.prov.seq == a.prov.seq; });
  if (!current) return Outcome::refusal("action " + std::to_string(a.prov.seq) + " has been superseded by a correction; notify the correction");
  std::erase_if(upto.actions, [&](const Action& x) { return x.date > a.date; });
  auto parent = parent_at_head(ledger, e, a.state);
  if (!parent) return parent.status();
  TreatyView view(p, std::move(upto), *parent);
  const Action* in_view = nullptr;
  if (const ParticipantView* pv = view.participant(a.state))
    for (const Action* x : pv->actions)
      if (x->prov.seq == a.prov.seq) in_view = x;
  if (!in_view) return Outcome::refusal("action " + std::to_string(a.prov.seq) + " is not in the treaty's record");
  auto name_of = [&](const std::string& iso3) { return c.state_name(iso3); };
  return ledger.add_notification(a.prov.seq, p.id, issued_on, reference_chapter(p.chapter), [&](const std::string& ref) {
    return render_notification_text(view, *in_view, ref, issued_on, name_of);
  });
}

// A source given as white space only is no source: refused rather than recorded as a citation.
Outcome check_source(const std::string& source) {
  if (!source.empty() && source.find_first_not_of(" \t\n\r\f\v") == std::string::npos)
    return Outcome::error("source is blank: name the document (its C.N. number, title or URL)");
  return Outcome::ok();
}

}  // namespace

Result<Recorded> record_action(Ledger& ledger, const Catalog& c, Action a, Date today, bool notify_now,
                               const InTransaction& also) {
  if (!c.state(a.state)) return Outcome::not_found("unknown state '" + a.state + "'");
  if (Outcome b = check_source(a.prov.source); !b) return b;
  // The record keeps what the depositary received; a missing citation is visible, not invented.
  if (a.prov.source.empty()) {
    if (a.prov.supersedes) return Outcome::refusal("refused: a correction needs its source");
    a.prov.source = "(no source given when recorded)";
  }
  a.prov.known_from = today;
  Recorded done;
  Outcome written = ledger.write([&]() -> Outcome {
    auto e = treaty_at_head(ledger, c, a, done.head_before);
    if (!e) return e.status();
    const TreatyEntries& before = **e;
    if (notify_now && before.rules_on(std::nullopt) >= 0 && before.profiles.back()->chapter.empty())
      return Outcome::refusal("refused: " + a.treaty + " has no UN chapter: its depositary does not issue C.N.s (no notification)");
    auto parent = parent_at_head(ledger, before, a.state);
    if (!parent) return parent.status();
    if (Outcome s = check_at_head(before, a, today, *parent); !s) return s;
    if (Outcome s = check_parent(parent->get(), before, a); !s) return s;
    Record r;
    r.actions.push_back(a);
    if (Outcome s = ledger.append(r); !s) return s;
    done.action = r.actions.front();
    auto with = std::make_shared<TreatyEntries>(before);
    with->stored.record.actions.push_back(done.action);
    with->states.insert(done.action.state);
    done.entries = with;
    auto after = build_view(*with, std::nullopt, *parent);
    if (!after) return after.status();
    done.view = *after;
    done.consequences = consequences(**after, done.action);
    if (auto flag = protocols_note(ledger, c, (*after)->profile(), done.action)) done.consequences.push_back(*flag);
    if (notify_now) {
      auto n = issue(ledger, c, *with, done.action, today);
      if (!n) return n.status();
      done.notification = *n;
    }
    return also ? also(ledger, done) : Outcome::ok();
  });
  if (!written) return written;
  return done;
}

Outcome record_fact(Ledger& ledger, Fact& f, Date today) {
  if (Outcome b = check_source(f.prov.source); !b) return b;
  if (Outcome s = check_fact(f, today); !s) return s;
  return append_one(ledger, f, &Record::facts, today);
}

Outcome record_step(Ledger& ledger, DomesticStep& s, Date today) {
  if (Outcome b = check_source(s.prov.source); !b) return b;
  if (Outcome st = check_step(s, today); !st) return st;
  return append_one(ledger, s, &Record::steps, today);
}

std::vector<std::string> consequences(const TreatyView& view, const Action& a) {
  std::vector<std::string> out;
  const ParticipantView* p = view.participant(a.state);
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
  if (a.kind == ActionKind::kSuccession && view.profile().succession) {
    const bool dated = std::any_of(view.record().facts.begin(), view.record().facts.end(), [&](const Fact& f) {
      return f.kind == FactKind::kStateSuccession && f.state == a.state && f.from <= a.date;
    });
    if (!dated)
      out.push_back("no date of the succession of States is recorded for " + a.state +
                    ": counted from the deposit (record it with: pacta record-fact " + a.state +
                    " --kind state_succession --from DATE --source ...)");
  }
  return out;
}

Result<StoredNotification> notify(Ledger& ledger, const Catalog& c, int64_t seq, Date issued_on, bool force) {
  Result<StoredNotification> out = Outcome::unavailable("not issued");
  Outcome s = ledger.write([&]() -> Outcome {
    auto found = ledger.action(seq);
    if (!found) return found.status();
    if (!*found) return Outcome::not_found("no action with id " + std::to_string(seq) + " (see 'pacta log')");
    const Action& a = **found;
    if (!force && a.reference.rfind("C.N.", 0) == 0) {
      auto issued = ledger.notifications();
      if (!issued) return issued.status();
      bool ours = false;
      for (const StoredNotification& n : *issued) ours = ours || n.action_seq == seq;
      if (!ours)
        return Outcome::refusal("refused: action " + std::to_string(seq) + " (" + std::string(to_string(a.kind)) + " by " +
                                a.state + " on " + a.date.iso() + ") was already notified by the depositary as " +
                                a.reference + "; issuing another would be a second, permanent notification (--force to issue it anyway)");
    }
    auto e = read_treaty(ledger, (*found)->treaty);
    if (!e) return e.status();
    out = issue(ledger, c, **e, **found, issued_on);
    return out ? Outcome::ok() : out.status();
  });
  if (!s) return s;
  return out;
}

Result<RulesLoaded> load_rules(Ledger& ledger, const std::string& toml, const std::string& origin, const std::string& source,
                               Date today) {
  ProfileResult pr = parse_profile(toml, origin);
  if (!pr.profile) return Outcome::error(pr.error);
  const TreatyProfile& p = *pr.profile;
  RulesLoaded out;
  Outcome s = ledger.write([&]() -> Outcome {
    auto e = read_treaty(ledger, p.id);
    if (!e) return e.status();
    const auto& versions = (*e)->stored.rules;
    if (!versions.empty() && versions.back().sha256 == sha256_hex(toml)) {
      out.version = versions.back();
      return Outcome::ok();
    }
    RulesVersion v;
    v.treaty = p.id;
    v.toml = toml;
    v.known_from = versions.empty() ? std::min(p.adopted, today) : today;
    v.source = source;
    if (Outcome a = ledger.append_rules(v, TreatyIndex{p.id, p.short_title, p.chapter, p.record_note, p.aliases}); !a) return a;
    out.version = v;
    out.appended = true;
    return Outcome::ok();
  });
  if (!s) return s;
  return out;
}

Result<Initialised> init_record(Ledger& ledger, const Bundle& bundle, const std::string& home, Date today) {
  Initialised out;
  auto n = init_from_bundle(ledger, bundle);
  if (!n) return n.status();
  out.appended = *n;
  for (const auto& [id, toml] : bundle.profiles) {
    auto r = load_rules(ledger, toml, home + "/treaties/" + id + ".toml", "bundled profile treaties/" + id + ".toml", today);
    if (!r) return r.status();
    out.rules_appended += r->appended;
  }
  return out;
}

Result<Action> action_from_notification(const Catalog& c, const ParsedNotification& n) {
  const auto treaty_id = c.treaty_by_chapter(n.chapter);
  if (!treaty_id) return Outcome::not_found("no treaty profile has chapter " + n.chapter + " (from " + n.reference + ")");
  const auto treaty = c.treaty(*treaty_id);
  if (!treaty) return Outcome::not_found("no rules for treaty " + *treaty_id);
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
  auto f = Fields::parse(body, {"treaty", "state", "kind", "date", "reference", "source", "text", "notes", "later_date",
                                 "subject", "qualifier"});
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
  a.subject = f->get("subject");
  a.qualifier = f->get("qualifier");
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
    return Outcome::error("body: unknown fact kind '" + f->get("kind") + "' (armed_conflict, state_succession, state_extinction)");
  x.kind = *k;
  auto from = f->date("from");
  if (!from) return from.status();
  x.from = *from;
  if (!f->get("to").empty()) {
    if (is_single_day(x.kind)) return Outcome::error("body: to: " + single_day_what(x.kind) + " is a single day (give from only)");
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
