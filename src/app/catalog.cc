#include "app/catalog.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>

#include "core/text.h"

namespace pacta {
namespace {

// A name as compared by people: lower case, accents dropped (the Latin letters of state
// names), apostrophes and full stops dropped, hyphens as spaces, spaces collapsed:
// "Côte d’Ivoire", "Cote d'Ivoire" and "cote divoire" fold alike.
std::string fold(const std::string& text) {
  static const std::pair<const char*, char> kAccents[] = {
      {"à", 'a'}, {"á", 'a'}, {"â", 'a'}, {"ã", 'a'}, {"ä", 'a'}, {"å", 'a'}, {"ç", 'c'}, {"è", 'e'}, {"é", 'e'},
      {"ê", 'e'}, {"ë", 'e'}, {"ì", 'i'}, {"í", 'i'}, {"î", 'i'}, {"ï", 'i'}, {"ñ", 'n'}, {"ò", 'o'}, {"ó", 'o'},
      {"ô", 'o'}, {"õ", 'o'}, {"ö", 'o'}, {"ø", 'o'}, {"ù", 'u'}, {"ú", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ý", 'y'},
      {"ÿ", 'y'}, {"À", 'a'}, {"Á", 'a'}, {"Â", 'a'}, {"Ä", 'a'}, {"Å", 'a'}, {"Ç", 'c'}, {"É", 'e'}, {"È", 'e'},
      {"Î", 'i'}, {"Ô", 'o'}, {"Ö", 'o'}, {"Ü", 'u'}, {"ş", 's'}, {"ţ", 't'}, {"ă", 'a'}, {"ā", 'a'}, {"ē", 'e'}};
  std::string out;
  for (size_t i = 0; i < text.size();) {
    bool mapped = false;
    for (const auto& [from, to] : kAccents) {
      const size_t n = std::char_traits<char>::length(from);
      if (text.compare(i, n, from) == 0) {
        out += to;
        i += n;
        mapped = true;
        break;
      }
    }
    if (mapped) continue;
    if (text.compare(i, 3, "\xE2\x80\x99") == 0 || text.compare(i, 3, "\xE2\x80\x98") == 0) {  // ’ ‘
      i += 3;
      continue;
    }
    const char c = text[i++];
    if (c == '\'' || c == '.' || c == '`') continue;
    const char sp = (c == '-' || c == '_' || std::isspace(static_cast<unsigned char>(c))) ? ' ' : c;
    if (sp == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(sp)));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}


// The closest of `names` (label, text) to `text`, if close enough to be a slip.
std::optional<std::string> closest(const std::string& text, const std::vector<std::pair<std::string, std::string>>& names) {
  const std::string want = fold(text);
  size_t best = std::max<size_t>(2, want.size() / 4) + 1;
  std::optional<std::string> label;
  for (const auto& [l, name] : names) {
    const size_t d = edit_distance(want, fold(name));
    if (d < best) best = d, label = l;
  }
  return label;
}


}  // namespace

std::string fold_name(const std::string& text) { return fold(text); }

template <typename K, typename V>
const V* Catalog::Lru<K, V>::get(const K& k) {
  auto it = items.find(k);
  if (it == items.end()) return nullptr;
  order.splice(order.begin(), order, it->second.second);
  return &it->second.first;
}

template <typename K, typename V>
void Catalog::Lru<K, V>::put(const K& k, V v) {
  erase(k);
  order.push_front(k);
  items.emplace(k, std::make_pair(std::move(v), order.begin()));
  while (items.size() > capacity) {
    items.erase(order.back());
    order.pop_back();
  }
}

template <typename K, typename V>
void Catalog::Lru<K, V>::erase(const K& k) {
  auto it = items.find(k);
  if (it == items.end()) return;
  order.erase(it->second.second);
  items.erase(it);
}

int TreatyEntries::rules_on(std::optional<Date> known_on) const {
  const auto& rules = stored.rules;
  if (rules.empty()) return -1;
  if (!known_on) return static_cast<int>(rules.size()) - 1;
  int found = 0;  // before any version was known: the first (the treaty's text as adopted)
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].known_from <= *known_on) found = static_cast<int>(i);
  return found;
}

Result<std::shared_ptr<const TreatyEntries>> read_treaty(Ledger& ledger, const std::string& treaty,
                                                         const std::string& newcomer) {
  auto stored = ledger.load_treaty(treaty);
  if (!stored) return stored.status();
  auto e = std::make_shared<TreatyEntries>();
  e->stored = std::move(*stored);
  const auto& actions = e->stored.record.actions;
  if (!newcomer.empty() &&
      std::none_of(actions.begin(), actions.end(), [&](const Action& a) { return a.state == newcomer; })) {
    auto about = ledger.load_state(newcomer);
    if (!about) return about.status();
    Record& r = e->stored.record;
    r.facts.insert(r.facts.end(), about->facts.begin(), about->facts.end());
    r.steps.insert(r.steps.end(), about->steps.begin(), about->steps.end());
  }
  for (const RulesVersion& v : e->stored.rules) {
    ProfileResult pr = parse_profile(v.toml, "rules " + v.version() + " (entry " + std::to_string(v.seq) + ")");
    if (!pr.profile) return Outcome::corruption(pr.error);
    pr.profile->rules_version = v.version();
    e->profiles.push_back(std::make_shared<const TreatyProfile>(std::move(*pr.profile)));
  }
  for (const Action& a : e->stored.record.actions) e->states.insert(a.state);
  return std::shared_ptr<const TreatyEntries>(std::move(e));
}

Result<std::shared_ptr<const TreatyView>> build_view(const TreatyEntries& e, std::optional<Date> known_on,
                                                     std::shared_ptr<const TreatyView> parent) {
  const int r = e.rules_on(known_on);
  if (r < 0) return Outcome::not_found("no rules are recorded for treaty '" + e.stored.treaty + "' (run 'pacta init')");
  return std::shared_ptr<const TreatyView>(
      std::make_shared<const TreatyView>(*e.profiles[r], as_known_on(e.stored.record, known_on), std::move(parent)));
}

std::string parent_of(const TreatyEntries& e, std::optional<Date> known_on) {
  const int r = e.rules_on(known_on);
  return r < 0 ? std::string() : e.profiles[r]->parent_treaty();
}

Catalog::Lease::Lease(const Catalog& c) : catalog(c) {
  std::unique_lock lock(c.pool_mutex_);
  for (;;) {
    if (!c.pool_.empty()) {
      ledger = std::move(c.pool_.back());
      c.pool_.pop_back();
      return;
    }
    if (c.connect_ && c.pool_size_ < 8) {
      ++c.pool_size_;
      lock.unlock();
      auto opened = c.connect_();
      if (opened) {
        ledger = std::move(*opened);
        return;
      }
      lock.lock();
      --c.pool_size_;
      if (c.pool_size_ == 0) return;  // nothing to wait for: ledger stays null
    }
    c.pool_cv_.wait(lock);
  }
}

Catalog::Lease::~Lease() {
  if (!ledger) return;
  {
    std::lock_guard lock(catalog.pool_mutex_);
    catalog.pool_.push_back(std::move(ledger));
  }
  catalog.pool_cv_.notify_one();
}

struct Catalog::PrimaryLease {
  std::unique_lock<std::mutex> lock;
  Ledger* ledger = nullptr;
};

Result<std::shared_ptr<Catalog>> Catalog::open(std::unique_ptr<Ledger> first, Connect connect) {
  auto c = std::make_shared<Catalog>();
  auto states = first->states();
  if (!states) return states.status();
  c->states_ = std::move(*states);
  auto head = first->head();
  if (!head) return head.status();
  if (head->seq == 0) return Outcome::error("the database holds no entries and no treaty rules (run 'pacta init')");
  c->head_ = head->seq;
  c->head_hash_ = head->hash;
  c->connect_ = std::move(connect);
  c->pool_.push_back(std::move(first));
  c->pool_size_ = 1;
  return c;
}

std::vector<TreatyIndex> Catalog::treaty_index() const {
  Lease l(*this);
  if (!l.ledger) return {};
  auto r = l.ledger->treaty_index();
  return r ? *r : std::vector<TreatyIndex>{};
}

Result<VerifyReport> Catalog::verify_whole_chain() const {
  Lease l(*this);
  if (!l.ledger) return Outcome::unavailable("no connection to the database");
  auto rep = l.ledger->verify();
  if (rep && !rep->ok()) {
    std::lock_guard lock(mutex_);
    broken_ = "the ledger's hash chain is broken: " + rep->problem + "; nothing is answered from it";
    entries_ = {entries_.capacity, {}, {}};
    views_ = {views_.capacity, {}, {}};
  }
  return rep;
}

std::string Catalog::broken() const {
  std::lock_guard lock(mutex_);
  return broken_;
}

std::shared_ptr<const TreatyEntries> Catalog::entries(const std::string& treaty) const {
  int64_t seen = 0;
  {
    std::lock_guard lock(mutex_);
    if (!broken_.empty()) throw StoreCorrupted(broken_);
    if (const auto* hit = entries_.get(treaty)) return *hit;
    seen = head_;
  }
  Lease l(*this);
  if (!l.ledger) throw StoreUnavailable("no connection to the database");
  // From a standby that has not replayed what this catalog already saw: the primary.
  auto primary = primary_if_behind(*l.ledger, seen);
  auto read = read_treaty(primary ? *primary->ledger : *l.ledger, treaty);
  if (!read && read.status().code() == Code::kCorruption) throw StoreCorrupted(read.message());
  if (!read) throw StoreUnavailable(read.message());
  if ((*read)->stored.rules.empty()) return nullptr;
  std::lock_guard lock(mutex_);
  // Cached only if no refresh ran meanwhile: one that did may have dropped this treaty for
  // an entry this read did not see yet, and a stale copy must never outlive its refresh.
  if (head_ == seen) entries_.put(treaty, *read);
  return *read;
}

std::shared_ptr<const TreatyProfile> Catalog::treaty(const std::string& id, std::optional<Date> known_on) const {
  auto e = entries(id);
  if (!e) return nullptr;
  const int r = e->rules_on(known_on);
  return r < 0 ? nullptr : e->profiles[r];
}

std::shared_ptr<const TreatyView> Catalog::view(const std::string& treaty, std::optional<Date> known_on) const {
  const ViewKey key{treaty, known_on};
  {
    std::lock_guard lock(mutex_);
    if (!broken_.empty()) throw StoreCorrupted(broken_);
    if (const auto* hit = views_.get(key)) return *hit;
  }
  auto e = entries(treaty);
  if (!e) return nullptr;
  // The treaty its rules depend on, as known on the same day (a chain of them is short: a
  // protocol and its convention; a loop in the profiles is cut off).
  std::shared_ptr<const TreatyView> parent;
  thread_local int depth = 0;
  if (const std::string p = parent_of(*e, known_on); !p.empty() && depth < 4) {
    ++depth;
    try {
      parent = view(p, known_on);
    } catch (...) {
      --depth;
      throw;
    }
    --depth;
  }
  auto built = build_view(*e, known_on, parent);
  if (!built) throw StoreUnavailable(built.message());
  std::lock_guard lock(mutex_);
  // Only cache what is still current: a refresh may have dropped these entries meanwhile.
  if (const auto* now = entries_.get(treaty); now && *now == e) views_.put(key, *built);
  return *built;
}

std::optional<std::string> Catalog::treaty_by_chapter(const std::string& chapter) const {
  for (const TreatyIndex& t : treaty_index())
    if (!t.chapter.empty() && t.chapter == chapter) return t.id;
  return std::nullopt;
}

std::vector<std::string> Catalog::treaties_of(const std::string& state) const {
  Lease l(*this);
  if (!l.ledger) return {};
  auto r = l.ledger->treaties_of(state);
  return r ? *r : std::vector<std::string>{};
}

std::optional<Action> Catalog::action(int64_t seq) const {
  Lease l(*this);
  if (!l.ledger) return std::nullopt;
  auto primary = primary_if_behind(*l.ledger, seq);
  auto r = (primary ? *primary->ledger : *l.ledger).action(seq);
  return r ? *r : std::nullopt;
}

std::shared_ptr<const TreatyEntries> Catalog::entries_at(const std::string& treaty, int64_t head) const {
  std::lock_guard lock(mutex_);
  if (head_ != head) return nullptr;
  const auto* hit = entries_.get(treaty);
  return hit ? *hit : nullptr;
}

void Catalog::advance(const std::string& treaty, int64_t before, std::shared_ptr<const TreatyEntries> entries,
                      std::shared_ptr<const TreatyView> view) const {
  std::lock_guard lock(mutex_);
  if (head_ != before || !entries) return;
  drop_locked(treaty);
  entries_.put(treaty, std::move(entries));
  if (view) views_.put(ViewKey{treaty, std::nullopt}, std::move(view));
  head_ = before + 1;
  head_hash_.clear();  // known again at the next refresh()
}

int64_t Catalog::head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

std::string Catalog::head_text() const {
  std::lock_guard lock(mutex_);
  return std::to_string(head_) + (head_hash_.empty() ? "" : ":" + head_hash_);
}

void Catalog::drop_locked(const std::string& treaty) const {
  entries_.erase(treaty);
  std::vector<ViewKey> keys;
  // Its views, and those of the treaties whose rules depend on it (built on one of its views).
  for (const auto& [k, v] : views_.items)
    if (k.first == treaty || v.first->profile().parent_treaty() == treaty) keys.push_back(k);
  for (const ViewKey& k : keys) views_.erase(k);
}

void Catalog::drop_state_locked(const std::string& state) const {
  std::vector<std::string> touched;
  for (const auto& [treaty, e] : entries_.items)
    if (e.first->states.count(state)) touched.push_back(treaty);
  for (const std::string& t : touched) drop_locked(t);
}

void Catalog::set_primary(Connect primary) { primary_connect_ = std::move(primary); }

void Catalog::note_written(int64_t seq) const {
  int64_t cur = floor_.load();
  while (cur < seq && !floor_.compare_exchange_weak(cur, seq)) {
  }
}

std::unique_ptr<Catalog::PrimaryLease> Catalog::primary_if_behind(Ledger& pooled, int64_t need) const {
  if (!primary_connect_) return nullptr;
  if (auto h = pooled.head(); h && h->seq >= need) return nullptr;
  auto p = std::make_unique<PrimaryLease>();
  p->lock = std::unique_lock(primary_mutex_);
  if (!primary_) {
    auto opened = primary_connect_();
    if (!opened) throw StoreUnavailable("the standby is behind and the primary cannot be reached: " + opened.message());
    primary_ = std::move(*opened);
  }
  p->ledger = primary_.get();
  return p;
}

Result<bool> Catalog::refresh() const {
  Lease l(*this);
  if (!l.ledger) return Outcome::unavailable("no connection to the database");
  auto head = l.ledger->head();
  if (!head) return head.status();
  if (primary_connect_ && head->seq < floor_.load()) {  // the standby has not replayed our write
    std::unique_ptr<PrimaryLease> p;
    try {
      p = primary_if_behind(*l.ledger, floor_.load());
    } catch (const StoreUnavailable& e) {
      return Outcome::unavailable(e.what());
    }
    if (p) {
      auto ph = p->ledger->head();
      if (!ph) return ph.status();
      return refresh_with(*p->ledger, *ph);
    }
  }
  return refresh_with(*l.ledger, *head);
}

Result<bool> Catalog::refresh_to(int64_t seq, int wait_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  for (;;) {
    auto r = refresh();
    if (head() >= seq || !primary_connect_) return r;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  note_written(seq);  // the standby lags: catch up from the primary
  return refresh();
}

Result<bool> Catalog::refresh_with(Ledger& ledger, const Head& store_head) const {
  const Head* head = &store_head;
  std::unique_lock lock(mutex_);
  const int64_t seen = head_;
  if (head->seq == seen) {
    head_hash_ = head->hash;
    return false;
  }
  if (head->seq < seen) return false;  // a standby that has not replayed what was seen yet
  lock.unlock();
  auto keys = ledger.keys_since(seen);
  if (!keys) return keys.status();
  lock.lock();
  for (const EntryKey& k : *keys) {
    if (!k.treaty.empty()) drop_locked(k.treaty);
    else drop_state_locked(k.state);
  }
  const int64_t now = keys->empty() ? head->seq : keys->back().seq;
  if (now >= head_) head_hash_ = now == head->seq ? head->hash : "";
  head_ = std::max(head_, now);
  return true;
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
  Lease l(*this);
  if (!l.ledger) return Outcome::unavailable("no connection to the database");
  auto found = l.ledger->find_treaty(text);
  if (!found) return found.status();
  if (*found) return (*found)->id;
  // "ottawa", "cluster munitions": the one treaty whose short title holds the words given;
  // else the closest id, short title or its first word as a suggestion.
  auto index = l.ledger->treaty_index();
  if (!index) return index.status();
  const std::string want = fold(text);
  std::vector<std::string> starts;
  std::vector<std::pair<std::string, std::string>> names;
  for (const TreatyIndex& t : *index) {
    const std::string title = fold(t.short_title);
    if (!want.empty() && (" " + title + " ").find(" " + want + " ") != std::string::npos) starts.push_back(t.id);
    const std::string label = t.id + " (" + t.short_title + ")";
    names.emplace_back(label, t.id);
    names.emplace_back(label, t.short_title);
    names.emplace_back(label, title.substr(0, title.find(' ')));
    for (const std::string& a : t.aliases) names.emplace_back(label, a);
  }
  if (starts.size() == 1) return starts.front();
  if (starts.size() > 1) {
    std::string which;
    for (const std::string& id : starts) which += (which.empty() ? "" : ", ") + id;
    return Outcome::not_found("'" + text + "' names several treaties: " + which + " (give one of their ids)");
  }
  if (auto near = closest(text, names)) return Outcome::not_found("unknown treaty '" + text + "' (did you mean " + *near + "?)");
  auto known = l.ledger->treaty_ids(13);
  if (!known) return known.status();
  if (known->empty())
    return Outcome::not_found("unknown treaty '" + text + "': the database holds no treaty rules (run 'pacta init', which "
                              "records them; a database made before rules were ledger entries needs it once)");
  std::string ids;
  for (size_t i = 0; i < known->size() && i < 12; ++i) ids += (ids.empty() ? "" : ", ") + (*known)[i];
  if (known->size() > 12) ids += ", ...";
  return Outcome::not_found("unknown treaty '" + text + "' (known: " + ids + ")");
}

Result<std::string> Catalog::resolve_state(const std::string& text) const {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper.size() == 3 && state(upper)) return upper;
  const std::string want = fold(text);
  std::vector<std::pair<std::string, std::string>> names;
  for (const StateName& s : states_) {
    if (fold(s.name) == want) return s.iso3;
    for (const std::string& a : s.aliases)
      if (fold(a) == want) return s.iso3;
    const std::string label = s.name + " (" + s.iso3 + ")";
    names.emplace_back(label, s.name);
    names.emplace_back(label, s.iso3);
    for (const std::string& a : s.aliases) names.emplace_back(label, a);
  }
  if (auto near = closest(text, names)) return Outcome::not_found("unknown state '" + text + "' (did you mean " + *near + "?)");
  return Outcome::not_found("unknown state '" + text +
                            "' (give an ISO 3166-1 alpha-3 code such as LTU, or an English short name)");
}

Result<Date> parse_date_arg(const std::string& text, const std::string& what) {
  auto d = Date::parse(text);
  if (!d) return Outcome::error(what + ": '" + text + "' is not a valid date: " + Date::parse_error(text));
  return *d;
}

}  // namespace pacta
