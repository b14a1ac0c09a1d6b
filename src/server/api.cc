#include "server/api.h"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/access.h"
#include "app/export.h"
#include "app/feed.h"
#include "app/recording.h"
#include "app/report.h"
#include "app/status_page.h"
#include "server/compress.h"
#include "server/openapi.h"
#include "server/tables.h"

namespace json = boost::json;
namespace fs = std::filesystem;

namespace pacta {
namespace {

constexpr int kMaxSeriesPoints = 40000;  // about 110 years of days

std::string lower_ascii(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}
constexpr size_t kMaxStaticFile = 8 << 20;

ApiReply json_reply(const json::value& v, int status = 200) {
  ApiReply r;
  r.status = status;
  r.content_type = "application/json";
  r.body = json::serialize(v);
  r.body += "\n";
  return r;
}

std::string content_type_for(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".csv") return "text/csv; charset=utf-8";
  return "text/plain; charset=utf-8";
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    const size_t j = path.find('/', i);
    out.push_back(path.substr(i, j == std::string::npos ? std::string::npos : j - i));
    if (j == std::string::npos) break;
    i = j;
  }
  return out;
}

}  // namespace

// The query string as name -> value, refusing names the route does not take.
class Params {
 public:
  std::optional<ApiReply> parse(const std::string& query, const std::vector<const char*>& accepted) {
    size_t i = 0;
    while (i < query.size()) {
      size_t j = query.find('&', i);
      if (j == std::string::npos) j = query.size();
      const std::string pair = query.substr(i, j - i);
      i = j + 1;
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      auto name = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(eq == std::string::npos ? "" : pair.substr(eq + 1), true);
      if (!name || !value) return error_reply(400, "bad_parameter", "malformed percent-encoding in the query string");
      bool known = false;
      std::string names;
      for (const char* a : accepted) {
        known |= *name == a;
        names += (names.empty() ? "" : ", ") + std::string(a);
      }
      if (!known)
        return error_reply(400, "bad_parameter",
                           "unknown parameter '" + *name + "' (this path takes: " + (names.empty() ? "none" : names) + ")",
                           *name);
      if (values_.count(*name)) return error_reply(400, "bad_parameter", *name + ": given more than once", *name);
      values_[*name] = *value;
    }
    return std::nullopt;
  }
  const std::string* get(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, std::string> values_;
};

namespace {

// A parameter's value or the error reply that names it.
template <typename T>
struct Arg {
  std::optional<T> value;
  std::optional<ApiReply> error;
};

Arg<Date> date_param(const Params& p, const std::string& name, std::optional<Date> fallback) {
  const std::string* s = p.get(name);
  if (!s) return {fallback, std::nullopt};
  auto d = parse_date_arg(*s, name);
  if (!d) return {std::nullopt, error_reply(400, "bad_parameter", d.message(), name)};
  return {*d, std::nullopt};
}

bool wants_csv(const std::string& accept) {
  return accept.find("text/csv") != std::string::npos && accept.find("json") == std::string::npos;
}

// A message made fit for an HTTP header value: printable ASCII only (anything else, a line
// break included, becomes a space), runs of spaces collapsed, at most 200 bytes.
std::string one_line(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    const char c = ch >= 0x20 && ch < 0x7F ? static_cast<char>(ch) : ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
    if (out.size() >= 200) break;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Text from the request, made safe to put in a JSON message: bytes that are not valid UTF-8,
// and control characters, are shown percent-encoded ("%FF") instead of breaking the JSON.
std::string shown(const std::string& text) {
  std::string out;
  auto hex = [&](unsigned char b) {
    static const char* const digits = "0123456789ABCDEF";
    out += '%';
    out += digits[b >> 4];
    out += digits[b & 15];
  };
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2) ok = b >= 0xC2;  // no overlong forms
    if (ok && len == 3) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(b == 0xE0 && b1 < 0xA0) && !(b == 0xED && b1 >= 0xA0);  // no overlong, no surrogates
    }
    if (ok && len == 4) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      ok = b <= 0xF4 && !(b == 0xF0 && b1 < 0x90) && !(b == 0xF4 && b1 >= 0x90);
    }
    if (!ok || (len == 1 && (b < 0x20 || b == 0x7F))) {
      hex(b);
      ++i;
      continue;
    }
    out.append(text, i, len);
    i += len;
  }
  return out;
}


// Finds the first key given twice in one JSON object, at any depth (boost::json::parse
// keeps one of them silently). Used through boost::json::basic_parser.
class DuplicateKeys {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  using ec_t = boost::system::error_code;
  using sv = json::string_view;

  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(std::size_t, ec_t&) { return true; }
  bool on_object_begin(ec_t&) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, ec_t&) {
    keys_.pop_back();
    return true;
  }
  bool on_string_part(sv, std::size_t, ec_t&) { return true; }
  bool on_string(sv, std::size_t, ec_t&) { return true; }
  bool on_key_part(sv s, std::size_t, ec_t&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(sv s, std::size_t, ec_t& ec) {
    key_.append(s.data(), s.size());
    if (!keys_.back().insert(key_).second) {
      duplicate_ = key_;
      ec = json::error::extra_data;  // stops the parse; duplicate() says why
      return false;
    }
    key_.clear();
    return true;
  }
  bool on_number_part(sv, ec_t&) { return true; }
  bool on_int64(std::int64_t, sv, ec_t&) { return true; }
  bool on_uint64(std::uint64_t, sv, ec_t&) { return true; }
  bool on_double(double, sv, ec_t&) { return true; }
  bool on_bool(bool, ec_t&) { return true; }
  bool on_null(ec_t&) { return true; }
  bool on_comment_part(sv, ec_t&) { return true; }
  bool on_comment(sv, ec_t&) { return true; }

  const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> keys_;
  std::string key_;
  std::optional<std::string> duplicate_;
};

// The key given twice in `body`, if any (a body that is not JSON has none: it is refused
// as such later).
std::optional<std::string> duplicate_key(const std::string& body) {
  json::basic_parser<DuplicateKeys> p(json::parse_options{});
  boost::system::error_code ec;
  p.write_some(false, body.data(), body.size(), ec);
  return p.handler().duplicate();
}

// Empty, or only white space (Unicode White_Space, and the zero-width space and BOM).
bool blank(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {
      ++i;
      continue;
    }
    auto starts = [&](std::string_view w) { return s.substr(i, w.size()) == w; };
    static const std::string_view kSpaces[] = {
        "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
        "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87", "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A",
        "\xE2\x80\x8B", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
    bool space = false;
    for (std::string_view w : kSpaces)
      if (starts(w)) {
        i += w.size();
        space = true;
        break;
      }
    if (!space) return false;
  }
  return true;
}

// A write body's problems the checks after it do not see: a key given twice, a required
// field missing or blank. The reply names the field.
std::optional<ApiReply> body_problem(const std::string& body, const std::vector<const char*>& required) {
  if (auto dup = duplicate_key(body))
    return error_reply(400, "bad_body", "body: field '" + *dup + "' is given more than once", *dup);
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;  // refused, as such, by the reader of the body
  const json::object& o = v.as_object();
  for (const char* name : required) {
    const json::value* f = o.if_contains(name);
    if (!f || f->is_null()) return error_reply(400, "bad_body", std::string("body: missing field '") + name + "'", name);
    if (f->is_string() && blank(std::string_view(f->as_string().data(), f->as_string().size())))
      return error_reply(400, "bad_body", std::string("body: field '") + name + "' is blank", name);
  }
  return std::nullopt;
}

std::vector<const char*> required_fields(const std::string& what) {
  if (what == "actions") return {"treaty", "state", "kind", "date", "source"};
  if (what == "facts") return {"state", "from", "source"};
  return {"state", "date", "kind", "source"};  // steps
}

}  // namespace

std::optional<std::string> percent_decode(const std::string& text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '%') {
      if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
        return std::nullopt;
      int v = 0;
      std::from_chars(text.data() + i + 1, text.data() + i + 3, v, 16);
      out += static_cast<char>(v);
      i += 2;
    } else if (ch == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

ApiReply error_reply(int status, const std::string& code, const std::string& message, const std::string& parameter) {
  json::object e;
  e["code"] = code;
  e["message"] = shown(message);
  if (!parameter.empty()) e["parameter"] = shown(parameter);
  json::object o;
  o["error"] = std::move(e);
  return json_reply(o, status);
}

Api::Api(std::shared_ptr<Catalog> catalog, std::unique_ptr<Ledger> ledger, std::function<Date()> today,
         const std::string& web_root, std::string public_url)
    : catalog_(std::move(catalog)),
      ledger_(std::move(ledger)),
      today_(std::move(today)),
      openapi_(openapi_document()),
      public_url_(std::move(public_url)) {
  std::error_code ec;
  if (web_root.empty() || !fs::is_directory(web_root, ec)) return;
  const fs::path root = fs::canonical(web_root, ec);
  if (ec) return;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), root, ec);
    if (ec) break;
    const std::string name = rel.generic_string();
    if (name.empty() || name[0] == '.' || name.find("/.") != std::string::npos) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || it->file_size() > kMaxStaticFile) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    StaticFile f{content_type_for(it->path()), body.str(), "", ""};
    if (compressible(f.content_type) && f.body.size() >= 1024) f.gzip_body = gzip_compress(f.body, 9);
    char tag[40];
    std::snprintf(tag, sizeof tag, "\"%zx-%zx\"", std::hash<std::string>{}(f.body), f.body.size());
    f.etag = tag;
    files_["/" + name] = std::move(f);
  }
}

ApiReply Api::handle(const ApiRequest& request) {
  const std::string& target = request.target;
  if (target.empty() || target[0] != '/')
    return error_reply(400, "bad_request", "the request target must be a path starting with '/'");
  const size_t q = target.find('?');
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return error_reply(400, "bad_request", "malformed percent-encoding in the path");
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (path->find('\0') != std::string::npos) return error_reply(400, "bad_request", "NUL in the path");

  const std::string prefix = "/api/v1";
  if (*path == "/openapi.json") return api(request, "/openapi.json", query, false, false);
  if (path->compare(0, prefix.size(), prefix) == 0 && (path->size() == prefix.size() || (*path)[prefix.size()] == '/')) {
    std::string rest = path->substr(prefix.size());
    bool csv = wants_csv(request.accept);
    bool atom = false;
    if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".csv") == 0) {
      csv = true;
      rest.resize(rest.size() - 4);
    } else if (rest.size() > 5 && rest.compare(rest.size() - 5, 5, ".atom") == 0) {
      atom = true;
      rest.resize(rest.size() - 5);
    }
    return api(request, rest, query, csv, atom);
  }
  return file(request, *path);
}

ApiReply Api::file(const ApiRequest& request, const std::string& path) const {
  const std::string& method = request.method;
  auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it == files_.end()) return error_reply(404, "not_found", "no such path: " + path);
  if (method != "GET" && method != "HEAD") {
    ApiReply r = error_reply(405, "method_not_allowed", "method " + method + " is not allowed on " + path + " (allowed: GET, HEAD)");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  ApiReply r;
  r.content_type = it->second.content_type;
  r.headers.emplace_back("ETag", it->second.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (!request.if_none_match.empty() &&
      (request.if_none_match == "*" || request.if_none_match.find(it->second.etag) != std::string::npos)) {
    r.status = 304;  // the browser's copy is current: no body
    return r;
  }
  r.body = it->second.body;
  r.gzip_body = it->second.gzip_body;
  if (r.content_type.rfind("text/html", 0) == 0)
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  return r;
}

namespace {

// The routes under /api/v1, each with the methods and query parameters it takes.
enum class Route { kNone, kOpenApi, kTreaties, kTreaty, kParticipants, kParticipant, kTimeline, kSeries, kStates, kState,
                   kUpcoming, kNotifications, kActions, kFacts, kSteps, kPanel, kIntervals, kStatusPage, kRelation };

Route route_of(const std::vector<std::string>& seg) {
  const size_t n = seg.size();
  if (n == 0) return Route::kNone;
  const std::string& head = seg[0];
  if (head == "treaties") {
    if (n == 1) return Route::kTreaties;
    if (n == 2) return Route::kTreaty;
    if (n == 3 && seg[2] == "participants") return Route::kParticipants;
    if (n == 3 && seg[2] == "series") return Route::kSeries;
    if (n == 3 && seg[2] == "status-page") return Route::kStatusPage;
    if (n == 3 && seg[2] == "relation") return Route::kRelation;
    if (n == 4 && seg[2] == "participants") return Route::kParticipant;
    if (n == 5 && seg[2] == "participants" && seg[4] == "timeline") return Route::kTimeline;
    return Route::kNone;
  }
  if (head == "states") return n == 1 ? Route::kStates : n == 2 ? Route::kState : Route::kNone;
  if (n != 1) return Route::kNone;
  static const std::map<std::string, Route> single = {
      {"openapi.json", Route::kOpenApi}, {"upcoming", Route::kUpcoming}, {"notifications", Route::kNotifications},
      {"actions", Route::kActions},      {"facts", Route::kFacts},       {"steps", Route::kSteps},
      {"panel", Route::kPanel},          {"intervals", Route::kIntervals}};
  auto it = single.find(head);
  return it == single.end() ? Route::kNone : it->second;
}

bool is_write(Route r) { return r == Route::kActions || r == Route::kFacts || r == Route::kSteps; }

std::vector<const char*> params_of(Route r) {
  switch (r) {
    case Route::kTreaties: return {"on"};
    case Route::kTreaty:
    case Route::kParticipants:
    case Route::kParticipant:
    case Route::kStatusPage:
    case Route::kState: return {"on", "known_on"};
    case Route::kTimeline: return {"known_on"};
    case Route::kRelation: return {"a", "b", "on", "known_on"};
    case Route::kSeries: return {"from", "to", "step", "known_on"};
    case Route::kUpcoming: return {"from", "days", "known_on"};
    case Route::kNotifications: return {"treaty", "since"};
    case Route::kActions: return {"notify"};
    case Route::kPanel: return {"treaty", "from", "to", "step", "states", "known_on", "bom"};
    case Route::kIntervals: return {"treaty", "known_on", "bom"};
    default: return {};
  }
}

ApiReply method_not_allowed(const std::string& method, const std::string& path, const char* allowed) {
  ApiReply r = error_reply(405, "method_not_allowed",
                           "method " + method + " is not allowed on /api/v1" + path + " (allowed: " + allowed + ")");
  r.headers.emplace_back("Allow", allowed);
  return r;
}

ApiReply participants_reply(const json::value& v, const std::string& treaty, Date on, bool want_csv) {
  ApiReply r;
  if (!want_csv) {
    r = json_reply(v);
  } else {
    r.content_type = "text/csv; charset=utf-8";
    r.body = participants_csv(v);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + treaty + "-participants-" + on.iso() + ".csv\"");
  }
  r.headers.emplace_back("Vary", "Accept");
  return r;
}

// GET /api/v1/panel[.csv] and /api/v1/intervals[.csv] (app/export.h): CSV with .csv or
// Accept: text/csv, JSON lines otherwise. `treaty` is a comma-separated list (default: all).
ApiReply export_reply(const Catalog& c, Route route, const Params& params, bool want_csv, Date today) {
  std::vector<std::string> treaties;
  if (const std::string* t = params.get("treaty")) {
    for (size_t i = 0; i <= t->size();) {
      const size_t comma = std::min(t->find(',', i), t->size());
      const std::string one = t->substr(i, comma - i);
      if (!one.empty()) {
        auto id = c.resolve_treaty(one);
        if (!id) return error_reply(400, "bad_parameter", "treaty: " + id.message(), "treaty");
        treaties.push_back(*id);
      }
      i = comma + 1;
    }
  }
  auto known_on = date_param(params, "known_on", std::nullopt);
  if (known_on.error) return *known_on.error;
  bool bom = false;
  if (const std::string* b = params.get("bom")) {
    if (*b != "true" && *b != "false") return error_reply(400, "bad_parameter", "bom: '" + *b + "' is not true or false", "bom");
    bom = *b == "true";
  }
  const ExportFormat format = want_csv ? ExportFormat::kCsv : ExportFormat::kJsonl;
  std::ostringstream out;
  Outcome done = Outcome::ok();
  std::string name;
  if (route == Route::kIntervals) {
    done = write_intervals(c, treaties, known_on.value, format, bom, out);
    name = "intervals";
  } else {
    PanelOptions o;
    o.treaties = treaties;
    o.known_on = known_on.value;
    o.format = format;
    o.bom = bom;
    auto to = date_param(params, "to", today);
    if (to.error) return *to.error;
    auto from = date_param(params, "from", std::nullopt);
    if (from.error) return *from.error;
    o.to = *to.value;
    o.from = from.value.value_or(Date::from_ymd(o.to.year(), 1, 1).value_or(o.to));
    const std::string* step = params.get("step");
    const auto st = parse_panel_step(step ? *step : "year");
    if (!st) return error_reply(400, "bad_parameter", "step: '" + *step + "' is not year, month or day", "step");
    o.step = *st;
    if (const std::string* st_all = params.get("states")) {
      if (*st_all != "all" && *st_all != "participants")
        return error_reply(400, "bad_parameter", "states: '" + *st_all + "' is not all or participants", "states");
      o.all_states = *st_all == "all";
    }
    // An answer is built in memory: at most 400 dates and 1,000,000 rows over HTTP
    // (`pacta export panel` streams any size).
    auto dates = panel_dates(o.from, o.to, o.step, 400);
    if (!dates) return error_reply(400, "bad_parameter", "from/to/step: " + dates.message(), "step");
    const size_t n_treaties = treaties.empty() ? c.treaty_index().size() : treaties.size();
    const size_t rows = n_treaties * (o.all_states ? c.states().size() : 400) * dates->size();
    if (rows > 1000000)
      return error_reply(400, "bad_parameter", "the panel asked has up to " + std::to_string(rows) +
                                                   " rows, over 1,000,000: ask fewer treaties or dates, or run pacta export panel",
                         "step");
    done = write_panel(c, o, *dates, out);
    name = "panel-" + o.from.iso() + "-" + o.to.iso();
  }
  if (!done) return done.code() == Code::kNotFound ? error_reply(404, "not_found", done.message()) : status_reply(done, false);
  ApiReply r;
  r.content_type = want_csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
  r.body = out.str();
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + (want_csv ? ".csv" : ".jsonl") + "\"");
  return r;
}

}  // namespace

ApiReply Api::api(const ApiRequest& request, const std::string& path, const std::string& query, bool want_csv,
                  bool want_atom) {
  const std::string& method = request.method;
  const std::vector<std::string> seg = split_path(path);
  // Which route is it? (Decided before the method check, so that 405 applies to real paths only.)
  const Route route = route_of(seg);
  if (route == Route::kNone || (want_atom && route != Route::kNotifications))
    return error_reply(404, "not_found", "no such path: /api/v1" + path + (want_atom ? ".atom" : ""));
  Params params;
  if (is_write(route)) {
    if (method != "POST") return method_not_allowed(method, path, "POST");
    if (auto bad = params.parse(query, params_of(route))) return *bad;
    bool notify_now = false;
    if (const std::string* v = params.get("notify")) {
      if (*v != "true" && *v != "false") return error_reply(400, "bad_parameter", "notify: '" + *v + "' is not true or false", "notify");
      notify_now = *v == "true";
    }
    return write(request, seg[0], notify_now);
  }
  if (method != "GET" && method != "HEAD") return method_not_allowed(method, path, "GET, HEAD");
  if (want_csv && route != Route::kParticipants && route != Route::kPanel && route != Route::kIntervals)
    return error_reply(406, "not_acceptable",
                       "CSV is offered only for /api/v1/treaties/{id}/participants, /api/v1/panel and /api/v1/intervals");
  if (auto bad = params.parse(query, params_of(route))) return *bad;
  // Every read answers at the current head: one indexed read of the last entry, and the
  // entries after the head last seen when there are any (only their treaties are dropped).
  // When the database cannot be reached, what this server already holds is answered from
  // the last head it saw, marked stale; what it does not hold is a 503.
  auto fresh = catalog_->refresh();
  const int64_t head = catalog_->head();
  ApiReply reply = read(static_cast<int>(route), seg, params, path, query, want_csv, want_atom, head);
  reply.headers.emplace_back("X-Pacta-Head", std::to_string(head));
  if (!fresh && fresh.status().code() == Code::kUnavailable && reply.status < 500)
    reply.headers.emplace_back("X-Pacta-Stale", "the database cannot be reached; answered from head " + std::to_string(head) +
                                                    " (" + one_line(fresh.message()) + ")");
  return reply;
}

ApiReply Api::read(int route_number, const std::vector<std::string>& seg, const Params& params, const std::string& path,
                   const std::string& query, bool want_csv, bool want_atom, int64_t head) {
  const Route route = static_cast<Route>(route_number);
  if (route == Route::kOpenApi) {
    ApiReply r;
    r.content_type = "application/json";
    r.body = openapi_;
    return r;
  }
  if (route == Route::kStates) return json_reply(states_json(*catalog_));
  if (route == Route::kNotifications) return notifications(params, query, want_atom);
  // An answer does not change while the head and the day are the same: kept serialized.
  const std::string key = path + "?" + query + (want_csv ? "|csv|" : "|json|") + today_().iso();
  if (auto hit = answers_.get(key, head)) return *hit;
  ApiReply reply = route == Route::kPanel || route == Route::kIntervals
                       ? export_reply(*catalog_, route, params, want_csv, today_())
                       : dated(static_cast<int>(route), seg, params, want_csv);
  if (reply.status == 200) answers_.put(key, head, reply);
  return reply;
}

std::optional<ApiReply> AnswerCache::get(const std::string& key, int64_t head) {
  std::lock_guard lock(mutex_);
  if (head != head_) {
    answers_.clear();
    bytes_ = 0;
    head_ = head;
    return std::nullopt;
  }
  auto it = answers_.find(key);
  if (it == answers_.end()) return std::nullopt;
  return it->second;
}

void AnswerCache::put(const std::string& key, int64_t head, const ApiReply& reply) {
  std::lock_guard lock(mutex_);
  if (head != head_ || reply.body.size() > kMaxAnswer) return;
  if (bytes_ + reply.body.size() > kMaxBytes) {  // full: start again (simple, and rare)
    answers_.clear();
    bytes_ = 0;
  }
  if (answers_.emplace(key, reply).second) bytes_ += reply.body.size();
}

ApiReply Api::notifications(const Params& params, const std::string& query, bool want_atom) {
  const Catalog& c = *catalog_;
  std::string treaty;
  if (const std::string* t = params.get("treaty")) {
    auto resolved = c.resolve_treaty(*t);
    if (!resolved) return error_reply(400, "bad_parameter", "treaty: " + resolved.message(), "treaty");
    treaty = *resolved;
  }
  auto since = date_param(params, "since", std::nullopt);
  if (since.error) return *since.error;
  auto all = c.with_store<Notifications>([](Ledger& l) { return l.notifications(); });
  if (!all) return error_reply(503, "unavailable", all.message());
  const Notifications list = select_notifications(*all, treaty, since.value);
  if (!want_atom) {
    json::object o;
    o["treaty"] = treaty.empty() ? json::value(nullptr) : json::value(treaty);
    o["since"] = since.value ? json::value(since.value->iso()) : json::value(nullptr);
    o["notifications"] = notifications_json(c, list);
    return json_reply(o);
  }
  ApiReply r;
  r.content_type = "application/atom+xml; charset=utf-8";
  // The feed's own address: absolute only with --public-url (never from the Host header).
  const std::string self = public_url_ + "/api/v1/notifications.atom" + (query.empty() ? "" : "?" + query);
  // Its id, an IRI that does not change with the server's address: what the feed selects.
  const std::string id = "urn:pacta:notifications:" + (treaty.empty() ? std::string("all") : treaty) +
                         (since.value ? ":since:" + since.value->iso() : std::string());
  r.body = notifications_atom(c, list, self, id);
  return r;
}

// The routes that answer for a day (`on`, `known_on`).
ApiReply Api::dated(int route_number, const std::vector<std::string>& seg, const Params& params, bool want_csv) {
  const Route route = static_cast<Route>(route_number);
  const Catalog& c = *catalog_;
  const Date today = today_();
  auto on = date_param(params, "on", today);
  if (on.error) return *on.error;
  auto known_on = date_param(params, "known_on", std::nullopt);
  if (known_on.error) return *known_on.error;
  const Query q{*on.value, known_on.value};
  if (route == Route::kTreaties) {
    json::object o;
    o["on"] = on.value->iso();
    o["treaties"] = treaties_json(c, q.on);
    return json_reply(o);
  }
  if (route == Route::kUpcoming) {
    auto from = date_param(params, "from", today);
    if (from.error) return *from.error;
    int days = 90;
    if (const std::string* s = params.get("days")) {
      auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), days);
      if (ec != std::errc() || p != s->data() + s->size() || days < 1 || days > 36600)
        return error_reply(400, "bad_parameter", "days: '" + *s + "' is not a whole number from 1 to 36600", "days");
    }
    // The window [from, from+days) and its end ("until") must be dates pacta writes: at most 9999-12-31.
    const Date last_day = *Date::from_ymd(9999, 12, 31);
    if (from.value->days() + static_cast<int64_t>(days) > last_day.days()) {
      const std::string name = params.get("days") ? "days" : "from";
      return error_reply(400, "bad_parameter",
                         name + ": the window of " + std::to_string(days) + " days from " + from.value->iso() +
                             " ends after 9999-12-31 (at most " +
                             std::to_string(static_cast<int64_t>(last_day.days()) - from.value->days()) +
                             " days from that date)",
                         name);
    }
    return json_reply(upcoming_json(c, *from.value, days, q.known_on));
  }
  if (route == Route::kState) {
    auto state = c.resolve_state(seg[1]);
    if (!state) return error_reply(404, "not_found", state.message());
    json::value v = state_json(c, *state, q);
    const StateName* names = c.state(*state);
    v.as_object()["numeric"] = names && !names->numeric.empty() ? json::value(names->numeric) : json::value(nullptr);
    return json_reply(v);
  }
  return of_treaty(route_number, seg, params, q, want_csv);
}

// The routes under /treaties/{id}.
ApiReply Api::of_treaty(int route_number, const std::vector<std::string>& seg, const Params& params, const Query& q,
                        bool want_csv) {
  const Route route = static_cast<Route>(route_number);
  const Catalog& c = *catalog_;
  auto treaty = c.resolve_treaty(seg[1]);
  if (!treaty) return treaty.status().code() == Code::kNotFound ? error_reply(404, "not_found", treaty.message()) : status_reply(treaty.status(), false);
  switch (route) {
    case Route::kTreaty: return json_reply(treaty_json(c, *treaty, q));
    case Route::kParticipants: return participants_reply(participants_json(c, *treaty, q), *treaty, q.on, want_csv);
    case Route::kParticipant:
    case Route::kTimeline: {
      auto state = c.resolve_state(seg[3]);
      if (!state) return error_reply(404, "not_found", state.message());
      if (route == Route::kParticipant) return json_reply(status_json(c, *treaty, *state, q));
      return json_reply(timeline_json(c, *treaty, *state, q.known_on));
    }
    case Route::kSeries: return series(*treaty, params, q.known_on);
    case Route::kStatusPage: return json_reply(status_page_json(c, *treaty, q));
    case Route::kRelation: {  // ?a=STATE&b=STATE: the treaty between the two (engine/relation.h)
      std::string two[2];
      for (int i = 0; i < 2; ++i) {
        const char* name = i == 0 ? "a" : "b";
        const std::string* given = params.get(name);
        if (!given) return error_reply(400, "bad_parameter", std::string(name) + ": required (a state, e.g. FRA)", name);
        auto state = c.resolve_state(*given);
        if (!state) return error_reply(404, "not_found", std::string(name) + ": " + state.message(), name);
        two[i] = *state;
      }
      if (two[0] == two[1]) return error_reply(400, "bad_parameter", "b: the same state as a (" + two[0] + ")", "b");
      return json_reply(relation_json(c, *treaty, two[0], two[1], q));
    }
    default: return error_reply(404, "not_found", "no such path");
  }
}

ApiReply Api::series(const std::string& treaty, const Params& params, std::optional<Date> known_on) {
  const auto p = catalog_->treaty(treaty);
  auto from = date_param(params, "from", p->adopted);
  if (from.error) return *from.error;
  auto to = date_param(params, "to", today_());
  if (to.error) return *to.error;
  SeriesStep step = SeriesStep::kMonth;
  if (const std::string* s = params.get("step")) {
    if (*s == "day") step = SeriesStep::kDay;
    else if (*s != "month") return error_reply(400, "bad_parameter", "step: '" + *s + "' is not one of month, day", "step");
  }
  if (*to.value < *from.value)
    return error_reply(400, "bad_parameter", "to: " + to.value->iso() + " is before from (" + from.value->iso() + ")", "to");
  if (series_points(*from.value, *to.value, step) > kMaxSeriesPoints)
    return error_reply(400, "bad_parameter",
                       "to: the range " + from.value->iso() + ".." + to.value->iso() + " has more than " +
                           std::to_string(kMaxSeriesPoints) + " points at this step",
                       "to");
  return json_reply(series_json(*catalog_, treaty, *from.value, *to.value, step, known_on));
}

ApiReply Api::write(const ApiRequest& request, const std::string& what, bool notify_now) {
  if (!ledger_) return error_reply(503, "read_only", "this server was started without a database connection for writing");
  const std::string mime = lower_ascii(trim(request.content_type.substr(0, request.content_type.find(';'))));
  std::lock_guard lock(ledger_mutex_);
  auto who = authorize(request);
  if (!who) return *who.refusal;
  if (mime != "application/json")
    return error_reply(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json), not '" + mime + "'");
  const std::string& key = request.idempotency_key;
  if (key.size() > 255) return error_reply(400, "bad_request", "Idempotency-Key: longer than 255 characters");
  if (auto bad = body_problem(request.body, required_fields(what))) return *bad;
  const std::string request_hash = sha256_hex(request.method + "\n" + request.target + "\n" + request.body);
  ApiReply reply;
  std::optional<Recorded> recorded;
  // One write transaction: the key's lookup, the checks at the head, the append, the
  // notification and the stored reply are all committed together, or none of them.
  Outcome s = ledger_->write([&]() -> Outcome {
    if (!key.empty()) {
      auto seen = ledger_->idempotent_reply(key);
      if (!seen) return seen.status();
      if (*seen) {
        if ((*seen)->request_hash != request_hash)
          return Outcome::conflict("Idempotency-Key '" + key + "' was already used for a different request");
        reply = json_reply(json::parse((*seen)->body), (*seen)->status);
        reply.headers.emplace_back("Location", public_url_ + (*seen)->location);
        reply.headers.emplace_back("Idempotent-Replayed", "true");
        return Outcome::ok();
      }
    }
    Result<WriteDone> done = what == "actions" ? write_action(request.body, who.name, notify_now)
                             : what == "facts" ? write_fact(request.body, who.name)
                                               : write_step(request.body, who.name);
    if (!done) return done.status();
    reply = json_reply(done->body, 201);
    reply.headers.emplace_back("Location", public_url_ + done->location);
    recorded = done->recorded;
    if (key.empty()) return Outcome::ok();
    return ledger_->put_idempotent_reply(key, IdempotentReply{request_hash, 201, json::serialize(done->body), done->location});
  });
  if (!s) return status_reply(s, true);
  // The next read sees this write: the catalog takes over the treaty as the write left it
  // (nothing read again) or, when others wrote meanwhile, catches up.
  if (recorded) catalog_->advance(recorded->action.treaty, recorded->head_before, recorded->entries, recorded->view);
  // Reading from a standby, the next answer still shows at least this write (the catalog
  // reads from the primary while the standby has not replayed it).
  if (auto written = ledger_->head()) catalog_->note_written(written->seq);
  (void)catalog_->refresh();
  return reply;
}

Result<std::string> public_url_prefix(const std::string& url) {
  if (url.empty()) return std::string();
  auto bad = [&](const std::string& why) -> Result<std::string> {
    return Outcome::error("--public-url: '" + shown(url) + "' " + why + " (expected http(s)://host[:port][/path])");
  };
  const std::string lower = lower_ascii(url);
  const size_t scheme = lower.rfind("https://", 0) == 0 ? 8 : lower.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0) return bad("does not begin with http:// or https://");
  for (unsigned char ch : url)
    if (!(std::isalnum(ch) || std::string_view("-._~:/[]%").find(static_cast<char>(ch)) != std::string_view::npos))
      return bad("has a character that must be escaped, or a query or fragment");
  std::string out = url;
  while (out.size() > scheme && out.back() == '/') out.pop_back();
  const std::string authority = out.substr(scheme, out.find('/', scheme) - scheme);
  if (authority.empty()) return bad("names no host");
  if (authority.find('@') != std::string::npos) return bad("has user information");
  return out;
}

ApiReply status_reply(const Outcome& s, bool write) {
  const Code code = s.code();
  if (code == Code::kInvalid) return error_reply(400, "bad_body", s.message());
  if (code == Code::kUnavailable)
    return error_reply(503, "unavailable", (write ? "nothing was recorded: " : "the database cannot be read: ") + s.message());
  return error_reply(http_status(code), std::string(to_string(code)), s.message());
}

Api::Authorized Api::authorize(const ApiRequest& request) {
  std::string secret;
  const std::string scheme = "Bearer ";
  if (request.authorization.size() > scheme.size() &&
      std::equal(scheme.begin(), scheme.end(), request.authorization.begin(),
                 [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); }))
    secret = request.authorization.substr(scheme.size());
  auto unauthorized = [](const std::string& message) {
    ApiReply r = error_reply(401, "unauthorized", message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"pacta\"");
    return Authorized{"", r};
  };
  if (secret.empty()) return unauthorized("recording needs 'Authorization: Bearer TOKEN' (make one with 'pacta token create --role recorder')");
  auto token = ledger_->find_token(sha256_hex(secret));
  if (!token) return Authorized{"", error_reply(503, "unavailable", token.message())};
  if (!*token) return unauthorized("the token is not known");
  if ((*token)->role != "recorder")
    return Authorized{"", error_reply(403, "forbidden", "a '" + (*token)->role + "' token may not record (a recorder token may)")};
  const StoredToken& t = **token;
  return Authorized{"pacta serve (token " + std::to_string(t.id) + (t.label.empty() ? "" : ": " + t.label) + ")", std::nullopt};
}

Result<Api::WriteDone> Api::write_action(const std::string& body, const std::string& who, bool notify_now) {
  auto a = action_from_json(*catalog_, body);
  if (!a) return a.status().code() == Code::kNotFound ? Outcome::error(a.message()) : a.status();
  a->prov.recorded_by = who;
  auto r = record_action(*ledger_, *catalog_, *a, today_(), notify_now);
  if (!r) return r.status();
  const Action& x = r->action;
  json::object o = recorded_json(*r);
  o["recorded_by"] = who;
  return WriteDone{std::move(o), "/api/v1/treaties/" + x.treaty + "/participants/" + x.state + "/timeline", *r};
}

Result<Api::WriteDone> Api::write_fact(const std::string& body, const std::string& who) {
  auto f = fact_from_json(*catalog_, body);
  if (!f) return f.status().code() == Code::kNotFound ? Outcome::error(f.message()) : f.status();
  f->prov.recorded_by = who;
  if (Outcome s = record_fact(*ledger_, *f, today_()); !s) return s;
  json::object o;
  o["id"] = f->prov.seq;
  o["state"] = f->state;
  o["kind"] = std::string(to_string(f->kind));
  o["from"] = f->from.iso();
  o["to"] = f->to ? json::value(f->to->iso()) : json::value(nullptr);
  o["recorded_by"] = who;
  return WriteDone{std::move(o), "/api/v1/states/" + f->state, std::nullopt};
}

Result<Api::WriteDone> Api::write_step(const std::string& body, const std::string& who) {
  auto st = step_from_json(*catalog_, body);
  if (!st) return st.status().code() == Code::kNotFound ? Outcome::error(st.message()) : st.status();
  st->prov.recorded_by = who;
  if (Outcome s = record_step(*ledger_, *st, today_()); !s) return s;
  json::object o;
  o["id"] = st->prov.seq;
  o["state"] = st->state;
  o["treaty"] = st->treaty.empty() ? json::value(nullptr) : json::value(st->treaty);
  o["kind"] = st->kind;
  o["date"] = st->date.iso();
  o["recorded_by"] = who;
  return WriteDone{std::move(o), "/api/v1/states/" + st->state, std::nullopt};
}

bool Api::refresh() {
  auto r = catalog_->refresh();
  return r && *r;
}

}  // namespace pacta
