#include "depositary/notification.h"

#include <algorithm>
#include <cctype>

namespace pacta {
namespace {

std::string upper(std::string s) {
  // ASCII upper-casing; names with accents keep their accented letters as they are.
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string action_heading(ActionKind k) { return upper(std::string(display_name(k))); }

const DerivedEvent* effect_of(const ParticipantView& p, const Action& a, const char* kind) {
  for (const DerivedEvent& e : p.derived) {
    if (e.kind != kind) continue;
    for (const Reason& r : e.why)
      if (std::find(r.entries.begin(), r.entries.end(), a.prov.seq) != r.entries.end()) return &e;
  }
  return nullptr;
}

}  // namespace

std::string reference_chapter(const std::string& chapter) {
  std::string out = chapter;
  std::replace(out.begin(), out.end(), '-', '.');
  return out;
}

std::string cn_reference(int number, int year, const std::string& chapter) {
  return "C.N." + std::to_string(number) + "." + std::to_string(year) + ".TREATIES-" + reference_chapter(chapter);
}

// "Article 20(3)" -> "paragraph 3 of article 20"; "Article 20" -> "article 20"; anything
// else as given. A linear scan (the text comes from a profile, which `rules load` takes).
std::string article_phrase(const std::string& article) {
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  const std::string head = "Article";
  if (article.compare(0, head.size(), head) != 0) return article;
  size_t i = head.size();
  const size_t spaces = i;
  while (i < article.size() && std::isspace(static_cast<unsigned char>(article[i]))) ++i;
  if (i == spaces) return article;
  const size_t n0 = i;
  while (i < article.size() && word(article[i])) ++i;
  if (i == n0) return article;
  const std::string number = article.substr(n0, i - n0);
  if (i == article.size()) return "article " + number;
  if (article[i] != '(') return article;
  const size_t p0 = ++i;
  while (i < article.size() && word(article[i])) ++i;
  if (i == p0 || i + 1 != article.size() || article[i] != ')') return article;
  return "paragraph " + article.substr(p0, i - p0) + " of article " + number;
}

std::string render_notification_text(const TreatyView& view, const Action& a, const std::string& reference,
                                     Date issued_on, const NameOf& name_of) {
  const TreatyProfile& p = view.profile();
  const std::string name = name_of(a.state);
  std::string t;
  t += "Reference: " + reference + " (Depositary Notification)\n\n";
  t += upper(p.title) + "\n\n";
  t += upper(p.place) + (p.place.empty() ? "" : ", ") + upper(p.adopted.long_form()) + "\n\n";
  t += upper(name) + ": " + action_heading(a.kind) + "\n\n";
  t += "The Secretary-General of the United Nations, acting in his capacity as depositary, communicates the following:\n\n";
  t += "The above action was effected on " + a.date.long_form() + ".\n\n";
  if (!a.text.empty()) {
    std::string body = a.text;
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
    t += "\u201c" + body + "\u201d\n\n";
  }
  const ParticipantView* pv = view.participant(a.state);
  const std::string& treaty_word = p.self_name;
  if (pv && is_consent(a.kind)) {
    const DerivedEvent* e = effect_of(*pv, a, "entry_into_force");
    const bool by_succession = e && p.succession && !e->why.empty() && e->why.front().article == p.succession->cite.article;
    if (by_succession) {
      const bool later = view.entry_into_force() && e->date == *view.entry_into_force() && e->date > a.date;
      t += "The " + treaty_word + (e->date < a.date ? " took effect for " : " will take effect for ") + name + " on " +
           e->date.long_form() + (later ? ", the date of its entry into force" : ", the date of the succession of States") + ".\n\n";
    } else if (e) {
      const bool treaty_eif = view.entry_into_force() && e->date == *view.entry_into_force();
      const Citation& c = treaty_eif ? p.entry_into_force.cite : p.entry_into_force_for_state.cite;
      t += "The " + treaty_word + " will enter into force for " + name + " on " + e->date.long_form() +
           " in accordance with " + article_phrase(c.article) + " of the " + treaty_word + ", which reads as follows:\n\n";
      t += "\u201c" + c.quote + "\u201d\n\n";
    }
  } else if (pv && a.kind == ActionKind::kWithdrawal && p.withdrawal) {
    const WithdrawalRule& w = *p.withdrawal;
    const DerivedEvent* e = effect_of(*pv, a, "withdrawal_effect");
    const DerivedEvent* s = effect_of(*pv, a, "withdrawal_suspended");
    const Date when = e ? e->date : s ? s->date : a.date;
    t += "\\*\\*\\*\n\n";
    t += "In accordance with " + article_phrase(w.cite.article) + " of the " + treaty_word + ", the withdrawal would take effect for " +
         name + " on " + when.long_form();
    if (!w.conditions.empty()) t += ", subject to the condition set forth in the said paragraph";
    t += ", which reads as follows:\n\n";
    t += "\u201c" + w.cite.quote + "\u201d\n\n";
  } else if (pv && a.kind == ActionKind::kWithdrawalRevocation) {
    t += "The notification of withdrawal is thus withdrawn and will not take effect.\n\n";
  }
  t += issued_on.long_form() + "\n";
  // Footnote: the state's latest earlier notification for this treaty.
  if (pv) {
    const Action* earlier = nullptr;
    for (const Action* x : pv->actions)
      if (x != &a && !x->reference.empty() && x->date <= a.date && x->prov.seq != a.prov.seq) earlier = x;
    if (earlier)
      t += "\n---\n\n1 Refer to depositary notification " + earlier->reference + " of " + earlier->date.long_form() + " (" +
           std::string(display_name(earlier->kind)) + ": " + name + ").\n";
  }
  return t;
}

std::string render_notification_html(const std::string& text) {
  std::string out = "<article class=\"cn\"><pre>";
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out + "</pre></article>";
}

}  // namespace pacta
