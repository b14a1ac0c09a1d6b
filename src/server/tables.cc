#include "server/tables.h"

#include <boost/json.hpp>

#include "app/report.h"
#include "ingest/csv.h"

namespace json = boost::json;

namespace pacta {
namespace {

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

json::object rule_json(const std::string& rule, const Citation& cite, const std::string& summary) {
  json::object o;
  o["rule"] = rule;
  o["summary"] = summary;
  o["article"] = cite.article;
  o["quote"] = cite.quote;
  return o;
}

std::string kinds(const std::vector<ActionKind>& ks) {
  std::string s;
  for (ActionKind k : ks) s += (s.empty() ? "" : ", ") + std::string(to_string(k));
  return s;
}

}  // namespace

json::value participants_json(const Catalog& c, const std::string& treaty, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  json::object o;
  o["treaty"] = treaty;
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["record_note"] = v->profile().record_note;
  o["rules_version"] = v->profile().rules_version;
  o["count"] = count_json(v->count_on(q.on));
  json::object by_status;
  for (Status s : {Status::kNone, Status::kSignatory, Status::kNotIntending, Status::kContracting, Status::kParty,
                   Status::kWithdrawing, Status::kWithdrawalSuspended, Status::kWithdrawn})
    by_status[to_string(s)] = 0;
  json::array rows;
  for (const auto& [state, p] : v->participants()) {
    json::object row = participant_row_json(c, p, q.on);
    by_status[row["status"].as_string()].as_int64() += 1;
    row["party"] = counts_as_party(p.status_on(q.on));
    rows.push_back(std::move(row));
  }
  o["by_status"] = std::move(by_status);
  o["participants"] = std::move(rows);
  return o;
}

std::string participants_csv(const json::value& participants) {
  static const char* const kColumns[] = {"state",
                                         "name",
                                         "status",
                                         "signature",
                                         "consent_kind",
                                         "consent",
                                         "entry_into_force",
                                         "withdrawal_received",
                                         "withdrawal_effective",
                                         "withdrawal_suspended_from"};
  std::string out;
  for (const char* k : kColumns) out += std::string(out.empty() ? "" : ",") + k;
  out += "\r\n";
  for (const auto& r : participants.at("participants").as_array()) {
    bool first = true;
    for (const char* k : kColumns) {
      const json::value& f = r.at(k);
      if (!first) out += ",";
      first = false;
      if (f.is_string()) out += csv_field(std::string(f.as_string()));
    }
    out += "\r\n";
  }
  return out;
}

int series_points(Date from, Date to, SeriesStep step) {
  if (to < from) return 0;
  if (step == SeriesStep::kDay) return to.days() - from.days() + 1;
  const Date first = from.day() == 1 ? from : from.last_of_month().plus_days(1);
  if (to < first) return 0;
  return (to.year() - first.year()) * 12 + (to.month() - first.month()) + 1;
}

json::value series_json(const Catalog& c, const std::string& treaty, Date from, Date to, SeriesStep step,
                        std::optional<Date> known_on) {
  auto v = c.view(treaty, known_on);
  json::object o;
  o["treaty"] = treaty;
  o["from"] = from.iso();
  o["to"] = to.iso();
  o["step"] = step == SeriesStep::kDay ? "day" : "month";
  o["known_on"] = opt(known_on);
  json::array points;
  Date d = step == SeriesStep::kDay || from.day() == 1 ? from : from.last_of_month().plus_days(1);
  while (d <= to) {
    const PartyCount n = v->count_on(d);
    json::object p;
    p["date"] = d.iso();
    p["parties"] = n.parties;
    p["deposited"] = n.deposited;
    p["signatories"] = n.signatories;
    points.push_back(std::move(p));
    d = step == SeriesStep::kDay ? d.plus_days(1) : d.last_of_month().plus_days(1);
  }
  o["points"] = std::move(points);
  return o;
}

json::value treaty_json(const Catalog& c, const std::string& treaty, const Query& q) {
  json::value v = overview_json(c, treaty, q);
  const auto profile = c.treaty(treaty);
  const TreatyProfile& p = *profile;
  json::object& o = v.as_object();
  o["chapter"] = p.chapter;
  o["place"] = p.place;
  o["adopted"] = p.adopted.iso();
  o["sources"] = json::array(p.sources.begin(), p.sources.end());
  json::array rules;
  std::string sig = "open for signature";
  if (p.signature.opens) sig += " from " + p.signature.opens->iso();
  if (p.signature.closes_at_entry_into_force) sig += " until its entry into force";
  if (p.signature.closes) sig += " until " + p.signature.closes->iso();
  rules.push_back(rule_json("signature", p.signature.cite, sig));
  rules.push_back(rule_json("consent", p.consent.cite,
                            "by signatories: " + kinds(p.consent.by_signatories) +
                                "; by non-signatories: " + kinds(p.consent.by_non_signatories) +
                                (p.consent.by_any.empty() ? "" : "; by any state: " + kinds(p.consent.by_any))));
  const TreatyEntryIntoForce& e = p.entry_into_force;
  rules.push_back(rule_json("entry_into_force", e.cite,
                            e.threshold_met_by_fact ? "when the recorded threshold is met, then " + e.delay.describe()
                                                    : std::to_string(e.threshold) + " instruments (" + kinds(e.instruments) +
                                                          "), then " + e.delay.describe()));
  rules.push_back(rule_json("entry_into_force_for_state", p.entry_into_force_for_state.cite,
                            p.entry_into_force_for_state.delay.describe()));
  if (p.withdrawal) {
    const WithdrawalRule& w = *p.withdrawal;
    rules.push_back(rule_json("withdrawal", w.cite,
                              "takes effect " + w.notice.describe() + " (counted from receipt)" +
                                  (w.later_date_allowed ? ", or on a later date the instrument names" : "")));
    if (w.text_required) rules.push_back(rule_json("withdrawal_text", *w.text_required, "the instrument must state reasons"));
    if (w.earliest_cite)
      rules.push_back(rule_json("withdrawal_earliest", *w.earliest_cite,
                                "not before " + (w.earliest_after_entry_into_force
                                                     ? w.earliest_after_entry_into_force->describe()
                                                     : std::string("the stated time")) +
                                    " after entry into force for the state"));
    for (const WithdrawalCondition& wc : w.conditions)
      rules.push_back(rule_json("withdrawal_condition", wc.cite, "not while the state is engaged in an armed conflict"));
  }
  for (const Obligation& ob : p.obligations)
    rules.push_back(rule_json("obligation:" + ob.id, ob.cite, ob.title + ": " + ob.delay.describe()));
  o["rules"] = std::move(rules);
  return v;
}

json::value states_json(const Catalog& c) {
  json::array out;
  for (const StateName& s : c.states()) {
    json::object o;
    o["state"] = s.iso3;
    o["numeric"] = s.numeric.empty() ? json::value(nullptr) : json::value(s.numeric);
    o["name"] = s.name;
    o["aliases"] = json::array(s.aliases.begin(), s.aliases.end());
    out.push_back(std::move(o));
  }
  json::object o;
  o["states"] = std::move(out);
  return o;
}

}  // namespace pacta
