#include "app/status_page.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>

#include "app/sources.h"

namespace json = boost::json;

namespace pacta {

std::string un_name(const std::string& iso3, const std::string& name) {
  // The UN Treaty Collection's spelling on its status pages where the state list's English
  // short name differs (read on the 30 status pages of 3 February 2026 in data/untc/, each
  // spelled alike on every page that lists the state).
  static const std::map<std::string, std::string> kUn = {
      {"BHS", "Bahamas (The)"},
      {"CZE", "Czech Republic"},
      {"FSM", "Micronesia (Federated States of)"},
      {"IRN", "Iran (Islamic Republic of)"},
      {"KNA", "St. Kitts and Nevis"},
      {"KOR", "Republic of Korea"},
      {"LCA", "St. Lucia"},
      {"PRK", "Democratic People's Republic of Korea"},
      {"USA", "United States of America"},
      {"VCT", "St. Vincent and the Grenadines"},
  };
  auto it = kUn.find(iso3);
  return it == kUn.end() ? name : it->second;
}

std::string un_date(Date d) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::to_string(d.day()) + " " + kMonths[d.month() - 1] + " " + std::to_string(d.year());
}

namespace {

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

// The UN's letter after the date of an instrument of consent; ratification has none.
std::string letter(ActionKind k) {
  switch (k) {
    case ActionKind::kAccession: return "a";
    case ActionKind::kSuccession: return "d";
    case ActionKind::kAcceptance: return "A";
    case ActionKind::kApproval: return "AA";
    default: return "";
  }
}

// "Article 20(3)" as it reads inside a sentence: "article 20(3)"; other titles unchanged.
std::string in_sentence(std::string_view s) {
  std::string out(s);
  if (out.rfind("Article ", 0) == 0) out[0] = 'a';
  return out;
}

std::string lower_first(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// One end note before it is numbered.
struct PageNote {
  std::string kind;  // withdrawal, withdrawal_revocation, communication, not_intending, instrument_withdrawal, succession, correction
  Date date;
  std::string text;
  std::string reference;
};

struct PageRow {
  std::string state;
  std::string name;
  std::string key;  // folded name: the UN's order
  std::optional<Date> signature;
  std::optional<Date> consent;
  std::optional<ActionKind> consent_kind;
  Status status = Status::kNone;
  std::vector<PageNote> notes;
  std::optional<Date> ceased;  // a State that ceased to exist by the day: an end note, not a row
};

class PageBuilder {
 public:
  PageBuilder(const Catalog& c, const TreatyView& v, Date on) : c_(c), v_(v), p_(v.profile()), on_(on) {}

  std::optional<PageRow> row(const ParticipantView& pv) const {
    const ParticipantOn then = pv.as_of(on_);
    PageRow r;
    r.state = pv.state;
    r.name = un_name(pv.state, c_.state_name(pv.state));
    r.key = fold_name(r.name);
    r.status = pv.status_on(on_);
    r.signature = then->signature;
    r.consent = then->consent;
    r.consent_kind = then->consent_kind;
    r.ceased = then->ceased;
    // A consent the summary no longer carries (withdrawn before it took effect) is still a
    // deposit the page shows, with its note.
    for (const Action* a : pv.actions) {
      // After the day only a consent whose effect reaches back to it (a notification of
      // succession, from the date of the succession of States): part of the answer, by law.
      const bool back = std::any_of(then->retroactive.begin(), then->retroactive.end(),
                                    [&](const RetroactiveConsent& r) { return r.action == a && r.effective <= on_; });
      if (a->date > on_ && !back) continue;
      if (!r.signature && a->kind == ActionKind::kSignature) r.signature = a->date;
      add_notes(r, *then, *a);
    }
    if (!r.signature && !r.consent && r.notes.empty()) return std::nullopt;
    return r;
  }

  // "the Sudan", "Belize": a name as it reads in a sentence.
  static std::string the(const std::string& name) {
    std::string n = name;
    if (n.ends_with(" (The)")) n.resize(n.size() - 6);
    static const char* const kThe[] = {"United ", "Republic of ", "Democratic ", "Russian ", "Czech ", "Central African ",
                                       "Dominican ", "Syrian ", "Holy ", "State of ", "Lao ", "Philippines", "Gambia", "Sudan",
                                       "Netherlands", "Marshall ", "Solomon ", "Comoros", "Maldives", "Cook ", "Bahamas",
                                       "Niger", "Congo", "Plurinational", "Bolivarian", "Islamic ", "Federated ", "Kingdom ",
                                       "German Democratic "};
    bool the = false;
    for (const char* t : kThe) the = the || (n.rfind(t, 0) == 0 && n != "Nigeria");
    return std::string(the ? "the " : "") + n;
  }

 private:
  // "the Government of the Sudan", as the UN writes it in its notes.
  static std::string who(const std::string& iso3, const std::string& name) {
    return iso3 == "EUU" ? "the European Union" : "the Government of " + the(name);
  }
  std::string depositary() const {
    return p_.depositary.rfind("Secretary-General", 0) == 0 ? "the " + p_.depositary : "the depositary";
  }
  std::string see(const Action& a) const {
    return a.reference.empty() ? std::string() : " (see depositary notification " + a.reference + ")";
  }
  std::string self() const { return p_.self_name.empty() ? "treaty" : p_.self_name; }

  // The effects the fold derived from `a` (by its ledger entry), as it stood on the day.
  std::vector<const DerivedEvent*> effects_of(const ParticipantView& then, const Action& a, std::string_view kind) const {
    std::vector<const DerivedEvent*> out;
    for (const DerivedEvent& e : then.derived) {
      if (e.kind != kind) continue;
      bool uses = false;
      for (const Reason& r : e.why) uses = uses || std::find(r.entries.begin(), r.entries.end(), a.prov.seq) != r.entries.end();
      if (uses) out.push_back(&e);
    }
    return out;
  }

  std::string article_of(const DerivedEvent& e) const {
    for (const Reason& r : e.why)
      if (!r.article.empty()) return in_sentence(r.article);
    return "";
  }

  void add_notes(PageRow& r, const ParticipantView& then, const Action& a) const {
    const std::string gov = who(r.state, r.name);
    const std::string on = "On " + a.date.long_form() + ", ";
    PageNote n{"", a.date, "", a.reference};
    switch (a.kind) {
      case ActionKind::kWithdrawal: {
        n.kind = "withdrawal";
        n.text = on + gov + " deposited with " + depositary() + " a notification of withdrawal" + see(a) + ".";
        if (a.later_date) n.text += " The notification names " + a.later_date->long_form() + " as the date it takes effect.";
        auto effects = effects_of(then, a, "withdrawal_effect");
        const bool disputed = std::any_of(effects.begin(), effects.end(), [](const DerivedEvent* e) { return e->label.ends_with("(disputed)"); });
        if (disputed) {  // every reading recorded of this withdrawal's effect
          effects.clear();
          for (const DerivedEvent& e : then.derived)
            if (e.kind == "withdrawal_effect" && e.label.ends_with("(disputed)") && e.date >= a.date) effects.push_back(&e);
        }
        if (effects.size() == 1 && !disputed) {
          const DerivedEvent& e = *effects[0];
          const std::string art = article_of(e);
          n.text += " The withdrawal " + std::string(e.date <= on_ ? "took" : "will take") + " effect for " + the(r.name) + " on " +
                    e.date.long_form() + (art.empty() ? "" : " in accordance with " + art + " of the " + self()) +
                    (e.conditional && e.date > on_ ? ", subject to the condition the " + self() + " sets" : "") + ".";
        } else if (!effects.empty()) {
          n.text += std::string(" Its effect is disputed; ") + (effects.size() == 1 ? "the reading recorded: " : "the readings recorded: ");
          for (size_t i = 0; i < effects.size(); ++i) n.text += (i ? ", " : "") + effects[i]->date.long_form();
          n.text += " (see the explanation of its status).";
        }
        for (const DerivedEvent* e : effects_of(then, a, "withdrawal_suspended"))
          n.text += " Its effect was held back on " + e->date.long_form() + " by an armed conflict" +
                    (article_of(*e).empty() ? "" : " (" + article_of(*e) + ")") + ".";
        break;
      }
      case ActionKind::kWithdrawalRevocation:
        n.kind = "withdrawal_revocation";
        n.text = on + gov + " notified " + depositary() + " that it revoked its notification of withdrawal" + see(a) + ".";
        break;
      case ActionKind::kCommunication:
        n.kind = "communication";
        n.text = on + gov + " made a communication" + see(a) + ". It is recorded and changes no status: the " + self() +
                 " does not provide for it.";
        break;
      case ActionKind::kNotIntending:
        n.kind = "not_intending";
        n.text = on + gov + " informed " + depositary() + " that it does not intend to become a party to the " + self() + see(a) +
                 ".";
        break;
      case ActionKind::kInstrumentWithdrawal:
        n.kind = "instrument_withdrawal";
        n.text = on + gov + " withdrew its instrument of consent before it took effect" + see(a) + ".";
        break;
      case ActionKind::kSuccession: {
        n.kind = "succession";
        n.text = on + gov + " deposited a notification of succession" + see(a) + ".";
        std::optional<Date> from;
        for (const Fact& f : v_.record().facts)
          if (f.kind == FactKind::kStateSuccession && f.state == r.state && f.prov.known_from <= on_) from = f.from;
        const auto in_force = effects_of(then, a, "entry_into_force");
        if (!in_force.empty())
          n.text += " The " + self() + " has effect for " + the(r.name) + " from " + in_force[0]->date.long_form() +
                    (from && *from == in_force[0]->date ? ", the date of the succession of States" : "") +
                    (p_.succession && !p_.succession->cite.article.empty() && from
                         ? " (" + in_sentence(p_.succession->cite.article) + ")"
                         : "") +
                    ".";
        break;
      }
      default: break;
    }
    if (!n.kind.empty()) r.notes.push_back(n);
    if (a.prov.supersedes) {
      PageNote fix{"correction", a.date, "", a.reference};
      fix.text = "The record of this " + lower_first(display_name(a.kind)) + " was corrected (entry " +
                 std::to_string(a.prov.seq) + " replaces entry " + std::to_string(*a.prov.supersedes) + ", recorded as known from " +
                 a.prov.known_from.long_form() + ")";
      if (auto old = c_.action(*a.prov.supersedes)) {
        std::vector<std::string> changed;
        if (old->date != a.date) changed.push_back("date " + old->date.long_form() + " → " + a.date.long_form());
        if (old->kind != a.kind)
          changed.push_back("kind " + lower_first(display_name(old->kind)) + " → " + lower_first(display_name(a.kind)));
        if (old->reference != a.reference) changed.push_back("reference " + old->reference + " → " + a.reference);
        for (size_t i = 0; i < changed.size(); ++i) fix.text += (i == 0 ? ": " : "; ") + changed[i];
      }
      fix.text += ".";
      r.notes.push_back(fix);
    }
  }

  const Catalog& c_;
  const TreatyView& v_;
  const TreatyProfile& p_;
  Date on_;
};

}  // namespace

json::value status_page_json(const Catalog& c, const std::string& treaty, const Query& q) {
  auto v = c.view(treaty, q.known_on);
  const TreatyProfile& p = v->profile();
  PageBuilder b(c, *v, q.on);
  std::vector<PageRow> rows;
  for (const auto& [state, pv] : v->participants())
    if (auto r = b.row(pv)) rows.push_back(std::move(*r));
  std::stable_sort(rows.begin(), rows.end(), [](const PageRow& a, const PageRow& b) { return a.key < b.key; });
  // A State that no longer exists is not a participant on the page; what it did is an end note
  // ("Czechoslovakia had signed and ratified the Covenant on 7 October 1968 and 23 December 1975,
  // respectively"), as the UN writes it.
  std::vector<PageRow> gone;
  for (auto it = rows.begin(); it != rows.end();)
    if (it->ceased) {
      gone.push_back(std::move(*it));
      it = rows.erase(it);
    } else {
      ++it;
    }

  json::object o;
  o["treaty"] = treaty;
  o["title"] = p.title;
  o["short_title"] = p.short_title;
  o["chapter"] = p.chapter.empty() ? json::value(nullptr) : json::value(p.chapter);
  o["depositary"] = p.depositary;
  o["on"] = q.on.iso();
  o["known_on"] = opt(q.known_on);
  o["rules_version"] = p.rules_version;
  o["record_note"] = p.record_note;
  const std::string untc = untc_url(p.chapter);
  o["untc_url"] = untc.empty() ? json::value(nullptr) : json::value(untc);
  o["entry_into_force"] = opt(v->entry_into_force_on(q.on).date);
  o["columns"] = json::array{"Participant", "Signature",
                             "Ratification, Accession (a), Succession (d), Acceptance (A), Approval (AA)"};
  const bool un = p.depositary.find("United Nations") != std::string::npos;
  json::array participants, notes;
  int number = 0, signed_ = 0;
  for (const PageRow& r : rows) {
    json::object row;
    row["state"] = r.state;
    row["name"] = r.name;
    row["status"] = std::string(to_string(r.status));
    const bool withdrawn = r.status == Status::kWithdrawn;
    row["withdrawn"] = withdrawn;
    auto shown = [&](const std::string& s) { return s.empty() || !withdrawn ? s : "[" + s + "]"; };
    row["signature"] = opt(r.signature);
    row["signature_text"] = shown(r.signature ? un_date(*r.signature) : "");
    row["consent"] = opt(r.consent);
    row["consent_kind"] = r.consent_kind ? json::value(std::string(to_string(*r.consent_kind))) : json::value(nullptr);
    const std::string l = r.consent_kind ? letter(*r.consent_kind) : "";
    row["consent_letter"] = l;
    row["consent_text"] = shown(r.consent ? un_date(*r.consent) + (l.empty() ? "" : " " + l) : "");
    if (r.signature && !withdrawn) ++signed_;  // the UN counts the signatures of states still participating
    json::array numbers;
    for (const PageNote& n : r.notes) {
      numbers.push_back(++number);
      json::object j;
      j["number"] = number;
      j["state"] = r.state;
      j["name"] = r.name;
      j["kind"] = n.kind;
      j["date"] = n.date.iso();
      j["text"] = n.text;
      j["reference"] = n.reference.empty() ? json::value(nullptr) : json::value(n.reference);
      const std::string url = un ? cn_url(n.reference) : "";
      j["url"] = url.empty() ? json::value(nullptr) : json::value(url);
      notes.push_back(std::move(j));
    }
    row["notes"] = std::move(numbers);
    participants.push_back(std::move(row));
  }
  for (const PageRow& r : gone) {
    const std::string self = p.self_name.empty() ? "treaty" : p.self_name;
    std::string verb;
    if (r.consent_kind) switch (*r.consent_kind) {
        case ActionKind::kAccession: verb = "acceded to"; break;
        case ActionKind::kAcceptance: verb = "accepted"; break;
        case ActionKind::kApproval: verb = "approved"; break;
        case ActionKind::kSuccession: verb = "succeeded to"; break;
        default: verb = "ratified"; break;
      }
    std::string text = PageBuilder::the(r.name) + " had ";
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    if (r.signature && r.consent)
      text += "signed and " + verb + " the " + self + " on " + r.signature->long_form() + " and " + r.consent->long_form() + ", respectively.";
    else if (r.consent)
      text += verb + " the " + self + " on " + r.consent->long_form() + ".";
    else if (r.signature)
      text += "signed the " + self + " on " + r.signature->long_form() + ".";
    else
      text = text.substr(0, text.size() - 4) + " took part in the " + self + ".";
    text += " It ceased to exist on " + r.ceased->long_form() + " (a recorded fact).";
    json::object j;
    j["number"] = ++number;
    j["state"] = r.state;
    j["name"] = r.name;
    j["kind"] = "ceased";
    j["date"] = r.ceased->iso();
    j["text"] = text;
    j["reference"] = nullptr;
    j["url"] = nullptr;
    notes.push_back(std::move(j));
  }
  // The page's sections after its table, as the UN prints them: "Declarations and Reservations"
  // (with their withdrawals), "Objections" (with theirs) and the declarations on a treaty body's
  // competence; each statement with its State, date and text, by what had happened by the day.
  json::array statements, objections, competences;
  {
    struct Item {
      std::string key;
      const Action* a;
    };
    std::vector<Item> items;
    for (const auto& [state, pv] : v->participants())
      for (const Action* a : pv.actions) {
        if (a->treaty != p.id || a->date > q.on) continue;
        switch (a->kind) {
          case ActionKind::kReservation:
          case ActionKind::kDeclaration:
          case ActionKind::kReservationWithdrawal:
          case ActionKind::kObjection:
          case ActionKind::kObjectionWithdrawal:
          case ActionKind::kCompetenceDeclaration:
          case ActionKind::kCompetenceWithdrawal:
            items.push_back(Item{fold_name(un_name(state, c.state_name(state))), a});
            break;
          default: break;
        }
      }
    std::stable_sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
      return std::tie(x.key, x.a->date, x.a->prov.seq) < std::tie(y.key, y.a->date, y.a->prov.seq);
    });
    for (const Item& it : items) {
      const Action& a = *it.a;
      json::object j;
      j["state"] = a.state;
      j["name"] = un_name(a.state, c.state_name(a.state));
      j["kind"] = std::string(to_string(a.kind));
      j["date"] = a.date.iso();
      j["subject"] = a.subject.empty() ? json::value(nullptr) : json::value(a.subject);
      if ((a.kind == ActionKind::kObjection || a.kind == ActionKind::kObjectionWithdrawal) && !a.subject.empty())
        j["subject_name"] = un_name(a.subject, c.state_name(a.subject));
      j["qualifier"] = a.qualifier.empty() ? json::value(nullptr) : json::value(a.qualifier);
      j["until"] = a.kind == ActionKind::kCompetenceDeclaration ? opt(a.later_date) : json::value(nullptr);
      j["text"] = a.text;
      j["reference"] = a.reference.empty() ? json::value(nullptr) : json::value(a.reference);
      j["entry"] = a.prov.seq;
      if (a.kind == ActionKind::kObjection || a.kind == ActionKind::kObjectionWithdrawal)
        objections.push_back(std::move(j));
      else if (a.kind == ActionKind::kCompetenceDeclaration || a.kind == ActionKind::kCompetenceWithdrawal)
        competences.push_back(std::move(j));
      else
        statements.push_back(std::move(j));
    }
  }
  o["statements"] = std::move(statements);
  o["objections"] = std::move(objections);
  o["competence_declarations"] = std::move(competences);
  const PartyCount n = v->count_on(q.on);
  json::object counts;
  counts["signatories"] = signed_;
  counts["parties"] = n.parties;
  counts["deposited"] = n.deposited;
  o["counts"] = std::move(counts);
  o["participants"] = std::move(participants);
  o["notes"] = std::move(notes);
  std::string cite = "pacta, " + p.short_title + " (" + p.id + "): status page on " + q.on.long_form();
  if (q.known_on) cite += ", as known on " + q.known_on->long_form();
  cite += "; rules " + p.rules_version + "; ledger head " + c.head_text();
  if (!untc.empty()) cite += "; depositary record: " + untc;
  o["cite"] = cite;
  return o;
}

namespace {

// Display width of UTF-8 text (code points; the names are Latin script).
size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t w) { return s + std::string(w > width(s) ? w - width(s) : 0, ' '); }

// Wraps `text` at `w` columns, each line after the first indented by `indent` spaces.
std::string wrap(const std::string& text, size_t w, size_t indent) {
  std::string out, line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && width(line) + 1 + width(word) > w) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line;
}

}  // namespace

std::string status_page_text(const json::value& page) {
  const json::object& o = page.as_object();
  auto str = [](const json::value& v) { return v.is_string() ? std::string(v.as_string()) : std::string(); };
  std::string out = str(o.at("title")) + "\n";
  if (!str(o.at("chapter")).empty()) out += "UN chapter " + str(o.at("chapter")) + " · ";
  out += "Depositary: " + str(o.at("depositary")) + "\n";
  out += "Status as at " + str(o.at("on"));
  if (!str(o.at("known_on")).empty()) out += " (as known on " + str(o.at("known_on")) + ")";
  const json::object& n = o.at("counts").as_object();
  out += ": Signatories: " + std::to_string(n.at("signatories").as_int64()) +
         ". Parties: " + std::to_string(n.at("deposited").as_int64()) + "\n";  // as the UN counts: consent deposited
  if (!str(o.at("record_note")).empty()) out += wrap("Partial record: " + str(o.at("record_note")), 90, 2) + "\n";
  if (!str(o.at("untc_url")).empty()) out += "The depositary's page: " + str(o.at("untc_url")) + "\n";
  out += "\n";
  std::vector<std::array<std::string, 3>> cells;
  const json::array& cols = o.at("columns").as_array();
  cells.push_back({str(cols[0]), str(cols[1]), str(cols[2])});
  for (const json::value& rv : o.at("participants").as_array()) {
    const json::object& r = rv.as_object();
    std::string name = str(r.at("name"));
    std::string nums;
    for (const json::value& x : r.at("notes").as_array()) nums += (nums.empty() ? " " : ", ") + std::to_string(x.as_int64());
    cells.push_back({name + nums, str(r.at("signature_text")), str(r.at("consent_text"))});
  }
  size_t w0 = 0, w1 = 0;
  for (const auto& c : cells) {
    w0 = std::max(w0, width(c[0]));
    w1 = std::max(w1, width(c[1]));
  }
  w0 = std::min<size_t>(w0, 56);
  for (const auto& c : cells) out += pad(c[0], w0) + "  " + pad(c[1], w1) + "  " + c[2] + "\n";
  const json::array& notes = o.at("notes").as_array();
  if (!notes.empty()) {
    out += "\nEnd notes\n";
    for (const json::value& nv : notes) {
      const json::object& x = nv.as_object();
      const std::string head = std::to_string(x.at("number").as_int64()) + ". ";
      std::string text = str(x.at("text"));
      if (!str(x.at("url")).empty()) text += " <" + str(x.at("url")) + ">";
      out += head + wrap(text, 90 - head.size(), head.size()) + "\n";
    }
  }
  // The statements' sections, each statement headed by its State, date and kind.
  auto section = [&](const char* key, const std::string& heading) {
    const json::array& xs = o.at(key).as_array();
    if (xs.empty()) return;
    out += "\n" + heading + "\n";
    for (const json::value& xv : xs) {
      const json::object& x = xv.as_object();
      std::string head = str(x.at("name")) + ", " + str(x.at("date")) + ", " + str(x.at("kind"));
      if (!str(x.at("subject")).empty())
        head += " (" + (x.if_contains("subject_name") ? "to " + str(x.at("subject_name")) : str(x.at("subject"))) + ")";
      if (!str(x.at("qualifier")).empty()) head += " [" + str(x.at("qualifier")) + "]";
      if (!str(x.at("until")).empty()) head += ", in effect until " + str(x.at("until"));
      if (!str(x.at("reference")).empty()) head += " (" + str(x.at("reference")) + ")";
      out += "- " + wrap(head, 88, 2) + "\n";
      std::string text;  // one paragraph: the page's line breaks are layout
      for (char ch : str(x.at("text"))) {
        const bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
        if (!space) text += ch;
        else if (!text.empty() && text.back() != ' ') text += ' ';
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (!text.empty()) out += "  " + wrap(text, 88, 2) + "\n";
    }
  };
  section("statements", "Declarations and Reservations");
  section("objections", "Objections");
  section("competence_declarations", "Declarations on the competence of the treaty body");
  out += "\nCite: " + str(o.at("cite")) + "\n";
  return out;
}

}  // namespace pacta
