#include "rules/profile.h"

#include "core/text.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <toml++/toml.h>

namespace pacta {
namespace {

// Thrown inside the loader only; parse_profile turns it into an error value.
struct ProfileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One TOML table being read, and how errors name it: "the top-level table", "[consent]",
// "[withdrawal.notice]", "[[obligations]] #2", "[obligations.delay] of [[obligations]] #2".
struct Tbl {
  const toml::table* t;
  const std::string* origin;
  std::string path;   // dotted TOML path, empty at the top level
  std::string label;  // as errors name it
  std::string inside;  // appended to the labels of tables within: " of [[obligations]] #2"
};

using Keys = std::initializer_list<std::string_view>;

// "x.toml:41: in [entry_into_force], key 'thresold': unknown key (did you mean 'threshold'?)".
// The line is the value's, or the table's when the key is missing.
[[noreturn]] void fail(const Tbl& at, const toml::node* n, std::string_view key, const std::string& what) {
  const toml::source_position& pos = (n ? n : at.t)->source().begin;
  std::string where = *at.origin;
  if (pos.line > 0) where += ":" + std::to_string(pos.line);
  throw ProfileError(where + ": in " + at.label + ", key '" + std::string(key) + "': " + what);
}

// What a value is, for "expected X, found Y".
std::string found(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: {
      std::string s = *n.value<std::string>();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "found the string \"" + s + "\"";
    }
    case toml::node_type::integer: return "found the integer " + std::to_string(*n.value<int64_t>());
    case toml::node_type::floating_point: return "found a floating-point number";
    case toml::node_type::boolean: return std::string("found ") + (*n.value<bool>() ? "true" : "false");
    case toml::node_type::date: return "found a date";
    case toml::node_type::time: return "found a time";
    case toml::node_type::date_time: return "found a date-time";
    case toml::node_type::array: return "found an array";
    case toml::node_type::table: return "found a table";
    default: return "found nothing";
  }
}

[[noreturn]] void wrong(const Tbl& at, const toml::node& n, std::string_view key, const std::string& expected) {
  fail(at, &n, key, "expected " + expected + ", " + found(n));
}


// Every key of the table must be one of `known`; a typo is named with its likely intent.
void only_keys(const Tbl& at, Keys known) {
  for (const auto& [k, v] : *at.t) {
    const std::string_view key = k.str();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string_view best;
    size_t best_distance = 3;
    for (std::string_view c : known)
      if (const size_t d = edit_distance(key, c); d < best_distance) best = c, best_distance = d;
    std::string what = "unknown key";
    if (!best.empty()) {
      what += " (did you mean '" + std::string(best) + "'?)";
    } else {
      what += "; the keys of " + at.label + " are";
      for (std::string_view c : known) what += (c == *known.begin() ? " " : ", ") + std::string(c);
    }
    fail(at, &v, key, what);
  }
}

const toml::node* need(const Tbl& at, std::string_view key, const std::string& what) {
  const toml::node* n = at.t->get(key);
  if (!n) fail(at, nullptr, key, "missing (required: " + what + ")");
  return n;
}

std::optional<std::string> opt_string(const Tbl& at, std::string_view key) {
  const toml::node* n = at.t->get(key);
  if (!n) return std::nullopt;
  if (!n->is_string()) wrong(at, *n, key, "a string");
  return *n->value<std::string>();
}

std::string req_string(const Tbl& at, std::string_view key) {
  const toml::node* n = need(at, key, "a non-empty string");
  std::string s = *opt_string(at, key);
  if (s.empty()) fail(at, n, key, "expected a non-empty string");
  return s;
}

bool opt_bool(const Tbl& at, std::string_view key) {
  const toml::node* n = at.t->get(key);
  if (!n) return false;
  if (!n->is_boolean()) wrong(at, *n, key, "true or false");
  return *n->value<bool>();
}

std::optional<int> opt_int(const Tbl& at, std::string_view key) {
  const toml::node* n = at.t->get(key);
  if (!n) return std::nullopt;
  if (!n->is_integer()) wrong(at, *n, key, "a non-negative integer");
  const int64_t v = *n->value<int64_t>();
  if (v < 0 || v > 100000) wrong(at, *n, key, "a non-negative integer no greater than 100000");
  return static_cast<int>(v);
}

std::optional<Date> opt_date(const Tbl& at, std::string_view key) {
  const toml::node* n = at.t->get(key);
  if (!n) return std::nullopt;
  if (!n->is_date()) wrong(at, *n, key, "a date such as 1997-09-18 (unquoted)");
  const toml::date& v = n->as_date()->get();
  auto d = Date::from_ymd(v.year, v.month, v.day);
  if (!d) wrong(at, *n, key, "a date that exists, in years 0001 to 9999");
  return d;
}

// An array of strings; `what` describes the expected array in errors.
std::vector<std::string> strings(const Tbl& at, std::string_view key, const std::string& what) {
  std::vector<std::string> out;
  const toml::node* n = at.t->get(key);
  if (!n) return out;
  if (!n->is_array()) wrong(at, *n, key, what);
  for (const toml::node& e : *n->as_array()) {
    if (!e.is_string())
      fail(at, &e, key, "expected " + what + ", but element #" + std::to_string(out.size() + 1) + " is not a string: " + found(e));
    out.push_back(*e.value<std::string>());
  }
  return out;
}

std::vector<ActionKind> kinds(const Tbl& at, std::string_view key) {
  std::vector<ActionKind> out;
  for (const std::string& s : strings(at, key, "an array of action kinds such as [\"ratification\", \"accession\"]")) {
    auto k = parse_action_kind(s);
    if (!k) fail(at, at.t->get(key), key, "unknown action kind '" + s + "'");
    out.push_back(*k);
  }
  return out;
}

std::optional<Tbl> opt_table(const Tbl& parent, std::string_view key, const std::string& what) {
  const toml::node* n = parent.t->get(key);
  if (!n) return std::nullopt;
  if (!n->is_table()) wrong(parent, *n, key, what);
  std::string path = parent.path.empty() ? std::string(key) : parent.path + "." + std::string(key);
  std::string label = "[" + path + "]" + parent.inside;
  return Tbl{n->as_table(), parent.origin, path, label, parent.inside};
}

Tbl req_table(const Tbl& parent, std::string_view key, const std::string& what) {
  need(parent, key, what);
  return *opt_table(parent, key, what);
}

// The entries of an array of tables ([[obligations]]), each named by its number.
std::vector<Tbl> entries(const Tbl& parent, std::string_view key) {
  std::vector<Tbl> out;
  const toml::node* n = parent.t->get(key);
  if (!n) return out;
  const std::string path = parent.path.empty() ? std::string(key) : parent.path + "." + std::string(key);
  const std::string what = "tables written [[" + path + "]]";
  if (!n->is_array()) wrong(parent, *n, key, what);
  for (const toml::node& e : *n->as_array()) {
    std::string number = "#";
    number += std::to_string(out.size() + 1);  // (not "#" + ...: GCC 12 -O3 warns -Wrestrict there, wrongly)
    if (!e.is_table()) fail(parent, &e, key, "expected " + what + ", but entry " + number + " is not a table: " + found(e));
    const std::string label = "[[" + path + "]] " + number + parent.inside;
    out.push_back(Tbl{e.as_table(), parent.origin, path, label, " of " + label});
  }
  return out;
}

Citation cite(const Tbl& t) {
  return Citation{req_string(t, "article"), req_string(t, "quote")};
}

Period period(const Tbl& t) {
  return Period{opt_int(t, "years").value_or(0), opt_int(t, "months").value_or(0), opt_int(t, "days").value_or(0)};
}

Delay delay(const Tbl& parent, std::string_view key) {
  const Tbl t = req_table(parent, key, "a table such as { months = 6 }");
  only_keys(t, {"years", "months", "days", "rounding", "first_day_of_nth_month_after", "within"});
  Delay d;
  d.period = period(t);
  if (auto r = opt_string(t, "rounding")) {
    auto parsed = parse_rounding(*r);
    if (!parsed) wrong(t, *t.t->get("rounding"), "rounding", "\"error\", \"up\" or \"down\"");
    d.rounding = *parsed;
  }
  d.first_day_of_nth_month_after = opt_int(t, "first_day_of_nth_month_after");
  d.within = opt_bool(t, "within");
  const toml::node* within = t.t->get("within");
  if (d.within && d.first_day_of_nth_month_after)
    fail(t, within, "within", "cannot be combined with first_day_of_nth_month_after");
  if (d.within && !(d.period.years || d.period.months || d.period.days))
    fail(t, within, "within", "needs a period such as { years = 1, within = true }");
  return d;
}

void load_top(const Tbl& root, TreatyProfile& p) {
  only_keys(root, {"id", "title", "short_title", "aliases", "self_name", "chapter", "depositary", "place", "adopted", "sources",
                   "record_note", "signature", "consent", "entry_into_force", "entry_into_force_for_state",
                   "withdrawal", "succession", "obligations", "competence", "no_withdrawal"});
  p.id = req_string(root, "id");
  p.title = req_string(root, "title");
  p.short_title = opt_string(root, "short_title").value_or("");
  p.self_name = req_string(root, "self_name");
  p.chapter = opt_string(root, "chapter").value_or("");
  p.depositary = req_string(root, "depositary");
  p.place = opt_string(root, "place").value_or("");
  p.record_note = opt_string(root, "record_note").value_or("");
  need(root, "adopted", "a date such as 1997-09-18");
  p.adopted = *opt_date(root, "adopted");
  p.sources = strings(root, "sources", "an array of strings");
  p.aliases = strings(root, "aliases", "an array of names such as [\"ottawa\", \"mine ban treaty\"]");
  for (const std::string& a : p.aliases)
    if (a.find_first_not_of(" \t") == std::string::npos) fail(root, root.t->get("aliases"), "aliases", "holds an empty name");
}

SignatureRule load_signature(const Tbl& root) {
  const Tbl t = req_table(root, "signature", "the table [signature]");
  only_keys(t, {"article", "quote", "opens", "closes"});
  SignatureRule s;
  s.cite = cite(t);
  s.opens = opt_date(t, "opens");
  const toml::node* closes = t.t->get("closes");
  const std::string expected = "a date or \"entry_into_force\"";
  if (closes && closes->is_string()) {
    if (*closes->value<std::string>() != "entry_into_force") wrong(t, *closes, "closes", expected);
    s.closes_at_entry_into_force = true;
  } else if (closes && !closes->is_date()) {
    wrong(t, *closes, "closes", expected);
  } else {
    s.closes = opt_date(t, "closes");
  }
  return s;
}

ConsentRule load_consent(const Tbl& root) {
  const Tbl t = req_table(root, "consent", "the table [consent]");
  only_keys(t, {"article", "quote", "by_signatories", "by_non_signatories", "by_any",
                "non_signatories_from_entry_into_force", "parent", "protocols"});
  ConsentRule c;
  c.cite = cite(t);
  c.by_signatories = kinds(t, "by_signatories");
  c.by_non_signatories = kinds(t, "by_non_signatories");
  c.by_any = kinds(t, "by_any");
  c.non_signatories_from_entry_into_force = opt_bool(t, "non_signatories_from_entry_into_force");
  if (auto pt = opt_table(t, "parent", "the table [consent.parent]")) {
    only_keys(*pt, {"treaty", "article", "quote"});
    c.parent = ParentRule{req_string(*pt, "treaty"), cite(*pt)};
  }
  if (auto pr = opt_table(t, "protocols", "the table [consent.protocols]")) {
    only_keys(*pr, {"article", "quote", "minimum_with_consent", "annexed_unrecorded"});
    ProtocolsRule r;
    r.cite = cite(*pr);
    need(*pr, "minimum_with_consent", "the number of protocols a consent to the treaty comes with");
    r.minimum_with_consent = *opt_int(*pr, "minimum_with_consent");
    r.annexed_unrecorded = strings(*pr, "annexed_unrecorded", "an array of names such as [\"Protocol I\"]");
    c.protocols = r;
  }
  return c;
}

TreatyEntryIntoForce load_entry_into_force(const Tbl& root) {
  const Tbl t = req_table(root, "entry_into_force", "the table [entry_into_force]");
  only_keys(t, {"article", "quote", "threshold", "instruments", "delay", "threshold_met_by_fact", "not_before", "required",
                "subject_to"});
  TreatyEntryIntoForce e;
  e.cite = cite(t);
  e.subject_to = opt_string(t, "subject_to").value_or("");
  e.threshold_met_by_fact = opt_bool(t, "threshold_met_by_fact");
  if (auto r = opt_table(t, "required", "the table [entry_into_force.required]")) {
    only_keys(*r, {"article", "quote", "states"});
    e.required_cite = cite(*r);
    need(*r, "states", "the codes of the States whose instruments are all required");
    e.required_states = strings(*r, "states", "an array of state codes such as [\"DZA\", \"ARG\"]");
    if (e.required_states.empty()) fail(*r, r->t->get("states"), "states", "expected at least one state code");
    if (e.threshold_met_by_fact) fail(*r, nullptr, "states", "cannot be combined with threshold_met_by_fact");
  }
  if (t.t->get("not_before")) {
    const Tbl nb = req_table(t, "not_before", "a table such as { years = 2 } (counted from the opening for signature)");
    only_keys(nb, {"years", "months", "days"});
    e.not_before_after_opening = period(nb);
  }
  const std::optional<int> threshold = opt_int(t, "threshold");
  if (!e.threshold_met_by_fact && e.required_states.empty()) {
    need(t, "threshold", "the number of instruments, unless threshold_met_by_fact = true or [entry_into_force.required]");
    if (*threshold <= 0) fail(t, t.t->get("threshold"), "threshold", "expected a positive number of instruments");
  }
  e.threshold = threshold.value_or(0);
  need(t, "instruments", "the kinds of instrument that count");
  e.instruments = kinds(t, "instruments");
  if (e.instruments.empty())
    fail(t, t.t->get("instruments"), "instruments", "expected the kinds of instrument that count");
  e.delay = delay(t, "delay");
  return e;
}

StateEntryIntoForce load_entry_into_force_for_state(const Tbl& root) {
  const Tbl t = req_table(root, "entry_into_force_for_state", "the table [entry_into_force_for_state]");
  only_keys(t, {"article", "quote", "delay"});
  return StateEntryIntoForce{cite(t), delay(t, "delay")};
}

WithdrawalCondition load_condition(const Tbl& c) {
  only_keys(c, {"kind", "article", "quote"});
  const std::string kind = req_string(c, "kind");
  if (kind != "not_during_armed_conflict")
    fail(c, c.t->get("kind"), "kind", "unknown condition '" + kind + "' (the only kind is \"not_during_armed_conflict\")");
  return WithdrawalCondition{ConditionKind::kNotDuringArmedConflict, cite(c)};
}

std::optional<WithdrawalRule> load_withdrawal(const Tbl& root) {
  const std::optional<Tbl> t = opt_table(root, "withdrawal", "the table [withdrawal]");
  if (!t) return std::nullopt;
  only_keys(*t, {"article", "quote", "notice", "later_date_allowed", "text_required", "earliest", "conditions",
                 "requires_entry_into_force", "protocols"});
  WithdrawalRule r;
  r.cite = cite(*t);
  r.notice = delay(*t, "notice");
  r.later_date_allowed = opt_bool(*t, "later_date_allowed");
  r.requires_entry_into_force = opt_bool(*t, "requires_entry_into_force");
  if (auto tr = opt_table(*t, "text_required", "the table [withdrawal.text_required]")) {
    only_keys(*tr, {"article", "quote"});
    r.text_required = cite(*tr);
  }
  if (auto e = opt_table(*t, "earliest", "the table [withdrawal.earliest]")) {
    only_keys(*e, {"article", "quote", "years", "months", "days"});
    const Period p = period(*e);
    if (!(p.years || p.months || p.days)) fail(*e, nullptr, "years", "missing (required: a period: years, months or days)");
    r.earliest_after_entry_into_force = p;
    r.earliest_cite = cite(*e);
  }
  for (const Tbl& c : entries(*t, "conditions")) r.conditions.push_back(load_condition(c));
  if (auto pr = opt_table(*t, "protocols", "the table [withdrawal.protocols]")) {
    only_keys(*pr, {"article", "quote"});
    r.applies_to_protocols = cite(*pr);
  }
  return r;
}

std::optional<SuccessionRule> load_succession(const Tbl& root) {
  const std::optional<Tbl> t = opt_table(root, "succession", "the table [succession]");
  if (!t) return std::nullopt;
  only_keys(*t, {"article", "quote", "effective_from"});
  const std::string from = req_string(*t, "effective_from");
  if (from != "date_of_succession_or_entry_into_force")
    wrong(*t, *t->t->get("effective_from"), "effective_from", "\"date_of_succession_or_entry_into_force\" (the only value)");
  return SuccessionRule{cite(*t)};
}

std::vector<Obligation> load_obligations(const Tbl& root) {
  std::vector<Obligation> out;
  for (const Tbl& t : entries(root, "obligations")) {
    only_keys(t, {"id", "title", "article", "quote", "delay"});
    Obligation o;
    o.id = req_string(t, "id");
    o.title = req_string(t, "title");
    o.cite = cite(t);
    o.delay = delay(t, "delay");
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<Competence> load_competences(const Tbl& root) {
  std::vector<Competence> out;
  for (const Tbl& t : entries(root, "competence")) {
    only_keys(t, {"id", "title", "article", "quote", "kind", "declare_only_with_consent", "effect", "withdrawal"});
    Competence c;
    c.id = req_string(t, "id");
    for (const Competence& earlier : out)
      if (earlier.id == c.id) fail(t, t.t->get("id"), "id", "'" + c.id + "' is already the id of an earlier [[competence]]");
    c.title = req_string(t, "title");
    c.cite = cite(t);
    const std::string kind = req_string(t, "kind");
    if (kind == "opt_in")
      c.kind = CompetenceKind::kOptIn;
    else if (kind == "opt_out")
      c.kind = CompetenceKind::kOptOut;
    else
      wrong(t, *t.t->get("kind"), "kind", "\"opt_in\" or \"opt_out\"");
    c.declare_only_with_consent = opt_bool(t, "declare_only_with_consent");
    if (auto e = opt_table(t, "effect", "the table [competence.effect]")) {
      only_keys(*e, {"article", "quote", "declarations_required"});
      c.effect_cite = cite(*e);
      c.declarations_required = opt_int(*e, "declarations_required").value_or(0);
    }
    if (auto w = opt_table(t, "withdrawal", "the table [competence.withdrawal] (how a declaration is withdrawn)")) {
      only_keys(*w, {"article", "quote"});
      c.withdrawal_cite = cite(*w);
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<NoWithdrawal> load_no_withdrawal(const Tbl& root) {
  const std::optional<Tbl> t = opt_table(root, "no_withdrawal", "the table [no_withdrawal]");
  if (!t) return std::nullopt;
  if (root.t->get("withdrawal"))
    fail(*t, nullptr, "no_withdrawal", "a treaty has either a [withdrawal] clause or [no_withdrawal], not both");
  only_keys(*t, {"article", "quote", "view"});
  NoWithdrawal n;
  n.cite = cite(*t);
  if (auto v = opt_table(*t, "view", "the table [no_withdrawal.view]")) {
    only_keys(*v, {"article", "quote", "source"});
    n.view = cite(*v);
    n.view_source = req_string(*v, "source");
  }
  return n;
}

TreatyProfile load(const toml::table& table, const std::string& origin) {
  const Tbl root{&table, &origin, "", "the top-level table", ""};
  TreatyProfile p;
  load_top(root, p);
  p.signature = load_signature(root);
  p.consent = load_consent(root);
  p.entry_into_force = load_entry_into_force(root);
  p.entry_into_force_for_state = load_entry_into_force_for_state(root);
  p.withdrawal = load_withdrawal(root);
  p.succession = load_succession(root);
  p.obligations = load_obligations(root);
  p.competences = load_competences(root);
  p.no_withdrawal = load_no_withdrawal(root);
  if (const std::string& s = p.entry_into_force.subject_to; !s.empty()) {
    const Tbl t = req_table(root, "entry_into_force", "the table [entry_into_force]");
    if (s == p.id) fail(t, t.t->get("subject_to"), "subject_to", "names the treaty itself ('" + s + "')");
    if (p.consent.parent && p.consent.parent->treaty != s)
      fail(t, t.t->get("subject_to"), "subject_to",
           "names '" + s + "', but [consent.parent] names '" + p.consent.parent->treaty + "': a treaty depends on one other only");
  }
  return p;
}

std::string ordinal(int n) {
  const int mod100 = n % 100;
  const char* suffix = (mod100 >= 11 && mod100 <= 13) ? "th"
                       : n % 10 == 1                  ? "st"
                       : n % 10 == 2                  ? "nd"
                       : n % 10 == 3                  ? "rd"
                                                      : "th";
  return std::to_string(n) + suffix;
}

}  // namespace

std::string Delay::describe() const {
  std::string out;
  const bool has_period = period.years || period.months || period.days;
  if (has_period) out = within ? "within " + period.describe() + " after D (last day: the day before D + " + period.describe() + ")"
                               : period.describe() + " after D";
  if (first_day_of_nth_month_after) {
    const std::string month = "first day of the " + ordinal(*first_day_of_nth_month_after) + " month after the month of ";
    out = has_period ? month + "(" + out + ")" : month + "D";
  }
  return out.empty() ? "on D" : out;
}

DateResult apply_delay(Date start, const Delay& d) {
  DateResult r = add_period(start, d.period, d.rounding);
  const auto beyond = [&](Date reached) {
    r.note += std::string(r.note.empty() ? "" : "; ") + start.iso() + " + " + d.describe() + " from " + reached.iso() +
              " leaves the calendar pacta computes (years 0001 to 9999)";
    r.date.reset();
  };
  if (r.date && d.first_day_of_nth_month_after) {
    const Date reached = *r.date;
    r.date = first_day_of_nth_month_after(reached, *d.first_day_of_nth_month_after);
    if (!r.date) beyond(reached);
  }
  if (r.date && d.within) {
    const Date reached = *r.date;
    r.date = reached.add_days(-1);
    if (!r.date) beyond(reached);
  }
  return r;
}

std::string_view to_string(CompetenceKind k) { return k == CompetenceKind::kOptOut ? "opt_out" : "opt_in"; }

std::string TreatyProfile::parent_treaty() const {
  return consent.parent ? consent.parent->treaty : entry_into_force.subject_to;
}

const Competence* TreatyProfile::competence(const std::string& wanted) const {
  for (const Competence& c : competences)
    if (c.id == wanted) return &c;
  return nullptr;
}

GeneralLawResult parse_general_law(const std::string& text, const std::string& origin) {
  GeneralLawResult out;
  try {
    toml::table table = toml::parse(text, origin);
    const Tbl root{&table, &origin, "", "the top-level table", ""};
    only_keys(root, {"title", "sources", "objection_does_not_preclude", "tacit_acceptance", "reservation_effect",
                     "objection_effect", "withdrawal_of_reservations", "confirmation_at_consent"});
    GeneralLaw g;
    g.title = req_string(root, "title");
    g.sources = strings(root, "sources", "an array of strings");
    const auto rule = [&](std::string_view key) {
      const Tbl t = req_table(root, key, "a table with article and quote");
      only_keys(t, {"article", "quote"});
      return cite(t);
    };
    g.objection_does_not_preclude = rule("objection_does_not_preclude");
    g.tacit_acceptance = rule("tacit_acceptance");
    g.reservation_effect = rule("reservation_effect");
    g.objection_effect = rule("objection_effect");
    g.withdrawal_of_reservations = rule("withdrawal_of_reservations");
    g.confirmation_at_consent = rule("confirmation_at_consent");
    out.law = std::move(g);
  } catch (const toml::parse_error& e) {
    out.error = origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
  } catch (const ProfileError& e) {
    out.error = e.what();
  }
  return out;
}

extern const char* const kGeneralLawToml;  // generated from treaties/law/vclt.toml (general_law_text.cc.in)

const GeneralLaw& general_law() {
  static const GeneralLaw law = [] {
    GeneralLawResult r = parse_general_law(kGeneralLawToml, "treaties/law/vclt.toml");
    if (!r.law) throw std::runtime_error("the bundled general law does not load: " + r.error);
    return *r.law;
  }();
  return law;
}

ProfileResult parse_profile(const std::string& text, const std::string& origin) {
  ProfileResult out;
  try {
    toml::table root = toml::parse(text, origin);
    out.profile = load(root, origin);
  } catch (const toml::parse_error& e) {
    out.error = origin + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description());
  } catch (const ProfileError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace pacta
