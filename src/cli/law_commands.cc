#include "cli/law_commands.h"

#include <boost/json.hpp>
#include <iostream>

#include "app/catalog.h"
#include "app/report.h"

namespace json = boost::json;

namespace pacta::cli {

namespace {

std::string str(const json::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

// Each reason, with the article's words once under it.
void print_reasons(const json::value& why, const std::string& indent) {
  for (const auto& r : why.as_array()) {
    std::cout << indent << "- " << str(r.at("text")) << "\n";
    if (!str(r.at("quote")).empty() && str(r.at("quote")) != "-")
      std::cout << indent << "    " << str(r.at("article")) << ": \"" << str(r.at("quote")) << "\"\n";
  }
}

const char* effect_text(const std::string& effect) {
  if (effect == "modifies_reciprocally") return "modifies the provisions concerned for both, reciprocally";
  if (effect == "not_applicable_to_extent") return "the provisions concerned do not apply between them to its extent";
  if (effect == "treaty_not_in_force_between_them") return "a precluding objection: the treaty is not in force between them";
  return "";
}

}  // namespace

std::string reservation_caveat(const Catalog& c, const std::string& treaty, const std::string& state, int64_t seq,
                               std::optional<Date> known_on) {
  auto v = c.view(treaty, known_on);
  const ParticipantView* p = v ? v->participant(state) : nullptr;
  if (!p) return "";
  for (const Action* a : p->actions)
    if (a->prov.seq == seq && a->kind == ActionKind::kReservation && a->qualifier == "with-declarations")
      return "listed by the depositary with declarations, not separated from them: recorded whole as a reservation, of which only "
             "what purports to exclude or modify the legal effect of a provision is one (VCLT art. 2(1)(d))";
  return "";
}

void LawCommands::add_to(CLI::App& app) {
  relation_ = app.add_subcommand("relation",
                                 "is the treaty in force between two states on a day, and with which reservations (VCLT arts. 20 and 21)");
  relation_->add_option("TREATY", treaty_)->required();
  relation_->add_option("STATE_A", a_)->required();
  relation_->add_option("STATE_B", b_)->required();
  relation_->add_option("--on", on_, "date (default today)");
  relation_->add_option("--known-on", known_, "use only what was recorded by this date");
}

std::optional<int> LawCommands::run(const Options& o) {
  if (!relation_ || !relation_->parsed()) return std::nullopt;
  auto catalog = open_catalog(o);
  const std::string t = must(catalog->resolve_treaty(treaty_));
  const std::string a = must(catalog->resolve_state(a_));
  const std::string b = must(catalog->resolve_state(b_));
  if (a == b) throw UsageError{"relation: STATE_A and STATE_B are the same state (" + a + ")"};
  Query q{on_.empty() ? today() : must(parse_date_arg(on_, "--on")), std::nullopt};
  if (!known_.empty()) q.known_on = must(parse_date_arg(known_, "--known-on"));
  const json::value v = relation_json(*catalog, t, a, b, q);
  if (o.as_json) {
    std::cout << json::serialize(v) << "\n";
    return 0;
  }
  std::cout << str(v.at("a_name")) << " (" << a << ") and " << str(v.at("b_name")) << " (" << b << ") under " << t << " on "
            << q.on.iso() << (q.known_on ? " as known on " + q.known_on->iso() : "") << ": "
            << (v.at("in_force").as_bool() ? "in force between them" : "not in force between them") << "\n";
  std::cout << "  " << a << ": " << str(v.at("status_a")) << "; " << b << ": " << str(v.at("status_b")) << "\n  because:\n";
  print_reasons(v.at("explanation"), "    ");
  const auto& res = v.at("reservations").as_array();
  std::cout << "  reservations between them: " << (res.empty() ? "none" : "") << "\n";
  for (const auto& r : res) {
    std::cout << "  * " << str(r.at("by")) << "'s reservation of " << str(r.at("date")) << " (applies since " << str(r.at("since"))
              << "): " << effect_text(str(r.at("effect"))) << "\n";
    const std::string caveat = reservation_caveat(*catalog, t, str(r.at("by")), r.at("seq").to_number<int64_t>(), q.known_on);
    if (!caveat.empty()) std::cout << "      (" << caveat << ")\n";
    print_reasons(r.at("explanation"), "      ");
  }
  std::cout << "  law: " << str(v.at("law")) << "\n  rules: " << str(v.at("rules_version")) << "\n";
  return 0;
}

}  // namespace pacta::cli
