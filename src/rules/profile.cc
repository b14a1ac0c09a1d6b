#include "rules/profile.h"

#include <stdexcept>
#include <toml++/toml.h>

namespace pacta {
namespace {

// Thrown inside the loader only; parse_profile turns it into an error value.
struct ProfileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ProfileError(where + ": " + what);
}

std::string req_string(const toml::table& t, const std::string& key, const std::string& where) {
  auto v = t[key].value<std::string>();
  if (!v || v->empty()) fail(where + "." + key, "expected a non-empty string");
  return *v;
}

std::string opt_string(const toml::table& t, const std::string& key) {
  return t[key].value<std::string>().value_or("");
}

Date to_date(const toml::node_view<const toml::node>& n, const std::string& where) {
  if (auto d = n.as_date()) {
    const toml::date& v = d->get();
    if (auto r = Date::from_ymd(v.year, v.month, v.day)) return *r;
  }
  if (auto s = n.value<std::string>())
    if (auto r = Date::parse(*s)) return *r;
  fail(where, "expected a date (YYYY-MM-DD)");
}

const toml::table& req_table(const toml::table& t, const std::string& key, const std::string& where) {
  const toml::table* sub = t[key].as_table();
  if (!sub) fail(where + key + "]", "missing table");
  return *sub;
}

Citation cite(const toml::table& t, const std::string& where) {
  return Citation{req_string(t, "article", where), req_string(t, "quote", where)};
}

std::vector<ActionKind> kinds(const toml::table& t, const std::string& key, const std::string& where) {
  std::vector<ActionKind> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) fail(where + "." + key, "expected an array of action kinds");
  for (const auto& e : *arr) {
    auto s = e.value<std::string>();
    auto k = s ? parse_action_kind(*s) : std::nullopt;
    if (!k) fail(where + "." + key, "unknown action kind '" + s.value_or("?") + "'");
    out.push_back(*k);
  }
  return out;
}

int int_or(const toml::table& t, const std::string& key, int dflt, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return dflt;
  auto v = n->value<int64_t>();
  if (!v || *v < 0 || *v > 100000) fail(where + "." + key, "expected a non-negative integer");
  return static_cast<int>(*v);
}

Period period(const toml::table& t, const std::string& where) {
  return Period{int_or(t, "years", 0, where), int_or(t, "months", 0, where), int_or(t, "days", 0, where)};
}

Delay delay(const toml::table& parent, const std::string& key, const std::string& where) {
  const toml::table* t = parent[key].as_table();
  if (!t) fail(where + "." + key, "expected a table such as { months = 6 }");
  const std::string w = where + "." + key;
  for (const auto& [k, _] : *t) {
    const std::string name(k.str());
    if (name != "years" && name != "months" && name != "days" && name != "rounding" &&
        name != "first_day_of_nth_month_after" && name != "within")
      fail(w, "unknown key '" + name + "'");
  }
  Delay d;
  d.period = period(*t, w);
  if (auto r = (*t)["rounding"].value<std::string>()) {
    auto parsed = parse_rounding(*r);
    if (!parsed) fail(w + ".rounding", "expected \"error\", \"up\" or \"down\"");
    d.rounding = *parsed;
  }
  if (t->contains("first_day_of_nth_month_after"))
    d.first_day_of_nth_month_after = int_or(*t, "first_day_of_nth_month_after", 0, w);
  if (t->contains("within")) {
    auto b = (*t)["within"].value<bool>();
    if (!b) fail(w + ".within", "expected true or false");
    d.within = *b;
    if (d.within && d.first_day_of_nth_month_after) fail(w + ".within", "cannot be combined with first_day_of_nth_month_after");
    if (d.within && !(d.period.years || d.period.months || d.period.days)) fail(w + ".within", "needs a period such as { years = 1, within = true }");
  }
  return d;
}

TreatyProfile load(const toml::table& root, const std::string& origin) {
  TreatyProfile p;
  const std::string w = origin;
  p.id = req_string(root, "id", w);
  p.title = req_string(root, "title", w);
  p.short_title = opt_string(root, "short_title");
  p.self_name = req_string(root, "self_name", w);
  p.chapter = opt_string(root, "chapter");
  p.depositary = req_string(root, "depositary", w);
  p.place = opt_string(root, "place");
  p.record_note = opt_string(root, "record_note");
  p.adopted = to_date(root["adopted"], w + ".adopted");
  if (const toml::array* s = root["sources"].as_array())
    for (const auto& e : *s)
      if (auto v = e.value<std::string>()) p.sources.push_back(*v);

  const toml::table& sig = req_table(root, "signature", w + ": [");
  p.signature.cite = cite(sig, w + ".signature");
  if (sig.contains("opens")) p.signature.opens = to_date(sig["opens"], w + ".signature.opens");
  if (sig["closes"].value<std::string>() == std::optional<std::string>("entry_into_force"))
    p.signature.closes_at_entry_into_force = true;
  else if (sig.contains("closes"))
    p.signature.closes = to_date(sig["closes"], w + ".signature.closes");

  const toml::table& con = req_table(root, "consent", w + ": [");
  p.consent.cite = cite(con, w + ".consent");
  p.consent.by_signatories = kinds(con, "by_signatories", w + ".consent");
  p.consent.by_non_signatories = kinds(con, "by_non_signatories", w + ".consent");
  p.consent.by_any = kinds(con, "by_any", w + ".consent");
  p.consent.non_signatories_from_entry_into_force = con["non_signatories_from_entry_into_force"].value_or(false);

  const toml::table& eif = req_table(root, "entry_into_force", w + ": [");
  p.entry_into_force.cite = cite(eif, w + ".entry_into_force");
  p.entry_into_force.threshold = int_or(eif, "threshold", 0, w + ".entry_into_force");
  p.entry_into_force.instruments = kinds(eif, "instruments", w + ".entry_into_force");
  p.entry_into_force.delay = delay(eif, "delay", w + ".entry_into_force");
  p.entry_into_force.threshold_met_by_fact = eif["threshold_met_by_fact"].value_or(false);
  if (p.entry_into_force.threshold <= 0 && !p.entry_into_force.threshold_met_by_fact)
    fail(w + ".entry_into_force.threshold", "expected a positive number of instruments");
  if (p.entry_into_force.instruments.empty())
    fail(w + ".entry_into_force.instruments", "expected the kinds of instrument that count");

  const toml::table& eifs = req_table(root, "entry_into_force_for_state", w + ": [");
  p.entry_into_force_for_state.cite = cite(eifs, w + ".entry_into_force_for_state");
  p.entry_into_force_for_state.delay = delay(eifs, "delay", w + ".entry_into_force_for_state");

  if (const toml::table* wd = root["withdrawal"].as_table()) {
    const std::string ww = w + ".withdrawal";
    WithdrawalRule r;
    r.cite = cite(*wd, ww);
    r.notice = delay(*wd, "notice", ww);
    r.later_date_allowed = (*wd)["later_date_allowed"].value_or(false);
    if (const toml::table* tr = (*wd)["text_required"].as_table()) r.text_required = cite(*tr, ww + ".text_required");
    if (const toml::table* e = (*wd)["earliest"].as_table()) {
      r.earliest_after_entry_into_force = period(*e, ww + ".earliest");
      r.earliest_cite = cite(*e, ww + ".earliest");
    }
    if (const toml::array* conds = (*wd)["conditions"].as_array()) {
      for (const auto& c : *conds) {
        const toml::table* ct = c.as_table();
        if (!ct) fail(ww + ".conditions", "expected [[withdrawal.conditions]] tables");
        const std::string kind = req_string(*ct, "kind", ww + ".conditions");
        if (kind != "not_during_armed_conflict") fail(ww + ".conditions.kind", "unknown condition '" + kind + "'");
        r.conditions.push_back({ConditionKind::kNotDuringArmedConflict, cite(*ct, ww + ".conditions")});
      }
    }
    p.withdrawal = r;
  }

  if (const toml::table* st = root["succession"].as_table()) {
    const std::string sw = w + ".succession";
    const std::string from = req_string(*st, "effective_from", sw);
    if (from != "date_of_succession_or_entry_into_force")
      fail(sw + ".effective_from", "unknown value '" + from + "' (date_of_succession_or_entry_into_force)");
    p.succession = SuccessionRule{cite(*st, sw)};
  }

  if (const toml::array* obs = root["obligations"].as_array()) {
    for (const auto& o : *obs) {
      const toml::table* ot = o.as_table();
      if (!ot) fail(w + ".obligations", "expected [[obligations]] tables");
      Obligation ob;
      ob.id = req_string(*ot, "id", w + ".obligations");
      ob.title = req_string(*ot, "title", w + ".obligations");
      ob.cite = cite(*ot, w + ".obligations." + ob.id);
      ob.delay = delay(*ot, "delay", w + ".obligations." + ob.id);
      p.obligations.push_back(ob);
    }
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
  if (r.date && d.first_day_of_nth_month_after) r.date = first_day_of_nth_month_after(*r.date, *d.first_day_of_nth_month_after);
  if (r.date && d.within) r.date = r.date->plus_days(-1);
  return r;
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
