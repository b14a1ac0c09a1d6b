#include "server/api.h"

#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/report.h"
#include "server/openapi.h"
#include "server/tables.h"

namespace json = boost::json;
namespace fs = std::filesystem;

namespace pacta {
namespace {

constexpr int kMaxSeriesPoints = 40000;  // about 110 years of days
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

// The query string as name -> value, refusing names the route does not take.
class Params {
 public:
  std::optional<ApiReply> parse(const std::string& query, std::initializer_list<const char*> accepted) {
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
  e["message"] = message;
  if (!parameter.empty()) e["parameter"] = parameter;
  json::object o;
  o["error"] = std::move(e);
  return json_reply(o, status);
}

Api::Api(const Catalog& catalog, std::function<Date()> today, const std::string& web_root)
    : catalog_(catalog), today_(std::move(today)), openapi_(openapi_document()) {
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
    files_["/" + name] = StaticFile{content_type_for(it->path()), body.str()};
  }
}

ApiReply Api::handle(const ApiRequest& request) const {
  const std::string& target = request.target;
  if (target.empty() || target[0] != '/')
    return error_reply(400, "bad_request", "the request target must be a path starting with '/'");
  const size_t q = target.find('?');
  auto path = percent_decode(target.substr(0, q), false);
  if (!path) return error_reply(400, "bad_request", "malformed percent-encoding in the path");
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (path->find('\0') != std::string::npos) return error_reply(400, "bad_request", "NUL in the path");

  const std::string prefix = "/api/v1";
  if (*path == "/openapi.json") return api(request.method, "/openapi.json", query, false);
  if (path->compare(0, prefix.size(), prefix) == 0 && (path->size() == prefix.size() || (*path)[prefix.size()] == '/')) {
    std::string rest = path->substr(prefix.size());
    bool csv = wants_csv(request.accept);
    if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".csv") == 0) {
      csv = true;
      rest.resize(rest.size() - 4);
    }
    return api(request.method, rest, query, csv);
  }
  return file(request.method, *path);
}

ApiReply Api::file(const std::string& method, const std::string& path) const {
  auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it == files_.end()) return error_reply(404, "not_found", "no such path: " + path);
  if (method != "GET" && method != "HEAD") {
    ApiReply r = error_reply(405, "method_not_allowed", "method " + method + " is not allowed on " + path + " (allowed: GET, HEAD)");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  ApiReply r;
  r.content_type = it->second.content_type;
  r.body = it->second.body;
  r.headers.emplace_back("Cache-Control", "no-cache");
  if (r.content_type.rfind("text/html", 0) == 0)
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
  return r;
}

ApiReply Api::api(const std::string& method, const std::string& path, const std::string& query, bool want_csv) const {
  const std::vector<std::string> seg = split_path(path);
  const Catalog& c = catalog_;

  // Which route is it? (Decided before the method check, so that 405 applies to real paths only.)
  enum class Route { kNone, kOpenApi, kTreaties, kTreaty, kParticipants, kParticipant, kTimeline, kSeries, kStates, kState, kUpcoming };
  Route route = Route::kNone;
  const size_t n = seg.size();
  if (n == 1 && seg[0] == "openapi.json") route = Route::kOpenApi;
  else if (n >= 1 && seg[0] == "treaties") {
    if (n == 1) route = Route::kTreaties;
    else if (n == 2) route = Route::kTreaty;
    else if (n == 3 && seg[2] == "participants") route = Route::kParticipants;
    else if (n == 3 && seg[2] == "series") route = Route::kSeries;
    else if (n == 4 && seg[2] == "participants") route = Route::kParticipant;
    else if (n == 5 && seg[2] == "participants" && seg[4] == "timeline") route = Route::kTimeline;
  } else if (n >= 1 && seg[0] == "states") {
    if (n == 1) route = Route::kStates;
    else if (n == 2) route = Route::kState;
  } else if (n == 1 && seg[0] == "upcoming") {
    route = Route::kUpcoming;
  }
  if (route == Route::kNone) return error_reply(404, "not_found", "no such path: /api/v1" + path);
  if (method != "GET" && method != "HEAD") {
    ApiReply r = error_reply(405, "method_not_allowed",
                             "method " + method + " is not allowed on /api/v1" + path + " (allowed: GET, HEAD)");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (want_csv && route != Route::kParticipants)
    return error_reply(406, "not_acceptable", "CSV is offered only for /api/v1/treaties/{id}/participants");

  Params params;
  std::optional<ApiReply> bad;
  switch (route) {
    case Route::kOpenApi:
    case Route::kStates: bad = params.parse(query, {}); break;
    case Route::kTreaties: bad = params.parse(query, {"on"}); break;
    case Route::kTreaty:
    case Route::kParticipants:
    case Route::kParticipant:
    case Route::kState: bad = params.parse(query, {"on", "known_on"}); break;
    case Route::kTimeline: bad = params.parse(query, {"known_on"}); break;
    case Route::kSeries: bad = params.parse(query, {"from", "to", "step", "known_on"}); break;
    case Route::kUpcoming: bad = params.parse(query, {"from", "days", "known_on"}); break;
    case Route::kNone: break;
  }
  if (bad) return *bad;

  if (route == Route::kOpenApi) {
    ApiReply r;
    r.content_type = "application/json";
    r.body = openapi_;
    return r;
  }
  if (route == Route::kStates) return json_reply(states_json(c));

  const Date today = today_();
  auto on = date_param(params, "on", today);
  if (on.error) return *on.error;
  auto known_on = date_param(params, "known_on", std::nullopt);
  if (known_on.error) return *known_on.error;
  const Query query_dates{*on.value, known_on.value};

  if (route == Route::kTreaties) {
    json::object o;
    o["on"] = on.value->iso();
    o["treaties"] = treaties_json(c, *on.value);
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
    return json_reply(upcoming_json(c, *from.value, days, known_on.value));
  }
  if (route == Route::kState) {
    auto state = c.resolve_state(seg[1]);
    if (!state) return error_reply(404, "not_found", state.message());
    json::value v = state_json(c, *state, query_dates);
    const StateName* names = c.state(*state);
    v.as_object()["numeric"] = names && !names->numeric.empty() ? json::value(names->numeric) : json::value(nullptr);
    return json_reply(v);
  }

  // Routes under /treaties/{id}
  auto treaty = c.resolve_treaty(seg[1]);
  if (!treaty) return error_reply(404, "not_found", treaty.message());
  switch (route) {
    case Route::kTreaty: return json_reply(treaty_json(c, *treaty, query_dates));
    case Route::kParticipants: {
      json::value v = participants_json(c, *treaty, query_dates);
      if (!want_csv) return json_reply(v);
      ApiReply r;
      r.content_type = "text/csv; charset=utf-8";
      r.body = participants_csv(v);
      r.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + *treaty + "-participants-" + on.value->iso() + ".csv\"");
      return r;
    }
    case Route::kParticipant:
    case Route::kTimeline: {
      auto state = c.resolve_state(seg[3]);
      if (!state) return error_reply(404, "not_found", state.message());
      if (route == Route::kParticipant) return json_reply(status_json(c, *treaty, *state, query_dates));
      return json_reply(timeline_json(c, *treaty, *state, known_on.value));
    }
    case Route::kSeries: {
      const TreatyProfile* p = c.treaty(*treaty);
      auto from = date_param(params, "from", p->adopted);
      if (from.error) return *from.error;
      auto to = date_param(params, "to", today);
      if (to.error) return *to.error;
      SeriesStep step = SeriesStep::kMonth;
      if (const std::string* s = params.get("step")) {
        if (*s == "day") step = SeriesStep::kDay;
        else if (*s != "month")
          return error_reply(400, "bad_parameter", "step: '" + *s + "' is not one of month, day", "step");
      }
      if (*to.value < *from.value)
        return error_reply(400, "bad_parameter",
                           "to: " + to.value->iso() + " is before from (" + from.value->iso() + ")", "to");
      if (series_points(*from.value, *to.value, step) > kMaxSeriesPoints)
        return error_reply(400, "bad_parameter",
                           "to: the range " + from.value->iso() + ".." + to.value->iso() + " has more than " +
                               std::to_string(kMaxSeriesPoints) + " points at this step",
                           "to");
      return json_reply(series_json(c, *treaty, *from.value, *to.value, step, known_on.value));
    }
    default: break;
  }
  return error_reply(404, "not_found", "no such path: /api/v1" + path);
}

}  // namespace pacta
