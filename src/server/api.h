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
//   /api/v1/openapi.json (also /openapi.json)
//   anything else: a file of the web page, or 404
//
// Thread-safety: handle() is const and only reads the Catalog and the files loaded at
// construction, so any number of threads may call it at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/catalog.h"
#include "core/result.h"

namespace pacta {

struct ApiRequest {
  std::string method;  // "GET"
  std::string target;  // "/api/v1/treaties?on=2025-12-27" (origin-form, still percent-encoded)
  std::string accept;  // the Accept header, may be empty
};

struct ApiReply {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, Cache-Control...)
};

// A JSON error reply: {"error":{"code","message"[,"parameter"]}}.
ApiReply error_reply(int status, const std::string& code, const std::string& message,
                     const std::string& parameter = "");

class Api {
 public:
  // `web_root` is the directory of the page's static files (index.html and the rest); its
  // files are read once here. An empty or missing directory serves the API only.
  Api(const Catalog& catalog, std::function<Date()> today, const std::string& web_root);

  ApiReply handle(const ApiRequest& request) const;
  size_t static_files() const { return files_.size(); }

 private:
  struct StaticFile {
    std::string content_type;
    std::string body;
  };
  ApiReply api(const std::string& method, const std::string& path, const std::string& query, bool want_csv) const;
  ApiReply file(const std::string& method, const std::string& path) const;

  const Catalog& catalog_;
  std::function<Date()> today_;
  std::map<std::string, StaticFile> files_;  // "/index.html" -> contents
  std::string openapi_;
};

// "%4C%54U" -> "LTU"; '+' becomes a space only when `plus_is_space` (query strings).
// Returns nullopt on a malformed escape.
std::optional<std::string> percent_decode(const std::string& text, bool plus_is_space);

}  // namespace pacta
