#include "cli/depositary_commands.h"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/catalog.h"
#include "app/access.h"
#include "app/feed.h"
#include "app/recording.h"
#include "app/report.h"
#include "ingest/cn_parser.h"

namespace json = boost::json;

namespace pacta::cli {
namespace {

json::value opt(const std::optional<Date>& d) { return d ? json::value(d->iso()) : json::value(nullptr); }

ActionKind kind_or_throw(const std::string& text) {
  auto k = parse_action_kind(text);
  if (!k) throw UsageError{"unknown kind '" + text + "'"};
  return *k;
}

}  // namespace

void DepositaryCommands::add_to(CLI::App& app) {
  record_ = app.add_subcommand("record", "record one action, after the treaty's checks");
  record_->add_option("TREATY", treaty_)->required();
  record_->add_option("STATE", state_)->required();
  record_->add_option("KIND", kind_, "signature, ratification, acceptance, approval, accession, succession, withdrawal, "
                                     "withdrawal-revocation, not-intending, reservation, declaration, objection, communication, reservation-withdrawal, objection-withdrawal, competence-declaration, competence-withdrawal")
      ->required();
  record_->add_option("--date", date_, "date of signature, deposit or receipt")->required();
  record_->add_option("--ref", ref_, "depositary notification reference (C.N.…)");
  record_->add_option("--source", source_, "where this is documented (address or citation); strongly advised");
  record_->add_option("--text-file", text_file_, "the instrument's text");
  record_->add_option("--later-date", later_date_, "a later effective date named in a withdrawal; on a competence-declaration made for a period, the day it ceases to have effect");
  record_->add_option("--subject", subject_, "what the action concerns: for an objection, the state whose reservation it answers");
  record_->add_option("--qualifier", qualifier_, "'precludes' (an objection opposing entry into force between the two), 'partial' (a partial withdrawal), 'with-declarations' (a reservation the depositary does not separate from declarations)");
  record_->add_option("--notes", notes_);
  record_->add_flag("--notify", notify_now_, "issue its depositary notification at once (dated today)");

  record_fact_ = app.add_subcommand("record-fact", "record a fact the rules depend on (armed conflict)");
  record_fact_->add_option("STATE", state_)->required();
  record_fact_->add_option("--kind", fact_kind_, "armed_conflict (default), state_succession (FROM = the date of the succession of States) or state_extinction (FROM = the first day the State no longer existed)");
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
  notify_->add_flag("--force", force_, "issue even for an action the depositary already notified (its reference is a C.N.)");

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
  token_create_->add_option("--expires", expires_, "the day (YYYY-MM-DD, UTC) from which the token no longer works");
  token_list_ = token->add_subcommand("list", "tokens (without their secrets), with their expiry and revocation");
  token_revoke_ = token->add_subcommand("revoke", "revoke a token at once, also on running servers");
  token_revoke_->add_option("ID", token_id_, "the token's id (pacta token list)")->required();
}

std::optional<int> DepositaryCommands::run(const Options& o) {
  as_json_ = o.as_json;
  if (record_->parsed() || correct_->parsed()) return run_record(o);
  if (record_fact_->parsed()) return run_fact(o);
  if (record_step_->parsed()) return run_step(o);
  if (notify_->parsed()) return run_notify(o);
  if (notifications_->parsed()) return run_notifications(o);
  if (token_create_->parsed()) return run_token_create(o);
  if (token_list_->parsed()) {
    auto ledger = open_ledger(o);
    json::array arr;
    for (const StoredToken& t : must(ledger->tokens())) {
      if (o.as_json) {
        json::object r;
        r["id"] = t.id;
        r["role"] = t.role;
        r["label"] = t.label;
        r["created_at"] = t.created_at;
        r["expires"] = t.expires.empty() ? json::value(nullptr) : json::value(t.expires);
        r["revoked_at"] = t.revoked_at.empty() ? json::value(nullptr) : json::value(t.revoked_at);
        arr.push_back(std::move(r));
        continue;
      }
      std::cout << t.id << "  " << t.role << "  " << t.created_at << "  "
                << (!t.revoked_at.empty() ? "revoked " + t.revoked_at
                                          : t.expires.empty() ? std::string("no expiry") : "expires " + t.expires)
                << "  " << t.label << "\n";
    }
    if (o.as_json) std::cout << json::serialize(arr) << "\n";
    return 0;
  }
  if (token_revoke_->parsed()) {
    auto ledger = open_ledger(o);
    if (!must(ledger->revoke_token(token_id_))) throw UsageError{"no token " + std::to_string(token_id_) + " (pacta token list)"};
    std::cout << "token " << token_id_ << " revoked: requests with it are refused (401) from now on\n";
    return 0;
  }
  if (ingest_->parsed()) return run_ingest(o);
  return std::nullopt;
}

Action DepositaryCommands::action_to_record(const Catalog& c) const {
  Action a;
  if (record_->parsed()) {
    a.treaty = must(c.resolve_treaty(treaty_));
    a.state = must(c.resolve_state(state_));
    a.kind = kind_or_throw(kind_);
    a.date = must(parse_date_arg(date_, "--date"));
  } else {
    std::optional<Action> old = c.action(id_);
    if (!old) throw UsageError{"no action with id " + std::to_string(id_) + " (see 'pacta log')"};
    a = *old;
    a.prov = Provenance{};
    a.prov.supersedes = id_;
    if (!date_.empty()) a.date = must(parse_date_arg(date_, "--date"));
    if (!kind_.empty()) a.kind = kind_or_throw(kind_);
  }
  if (!ref_.empty()) a.reference = ref_;
  if (!text_file_.empty()) a.text = read_file(text_file_);
  if (!later_date_.empty()) a.later_date = must(parse_date_arg(later_date_, "--later-date"));
  if (!subject_.empty()) a.subject = subject_;
  if (!qualifier_.empty()) a.qualifier = qualifier_;
  a.prov.source = source_;
  a.prov.notes = notes_;
  a.prov.recorded_by = std::string("pacta ") + (record_->parsed() ? "record" : "correct");
  return a;
}

int DepositaryCommands::run_record(const Options& o) {
  auto catalog = open_catalog(o);
  Action a = action_to_record(*catalog);
  auto writer = open_ledger(o);
  Recorded r = must(record_action(*writer, *catalog, a, today(), notify_now_));
  const Action& done = r.action;
  if (o.as_json) {
    std::cout << json::serialize(recorded_json(r)) << "\n";
    return 0;
  }
  std::cout << "recorded as entry " << done.prov.seq << ": " << to_string(done.kind) << " by " << done.state << " on "
            << done.date.iso() << (done.prov.supersedes ? " (supersedes entry " + std::to_string(*done.prov.supersedes) + ")" : "")
            << "\n";
  for (const std::string& c : r.consequences) std::cout << "  " << c << "\n";
  if (source_.empty() && record_->parsed()) std::cout << "  warning: no source given (--source); the entry says so\n";
  if (r.notification) std::cout << "  notification " << r.notification->reference << "\n";
  return 0;
}

int DepositaryCommands::run_fact(const Options& o) {
  auto catalog = open_catalog(o);
  Fact f;
  f.state = must(catalog->resolve_state(state_));
  auto k = parse_fact_kind(fact_kind_);
  if (!k || !is_state_fact(*k)) throw UsageError{"unknown fact kind '" + fact_kind_ + "' (known: armed_conflict, state_succession, state_extinction)"};
  if (is_single_day(*k) && !to_.empty()) throw UsageError{"--to: " + single_day_what(*k) + " is a single day (give --from only)"};
  f.kind = *k;
  f.from = must(parse_date_arg(from_, "--from"));
  if (!to_.empty()) f.to = must(parse_date_arg(to_, "--to"));
  f.prov.source = source_;
  f.prov.notes = notes_;
  f.prov.recorded_by = "pacta record-fact";
  auto writer = open_ledger(o);
  must(record_fact(*writer, f, today()));
  std::cout << "recorded as entry " << f.prov.seq << ": " << to_string(f.kind) << " " << f.state << " from " << f.from.iso()
            << (f.to ? " to " + f.to->iso() : "") << "\n";
  return 0;
}

int DepositaryCommands::run_step(const Options& o) {
  auto catalog = open_catalog(o);
  DomesticStep s;
  s.state = must(catalog->resolve_state(state_));
  if (!treaty_.empty()) s.treaty = must(catalog->resolve_treaty(treaty_));
  s.date = must(parse_date_arg(date_, "--date"));
  s.kind = kind_;
  s.body = body_;
  s.description = description_;
  s.prov.source = source_;
  s.prov.recorded_by = "pacta record-step";
  auto writer = open_ledger(o);
  must(record_step(*writer, s, today()));
  std::cout << "recorded as entry " << s.prov.seq << ": " << s.kind << " in " << s.state << " on " << s.date.iso() << "\n";
  return 0;
}

int DepositaryCommands::run_notify(const Options& o) {
  auto catalog = open_catalog(o);
  const Date on = issued_on_.empty() ? today() : must(parse_date_arg(issued_on_, "--date"));
  auto writer = open_ledger(o);
  StoredNotification n = must(notify(*writer, *catalog, id_, on, force_));
  if (const std::optional<Action> a = catalog->action(n.action_seq); a && !o.as_json && on.days() - a->date.days() > 90)
    std::cerr << "note: " << n.reference << " is dated " << on.iso() << ", " << (on.days() - a->date.days())
              << " days after the action it notifies (" << a->date.iso() << ")\n";
  if (!o.as_json) {
    std::cout << (html_ ? render_notification_html(n.text) : n.text);
    return 0;
  }
  json::object r;
  r["reference"] = n.reference;
  r["number"] = n.number;
  r["year"] = n.year;
  r["action"] = n.action_seq;
  r["treaty"] = n.treaty;
  r["issued_on"] = n.issued_on;
  r["text"] = n.text;
  std::cout << json::serialize(r) << "\n";
  return 0;
}

int DepositaryCommands::run_notifications(const Options& o) {
  auto catalog = open_catalog(o);
  std::optional<Date> since;
  if (!since_.empty()) since = must(parse_date_arg(since_, "--since"));
  const std::string treaty = treaty_.empty() ? "" : must(catalog->resolve_treaty(treaty_));
  // The same selection and fields as the server's /notifications (newest first).
  auto ledger = open_ledger(o);
  const auto list = select_notifications(must(ledger->notifications()), treaty, since);
  if (o.as_json) {
    std::cout << json::serialize(notifications_json(*catalog, list)) << "\n";
    return 0;
  }
  for (const StoredNotification& n : list) {
    std::cout << n.issued_on << "  " << n.reference << "  " << n.treaty;
    if (const std::optional<Action> a = catalog->action(n.action_seq))
      std::cout << "  " << catalog->state_name(a->state) << " (" << a->state << ")  " << to_string(a->kind) << " of "
                << a->date.iso();
    std::cout << "  [action " << n.action_seq << "]\n";
  }
  return 0;
}

int DepositaryCommands::run_token_create(const Options& o) {
  auto ledger = open_ledger(o);
  const std::string expires = expires_.empty() ? "" : must(parse_date_arg(expires_, "--expires")).iso();
  if (!expires.empty() && expires <= today().iso())
    throw UsageError{"--expires " + expires + " is not after today (" + today().iso() + "): the token would never work"};
  NewToken t = must(create_token(*ledger, role_, label_, expires));
  if (o.as_json) {
    json::object r;
    r["id"] = t.stored.id;
    r["role"] = t.stored.role;
    r["label"] = t.stored.label;
    r["token"] = t.secret;
    r["expires"] = expires.empty() ? json::value(nullptr) : json::value(expires);
    std::cout << json::serialize(r) << "\n";
  } else {
    std::cout << t.secret << "\n";
    std::cerr << "token " << t.stored.id << " (" << t.stored.role << "): keep the secret above; only its hash is stored\n";
  }
  return 0;
}

int DepositaryCommands::run_ingest(const Options& o) {
  std::unique_ptr<Ledger> writer;
  std::shared_ptr<Catalog> catalog;
  // Reading needs no database; resolving and applying do.
  if (std::ifstream(o.db).good()) {
    catalog = open_catalog(o);
    writer = open_ledger(o);
  } else if (apply_) {
    throw UsageError{o.db + ": no such database (run 'pacta init' to create it)"};
  }
  int rc = 0;
  json::array out;
  for (const std::string& file : files_) {
    json::object r = ingest_one(file, catalog.get(), writer.get(), rc);
    out.push_back(std::move(r));
  }
  if (o.as_json) std::cout << json::serialize(out) << "\n";
  return rc;
}

json::object DepositaryCommands::ingest_one(const std::string& file, const Catalog* catalog, Ledger* writer, int& rc) {
  json::object r;
  r["file"] = file;
  auto parsed = parse_notification(read_file(file), file);
  if (!parsed) {
    std::cerr << "pacta: " << parsed.message() << "\n";
    r["error"] = parsed.message();
    rc = 2;
    return r;
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
  Ingested in;
  if (catalog) in = resolve_and_apply(n, file, *catalog, *writer, r, rc);
  r["treaty"] = in.treaty;
  r["state"] = in.state;
  r["computed_effect"] = in.computed.empty() ? json::value(nullptr) : json::value(in.computed);
  r["agreement"] = in.agreement;
  r["applied"] = in.applied;
  if (!n.missing.empty() && rc == 0) rc = 2;
  if (!as_json_) print_ingested(file, n, in, r);
  return r;
}

DepositaryCommands::Ingested DepositaryCommands::resolve_and_apply(const ParsedNotification& n, const std::string& file,
                                                                   const Catalog& catalog, Ledger& writer, json::object& r,
                                                                   int& rc) {
  Ingested in;
  auto act = action_from_notification(catalog, n);
  if (!act) {
    r["problem"] = act.message();
    return in;
  }
  in.treaty = act->treaty;
  in.state = act->state;
  auto entries = catalog.entries(in.treaty);
  const Record current = as_known_on(entries->stored.record, std::nullopt);
  // The same notification read twice, or one pacta issued itself, or the same action
  // recorded from another source: recorded once.
  std::optional<int64_t> notified;
  for (const StoredNotification& sn : must(writer.notifications()))
    if (sn.reference == n.reference) notified = sn.action_seq;
  std::optional<Action> existing;
  for (const Action& x : current.actions)
    if ((!x.reference.empty() && x.reference == n.reference) || (notified && x.prov.seq == *notified) ||
        (x.state == act->state && x.kind == act->kind && x.date == act->date))
      existing = x;
  // The engine's own computation, with this action added to the record.
  Record rec = current;
  Action probe = *act;
  probe.prov.seq = -1;
  if (!existing) rec.actions.push_back(probe);
  const auto profile = catalog.treaty(in.treaty);
  const std::string parent = profile->parent_treaty();
  TreatyView v(*profile, rec, parent.empty() ? nullptr : catalog.view(parent));
  const int64_t seq = existing ? existing->prov.seq : -1;
  if (const ParticipantView* pv = v.participant(in.state))
    for (const DerivedEvent& e : pv->derived) {
      if (e.kind != "withdrawal_effect" && e.kind != "entry_into_force" && e.kind != "withdrawal_suspended") continue;
      for (const Reason& why : e.why)
        if (std::count(why.entries.begin(), why.entries.end(), seq)) in.computed = e.date.iso();
    }
  if (n.stated_effect && !in.computed.empty()) in.agreement = n.stated_effect->iso() == in.computed ? "agrees" : "DISAGREES";
  if (existing) {
    in.applied = "already recorded as entry " + std::to_string(existing->prov.seq);
  } else if (apply_) {
    Action a = *act;
    a.prov.source = "depositary notification " + n.reference + " (" + file + ")";
    a.prov.recorded_by = "pacta ingest-cn";
    auto done = record_action(writer, catalog, a, today());
    if (!done) {
      in.applied = "refused";
      r["problem"] = done.message();
      rc = 2;
    } else {
      in.applied = "recorded as entry " + std::to_string(done->action.prov.seq);
      (void)catalog.refresh();
    }
  }
  return in;
}

void DepositaryCommands::print_ingested(const std::string& file, const ParsedNotification& n, const Ingested& in,
                                        const json::object& r) const {
  std::cout << file << ":\n  reference      " << n.reference << " (chapter " << n.chapter << ")\n"
            << "  treaty         " << (in.treaty.empty() ? "-" : in.treaty) << "\n"
            << "  heading        " << (n.heading.empty() ? "-" : n.heading) << "\n"
            << "  state          " << (in.state.empty() ? n.state_text : in.state) << "\n"
            << "  action         " << (n.kind ? std::string(to_string(*n.kind)) : "-") << "\n"
            << "  effected on    " << (n.effected_on ? n.effected_on->iso() : "-") << "\n"
            << "  stated effect  " << (n.stated_effect ? n.stated_effect->iso() : "-") << "\n"
            << "  computed       " << (in.computed.empty() ? "-" : in.computed) << "  (" << in.agreement << ")\n"
            << "  issued on      " << (n.issued_on ? n.issued_on->iso() : "-") << "\n";
  for (const std::string& e : n.earlier_references) std::cout << "  refers to      " << e << "\n";
  std::cout << "  text           " << n.instrument_text.size() << " characters"
            << (n.instrument_text.empty() ? "" : ": \"" + n.instrument_text.substr(0, 70) + "...\"") << "\n";
  if (r.contains("problem")) std::cout << "  problem        " << json::value_to<std::string>(r.at("problem")) << "\n";
  for (const std::string& m : n.missing) std::cout << "  MISSING        " << m << "\n";
  if (in.agreement == "DISAGREES")
    std::cout << "  The notification states " << n.stated_effect->iso() << "; pacta computes " << in.computed << ".\n";
  std::cout << "  applied        " << in.applied << "\n";
}

}  // namespace pacta::cli
