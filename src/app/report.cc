#include "app/report.h"

#include <algorithm>
#include <boost/json.hpp>

#include "app/sources.h"
#include "engine/competence.h"
#include "engine/relation.h"

namespace json = boost::json;

namespace pacta {
namespace {

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

// An entry's sources as a reader follows them, depositary first (app/sources.h):
// [{"kind","title","url","via"}], url and via null when there is none.
json::array sources_json(const TreatyProfile& p, const std::string& source, const std::string& reference) {
  json::array out;
  for (const CitedSource& x : citations(source, reference, p)) {
    json::object o;
    o["kind"] = std::string(to_string(x.kind));
    o["title"] = x.title;
    o["url"] = x.url.empty() ? json::value(nullptr) : json::value(x.url);
    o["via"] = x.via.empty() ? json::value(nullptr) : json::value(x.via);
    out.push_back(std::move(o));
  }
  return out;
}

// "Cite this": who says what, as of which day, known on which day, under which rules, from
// which ledger head, and when it was read: enough to find the same answer again.
std::string cite(const Catalog& c, const TreatyProfile& p, const std::string& what, const Query& q) {
  std::string s = "pacta, " + p.short_title + " (" + p.id + "): " + what + " on " + q.on.long_form();
  if (q.known_on) s += ", as known on " + q.known_on->long_form();
  s += "; rules " + p.rules_version + "; ledger head " + c.head_text();
  if (!p.chapter.empty()) s += "; depositary record: UN Treaty Collection, chapter " + p.chapter;
  return s;
}

json::object action_json(const Catalog& c, const Action& a) {
  json::object o;
  o["seq"] = a.prov.seq;
  o["treaty"] = a.treaty;
  o["state"] = a.state;
  o["name"] = c.state_name(a.state);
  o["kind"] = std::string(to_string(a.kind));
  o["date"] = a.date.iso();
  o["reference"] = a.reference;
  o["source"] = a.prov.source;
  if (auto p = c.treaty(a.treaty)) o["sources"] = sources_json(*p, a.prov.source, a.reference);
  o["notes"] = a.prov.notes;
  o["has_text"] = !a.text.empty();
  o["later_date"] = opt(a.later_date);
  o["subject"] = a.subject;
  o["qualifier"] = a.qualifier;
  o["known_from"] = a.prov.known_from.iso();
  return o;
}

}  // namespace

namespace {

// The names of `fields` whose date lies after `on`.
json::array after(std::initializer_list<std::pair<const char*, std::optional<Date>>> fields, Date on) {
  json::array out;
  for (const auto& [name, date] : fields)
    if (date && *date > on) out.push_back(json::string(name));
  return out;
}

// A row from `then`, the participant as it stood on `on` (ParticipantView::as_of), with its
// status from `p`, the whole record's (the same).
json::object row_json(const Catalog& c, const ParticipantView& p, const ParticipantView& then, Date on) {
  json::object o;
  o["state"] = p.state;
  o["name"] = c.state_name(p.state);
  o["status"] = std::string(to_string(p.status_on(on)));
  o["signature"] = opt(then.signature);
  o["consent"] = opt(then.consent);
  o["consent_kind"] = then.consent_kind ? json::value(std::string(to_string(*then.consent_kind))) : json::value(nullptr);
  o["entry_into_force"] = opt(then.entry_into_force);
  o["withdrawal_received"] = opt(then.withdrawal_received);
  o["withdrawal_effective"] = opt(then.withdrawal_effective);
  o["withdrawal_suspended_from"] = opt(then.withdrawal_suspended_from);
  o["communications"] = then.has_communications;
  o["disputed"] = then.disputed;
  // Dates after `on`: effects scheduled by the instruments received by then ...
  o["scheduled"] = after({{"entry_into_force", then.entry_into_force},
                          {"withdrawal_effective", then.withdrawal_effective},
                          {"withdrawal_suspended_from", then.withdrawal_suspended_from}},
                         on);
  // ... or a consent deposited later whose effect reaches back to `on` (a notification of
  // succession, from the date of the succession of States).
  o["retroactive"] = after({{"consent", then.consent}}, on);
  return o;
}

}  // namespace

namespace {

// The ids of the profile's competences the state accepts on `on`, as engine/competence.h
// computes them (opt-out ones: those a party has not declared it does not recognise).
json::array accepted_competences_json(const TreatyView& v, const std::string& state, Date on) {
  json::array out;
  for (const CompetenceOn& x : competences_on(v, state, on))
    if (x.accepted) out.push_back(json::string(x.competence->id));
  return out;
}

}  // namespace

json::object participant_row_json(const Catalog& c, const ParticipantView& p, Date on) {
  const ParticipantOn then = p.as_of(on);
  json::object o = row_json(c, p, *then, on);
  if (p.treaty && !p.treaty->profile().competences.empty())
    o["competences"] = accepted_competences_json(*p.treaty, p.state, on);
  return o;
}

json::object count_json(const PartyCount& n) {
  json::object o;
  o["parties"] = n.parties;
  o["deposited"] = n.deposited;
  o["signatories"] = n.signatories;
  return o;
}

namespace {

json::object event_json(const Catalog& c, const std::string& treaty, const DerivedEvent& e) {
  json::object o;
  o["treaty"] = treaty;
  o["date"] = e.date.iso();
  o["state"] = e.state.empty() ? json::value(nullptr) : json::value(e.state);
  o["name"] = e.state.empty() ? json::value(nullptr) : json::value(c.state_name(e.state));
  o["kind"] = e.kind;
  o["label"] = e.label;
  o["conditional"] = e.conditional;
  o["explanation"] = reasons_json(e.why);
  return o;
}

// An event in an answer for the day `on`: one after it is scheduled by what was received by then.
json::object event_json(const Catalog& c, const std::string& treaty, const DerivedEvent& e, Date on) {
  json::object o = event_json(c, treaty, e);
  o["scheduled"] = e.date > on;
  return o;
}

// The status intervals of a participant from `from` on (all when empty).
json::array intervals_json(const ParticipantView* p, std::optional<Date> from = std::nullopt);

}  // namespace

json::value reasons_json(const std::vector<Reason>& why) {
  json::array a;
  for (const Reason& r : why) {
    json::object o;
    o["text"] = r.text;
    o["article"] = r.article;
    o["quote"] = r.quote;
    json::array refs(r.references.begin(), r.references.end());
    o["references"] = std::move(refs);
    json::array entries(r.entries.begin(), r.entries.end());
    o["entries"] = std::move(entries);
    if (r.noted_on) o["noted_on"] = r.noted_on->iso();
    if (r.disputed) o["disputed"] = true;
    a.push_back(std::move(o));
  }
  return a;
}

json::value treaties_json(const Catalog& c, Date on) {
  json::array out;
  for (const TreatyIndex& t : c.treaty_index()) {
    auto v = c.view(t.id);
    if (!v) continue;
    const TreatyProfile& p = v->profile();
    json::object o;
    o["id"] = p.id;
    o["title"] = p.title;
    o["short_title"] = p.short_title;
    o["chapter"] = p.chapter;
    o["depositary"] = p.depositary;
    o["adopted"] = p.adopted.iso();
    const TreatyInForce in_force = v->entry_into_force_on(on);
    o["entry_into_force"] = opt(in_force.date);
    o["scheduled"] = after({{"entry_into_force", in_force.date}}, on);
    o["record_note"] = p.record_note;
    o["on"] = on.iso();
    o["count"] = count_json(v->count_on(on));
    o["rules_version"] = p.rules_version;
    if (p.consent.parent) o["parent"] = p.consent.parent->treaty;
    out.push_back(std::move(o));
  }
  return out;
}

namespace {

// The profile's competences for `state` on `on` (engine/competence.h): [{id, title, kind,
// accepted, since, article, quote, declaration, explanation}].
json::array competences_json(const TreatyView& v, const std::string& state, Date on) {
  json::array out;
  for (const CompetenceOn& x : competences_on(v, state, on)) {
    json::object o;
    o["id"] = x.competence->id;
    o["title"] = x.competence->title;
    o["kind"] = std::string(to_string(x.competence->kind));
    o["accepted"] = x.accepted;
    o["since"] = opt(x.since);
    o["article"] = x.competence->cite.article;
    o["quote"] = x.competence->cite.quote;
    o["declaration"] = x.declaration ? json::value(x.declaration->date.iso()) : json::value(nullptr);
    o["explanation"] = reasons_json(x.why);
    out.push_back(std::move(o));
  }
  return out;
}

// The state's reservations in effect on `on` (engine/relation.h): [{date, reference, since,
// partially_withdrawn, qualifier, text}]; qualifier "with-declarations" when the page does not
// separate the reservation from declarations made with it.
json::array reservations_json(const ParticipantView* p, Date on) {
  json::array out;
  if (!p) return out;
  for (const ReservationInEffect& r : reservations_on(*p, on)) {
    json::object o;
    o["date"] = r.reservation->date.iso();
    o["reference"] = r.reservation->reference;
    o["since"] = r.since.iso();
    o["partially_withdrawn"] = r.partial_withdrawal ? json::value(r.partial_withdrawal->date.iso()) : json::value(nullptr);
    o["qualifier"] = r.reservation->qualifier.empty() ? json::value(nullptr) : json::value(r.reservation->qualifier);
    o["text"] = r.reservation->text;
    o["seq"] = r.reservation->prov.seq;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

json::value status_json(const Catalog& c, const std::string& treaty, const std::string& state, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  json::object o;
  o["treaty"] = treaty;
  o["state"] = state;
  o["name"] = c.state_name(state);
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["rules_version"] = v->profile().rules_version;
  o["cite"] = cite(c, v->profile(), "status of " + c.state_name(state) + " (" + state + ")", q);
  const ParticipantView* p = v->participant(state);
  // Everything below as it stood on q.on: the interval, its end, its reasons, the record.
  std::optional<ParticipantOn> then;
  if (p) then.emplace(p->as_of(q.on));
  const StatusInterval* i = then ? (*then)->interval_on(q.on) : nullptr;
  const Status s = i ? i->status : Status::kNone;
  o["status"] = std::string(to_string(s));
  o["party"] = counts_as_party(s);
  o["since"] = i ? json::value(i->from.iso()) : json::value(nullptr);
  o["until"] = i ? opt(i->until) : json::value(nullptr);
  if (i) {
    std::vector<Reason> why;
    for (const Reason& r : i->why)
      if (!r.noted_on || *r.noted_on <= q.on) why.push_back(r);
    o["explanation"] = reasons_json(why);
  } else {
    json::array why;
    json::object r;
    r["text"] = "no action by " + state + " recorded for this treaty" +
                (v->profile().record_note.empty() ? std::string() : " (" + v->profile().record_note + ")") +
                (q.known_on ? " as known on " + q.known_on->iso() : std::string()) +
                (p ? " by " + q.on.iso() : std::string());
    r["article"] = "";
    r["quote"] = "";
    r["references"] = json::array();
    r["entries"] = json::array();
    why.push_back(std::move(r));
    o["explanation"] = std::move(why);
  }
  bool disputed = false;
  if (i)
    for (const Reason& r : i->why) disputed = disputed || r.disputed;
  o["disputed"] = disputed;
  if (i && i->until) {
    // What the next interval will be, so a reader sees "withdrawing until 2025-12-27, then withdrawn".
    const StatusInterval* next = (*then)->interval_on(*i->until);
    o["next_status"] = next ? json::value(std::string(to_string(next->status))) : json::value(nullptr);
  } else {
    o["next_status"] = nullptr;
  }
  // The interval's end, when set, is scheduled by what was received by q.on.
  o["scheduled"] = after({{"until", i ? i->until : std::nullopt}}, q.on);
  if (p) {
    json::object summary = row_json(c, *p, **then, q.on);
    summary.erase("status");
    summary.erase("state");
    summary.erase("name");
    o["record"] = std::move(summary);
  }
  o["competences"] = competences_json(*v, state, q.on);
  o["reservations"] = reservations_json(p, q.on);
  return o;
}

json::value relation_json(const Catalog& c, const std::string& treaty, const std::string& a, const std::string& b, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  const GeneralLaw& law = general_law();
  const Relation r = relation_on(*v, law, a, b, q.on);
  json::object o;
  o["treaty"] = treaty;
  o["a"] = a;
  o["a_name"] = c.state_name(a);
  o["b"] = b;
  o["b_name"] = c.state_name(b);
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["rules_version"] = v->profile().rules_version;
  o["cite"] = cite(c, v->profile(), "relation between " + c.state_name(a) + " (" + a + ") and " + c.state_name(b) + " (" + b + ")", q);
  o["status_a"] = std::string(to_string(r.status_a));
  o["status_b"] = std::string(to_string(r.status_b));
  o["in_force"] = r.in_force;
  o["explanation"] = reasons_json(r.why);
  json::array res;
  for (const ReservationBetween& x : r.reservations) {
    json::object j;
    j["by"] = x.by;
    j["other"] = x.other;
    j["date"] = x.reservation->date.iso();
    j["reference"] = x.reservation->reference;
    j["seq"] = x.reservation->prov.seq;
    j["text"] = x.reservation->text;
    j["qualifier"] = x.reservation->qualifier.empty() ? json::value(nullptr) : json::value(x.reservation->qualifier);
    j["since"] = x.since.iso();
    j["effect"] = x.effect;
    j["objection"] = x.objection ? json::value(x.objection->date.iso()) : json::value(nullptr);
    j["objection_precludes"] = x.objection && x.objection->qualifier == "precludes";
    j["partially_withdrawn"] = x.partial_withdrawal ? json::value(x.partial_withdrawal->date.iso()) : json::value(nullptr);
    j["accepted_tacitly_from"] = opt(x.accepted_tacitly_from);
    j["explanation"] = reasons_json(x.why);
    res.push_back(std::move(j));
  }
  o["reservations"] = std::move(res);
  o["law"] = law.title;
  return o;
}

json::value parties_json(const Catalog& c, const std::string& treaty, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  json::object o;
  o["treaty"] = treaty;
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["rules_version"] = v->profile().rules_version;
  o["count"] = count_json(v->count_on(q.on));
  o["counting"] =
      "parties: states bound by the treaty on that day (statuses party, withdrawing, withdrawal_suspended); "
      "deposited: states that have deposited consent and not withdrawn, whether or not yet bound";
  json::array rows;
  for (const auto& [state, p] : v->participants())
    if (counts_as_party(p.status_on(q.on))) rows.push_back(participant_row_json(c, p, q.on));
  o["parties"] = std::move(rows);
  return o;
}

json::value timeline_json(const Catalog& c, const std::string& treaty, const std::string& state,
                          std::optional<Date> known_on) {
  auto v = c.view(treaty, known_on);
  json::object o;
  o["treaty"] = treaty;
  o["state"] = state;
  o["name"] = c.state_name(state);
  o["known_on"] = opt(known_on);
  o["rules_version"] = v->profile().rules_version;
  struct Item {
    Date date;
    int order;
    json::object body;
  };
  std::vector<Item> items;
  const ParticipantView* p = v->participant(state);
  if (p) {
    for (const Action* a : p->actions) {
      json::object b = action_json(c, *a);
      b["type"] = "action";
      b["text"] = a->text;
      items.push_back({a->date, 1, std::move(b)});
    }
    for (const DerivedEvent& e : p->derived) {
      json::object b = event_json(c, treaty, e);
      b["type"] = "derived";
      items.push_back({e.date, 2, std::move(b)});
    }
  }
  for (const DomesticStep& s : v->record().steps) {
    if (s.state != state) continue;
    json::object b;
    b["type"] = "step";
    b["seq"] = s.prov.seq;
    b["date"] = s.date.iso();
    b["kind"] = s.kind;
    b["body"] = s.body;
    b["description"] = s.description;
    b["source"] = s.prov.source;
    b["sources"] = sources_json(v->profile(), s.prov.source, "");
    items.push_back({s.date, 0, std::move(b)});
  }
  for (const Fact& f : v->record().facts) {
    if (f.state != state) continue;
    json::object b;
    b["type"] = "fact";
    b["seq"] = f.prov.seq;
    b["kind"] = std::string(to_string(f.kind));
    b["date"] = f.from.iso();
    b["to"] = opt(f.to);
    b["source"] = f.prov.source;
    b["sources"] = sources_json(v->profile(), f.prov.source, "");
    b["notes"] = f.prov.notes;
    items.push_back({f.from, 0, std::move(b)});
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return std::tie(a.date, a.order) < std::tie(b.date, b.order); });
  json::array arr;
  for (Item& i : items) arr.push_back(std::move(i.body));
  o["events"] = std::move(arr);
  o["intervals"] = intervals_json(p);
  return o;
}

json::value upcoming_json(const Catalog& c, Date from, int days, std::optional<Date> known_on) {
  const Date until = from.plus_days(days);
  json::object o;
  o["from"] = from.iso();
  o["until"] = until.iso();
  o["days"] = days;
  json::array events;
  std::vector<std::pair<Date, json::object>> all;
  for (const TreatyIndex& t : c.treaty_index()) {
    auto v = c.view(t.id, known_on);
    if (!v) continue;
    for (const DerivedEvent& e : v->events_between(from, until, from)) {
      json::object ev = event_json(c, t.id, e, from);
      ev["rules_version"] = v->profile().rules_version;
      all.emplace_back(e.date, std::move(ev));
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [d, e] : all) events.push_back(std::move(e));
  o["events"] = std::move(events);
  return o;
}

json::value what_if_json(const Catalog& c, const std::string& treaty, const std::string& state, const WhatIf& w) {
  auto entries = c.entries(treaty);
  Record r = as_known_on(entries->stored.record, std::nullopt);
  Action a;
  a.treaty = treaty;
  a.state = state;
  a.kind = ActionKind::kWithdrawal;
  a.date = w.withdrawal;
  a.text = "(hypothetical)";
  a.prov.source = "what-if";
  r.actions.push_back(a);
  if (w.conflict_from) {
    Fact f;
    f.state = state;
    f.kind = FactKind::kArmedConflict;
    f.from = *w.conflict_from;
    f.to = w.conflict_to;
    f.prov.source = "what-if";
    r.facts.push_back(f);
  }
  const auto profile = c.treaty(treaty);
  const std::string parent = profile->parent_treaty();
  TreatyView v(*profile, std::move(r), parent.empty() ? nullptr : c.view(parent));
  json::object o;
  o["treaty"] = treaty;
  o["rules_version"] = v.profile().rules_version;
  o["state"] = state;
  o["name"] = c.state_name(state);
  o["hypothesis"] = "withdrawal notified " + w.withdrawal.iso() +
                    (w.conflict_from ? "; armed conflict from " + w.conflict_from->iso() +
                                           (w.conflict_to ? " to " + w.conflict_to->iso() : std::string(", no end"))
                                     : std::string("; no armed conflict"));
  o["intervals"] = intervals_json(v.participant(state), w.withdrawal);
  return o;
}

namespace {

// The status of a state that has no action under a treaty, without building its view.
json::value no_status_json(const Catalog& c, const TreatyIndex& t, const std::string& state, const Query& q) {
  json::object o;
  o["treaty"] = t.id;
  o["state"] = state;
  o["name"] = c.state_name(state);
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["rules_version"] = nullptr;
  o["status"] = std::string(to_string(Status::kNone));
  o["party"] = false;
  o["since"] = nullptr;
  o["until"] = nullptr;
  json::object r;
  r["text"] = "no action by " + state + " recorded for this treaty" +
              (t.record_note.empty() ? std::string() : " (" + t.record_note + ")") +
              (q.known_on ? " as known on " + q.known_on->iso() : std::string());
  r["article"] = "";
  r["quote"] = "";
  r["references"] = json::array();
  r["entries"] = json::array();
  o["explanation"] = json::array{std::move(r)};
  o["disputed"] = false;
  o["next_status"] = nullptr;
  o["scheduled"] = json::array();
  return o;
}

}  // namespace

json::object recorded_json(const Recorded& r) {
  const Action& a = r.action;
  json::object j;
  j["id"] = a.prov.seq;
  j["treaty"] = a.treaty;
  j["state"] = a.state;
  j["kind"] = std::string(to_string(a.kind));
  j["date"] = a.date.iso();
  j["supersedes"] = a.prov.supersedes ? json::value(*a.prov.supersedes) : json::value(nullptr);
  j["consequences"] = json::array(r.consequences.begin(), r.consequences.end());
  j["notification"] = r.notification ? json::value(r.notification->reference) : json::value(nullptr);
  return j;
}

json::value state_json(const Catalog& c, const std::string& state, const Query& q) {
  json::object o;
  o["state"] = state;
  o["name"] = c.state_name(state);
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  json::array rows;
  // Only the treaties the state has an action under are computed; for the others its
  // status is none whatever their rules say (no rules were applied: rules_version null).
  const std::vector<std::string> mine = c.treaties_of(state);
  for (const TreatyIndex& t : c.treaty_index()) {
    json::value st = std::binary_search(mine.begin(), mine.end(), t.id) ? status_json(c, t.id, state, q)
                                                                        : no_status_json(c, t, state, q);
    json::object r;
    r["treaty"] = t.id;
    r["short_title"] = t.short_title;
    r["record_note"] = t.record_note;
    r["status"] = st.at("status");
    r["party"] = st.at("party");
    r["disputed"] = st.at("disputed");
    r["since"] = st.at("since");
    r["until"] = st.at("until");
    r["next_status"] = st.at("next_status");
    r["scheduled"] = st.at("scheduled");
    if (const auto* rec = st.as_object().if_contains("record")) r["record"] = *rec;
    r["explanation"] = st.at("explanation");
    r["rules_version"] = st.at("rules_version");
    if (const auto* comp = st.as_object().if_contains("competences")) r["competences"] = *comp;
    if (const auto* res = st.as_object().if_contains("reservations")) r["reservations"] = *res;
    rows.push_back(std::move(r));
  }
  o["treaties"] = std::move(rows);
  return o;
}

namespace {

// The links between a treaty and others (issue 15): `parent` (a protocol's Convention, with the
// rule that consent is open only to its parties), `protocols` (the treaties whose parent it is,
// each with its entry into force and count on `on`, and the rule on consent with protocols),
// and `entry_into_force_requires` (CTBT art. XIV(1), Annex 2: each listed State, whether it has
// deposited on `on`, and those that have not).
void add_links_json(const Catalog& c, const TreatyProfile& p, Date on, json::object& o) {
  if (const auto& parent = p.consent.parent) {
    json::object x;
    x["treaty"] = parent->treaty;
    x["article"] = parent->cite.article;
    x["quote"] = parent->cite.quote;
    o["parent"] = std::move(x);
  }
  json::array protocols;
  for (const TreatyIndex& t : c.treaty_index()) {
    auto pv = c.view(t.id);
    if (!pv || !pv->profile().consent.parent || pv->profile().consent.parent->treaty != p.id) continue;
    json::object x;
    x["treaty"] = t.id;
    x["short_title"] = pv->profile().short_title;
    x["chapter"] = pv->profile().chapter;
    // As the treaty answers do: a date after `on` only under "scheduled".
    const std::optional<Date> eif = pv->entry_into_force_on(on).date;
    x["entry_into_force"] = opt(eif && *eif <= on ? eif : std::nullopt);
    x["scheduled"] = after({{"entry_into_force", eif}}, on);
    x["count"] = count_json(pv->count_on(on));
    protocols.push_back(std::move(x));
  }
  if (!protocols.empty() || p.consent.protocols) {
    o["protocols"] = std::move(protocols);
    if (const auto& rule = p.consent.protocols) {
      json::object x;
      x["article"] = rule->cite.article;
      x["quote"] = rule->cite.quote;
      x["minimum_with_consent"] = rule->minimum_with_consent;
      json::array unrecorded;
      for (const std::string& n : rule->annexed_unrecorded) unrecorded.push_back(json::string(n));
      x["annexed_unrecorded"] = std::move(unrecorded);
      o["protocols_rule"] = std::move(x);
    }
  }
  const TreatyEntryIntoForce& e = p.entry_into_force;
  if (!e.required_states.empty()) {
    auto v = c.view(p.id);
    const std::vector<std::string> missing = v ? v->required_missing(on) : e.required_states;
    json::array states, not_deposited;
    for (const std::string& s : e.required_states) {
      const bool absent = std::find(missing.begin(), missing.end(), s) != missing.end();
      json::object x;
      x["state"] = s;
      x["name"] = c.state_name(s);
      x["deposited"] = !absent;
      states.push_back(x);
      if (absent) not_deposited.push_back(std::move(x));
    }
    json::object r;
    r["article"] = e.required_cite ? e.required_cite->article : e.cite.article;
    r["quote"] = e.required_cite ? e.required_cite->quote : e.cite.quote;
    r["states"] = std::move(states);
    r["not_deposited"] = std::move(not_deposited);
    o["entry_into_force_requires"] = std::move(r);
  }
}

}  // namespace

namespace {

// The treaty body's competences in the profile on `on` (engine/competence.h), each with whether
// it is itself in force (competence_in_force: a number of declarations required) and the states
// accepting it that day: [{id, title, kind, article, quote, declarations_required, declared,
// in_force, in_force_since, effect_article, accepting, parties_not_accepting, accepted_by:
// [{state, name, since, declaration}]}].
json::array treaty_competences_json(const Catalog& c, const TreatyView& v, Date on) {
  const std::vector<Competence>& all = v.profile().competences;
  json::array out;
  if (all.empty()) return out;
  std::vector<json::array> accepted_by(all.size());
  std::vector<int> parties_not_accepting(all.size(), 0);
  for (const auto& [state, p] : v.participants()) {
    const bool party = counts_as_party(p.status_on(on));
    const std::vector<CompetenceOn> those = competences_on(v, state, on);
    for (size_t i = 0; i < those.size() && i < all.size(); ++i) {
      const CompetenceOn& x = those[i];
      if (!x.accepted) {
        if (party) ++parties_not_accepting[i];
        continue;
      }
      json::object s;
      s["state"] = state;
      s["name"] = c.state_name(state);
      s["since"] = opt(x.since);
      s["declaration"] = x.declaration ? json::value(x.declaration->date.iso()) : json::value(nullptr);
      accepted_by[i].push_back(std::move(s));
    }
  }
  for (size_t i = 0; i < all.size(); ++i) {
    const Competence& k = all[i];
    const CompetenceInForce in = competence_in_force(v, k, on);
    json::object o;
    o["id"] = k.id;
    o["title"] = k.title;
    o["kind"] = std::string(to_string(k.kind));
    o["article"] = k.cite.article;
    o["quote"] = k.cite.quote;
    o["declarations_required"] = k.declarations_required;
    o["declared"] = in.declared;
    o["in_force"] = !in.required || in.date.has_value();
    o["in_force_since"] = opt(in.date);
    o["effect_article"] = k.effect_cite ? json::value(k.effect_cite->article) : json::value(nullptr);
    o["accepting"] = accepted_by[i].size();
    o["parties_not_accepting"] = parties_not_accepting[i];
    o["accepted_by"] = std::move(accepted_by[i]);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

json::value overview_json(const Catalog& c, const std::string& treaty, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  const TreatyProfile& p = v->profile();
  json::object o;
  o["treaty"] = treaty;
  o["title"] = p.title;
  o["short_title"] = p.short_title;
  o["depositary"] = p.depositary;
  o["on"] = q.on.iso();
  o["cite"] = cite(c, p, "participation", q);
  const TreatyInForce in_force = v->entry_into_force_on(q.on);
  o["entry_into_force"] = opt(in_force.date);
  o["entry_into_force_explanation"] = reasons_json(in_force.why);
  o["scheduled"] = after({{"entry_into_force", in_force.date}}, q.on);
  o["record_note"] = p.record_note;
  o["rules_version"] = p.rules_version;
  o["count"] = count_json(v->count_on(q.on));
  json::array signatories, pending, suspended, communications, contracting;
  for (const auto& [state, pv] : v->participants()) {
    const Status s = pv.status_on(q.on);
    if (s == Status::kSignatory) signatories.push_back(participant_row_json(c, pv, q.on));
    if (s == Status::kWithdrawing) pending.push_back(participant_row_json(c, pv, q.on));
    if (s == Status::kWithdrawalSuspended) suspended.push_back(participant_row_json(c, pv, q.on));
    if (s == Status::kContracting) contracting.push_back(participant_row_json(c, pv, q.on));
    for (const Action* a : pv.actions)
      if (a->kind == ActionKind::kCommunication && a->date <= q.on) communications.push_back(action_json(c, *a));
  }
  o["signatories"] = std::move(signatories);
  o["contracting"] = std::move(contracting);
  o["withdrawals_pending"] = std::move(pending);
  o["withdrawals_suspended"] = std::move(suspended);
  o["communications"] = std::move(communications);
  json::array next;
  for (const DerivedEvent& e : v->events_between(q.on.plus_days(1), Date::from_days(q.on.days() + 366 * 5), q.on))
    if (e.kind != "obligation_deadline" && next.size() < 10) next.push_back(event_json(c, treaty, e, q.on));
  o["next"] = std::move(next);
  add_links_json(c, p, q.on, o);
  o["competences"] = treaty_competences_json(c, *v, q.on);
  return o;
}

namespace {

json::array intervals_json(const ParticipantView* p, std::optional<Date> from) {
  json::array out;
  if (!p) return out;
  for (const StatusInterval& i : p->intervals) {
    if (from && i.until && *i.until <= *from) continue;
    json::object b;
    b["status"] = std::string(to_string(i.status));
    b["from"] = i.from.iso();
    b["until"] = opt(i.until);
    b["explanation"] = reasons_json(i.why);
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace
}  // namespace pacta
