#include "app/catalog.h"

#include <algorithm>
#include <cctype>

namespace pacta {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Result<std::unique_ptr<Catalog>> Catalog::load(Ledger& ledger) {
  auto c = std::make_unique<Catalog>();
  auto profiles = ledger.profiles();
  if (!profiles) return profiles.status();
  for (const auto& [id, toml] : *profiles) {
    ProfileResult pr = parse_profile(toml, "profile " + id);
    if (!pr.profile) return Outcome::error(pr.error);
    c->profiles_.push_back(std::move(*pr.profile));
  }
  if (c->profiles_.empty()) return Outcome::error("the database holds no treaty profiles (run 'pacta init')");
  auto states = ledger.states();
  if (!states) return states.status();
  c->states_ = std::move(*states);
  auto record = ledger.load();
  if (!record) return record.status();
  c->record_ = std::move(*record);
  const Record current = as_known_on(c->record_, std::nullopt);
  for (const TreatyProfile& p : c->profiles_)
    c->views_[p.id] = std::make_shared<const TreatyView>(p, record_for_treaty(current, p.id));
  return c;
}

const TreatyProfile* Catalog::treaty(const std::string& id) const {
  for (const TreatyProfile& p : profiles_)
    if (p.id == id) return &p;
  return nullptr;
}

const StateName* Catalog::state(const std::string& iso3) const {
  auto it = std::lower_bound(states_.begin(), states_.end(), iso3,
                             [](const StateName& s, const std::string& k) { return s.iso3 < k; });
  return it != states_.end() && it->iso3 == iso3 ? &*it : nullptr;
}

std::string Catalog::state_name(const std::string& iso3) const {
  const StateName* s = state(iso3);
  return s ? s->name : iso3;
}

Result<std::string> Catalog::resolve_treaty(const std::string& text) const {
  const std::string want = lower(text);
  std::string ids;
  for (const TreatyProfile& p : profiles_) {
    if (p.id == want || lower(p.short_title) == want) return p.id;
    ids += (ids.empty() ? "" : ", ") + p.id;
  }
  return Outcome::error("unknown treaty '" + text + "' (known: " + ids + ")");
}

Result<std::string> Catalog::resolve_state(const std::string& text) const {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper.size() == 3 && state(upper)) return upper;
  const std::string want = lower(text);
  for (const StateName& s : states_) {
    if (lower(s.name) == want) return s.iso3;
    for (const std::string& a : s.aliases)
      if (lower(a) == want) return s.iso3;
  }
  return Outcome::error("unknown state '" + text + "' (give an ISO 3166-1 alpha-3 code such as LTU, or an English short name)");
}

std::shared_ptr<const TreatyView> Catalog::view(const std::string& treaty, std::optional<Date> known_on) const {
  auto it = views_.find(treaty);
  if (it == views_.end()) return nullptr;
  if (!known_on) return it->second;
  const auto key = std::make_pair(treaty, *known_on);
  {
    std::lock_guard<std::mutex> lock(known_on_mutex_);
    if (auto hit = known_on_views_.find(key); hit != known_on_views_.end()) return hit->second;
  }
  const TreatyProfile* p = this->treaty(treaty);
  auto built = std::make_shared<const TreatyView>(*p, record_for_treaty(as_known_on(record_, known_on), treaty));
  std::lock_guard<std::mutex> lock(known_on_mutex_);
  if (known_on_views_.size() >= 64) known_on_views_.erase(known_on_views_.begin());  // bounded
  known_on_views_.emplace(key, built);
  return built;
}

Result<Date> parse_date_arg(const std::string& text, const std::string& what) {
  auto d = Date::parse(text);
  if (!d) return Outcome::error(what + ": '" + text + "' is not a valid date (expected YYYY-MM-DD, a day that exists)");
  return *d;
}

}  // namespace pacta
