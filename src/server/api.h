// The HTTP API as a function from a request to a reply, without any networking: routing,
// query parameters, content negotiation (JSON or CSV), errors as JSON, and the static files
// of the web page. server.cc puts it behind Boost.Beast; keeping it free of Beast keeps
// the routes readable and the build lean.
//
// Routes (all GET or HEAD; see openapi.cc for the full contract):
//   /api/v1/treaties                                   ?on=
//   /api/v1/treaties/{id}                              ?on= &known_on=
//   /api/v1/treaties/{id}/participants[.csv]           ?on= &known_on=
//   /api/v1/treaties/{id}/participants/{state}         ?on= &known_on=
//   /api/v1/treaties/{id}/participants/{state}/timeline ?known_on=
//   /api/v1/treaties/{id}/series                       ?from= &to= &step=month|day &known_on=
//   /api/v1/states                                     (codes and names, for the map)
//   /api/v1/states/{state}                             ?on= &known_on=
//   /api/v1/upcoming                                   ?from= &days= &known_on=
//   /api/v1/notifications[.atom]                       ?treaty= &since=
//   /api/v1/openapi.json (also /openapi.json)
//   POST /api/v1/actions[?notify=true], /api/v1/facts, /api/v1/steps (bearer token, role
//   recorder; the same checks and code as `pacta record`, record-fact, record-step). Write
//   bodies are refused (400, naming the field) with a key given twice, or a required field
//   (`source` included) missing or blank (empty or only white space).
//   anything else: a file of the web page, or 404
//
// Thread-safety: handle() and refresh() may be called from any number of threads at once
// (server.cc calls them on worker threads, never on the event loop). Reads go through the
// catalog (one treaty's view, built lazily and cached; store reads on pooled connections)
// and never wait for a write; writes use the one writer connection under a mutex, check
// and append in one transaction at the head, and then let the catalog catch up.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/catalog.h"
#include "app/recording.h"
#include "core/result.h"
#include "store/ledger.h"

namespace pacta {

class Params;  // a request's query parameters (api.cc)
struct Query;  // the day asked about, and as known on (app/report.h)

struct ApiRequest {
  std::string method;  // "GET"
  std::string target;  // "/api/v1/treaties?on=2025-12-27" (origin-form, still percent-encoded)
  std::string accept;  // the Accept header, may be empty
  std::string authorization;  // the Authorization header ("Bearer pacta_..."), may be empty
  std::string content_type;   // of the body (its media type is compared without regard to case)
  std::string if_none_match;  // the If-None-Match header (static files answer 304 to their ETag)
  std::string idempotency_key;  // the Idempotency-Key header of a write, may be empty
  std::string body;
};

struct ApiReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Cache-Control...)
  std::string gzip_body;  // the body gzipped ahead of time (static files), or empty
};

// A JSON error reply: {"error":{"code","message"[,"parameter"]}}.
ApiReply error_reply(int status, const std::string& code, const std::string& message,
                     const std::string& parameter = "");
// The error reply of a failed Outcome: one HTTP status per Code (see core/result.h). A 503
// says "nothing was recorded" after a `write`, "the database cannot be read" after a read.
ApiReply status_reply(const Outcome& s, bool write = false);

// Serialized answers for the current head: dropped whole when the head moves.
class AnswerCache {
 public:
  std::optional<ApiReply> get(const std::string& key, int64_t head);
  void put(const std::string& key, int64_t head, const ApiReply& reply);

 private:
  static constexpr size_t kMaxAnswer = 512 * 1024;
  static constexpr size_t kMaxBytes = 32 * 1024 * 1024;
  std::mutex mutex_;
  int64_t head_ = -1;
  size_t bytes_ = 0;
  std::map<std::string, ApiReply> answers_;
};

class Api {
 public:
  // `web_root` is the directory of the page's static files (index.html and the rest); its
  // files are read once here. An empty or missing directory serves the API only.
  // `ledger` (may be null: read-only) is the connection used for writes and tokens;
  // `catalog` reads the same store. `public_url` (from public_url_prefix; may be empty)
  // begins every absolute link the API gives (the Atom feed's, Location); empty: links are
  // paths ("/api/v1/..."). The request's Host header is never used.
  Api(std::shared_ptr<Catalog> catalog, std::unique_ptr<Ledger> ledger, std::function<Date()> today,
      const std::string& web_root, std::string public_url = "");

  ApiReply handle(const ApiRequest& request);
  // Catches up with entries other processes recorded (reads only the entries after the
  // head last seen; drops the treaties they touch). Returns true when there were any.
  bool refresh();
  size_t static_files() const { return files_.size(); }

 private:
  struct StaticFile {
    std::string content_type;
    std::string body;
    std::string gzip_body;  // empty when not worth it
    std::string etag;       // "\"<hash of the contents>\""
  };
  struct Authorized {
    std::string name;                 // who records, for the ledger
    std::optional<ApiReply> refusal;  // 401 or 403 (or 503)
    explicit operator bool() const { return !refusal; }
  };
  struct WriteDone {
    boost::json::object body;
    std::string location;
    std::optional<Recorded> recorded;  // an action: what the catalog may take over after commit
  };
  using Notifications = std::vector<StoredNotification>;
  ApiReply api(const ApiRequest& request, const std::string& path, const std::string& query, bool want_csv, bool want_atom);
  // A read at `head` (the catalog's head once refreshed): the cached answer or a new one.
  ApiReply read(int route, const std::vector<std::string>& seg, const Params& params, const std::string& path,
                const std::string& query, bool want_csv, bool want_atom, int64_t head);
  ApiReply notifications(const Params& params, const std::string& query, bool want_atom);
  // `route` is api.cc's Route enumeration, as a number.
  ApiReply dated(int route, const std::vector<std::string>& seg, const Params& params, bool want_csv);
  ApiReply of_treaty(int route, const std::vector<std::string>& seg, const Params& params, const Query& q, bool want_csv);
  ApiReply series(const std::string& treaty, const Params& params, std::optional<Date> known_on);
  ApiReply write(const ApiRequest& request, const std::string& what, bool notify_now);
  Authorized authorize(const ApiRequest& request);
  Result<WriteDone> write_action(const std::string& body, const std::string& who, bool notify_now);
  Result<WriteDone> write_fact(const std::string& body, const std::string& who);
  Result<WriteDone> write_step(const std::string& body, const std::string& who);
  ApiReply file(const ApiRequest& request, const std::string& path) const;

  std::shared_ptr<Catalog> catalog_;
  std::unique_ptr<Ledger> ledger_;  // writes only, under ledger_mutex_
  std::mutex ledger_mutex_;
  std::function<Date()> today_;
  std::map<std::string, StaticFile> files_;  // "/index.html" -> contents
  std::string openapi_;
  std::string public_url_;  // "https://example.org/pacta" or empty
  AnswerCache answers_;
};

// `pacta serve --public-url URL` checked and normalized: "http(s)://host[:port][/path]",
// without query, fragment, user info or characters that need escaping; a trailing '/' is
// dropped. Empty stays empty (relative links). A bad URL is an error naming the option.
Result<std::string> public_url_prefix(const std::string& url);

// "%4C%54U" -> "LTU"; '+' becomes a space only when `plus_is_space` (query strings).
// Returns nullopt on a malformed escape.
std::optional<std::string> percent_decode(const std::string& text, bool plus_is_space);

}  // namespace pacta
