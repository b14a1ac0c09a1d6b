#include "cli/depositary_commands.h"

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/catalog.h"
#include "app/access.h"
#include "app/feed.h"
#include "app/recording.h"
#include "ingest/cn_parser.h"

namespace json = boost::json;

namespace pacta::cli {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{path + ": cannot open file"};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

}  // namespace

void DepositaryCommands::add_to(CLI::App& app) {
  record_ = app.add_subcommand("record", "record one action, after the treaty's checks");
  record_->add_option("TREATY", treaty_)->required();
  record_->add_option("STATE", state_)->required();
  record_->add_option("KIND", kind_, "signature, ratification, acceptance, approval, accession, succession, withdrawal, "
                                     "withdrawal-revocation, not-intending, reservation, declaration, objection, communication")
      ->required();
  record_->add_option("--date", date_, "date of signature, deposit or receipt")->required();
  record_->add_option("--ref", ref_, "depositary notification reference (C.N.…)");
  record_->add_option("--source", source_, "where this is documented (address or citation); strongly advised");
  record_->add_option("--text-file", text_file_, "the instrument's text");
  record_->add_option("--later-date", later_date_, "a later effective date named in a withdrawal");
  record_->add_option("--notes", notes_);
  record_->add_flag("--notify", notify_now_, "issue its depositary notification at once (dated today)");

  record_fact_ = app.add_subcommand("record-fact", "record a fact the rules depend on (armed conflict)");
  record_fact_->add_option("STATE", state_)->required();
  record_fact_->add_option("--kind", fact_kind_, "armed_conflict (default) or state_succession (FROM = the date of the succession of States)");
  record_fact_->add_option("--from", from_)->required();
  record_fact_->add_option("--to", to_, "end (omit while it lasts)");
  record_fact_->add_option("--source", source_)->required();
  record_fact_->add_option("--notes", notes_);

  record_step_ = app.add_subcommand("record-step", "record a domestic step (vote, decree, ...)");
  record_step_->add_option("STATE", state_)->required();
  record_step_->add_option("--treaty", treaty_);
  record_step_->add_option("--date", date_)->required();
  record_step_->add_option("--kind", kind_, "vote, decree, promulgation, decision, statement, law")->required();
  record_step_->add_option("--body", body_, "who took it (Seimas, President, ...)");
  record_step_->add_option("--description", description_);
  record_step_->add_option("--source", source_)->required();

  correct_ = app.add_subcommand("correct", "record a correction that supersedes an action (the old one stays visible to --known-on)");
  correct_->add_option("ACTION-ID", id_)->required();
  correct_->add_option("--date", date_, "corrected date");
  correct_->add_option("--ref", ref_, "corrected reference");
  correct_->add_option("--kind", kind_, "corrected kind");
  correct_->add_option("--text-file", text_file_, "corrected text");
  correct_->add_option("--source", source_, "the source of the correction")->required();
  correct_->add_option("--notes", notes_);

  notify_ = app.add_subcommand("notify", "issue the depositary notification of a recorded action");
  notify_->add_option("ACTION-ID", id_)->required();
  notify_->add_option("--date", issued_on_, "the notification's date (default today)");
  notify_->add_flag("--html", html_, "print HTML");

  notifications_ = app.add_subcommand("notifications", "list issued notifications");
  notifications_->add_option("--treaty", treaty_);
  notifications_->add_option("--since", since_, "issued on or after");

  ingest_ = app.add_subcommand("ingest-cn", "read depositary notification texts; --apply records them");
  ingest_->add_option("FILE", files_)->required();
  ingest_->add_flag("--apply", apply_, "record each action through the same checks as 'pacta record'");

  auto* token = app.add_subcommand("token", "API tokens for writing over HTTP");
  token->require_subcommand(1);
  token_create_ = token->add_subcommand("create", "make a token; the secret is printed once, only its hash is stored");
  token_create_->add_option("--role", role_, "recorder (may record) or reader")->check(CLI::IsMember({"recorder", "reader"}));
  token_create_->add_option("--label", label_, "who or what it is for");
  token_list_ = token->add_subcommand("list", "tokens (without their secrets)");
}

std::optional<int> DepositaryCommands::run(const Options& o) {
  auto emit = [](const json::value& v) { std::cout << json::serialize(v) << "\n"; };
  auto parse = [](const std::string& s, const std::string& what) { return must(parse_date_arg(s, what)); };

  if (record_->parsed() || correct_->parsed()) {
    auto ledger = open_ledger(o);
    auto catalog = must(Catalog::load(*ledger));
    Action a;
    if (record_->parsed()) {
      a.treaty = must(catalog->resolve_treaty(treaty_));
      a.state = must(catalog->resolve_state(state_));
      auto k = parse_action_kind(kind_);
      if (!k) throw UsageError{"unknown kind '" + kind_ + "'"};
      a.kind = *k;
      a.date = parse(date_, "--date");
    } else {
      const Action* old = nullptr;
      for (const Action& x : catalog->record().actions)
        if (x.prov.seq == id_) old = &x;
      if (!old) throw UsageError{"no action with id " + std::to_string(id_) + " (see 'pacta log')"};
      a = *old;
      a.prov = Provenance{};
      a.prov.supersedes = id_;
      if (!date_.empty()) a.date = parse(date_, "--date");
      if (!kind_.empty()) {
        auto k = parse_action_kind(kind_);
        if (!k) throw UsageError{"unknown kind '" + kind_ + "'"};
        a.kind = *k;
      }
    }
    if (!ref_.empty()) a.reference = ref_;
    if (!text_file_.empty()) a.text = slurp(text_file_);
    if (!later_date_.empty()) a.later_date = parse(later_date_, "--later-date");
    a.prov.source = source_;
    a.prov.notes = notes_;
    a.prov.recorded_by = std::string("pacta ") + (record_->parsed() ? "record" : "correct");
    must(correct_->parsed() ? record_correction(*ledger, *catalog, a, today()) : record_action(*ledger, *catalog, a, today()));
    auto fresh = must(Catalog::load(*ledger));
    std::vector<std::string> cons = consequences(*fresh, a);
    std::optional<StoredNotification> n;
    if (notify_now_) n = must(notify(*ledger, *fresh, a.prov.seq, today()));
    if (o.as_json) {
      json::object r;
      r["id"] = a.prov.seq;
      r["treaty"] = a.treaty;
      r["state"] = a.state;
      r["kind"] = std::string(to_string(a.kind));
      r["date"] = a.date.iso();
      r["supersedes"] = a.prov.supersedes ? json::value(*a.prov.supersedes) : json::value(nullptr);
      r["consequences"] = json::array(cons.begin(), cons.end());
      r["notification"] = n ? json::value(n->reference) : json::value(nullptr);
      emit(r);
    } else {
      std::cout << "recorded as entry " << a.prov.seq << ": " << to_string(a.kind) << " by " << a.state << " on " << a.date.iso()
                << (a.prov.supersedes ? " (supersedes entry " + std::to_string(*a.prov.supersedes) + ")" : "") << "\n";
      for (const std::string& c : cons) std::cout << "  " << c << "\n";
      if (source_.empty() && record_->parsed()) std::cout << "  warning: no source given (--source); the entry says so\n";
      if (n) std::cout << "  notification " << n->reference << "\n";
    }
    return 0;
  }
  if (record_fact_->parsed()) {
    auto ledger = open_ledger(o);
    auto catalog = must(Catalog::load(*ledger));
    Fact f;
    f.state = must(catalog->resolve_state(state_));
    auto k = parse_fact_kind(fact_kind_);
    if (!k || !is_state_fact(*k))
      throw UsageError{"unknown fact kind '" + fact_kind_ + "' (known: armed_conflict, state_succession)"};
    if (*k == FactKind::kStateSuccession && !to_.empty())
      throw UsageError{"--to: a succession of States is a single day (give --from only)"};
    f.kind = *k;
    f.from = parse(from_, "--from");
    if (!to_.empty()) f.to = parse(to_, "--to");
    f.prov.source = source_;
    f.prov.notes = notes_;
    f.prov.recorded_by = "pacta record-fact";
    must(record_fact(*ledger, f, today()));
    std::cout << "recorded as entry " << f.prov.seq << ": " << to_string(f.kind) << " " << f.state << " from " << f.from.iso()
              << (f.to ? " to " + f.to->iso() : "") << "\n";
    return 0;
  }
  if (record_step_->parsed()) {
    auto ledger = open_ledger(o);
    auto catalog = must(Catalog::load(*ledger));
    DomesticStep s;
    s.state = must(catalog->resolve_state(state_));
    if (!treaty_.empty()) s.treaty = must(catalog->resolve_treaty(treaty_));
    s.date = parse(date_, "--date");
    s.kind = kind_;
    s.body = body_;
    s.description = description_;
    s.prov.source = source_;
    s.prov.recorded_by = "pacta record-step";
    must(record_step(*ledger, s, today()));
    std::cout << "recorded as entry " << s.prov.seq << ": " << s.kind << " in " << s.state << " on " << s.date.iso() << "\n";
    return 0;
  }
  if (notify_->parsed()) {
    auto ledger = open_ledger(o);
    auto catalog = must(Catalog::load(*ledger));
    const Date on = issued_on_.empty() ? today() : parse(issued_on_, "--date");
    StoredNotification n = must(notify(*ledger, *catalog, id_, on));
    if (o.as_json) {
      json::object r;
      r["reference"] = n.reference;
      r["number"] = n.number;
      r["year"] = n.year;
      r["action"] = n.action_seq;
      r["treaty"] = n.treaty;
      r["issued_on"] = n.issued_on;
      r["text"] = n.text;
      emit(r);
    } else {
      std::cout << (html_ ? render_notification_html(n.text) : n.text);
    }
    return 0;
  }
  if (notifications_->parsed()) {
    auto ledger = open_ledger(o);
    auto catalog = must(Catalog::load(*ledger));
    std::optional<Date> since;
    if (!since_.empty()) since = parse(since_, "--since");
    const std::string treaty = treaty_.empty() ? "" : must(catalog->resolve_treaty(treaty_));
    // The same selection and fields as the server's /notifications (newest first).
    const auto list = select_notifications(must(ledger->notifications()), treaty, since);
    if (o.as_json) return emit(notifications_json(*catalog, list)), 0;
    for (const StoredNotification& n : list)
      std::cout << n.issued_on << "  " << n.reference << "  " << n.treaty << "  action " << n.action_seq << "\n";
    return 0;
  }
  if (token_create_->parsed()) {
    auto ledger = open_ledger(o);
    NewToken t = must(create_token(*ledger, role_, label_));
    if (o.as_json) {
      json::object r;
      r["id"] = t.stored.id;
      r["role"] = t.stored.role;
      r["label"] = t.stored.label;
      r["token"] = t.secret;
      emit(r);
    } else {
      std::cout << t.secret << "\n";
      std::cerr << "token " << t.stored.id << " (" << t.stored.role << "): keep the secret above; only its hash is stored\n";
    }
    return 0;
  }
  if (token_list_->parsed()) {
    auto ledger = open_ledger(o);
    for (const StoredToken& t : must(ledger->tokens()))
      std::cout << t.id << "  " << t.role << "  " << t.created_at << "  " << t.label << "\n";
    return 0;
  }
  if (ingest_->parsed()) {
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<Catalog> catalog;
    // Reading needs no database; resolving and applying do.
    if (std::ifstream(o.db).good()) {
      ledger = open_ledger(o);
      catalog = must(Catalog::load(*ledger));
    } else if (apply_) {
      throw UsageError{o.db + ": no such database (run 'pacta init' to create it)"};
    }
    int rc = 0;
    json::array out;
    for (const std::string& file : files_) {
      json::object r;
      r["file"] = file;
      auto parsed = parse_notification(slurp(file), file);
      if (!parsed) {
        std::cerr << "pacta: " << parsed.message() << "\n";
        r["error"] = parsed.message();
        out.push_back(std::move(r));
        rc = 2;
        continue;
      }
      const ParsedNotification& n = *parsed;
      r["reference"] = n.reference;
      r["chapter"] = n.chapter;
      r["heading"] = n.heading;
      r["state_text"] = n.state_text;
      r["kind"] = n.kind ? json::value(std::string(to_string(*n.kind))) : json::value(nullptr);
      r["effected_on"] = opt(n.effected_on);
      r["stated_effect"] = opt(n.stated_effect);
      r["issued_on"] = opt(n.issued_on);
      r["earlier_references"] = json::array(n.earlier_references.begin(), n.earlier_references.end());
      r["instrument_text"] = n.instrument_text;
      r["missing"] = json::array(n.missing.begin(), n.missing.end());
      std::string treaty, state, computed, agreement = "unknown", applied = "no";
      if (catalog) {
        auto act = action_from_notification(*catalog, n);
        if (!act) {
          r["problem"] = act.message();
        } else {
          treaty = act->treaty;
          state = act->state;
          // The engine's own computation, with this action added to the record.
          std::optional<Action> existing;
          // The same notification read twice, or one pacta issued itself, or the same action
          // recorded from another source: recorded once.
          std::optional<int64_t> notified;
          for (const StoredNotification& sn : must(ledger->notifications()))
            if (sn.reference == n.reference) notified = sn.action_seq;
          for (const Action& x : as_known_on(catalog->record(), std::nullopt).actions)
            if ((!x.reference.empty() && x.reference == n.reference) || (notified && x.prov.seq == *notified) ||
                (x.treaty == act->treaty && x.state == act->state && x.kind == act->kind && x.date == act->date))
              existing = x;
          Record rec = record_for_treaty(as_known_on(catalog->record(), std::nullopt), treaty);
          Action probe = *act;
          probe.prov.seq = -1;
          if (!existing) rec.actions.push_back(probe);
          TreatyView v(*catalog->treaty(treaty), rec);
          const ParticipantView* pv = v.participant(state);
          const int64_t seq = existing ? existing->prov.seq : -1;
          if (pv)
            for (const DerivedEvent& e : pv->derived) {
              if (e.kind != "withdrawal_effect" && e.kind != "entry_into_force" && e.kind != "withdrawal_suspended") continue;
              for (const Reason& why : e.why)
                if (std::count(why.entries.begin(), why.entries.end(), seq)) computed = e.date.iso();
            }
          if (n.stated_effect && !computed.empty()) agreement = n.stated_effect->iso() == computed ? "agrees" : "DISAGREES";
          if (existing) {
            applied = "already recorded as entry " + std::to_string(existing->prov.seq);
          } else if (apply_) {
            Action a = *act;
            a.prov.source = "depositary notification " + n.reference + " (" + file + ")";
            a.prov.recorded_by = "pacta ingest-cn";
            Outcome s = record_action(*ledger, *catalog, a, today());
            if (!s) {
              applied = "refused";
              r["problem"] = s.message();
              rc = 2;
            } else {
              applied = "recorded as entry " + std::to_string(a.prov.seq);
              catalog = must(Catalog::load(*ledger));
            }
          }
        }
      }
      r["treaty"] = treaty;
      r["state"] = state;
      r["computed_effect"] = computed.empty() ? json::value(nullptr) : json::value(computed);
      r["agreement"] = agreement;
      r["applied"] = applied;
      if (!n.missing.empty() && rc == 0) rc = 2;
      if (!o.as_json) {
        std::cout << file << ":\n  reference      " << n.reference << " (chapter " << n.chapter << ")\n"
                  << "  treaty         " << (treaty.empty() ? "-" : treaty) << "\n"
                  << "  heading        " << (n.heading.empty() ? "-" : n.heading) << "\n"
                  << "  state          " << (state.empty() ? n.state_text : state) << "\n"
                  << "  action         " << (n.kind ? std::string(to_string(*n.kind)) : "-") << "\n"
                  << "  effected on    " << (n.effected_on ? n.effected_on->iso() : "-") << "\n"
                  << "  stated effect  " << (n.stated_effect ? n.stated_effect->iso() : "-") << "\n"
                  << "  computed       " << (computed.empty() ? "-" : computed) << "  (" << agreement << ")\n"
                  << "  issued on      " << (n.issued_on ? n.issued_on->iso() : "-") << "\n";
        for (const std::string& e : n.earlier_references) std::cout << "  refers to      " << e << "\n";
        std::cout << "  text           " << n.instrument_text.size() << " characters"
                  << (n.instrument_text.empty() ? "" : ": \"" + n.instrument_text.substr(0, 70) + "...\"") << "\n";
        if (r.contains("problem")) std::cout << "  problem        " << json::value_to<std::string>(r["problem"]) << "\n";
        for (const std::string& m : n.missing) std::cout << "  MISSING        " << m << "\n";
        if (agreement == "DISAGREES")
          std::cout << "  The notification states " << n.stated_effect->iso() << "; pacta computes " << computed << ".\n";
        std::cout << "  applied        " << applied << "\n";
      }
      out.push_back(std::move(r));
    }
    if (o.as_json) emit(out);
    return rc;
  }
  return std::nullopt;
}

}  // namespace pacta::cli
