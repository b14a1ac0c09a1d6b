#include "cli/ingest_commands.h"

#include <algorithm>
#include <cctype>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "app/catalog.h"
#include "app/recording.h"
#include "engine/relation.h"
#include "ingest/competence_text.h"
#include "ingest/untc.h"
#include "ingest/untc_bundle.h"

namespace json = boost::json;

namespace pacta::cli {
namespace {

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string first_line(const std::string& s, size_t n) {
  std::string t = s.substr(0, s.find('\n'));
  if (t.size() > n) {
    size_t cut = n;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    t = t.substr(0, cut) + "...";
  }
  return t;
}

json::object instrument_json(const std::optional<UntcInstrument>& in) {
  json::object o;
  if (!in) return o;
  o["date"] = in->date.iso();
  o["letter"] = in->letter;
  o["meaning"] = in->meaning;
  o["kind"] = std::string(to_string(in->kind));
  o["bracketed"] = in->bracketed;
  return o;
}

json::array ints(const std::vector<int>& v) {
  json::array a;
  for (int i : v) a.push_back(i);
  return a;
}

json::array strings(const std::vector<std::string>& v) { return json::array(v.begin(), v.end()); }

// One action the page states, what it was read from, and what became of it.
struct Planned {
  Action action;
  std::string name;  // the state as the page writes it
  bool dated = true;  // the page gives (or implies) a date
  std::string from;     // "table", "provisional application", "note 3", "declarations", "objections", ...
  std::string outcome;  // "recorded as entry N", "already recorded as entry N", "not applied", "differs: ...", "refused: ...", "not recorded: ..."
  bool recordable = true;
};

int order_of(ActionKind k) {
  if (k == ActionKind::kSignature) return 0;
  if (is_consent(k)) return 1;
  if (k == ActionKind::kWithdrawal) return 5;
  if (k == ActionKind::kObjection) return 3;
  return 2;
}

bool carries_text(ActionKind k) {
  return k == ActionKind::kReservation || k == ActionKind::kDeclaration || k == ActionKind::kObjection ||
         to_string(k) == "competence-declaration";
}

// The same action: state, kind, date, subject, and for statements their text.
bool same(const Action& a, const Action& b) {
  return a.state == b.state && a.kind == b.kind && a.date == b.date && a.subject == b.subject &&
         (!carries_text(a.kind) || a.text == b.text);
}

// What the record holds instead, for actions of which a state has one at a time.
std::optional<Action> differing(const Action& a, const std::vector<Action>& record) {
  for (const Action& x : record) {
    if (x.state != a.state) continue;
    if (a.kind == ActionKind::kSignature && x.kind == ActionKind::kSignature) return x;
    if (is_consent(a.kind) && is_consent(x.kind)) return x;
    if (a.kind == ActionKind::kWithdrawal && x.kind == ActionKind::kWithdrawal) return x;
  }
  return std::nullopt;
}

std::vector<std::string> variants(const std::string& name) {
  std::vector<std::string> out;
  std::string n = name;
  if (n.rfind("St. ", 0) == 0) {
    n = "Saint " + n.substr(4);
    out.push_back(n);
  }
  const size_t open = n.rfind(" (");
  if (open != std::string::npos && n.back() == ')') {
    const std::string inner = n.substr(open + 2, n.size() - open - 3);
    const std::string base = n.substr(0, open);
    if (inner == "The" || inner == "the") {
      out.push_back(base);
      out.push_back("The " + base);
    } else {
      out.push_back(base + ", " + inner);
    }
  }
  if (n.rfind("Republic of ", 0) == 0) out.push_back(n.substr(12) + ", Republic of");
  return out;
}

// "Article 41", "Article 22(1)" -> "41", "22"; "" when none.
std::string article_number(const std::string& cite) {
  const std::string l = lower(cite);
  const size_t at = l.find("article ");
  if (at == std::string::npos) return "";
  size_t i = at + 8, e = i;
  while (e < l.size() && std::isdigit(static_cast<unsigned char>(l[e]))) ++e;
  return l.substr(i, e - i);
}

// The reserving state an objection's heading names after "made by" ("With regard to the
// reservation made by the Libyan Arab Jamahiriya upon accession:" -> "Libyan Arab Jamahiriya"),
// "" when it names none in that form.
std::string named_after_made_by(const std::string& heading) {
  const std::string l = lower(heading);
  size_t at = l.find("made by ");
  if (at == std::string::npos) return "";
  at += 8;
  if (l.compare(at, 4, "the ") == 0) at += 4;
  size_t end = std::string::npos;
  for (const char* stop : {" upon", " concerning", " on ", " in ", " to ", ":", ","})
    end = std::min(end, l.find(stop, at));
  if (end == std::string::npos || end == at) return "";
  return heading.substr(at, end - at);
}

std::string statement_text(const UntcStatement& s) {
  if (s.heading.empty()) return s.text;
  if (s.text.empty()) return s.heading;
  return s.heading + "\n" + s.text;
}

class Ingest {
 public:
  Ingest(const UntcPage& page, const Catalog* catalog, std::string treaty, std::string url)
      : page_(page), catalog_(catalog), treaty_(std::move(treaty)), url_(std::move(url)) {
    if (catalog_ && !treaty_.empty()) profile_ = catalog_->treaty(treaty_);
  }

  std::string code(const std::string& name) {
    auto it = codes_.find(name);
    if (it != codes_.end()) return it->second;
    std::string c;
    if (catalog_ && !name.empty()) {
      auto r = catalog_->resolve_state(name);
      if (r) {
        c = *r;
      } else {
        // The UN's spellings of names data/states.csv writes otherwise: "St. Lucia" (Saint
        // Lucia), "Bahamas (The)", "Iran (Islamic Republic of)" (Iran, Islamic Republic of),
        // "Republic of Korea" (Korea, Republic of). Each is the same name; none is a guess.
        for (const std::string& v : variants(name))
          if (auto rv = catalog_->resolve_state(v)) {
            c = *rv;
            break;
          }
        if (c.empty()) unmapped_[name] = r.message();
      }
    }
    codes_[name] = c;
    return c;
  }

  void plan() {
    const std::string source = url_ + " ; UN Treaty Collection status page as at " + page_.as_at.iso();
    auto add = [&](const std::string& state_name, ActionKind kind, std::optional<Date> date, const std::string& from,
                   const std::string& why_not = "") {
      Planned p;
      p.action.treaty = treaty_;
      p.action.state = code(state_name);
      p.action.kind = kind;
      if (date) p.action.date = *date;
      p.action.prov.source = source;
      p.action.prov.recorded_by = "pacta ingest-untc";
      p.from = from;
      p.name = state_name;
      p.dated = date.has_value();
      if (!why_not.empty()) {
        p.recordable = false;
        p.outcome = "not recorded: " + why_not;
      } else if (state_name.empty()) {
        p.recordable = false;
        p.outcome = "not recorded: the page names no state for it";
      } else if (p.action.state.empty()) {
        p.recordable = false;
        p.outcome = catalog_ ? "not recorded: '" + state_name + "' is not a state pacta knows (" + unmapped_[state_name] + ")"
                             : "not recorded: no database to resolve '" + state_name + "'";
      } else if (!date) {
        p.recordable = false;
        p.outcome = "not recorded: the page gives no date for it that pacta can read";
      }
      planned_.push_back(p);
      return &planned_.back();
    };
    std::map<std::string, const UntcParticipant*> by_name;
    for (const UntcParticipant& p : page_.participants) {
      by_name[p.name] = &p;
      if (p.signature) {
        Planned* x = add(p.name, ActionKind::kSignature, p.signature->date, "table");
        if (p.signature->meaning != "Signature") x->action.prov.notes = p.signature->meaning + " (UN status page)";
      }
      if (p.consent) {
        if (p.consent->definitive && !p.signature) {
          Planned* s = add(p.name, ActionKind::kSignature, p.consent->date, "table");
          s->action.prov.notes = "definitive signature (s): a signature that expresses consent by itself, recorded as signature and ratification of the same day";
        }
        Planned* x = add(p.name, p.consent->kind, p.consent->date, "table");
        if (p.consent->definitive)
          x->action.prov.notes = "definitive signature (s): a signature that expresses consent by itself, recorded as signature and ratification of the same day";
        else if (p.consent->letter == "c")
          x->action.prov.notes = "formal confirmation (c): an international organization's act, ratification-equivalent";
        else if (p.consent->letter == "P")
          x->action.prov.notes = "consent to be bound (P) notified to the depositary, recorded as accession (the protocol is not open for signature)";
      }
      if (p.provisional) {
        Planned* x = add(p.name, ActionKind::kDeclaration, p.provisional->date, "provisional application");
        x->action.text = "Provisional application (UN status page, column '" + provisional_column() + "')";
        x->action.prov.notes = "provisional application (n)";
      }
      plan_withdrawals(p, add);
      plan_reservation_withdrawals(p, add);
    }
    // The objections' headings that call a state's statements reservations, by state.
    std::map<std::string, std::string> called_reservations;
    for (const UntcStatement& o : page_.objections.statements) {
      const std::string h = o.heading.empty() ? first_line(o.text, 300) : o.heading;
      const std::string l = lower(h);
      if (l.find("reservation") == std::string::npos || l.find("declaration") != std::string::npos) continue;
      for (const std::string& r : o.reserving)
        if (const std::string c = code(r); !c.empty() && !called_reservations.count(c)) called_reservations[c] = h;
    }
    for (const UntcStatement& s : page_.declarations.statements) {
      if (s.group) continue;  // a heading over the statements that follow ("Reservations:"), stating nothing itself
      const std::string state = code(s.state);
      const UntcClassified c =
          classify_statement(s, page_.declarations.title, called_reservations.count(state) ? called_reservations[state] : "");
      if (c.parts.empty() && s.text.empty() && s.heading.empty() && plan_noted_reservations(s, by_name, add)) continue;
      if (c.parts.empty()) {
        Planned* x = add(s.state, ActionKind::kDeclaration, date_of(s, by_name), "declarations and reservations", c.why_not);
        x->action.text = statement_text(s);
        continue;
      }
      for (const UntcStatementPart& part : c.parts) {
        Planned* x = add(s.state, part.kind, date_of(s, by_name), "declarations and reservations");
        x->action.text = part.text;
        if (part.with_declarations) x->action.qualifier = "with-declarations";
        // Said only where the kind is not the statement's own heading's.
        std::string notes = part.basis.rfind("heading '", 0) == 0 && !part.with_declarations
                                ? std::string()
                                : "read as " + std::string(part.with_declarations ? "a reservation with declarations" : to_string(part.kind)) +
                                      " from " + part.basis;
        if (c.parts.size() > 1) notes += std::string(notes.empty() ? "" : "; ") + "one of " + std::to_string(c.parts.size()) + " parts of the statement, split at the text's labels";
        if (part.with_declarations)
          notes += "; the page does not separate it from declarations: recorded whole as a reservation (only what purports to exclude or "
                   "modify a legal effect is one, VCLT art. 2(1)(d))";
        if (!s.date_as_written.empty()) notes += std::string(notes.empty() ? "" : "; ") + "the page dates it '" + s.date_as_written + "'";
        x->action.prov.notes = notes;
      }
    }
    for (UntcStatement s : page_.objections.statements) {
      if (s.reserving.empty()) {
        // A name the table no longer uses ("made by Turkey upon ratification"), as data/states.csv
        // resolves it.
        const std::string by = named_after_made_by(s.heading);
        if (!by.empty() && !code(by).empty()) s.reserving.push_back(by);
      }
      if (s.reserving.empty()) {
        Planned* x = add(s.state, ActionKind::kObjection, date_of(s, by_name), "objections",
                         "the heading '" + s.heading + "' names no participant of the table as the reserving state");
        x->action.text = statement_text(s);
        continue;
      }
      for (const std::string& r : s.reserving) {
        const std::string subject = code(r);
        Planned* x = add(s.state, ActionKind::kObjection, date_of(s, by_name), "objections",
                         subject.empty() ? "the reserving state '" + r + "' is not a state pacta knows" : "");
        x->action.subject = subject;
        if (s.precludes) x->action.qualifier = "precludes";
        x->action.text = statement_text(s);
        if (!s.date_as_written.empty()) x->action.prov.notes = "the page dates it '" + s.date_as_written + "'";
      }
    }
    const std::optional<ActionKind> competence = parse_action_kind("competence-declaration");
    for (const UntcStatement& s : page_.article_declarations.statements) {
      const std::string section = page_.article_declarations.title;
      if (!page_.article_declarations_are_competence) {
        Planned* x = add(s.state, ActionKind::kDeclaration, date_of(s, by_name), section);
        x->action.text = section + "\n" + statement_text(s);
        continue;
      }
      std::string why;
      std::vector<std::string> named = s.articles;
      std::string by_words;
      if (named.empty() && profile_) {
        // The text names no article but recognizes the competence in the words of one: the
        // words the profile quotes for that article ("... that another State Party is not
        // fulfilling its obligations", "... from or on behalf of individuals").
        const std::string t = lower(statement_text(s));
        for (const char* words : {"is not fulfilling its obligations", "on behalf of individuals", "to be victims of a violation"}) {
          if (t.find(words) == std::string::npos) continue;
          std::vector<std::string> with;
          for (const Competence& c : profile_->competences)
            if (const std::string a = article_number(c.cite.article);
                !a.empty() && lower(c.cite.quote).find(words) != std::string::npos && lower(section).find(a) != std::string::npos)
              with.push_back(a);
          if (with.size() == 1 && std::find(named.begin(), named.end(), with[0]) == named.end()) {
            named.push_back(with[0]);
            by_words += std::string(by_words.empty() ? "" : "; ") + "article " + with[0] + " read from the words '" + words + "', which it quotes";
          }
        }
      }
      if (!competence) why = "pacta has no action kind for a declaration on a committee's competence";
      else if (named.empty()) why = "the text does not say under which article of '" + section + "' it is made";
      std::vector<std::string> arts = named.empty() ? std::vector<std::string>{""} : named;
      if (profile_ && arts.size() > 1) {  // a text naming other articles besides the one that confers the competence
        std::vector<std::string> conferring;
        for (const std::string& a : arts)
          for (const Competence& c : profile_->competences)
            if (article_number(c.cite.article) == a && std::find(conferring.begin(), conferring.end(), a) == conferring.end())
              conferring.push_back(a);
        if (!conferring.empty()) arts = conferring;
      }
      for (const std::string& art : arts) {
        // The subject is the profile's id of the competence the article confers ([[competence]]).
        std::string id, why_art = why;
        if (why_art.empty() && profile_) {
          for (const Competence& c : profile_->competences)
            if (article_number(c.cite.article) == art) id = c.id;
          if (id.empty()) why_art = "the profile of " + treaty_ + " has no [[competence]] for article " + art;
        }
        Planned* x = add(s.state, competence.value_or(ActionKind::kDeclaration), date_of(s, by_name), section, why_art);
        x->action.subject = !id.empty() ? id : art.empty() ? "" : "article " + art;
        x->action.text = statement_text(s);
        if (!by_words.empty()) x->action.prov.notes = "the text names no article: " + by_words;
        if (!s.date_as_written.empty())
          x->action.prov.notes += std::string(x->action.prov.notes.empty() ? "" : "; ") + "the page dates it '" + s.date_as_written + "'";
        read_period(*x);
      }
    }
    for (const UntcStatement& s : page_.notifications.statements) {
      Planned* x = add(s.state, ActionKind::kCommunication, s.date, page_.notifications.title,
                       "a notification under '" + page_.notifications.title + "' is not an action pacta records from a status page");
      x->action.text = statement_text(s);
    }
    for (const UntcTerritory& t : page_.territories) {
      Planned* x = add(t.state, ActionKind::kDeclaration, t.date, "territorial application",
                       "territorial application (" + t.territories + ") is not an action pacta records");
      x->action.text = t.territories;
    }
    plan_opt_outs();
    std::stable_sort(planned_.begin(), planned_.end(), [](const Planned& a, const Planned& b) {
      if (a.action.date != b.action.date) return a.action.date < b.action.date;
      return order_of(a.action.kind) < order_of(b.action.kind);
    });
  }

  // The actions the page states that pacta can record (--bundle writes them).
  std::vector<Action> recordable() const {
    std::vector<Action> out;
    for (const Planned& p : planned_)
      if (p.recordable) out.push_back(p.action);
    return out;
  }
  std::vector<UntcNotRecorded> not_recordable() const {
    std::vector<UntcNotRecorded> out;
    for (const Planned& p : planned_)
      if (!p.recordable)
        out.push_back(UntcNotRecorded{p.action.state, p.name, std::string(to_string(p.action.kind)), p.dated ? p.action.date.iso() : "",
                                      p.from, p.outcome.substr(p.outcome.rfind("not recorded: ", 0) == 0 ? 14 : 0)});
    return out;
  }

  // Compares with the record, and with `writer` records what is new.
  void apply(Ledger* writer, const Catalog* catalog, int& rc) {
    if (!catalog || treaty_.empty()) {
      for (Planned& p : planned_)
        if (p.recordable) p.outcome = catalog ? "not applied: the treaty is not known to pacta (--treaty)" : "not applied: no database";
      return;
    }
    std::vector<Action> current = as_known_on(catalog->entries(treaty_)->stored.record, std::nullopt).actions;
    for (Planned& p : planned_) {
      if (!p.recordable) continue;
      const Action* existing = nullptr;
      for (const Action& x : current)
        if (same(x, p.action)) existing = &x;
      if (existing) {
        p.outcome = "already recorded as entry " + std::to_string(existing->prov.seq);
        ++already_;
        continue;
      }
      if (auto other = differing(p.action, current)) {
        p.outcome = "differs: the record holds " + std::string(to_string(other->kind)) + " of " + other->date.iso() + " (entry " +
                    std::to_string(other->prov.seq) + "); not forced";
        ++differs_;
        continue;
      }
      if (!writer) {
        p.outcome = "new (not applied; --apply records it)";
        ++new_;
        continue;
      }
      auto done = record_action(*writer, *catalog, p.action, today());
      if (!done) {
        p.outcome = "refused: " + done.message();
        ++refused_;
        rc = std::max(rc, 2);
        continue;
      }
      p.outcome = "recorded as entry " + std::to_string(done->action.prov.seq);
      current.push_back(done->action);
      ++recorded_;
      (void)catalog->refresh();
    }
  }

  json::object counts(const Catalog* catalog) {
    json::object c;
    c["on"] = page_.as_at.iso();
    c["page"] = json::object{{"signatories", page_.signatories ? json::value(*page_.signatories) : json::value(nullptr)},
                             {"parties", *page_.parties}};
    c["table"] = json::object{{"signatories", page_.table_signatories()}, {"parties", page_.table_parties()}};
    json::array diffs;
    if (page_.signatories && *page_.signatories != page_.table_signatories())
      diffs.push_back(json::object{{"what", "the page's count of signatories (" + std::to_string(*page_.signatories) +
                                                ") is not its table's (" + std::to_string(page_.table_signatories()) + ")"}});
    if (*page_.parties != page_.table_parties())
      diffs.push_back(json::object{{"what", "the page's count of parties (" + std::to_string(*page_.parties) + ") is not its table's (" +
                                                std::to_string(page_.table_parties()) + ")"}});
    c["pacta"] = nullptr;
    if (catalog && !treaty_.empty()) {
      auto view = catalog->view(treaty_);
      std::set<std::string> parties, signatories, page_parties, page_signatories;
      for (const auto& [state, pv] : view->participants()) {
        if (pv.ceased && *pv.ceased <= page_.as_at) continue;  // a predecessor State, in the end notes only
        const Status st = pv.status_on(page_.as_at);
        if (has_standing_consent(st)) parties.insert(state);
        const bool signed_by = std::any_of(pv.actions.begin(), pv.actions.end(), [&](const Action* a) {
          return a->kind == ActionKind::kSignature && a->date <= page_.as_at;
        });
        if (signed_by && st != Status::kWithdrawn) signatories.insert(state);
      }
      for (const UntcParticipant& p : page_.participants) {
        const std::string s = code(p.name);
        if (s.empty()) continue;
        if (p.consent && !p.consent->bracketed) page_parties.insert(s);
        if (p.signature && !p.signature->bracketed) page_signatories.insert(s);
      }
      c["pacta"] = json::object{{"signatories", signatories.size()}, {"parties", parties.size()}};
      auto compare = [&](const std::string& what, const std::set<std::string>& page, const std::set<std::string>& ours) {
        std::vector<std::string> only_page, only_pacta;
        std::set_difference(page.begin(), page.end(), ours.begin(), ours.end(), std::back_inserter(only_page));
        std::set_difference(ours.begin(), ours.end(), page.begin(), page.end(), std::back_inserter(only_pacta));
        if (only_page.empty() && only_pacta.empty()) return;
        diffs.push_back(json::object{{"what", what + " on " + page_.as_at.iso() + ": the page's table and pacta differ"},
                                     {"only_on_page", strings(only_page)},
                                     {"only_in_pacta", strings(only_pacta)}});
      };
      compare("parties", page_parties, parties);
      compare("signatories", page_signatories, signatories);
    }
    c["differences"] = diffs;
    return c;
  }

  json::object report(const Catalog* catalog) {
    json::object r;
    r["file"] = page_.file;
    r["url"] = url_;
    r["as_at"] = page_.as_at.iso();
    r["as_at_text"] = page_.as_at_text;
    r["chapter"] = page_.chapter;
    r["mtdsg"] = page_.mtdsg;
    r["title"] = page_.title;
    r["place"] = page_.place;
    r["adopted"] = opt(page_.adopted);
    r["entry_into_force"] = opt(page_.entry_into_force);
    r["eif_article"] = page_.eif_article;
    r["eif_text"] = page_.eif_text;
    r["registration"] = page_.registration;
    r["treaty"] = treaty_.empty() ? json::value(nullptr) : json::value(treaty_);
    r["columns"] = strings(page_.columns);
    r["counts"] = counts(catalog);
    json::array ps;
    for (const UntcParticipant& p : page_.participants) {
      json::object o;
      o["name"] = p.name;
      const std::string c = code(p.name);
      o["state"] = c.empty() ? json::value(nullptr) : json::value(c);
      o["notes"] = ints(p.notes);
      o["signature"] = p.signature ? json::value(instrument_json(p.signature)) : json::value(nullptr);
      o["consent"] = p.consent ? json::value(instrument_json(p.consent)) : json::value(nullptr);
      o["provisional"] = p.provisional ? json::value(instrument_json(p.provisional)) : json::value(nullptr);
      ps.push_back(std::move(o));
    }
    r["participants"] = std::move(ps);
    json::array un;
    for (const auto& [name, why] : unmapped_) un.push_back(json::object{{"name", name}, {"problem", why}});
    r["unmapped"] = std::move(un);
    json::array notes;
    for (const UntcNote& n : page_.notes) notes.push_back(json::object{{"number", n.number}, {"text", n.text}});
    r["notes"] = std::move(notes);
    auto section = [&](const UntcSection& s, bool objections) {
      json::object o;
      o["title"] = s.title;
      o["subtitle"] = s.subtitle;
      json::array a;
      for (const UntcStatement& st : s.statements) {
        json::object x;
        x["state_name"] = st.state;
        const std::string c = code(st.state);
        x["state"] = c.empty() ? json::value(nullptr) : json::value(c);
        x["date"] = opt(st.date);
        x["heading"] = st.heading;
        if (!st.context.empty()) x["context"] = st.context;
        if (st.group) x["group"] = true;
        if (!st.date_as_written.empty()) x["date_as_written"] = st.date_as_written;
        x["text"] = st.text;
        if (objections) {
          x["reserving"] = strings(st.reserving);
          x["precludes"] = st.precludes;
        }
        if (!st.articles.empty()) x["articles"] = strings(st.articles);
        a.push_back(std::move(x));
      }
      o["statements"] = std::move(a);
      return o;
    };
    r["declarations"] = section(page_.declarations, false);
    r["objections"] = section(page_.objections, true);
    json::object art = section(page_.article_declarations, false);
    art["competence"] = page_.article_declarations_are_competence;
    r["article_declarations"] = std::move(art);
    r["notifications"] = section(page_.notifications, false);
    json::array terr;
    for (const UntcTerritory& t : page_.territories)
      terr.push_back(json::object{{"state_name", t.state}, {"date", opt(t.date)}, {"territories", t.territories}});
    r["territories"] = std::move(terr);
    json::array acts;
    int not_recorded = 0;
    for (const Planned& p : planned_) {
      json::object a;
      a["state"] = p.action.state.empty() ? json::value(nullptr) : json::value(p.action.state);
      a["kind"] = std::string(to_string(p.action.kind));
      a["state_name"] = p.name;
      a["date"] = p.dated ? json::value(p.action.date.iso()) : json::value(nullptr);
      a["subject"] = p.action.subject;
      a["qualifier"] = p.action.qualifier;
      a["reference"] = p.action.reference;
      a["from"] = p.from;
      a["outcome"] = p.outcome;
      if (!p.recordable) ++not_recorded;
      acts.push_back(std::move(a));
    }
    r["actions"] = std::move(acts);
    r["summary"] = json::object{{"actions", planned_.size()}, {"recorded", recorded_}, {"already_recorded", already_},
                                {"new", new_},     {"differs", differs_},  {"refused", refused_},
                                {"not_recorded", not_recorded}};
    return r;
  }

  void print(const json::object& r) const {
    auto s = [&](const char* k) { return r.at(k).is_null() ? std::string("-") : json::value_to<std::string>(r.at(k)); };
    std::cout << page_.file << ":\n"
              << "  status as at   " << page_.as_at.iso() << " (" << page_.as_at_text << ")\n"
              << "  treaty         " << page_.mtdsg << "  " << page_.title << "\n"
              << "  pacta treaty   " << (treaty_.empty() ? "- (none has chapter " + page_.mtdsg + "; --treaty names one)" : treaty_) << "\n"
              << "  adopted        " << page_.adoption_text << "\n"
              << "  in force       " << page_.eif_text << (page_.eif_article.empty() ? "" : "  [article " + page_.eif_article + "]") << "\n"
              << "  registration   " << (page_.registration.empty() ? "-" : page_.registration) << "\n"
              << "  page           " << s("url") << "\n";
    const json::object& c = r.at("counts").as_object();
    const json::object& pg = c.at("page").as_object();
    const json::object& tb = c.at("table").as_object();
    std::cout << "  counts on " << page_.as_at.iso() << ": signatories page " << json::serialize(pg.at("signatories")) << ", table "
              << json::serialize(tb.at("signatories"));
    if (!c.at("pacta").is_null()) std::cout << ", pacta " << json::serialize(c.at("pacta").at("signatories"));
    std::cout << "; parties page " << json::serialize(pg.at("parties")) << ", table " << json::serialize(tb.at("parties"));
    if (!c.at("pacta").is_null()) std::cout << ", pacta " << json::serialize(c.at("pacta").at("parties"));
    std::cout << "\n";
    const json::array& diffs = c.at("differences").as_array();
    if (diffs.empty()) std::cout << "  counts agree\n";
    for (const auto& d : diffs) {
      std::cout << "  DIFFERENCE     " << json::value_to<std::string>(d.at("what")) << "\n";
      if (d.as_object().contains("only_on_page")) {
        std::cout << "    only on the page:";
        for (const auto& x : d.at("only_on_page").as_array()) std::cout << " " << x.as_string().c_str();
        std::cout << "\n    only in pacta:";
        for (const auto& x : d.at("only_in_pacta").as_array()) std::cout << " " << x.as_string().c_str();
        std::cout << "\n";
      }
    }
    std::cout << "  participants   " << page_.participants.size() << " (columns: ";
    for (size_t i = 0; i < page_.columns.size(); ++i) std::cout << (i ? " | " : "") << page_.columns[i];
    std::cout << ")\n";
    auto inst = [](const std::optional<UntcInstrument>& in) {
      if (!in) return std::string("-");
      std::string t = in->date.iso() + " " + std::string(to_string(in->kind));
      if (!in->letter.empty()) t += " (" + in->letter + ")";
      if (in->bracketed) t = "[" + t + "]";
      return t;
    };
    for (const UntcParticipant& p : page_.participants) {
      auto it = codes_.find(p.name);
      const std::string c = it == codes_.end() || it->second.empty() ? "?" : it->second;
      std::cout << "    " << c << "  " << p.name;
      if (!p.notes.empty()) {
        std::cout << " [note";
        for (int n : p.notes) std::cout << " " << n;
        std::cout << "]";
      }
      std::cout << "  signature " << inst(p.signature) << "  consent " << inst(p.consent);
      if (p.provisional) std::cout << "  provisional " << inst(p.provisional);
      std::cout << "\n";
    }
    for (const auto& [name, why] : unmapped_) std::cout << "  UNMAPPED       " << name << ": " << why << "\n";
    std::cout << "  end notes      " << page_.notes.size() << "\n";
    for (const UntcNote& n : page_.notes) std::cout << "    " << n.number << ". " << first_line(n.text, 110) << "\n";
    auto section = [&](const char* label, const UntcSection& sec) {
      if (sec.statements.empty()) return;
      std::cout << "  " << label << " (" << sec.title << "): " << sec.statements.size() << "\n";
      for (const UntcStatement& st : sec.statements) {
        std::cout << "    " << st.state << "  " << (st.date ? st.date->iso() : "(undated)") << "  "
                  << first_line(st.heading.empty() ? st.text : st.heading, 90);
        if (!st.reserving.empty()) {
          std::cout << "  -> objects to";
          for (const std::string& x : st.reserving) std::cout << " " << x << ";";
        }
        if (st.precludes) std::cout << "  (precludes entry into force between them)";
        if (!st.articles.empty()) {
          std::cout << "  [article";
          for (const std::string& a : st.articles) std::cout << " " << a;
          std::cout << "]";
        }
        std::cout << "\n";
      }
    };
    section("declarations", page_.declarations);
    section("objections", page_.objections);
    section("declarations under articles", page_.article_declarations);
    section("notifications", page_.notifications);
    if (!page_.territories.empty()) std::cout << "  territorial application: " << page_.territories.size() << "\n";
    for (const UntcTerritory& t : page_.territories)
      std::cout << "    " << t.state << "  " << (t.date ? t.date->iso() : "-") << "  " << t.territories << "\n";
    std::cout << "  actions        " << planned_.size() << "\n";
    for (const Planned& p : planned_)
      std::cout << "    " << (p.action.state.empty() ? "? " + p.name : p.action.state) << "  " << to_string(p.action.kind) << "  "
                << (p.dated ? p.action.date.iso() : std::string("(undated)")) << (p.action.subject.empty() ? "" : "  subject " + p.action.subject)
                << (p.action.qualifier.empty() ? "" : "  " + p.action.qualifier) << "  (" << p.from << "): " << p.outcome << "\n";
    const json::object& sum = r.at("summary").as_object();
    std::cout << "  summary        " << json::serialize(sum.at("recorded")) << " recorded, " << json::serialize(sum.at("already_recorded"))
              << " already recorded, " << json::serialize(sum.at("new")) << " new (not applied), " << json::serialize(sum.at("differs"))
              << " differ from the record, " << json::serialize(sum.at("refused")) << " refused, "
              << json::serialize(sum.at("not_recorded")) << " not recorded\n";
  }

 private:
  std::string provisional_column() const {
    for (const std::string& c : page_.columns)
      if (lower(c).find("provisional") != std::string::npos) return c;
    return "provisional application";
  }

  // The statement's own date, else (as the sections' subtitles say: "unless otherwise
  // indicated, made upon ratification, accession ...") the date of the state's consent, or
  // of its signature when the heading says "upon signature" or it has no consent.
  std::optional<Date> date_of(const UntcStatement& s, const std::map<std::string, const UntcParticipant*>& by_name) const {
    if (s.date) return s.date;
    auto it = by_name.find(s.state);
    if (it == by_name.end()) return std::nullopt;
    const UntcParticipant& p = *it->second;
    if (!s.unreadable_date.empty()) {
      // The line in place of the date names the consent ("reservation at the time of accession").
      const std::string u = lower(s.unreadable_date);
      if (p.consent && (u.find("time of accession") != std::string::npos || u.find("time of ratification") != std::string::npos))
        return p.consent->date;
      return std::nullopt;  // the page dates it, unreadably: not the consent's date
    }
    const std::string h = lower(s.context + " " + s.heading);
    if (h.find("upon signature") != std::string::npos && h.find("confirmed") == std::string::npos && p.signature)
      return p.signature->date;
    if (p.consent) return p.consent->date;
    if (p.signature) return p.signature->date;
    return std::nullopt;
  }

  // A competence declaration made for a period ("for a period of five years", Switzerland under
  // ICCPR art. 41): its end, the day it ceases to have effect, as later_date
  // (ingest/competence_text.h says how the text is read; the notes say how it was).
  void read_period(Planned& x) {
    if (!x.recordable || x.action.kind != ActionKind::kCompetenceDeclaration) return;
    std::optional<Date> eif;  // the State's entry into force, for a text that names no start
    if (catalog_ && !treaty_.empty())
      if (auto view = catalog_->view(treaty_))
        if (const ParticipantView* pv = view->participant(x.action.state))
          for (const ConsentRound& r : consent_rounds(*pv))
            if (r.from && (!r.until || *r.until > x.action.date)) {
              eif = r.from;
              break;
            }
    const std::optional<DeclarationEnd> end = declaration_end(x.action.text, x.action.date, eif);
    if (!end) return;
    x.action.later_date = end->end;
    x.action.prov.notes += std::string(x.action.prov.notes.empty() ? "" : "; ") + "made for a period: " + end->how;
  }

  // Opt-out competences (CAT art. 28(1), CEDAW-OP art. 10(1), CRPD-OP art. 8): a reservation or
  // declaration whose text declares that the State does not recognise the competence of the
  // article the profile quotes is also the competence-declaration under it (same state and day);
  // a withdrawal of it that reports withdrawing that non-recognition is the competence-withdrawal,
  // unless its text gives several dates "respectively" (which date is whose is read by hand:
  // by_hand.csv). ingest/competence_text.h says how the texts are read.
  void plan_opt_outs() {
    if (!profile_) return;
    const size_t n = planned_.size();
    std::set<std::tuple<std::string, std::string, Date>> declared;  // state, competence, day
    for (const Competence& c : profile_->competences) {
      if (c.kind != CompetenceKind::kOptOut) continue;
      const std::string art = opt_out_article(c.cite.quote);
      if (art.empty()) continue;
      for (size_t i = 0; i < n; ++i) {
        const Planned& p = planned_[i];
        if (!p.recordable || (p.action.kind != ActionKind::kReservation && p.action.kind != ActionKind::kDeclaration)) continue;
        if (!declares_non_recognition(p.action.text, art) || !declared.insert({p.action.state, c.id, p.action.date}).second) continue;
        Planned x = p;
        x.action.kind = ActionKind::kCompetenceDeclaration;
        x.action.subject = c.id;
        x.action.qualifier.clear();
        x.action.later_date.reset();
        x.action.prov.notes = "read from the " + std::string(to_string(p.action.kind)) + "'s text, which declares that the State does not recognize the competence of the Committee provided for in article " + art + " (" + c.cite.article + ")";
        planned_.push_back(x);
      }
      for (size_t i = 0; i < n; ++i) {
        const Planned& p = planned_[i];
        if (!p.recordable || p.action.kind != ActionKind::kReservationWithdrawal || !withdraws_non_recognition(p.action.text, art)) continue;
        if (lower(p.action.text).find("respectively") != std::string::npos) continue;
        const bool made = std::any_of(declared.begin(), declared.end(), [&](const auto& d) {
          return std::get<0>(d) == p.action.state && std::get<1>(d) == c.id && std::get<2>(d) <= p.action.date;
        });
        if (!made) continue;
        Planned x = p;
        x.action.kind = ActionKind::kCompetenceWithdrawal;
        x.action.subject = c.id;
        x.action.qualifier.clear();
        x.action.prov.notes = "read from the withdrawal's text, which withdraws the declaration that the State does not recognize the competence of the Committee provided for in article " + art + (c.withdrawal_cite ? " (" + c.withdrawal_cite->article + ")" : std::string());
        planned_.push_back(x);
      }
    }
  }

  template <typename Add>
  void plan_withdrawals(const UntcParticipant& p, Add& add) {
    std::vector<std::pair<int, UntcWithdrawal>> found;
    for (int n : p.notes)
      if (const UntcNote* note = page_.note(n))
        for (const UntcWithdrawal& w : withdrawals_in(*note))
          if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return f.second.notified == w.notified; }))
            found.emplace_back(n, w);  // a note may quote the same sentence again
    const bool bracketed = p.consent && p.consent->bracketed;
    if (found.empty()) {
      if (bracketed)
        add(p.name, ActionKind::kWithdrawal, std::nullopt, "table",
            "the table brackets the consent of " + p.consent->date.iso() + " (no longer in force), but no note of it states a withdrawal in words pacta reads");
      return;
    }
    for (const auto& [n, w] : found) {
      std::string why;
      if (!p.consent) why = "note " + std::to_string(n) + " states a withdrawal, but the table shows no consent";
      else if (!bracketed && !(w.stated_effect && *w.stated_effect > page_.as_at && p.consent->date <= w.notified))
        why = "note " + std::to_string(n) + " states a withdrawal notified on " + w.notified.iso() + ", but the table shows the consent of " +
              p.consent->date.iso() + " in force and no effect after " + page_.as_at.iso() + " (the withdrawal concerns an earlier instrument, or did not take effect)";
      else if (found.size() > 1)
        why = "note " + std::to_string(n) + " is one of " + std::to_string(found.size()) +
              " withdrawals the notes state (with re-accessions the table does not list); record them by hand";
      else if (w.notified < p.consent->date)
        why = "note " + std::to_string(n) + " dates the withdrawal " + w.notified.iso() + ", before the consent of " + p.consent->date.iso();
      Planned* x = add(p.name, ActionKind::kWithdrawal, w.notified, "note " + std::to_string(n), why);
      x->action.reference = w.reference;
      x->action.prov.notes = "end note " + std::to_string(n) + ": " + w.sentence +
                             (w.stated_effect ? " (the page states effect on " + w.stated_effect->iso() + ")" : "");
    }
  }

  // A state the section names with no text, whose end notes there report the withdrawal of a
  // reservation ("... decided to withdraw its reservation made upon ratification"): the
  // reservation, dated as the note says it was made (upon signature: the signature; else the
  // consent), its text the note's report (which quotes the reservation, or not), and the
  // withdrawal (unless the table's notes of the participant give it already). False when the
  // notes report none.
  template <typename Add>
  bool plan_noted_reservations(const UntcStatement& s, const std::map<std::string, const UntcParticipant*>& by_name, Add& add) {
    auto it = by_name.find(s.state);
    if (it == by_name.end()) return false;
    const UntcParticipant& p = *it->second;
    const std::optional<ActionKind> kind = parse_action_kind("reservation-withdrawal");
    if (!kind) return false;
    bool any = false;
    std::set<std::string> made_on, withdrawn;
    for (int n : s.notes) {
      const UntcNote* note = page_.note(n);
      if (!note) continue;
      const std::string from = "note " + std::to_string(n);
      for (const UntcReservationWithdrawal& w : reservation_withdrawals_in(*note, p.name)) {
        if (w.declaration) continue;
        std::optional<Date> made;
        if (w.made_upon == "signature" && p.signature) made = p.signature->date;
        else if (p.consent) made = p.consent->date;
        else if (p.signature) made = p.signature->date;
        if (!made || w.notified < *made) continue;
        any = true;
        if (made_on.insert(made->iso()).second) {
          // The note's report, from the sentence to the next report ("On ...", "Subsequently ...").
          const size_t at = note->text.find(w.sentence);
          std::string excerpt = w.sentence;
          if (at != std::string::npos) {
            size_t end = note->text.size();
            for (const char* next : {"\n\nOn ", "\n\nSubsequently", "\n\nIn a communication"}) {
              const size_t e = note->text.find(next, at + w.sentence.size());
              if (e != std::string::npos) end = std::min(end, e);
            }
            excerpt = note->text.substr(at, std::min<size_t>(end - at, 4000));
          }
          Planned* r = add(s.state, ActionKind::kReservation, made, from);
          r->action.text = "[End note " + std::to_string(n) + " of the page; the section 'Declarations and Reservations' names " + s.state +
                           " with no text. The reservation is stated only where its withdrawal is reported:]\n\n" + excerpt;
          r->action.prov.notes = "end note " + std::to_string(n) + ": a reservation made upon " +
                                 (w.made_upon == "signature" ? std::string("signature") : std::string("the consent")) +
                                 ", stated only in the report of its withdrawal on " + w.notified.iso();
        }
        if (std::find(p.notes.begin(), p.notes.end(), n) != p.notes.end()) continue;  // plan_reservation_withdrawals has it
        if (!withdrawn.insert(w.notified.iso() + (w.partial ? "p" : "")).second) continue;  // a note may quote it again
        Planned* x = add(p.name, *kind, w.notified, from);
        x->action.subject = made->iso();
        if (w.partial) x->action.qualifier = "partial";
        x->action.text = w.sentence;
        x->action.prov.notes = "end note " + std::to_string(n);
      }
    }
    return any;
  }

  // Withdrawals of reservations the participant's end notes state. The subject is the date of
  // the reservation withdrawn: of the signature when it was made upon signature (and not
  // confirmed later), else of the consent (the sections' "unless otherwise indicated").
  template <typename Add>
  void plan_reservation_withdrawals(const UntcParticipant& p, Add& add) {
    const std::optional<ActionKind> kind = parse_action_kind("reservation-withdrawal");
    std::set<std::string> seen;
    std::optional<Date> earliest;
    for (const auto* in : {&p.signature, &p.consent})
      if (*in && (!earliest || (*in)->date < *earliest)) earliest = (*in)->date;
    for (int n : p.notes) {
      const UntcNote* note = page_.note(n);
      if (!note) continue;
      for (const UntcReservationWithdrawal& w : reservation_withdrawals_in(*note, p.name)) {
        if (!seen.insert(w.notified.iso() + (w.partial ? "p" : "") + (w.declaration ? "d" : "")).second) continue;
        std::optional<Date> made;
        if (w.made_upon == "signature" && p.signature) made = p.signature->date;
        else if (p.consent) made = p.consent->date;
        else if (p.signature) made = p.signature->date;
        std::string why;
        if (!kind) why = "pacta has no action kind for the withdrawal of a reservation";
        else if (w.declaration) why = "note " + std::to_string(n) + " states a withdrawal of declarations, which pacta does not record";
        else if (!made) why = "the table shows no instrument the reservation was made with";
        else if (earliest && w.notified < *earliest)
          why = "note " + std::to_string(n) + " dates it " + w.notified.iso() + ", before " + p.name + "'s own instruments (a predecessor's reservation)";
        Planned* x = add(p.name, kind.value_or(ActionKind::kCommunication), w.notified, "note " + std::to_string(n), why);
        if (made) x->action.subject = made->iso();
        if (w.partial) x->action.qualifier = "partial";
        x->action.text = w.sentence;
        x->action.prov.notes = "end note " + std::to_string(n);
      }
    }
  }

  const UntcPage& page_;
  const Catalog* catalog_;
  std::shared_ptr<const TreatyProfile> profile_;
  std::string treaty_, url_;
  std::map<std::string, std::string> codes_, unmapped_;
  std::vector<Planned> planned_;
  int recorded_ = 0, already_ = 0, new_ = 0, differs_ = 0, refused_ = 0;
};

}  // namespace

void IngestCommands::add_to(CLI::App& app) {
  untc_ = app.add_subcommand("ingest-untc", "read saved UN Treaty Collection status pages (.html or .html.gz); --apply records them");
  untc_->add_option("FILE", files_)->required();
  untc_->add_option("--treaty", treaty_, "the pacta treaty the page is about (default: the one whose chapter is the page's MTDSG number)");
  untc_->add_option("--url", url_, "the page's address, cited as the source (default: the UNTC address built from the MTDSG number)");
  untc_->add_flag("--apply", apply_, "record each action through the same checks as 'pacta record'");
  untc_->add_option("--bundle", bundle_, "write what the page states as DIR/actions.csv and DIR/texts/ (a bundled record for pacta init)");
}

std::optional<int> IngestCommands::run(const Options& o) {
  if (untc_ && untc_->parsed()) return run_untc(o);
  return std::nullopt;
}

int IngestCommands::run_untc(const Options& o) {
  std::unique_ptr<Ledger> writer;
  std::shared_ptr<Catalog> catalog;
  const bool remote = o.db.rfind("postgres", 0) == 0;
  const std::string file = o.db.rfind("sqlite:", 0) == 0 ? o.db.substr(7) : o.db;
  // Reading needs no database; resolving names, comparing and applying do.
  if (remote || std::ifstream(file).good()) {
    catalog = open_catalog(o);
    if (apply_) writer = open_ledger(o);
  } else if (apply_ || !treaty_.empty()) {
    throw UsageError{o.db + ": no such database (run 'pacta init' to create it)"};
  }
  if (files_.size() > 1 && !url_.empty()) throw UsageError{"--url: give one FILE with it (each page has its own address)"};
  if (!bundle_.empty() && (files_.size() > 1 || treaty_.empty() || apply_ || !catalog))
    throw UsageError{"--bundle: give one FILE, --treaty, no --apply, and a database ('pacta init') to resolve names"};
  int rc = 0;
  json::array out;
  for (const std::string& f : files_) {
    auto page = read_untc(f);
    if (!page) {
      std::cerr << "pacta: " << page.message() << "\n";
      out.push_back(json::object{{"file", f}, {"error", page.message()}});
      rc = 2;
      continue;
    }
    std::string treaty;
    if (catalog) {
      if (!treaty_.empty()) treaty = must(catalog->resolve_treaty(treaty_));
      else if (auto t = catalog->treaty_by_chapter(page->mtdsg)) treaty = *t;
    }
    Ingest in(*page, catalog.get(), treaty, url_.empty() ? page->url() : url_);
    in.plan();
    if (!bundle_.empty()) {
      auto w = write_untc_bundle(bundle_, in.recordable(), in.not_recordable());
      if (!w) throw UsageError{"--bundle: " + w.message()};
      std::cout << bundle_ << ": " << w->from_page << " rows from " << f << ", " << w->by_hand << " from by_hand.csv, " << w->left_out << " left out (left_out.csv), "
                << w->inconsistent << " refused as pacta record would, " << w->not_recorded << " in not_recorded.csv, "
                << w->texts << " texts\n";
      return 0;
    }
    in.apply(writer.get(), catalog.get(), rc);
    json::object r = in.report(catalog.get());
    if (!o.as_json) in.print(r);
    out.push_back(std::move(r));
  }
  if (o.as_json) std::cout << json::serialize(out) << "\n";
  return rc;
}

}  // namespace pacta::cli
