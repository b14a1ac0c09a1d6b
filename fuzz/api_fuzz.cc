// libFuzzer harness: the HTTP API's routing, parameters and JSON write bodies
// (src/server/api.h, Api::handle), without the network, on a temporary SQLite ledger holding
// the bundled record, made once per process (in /dev/shm when there is one: writes sync) and
// removed at exit. Writes that pass the checks are appended, so the record grows while a
// process runs.
//
// The input is a request as text:
//   METHOD TARGET
//   Header: value            (Accept, Authorization, Content-Type, If-None-Match, Idempotency-Key)
//   ...
//   <empty line>
//   body
// "Authorization: recorder" and "Authorization: reader" are replaced by a real bearer token of
// that role, so bodies reach the checks and the ledger. Properties: handle() returns (never
// throws), with a status the API documents (never 500) and, for JSON, a body that parses.
// PACTA_FUZZ_VERBOSE=1 prints each request's status and the start of the reply.
#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "app/access.h"
#include "app/catalog.h"
#include "app/recording.h"
#include "fuzz_check.h"
#include "ingest/bundle.h"
#include "server/api.h"

namespace {

namespace fs = std::filesystem;

struct World {
  fs::path dir;
  std::unique_ptr<pacta::Api> api;
  std::string recorder, reader;  // "Bearer pacta_..."
};

fs::path* g_dir = nullptr;

void remove_dir() {
  if (g_dir) {
    std::error_code ec;
    fs::remove_all(*g_dir, ec);
  }
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "api_fuzz: cannot set up: %s\n", what.c_str());
  std::exit(2);
}

World make_world() {
  World w;
  const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  // What a crashed run left (abort skips atexit): directories of processes that are gone.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::exists("/proc/self") ? base : fs::path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("pacta-api-fuzz-", 0) == 0 && !fs::exists("/proc/" + name.substr(15))) fs::remove_all(e.path(), ec);
  }
  w.dir = base / ("pacta-api-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(w.dir);
  g_dir = new fs::path(w.dir);
  std::atexit(remove_dir);
  const std::string db = (w.dir / "pacta.db").string();
  const pacta::Date today = *pacta::Date::from_ymd(2026, 11, 27);
  {
    auto ledger = pacta::open_sqlite_ledger(db, true);
    if (!ledger) die(ledger.message());
    auto bundle = pacta::read_bundle(PACTA_SOURCE_DIR);
    if (!bundle) die(bundle.message());
    auto init = pacta::init_record(**ledger, *bundle, PACTA_SOURCE_DIR, today);
    if (!init) die(init.message());
    auto rec = pacta::create_token(**ledger, "recorder", "fuzz");
    auto read = pacta::create_token(**ledger, "reader", "fuzz");
    if (!rec || !read) die("tokens");
    w.recorder = "Bearer " + rec->secret;
    w.reader = "Bearer " + read->secret;
  }
  auto reader = pacta::open_sqlite_ledger(db, false);
  if (!reader) die(reader.message());
  auto catalog = pacta::Catalog::open(std::move(*reader), [db] { return pacta::open_sqlite_ledger(db, false); });
  if (!catalog) die(catalog.message());
  auto writer = pacta::open_sqlite_ledger(db, false);
  if (!writer) die(writer.message());
  w.api = std::make_unique<pacta::Api>(*catalog, std::move(*writer), [today] { return today; },
                                       std::string(PACTA_SOURCE_DIR) + "/web/public");
  return w;
}

World& world() {
  static World w = make_world();
  return w;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

pacta::ApiRequest read_request(const std::string& text, const World& w) {
  pacta::ApiRequest r;
  size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos >= text.size()) return false;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  std::string line;
  if (next_line(line)) {
    const size_t sp = line.find(' ');
    r.method = line.substr(0, sp);
    r.target = sp == std::string::npos ? "" : line.substr(sp + 1);
  }
  while (next_line(line) && !line.empty()) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    if (name == "accept") r.accept = value;
    else if (name == "authorization") r.authorization = value == "recorder" ? w.recorder : value == "reader" ? w.reader : value;
    else if (name == "content-type") r.content_type = value;
    else if (name == "if-none-match") r.if_none_match = value;
    else if (name == "idempotency-key") r.idempotency_key = value;
  }
  r.body = pos < text.size() ? text.substr(pos) : "";
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World& w = world();
  const pacta::ApiRequest request = read_request(std::string(reinterpret_cast<const char*>(data), size), w);
  const pacta::ApiReply reply = w.api->handle(request);
  static const bool verbose = std::getenv("PACTA_FUZZ_VERBOSE") != nullptr;  // to see what seeds do
  if (verbose) std::fprintf(stderr, "%d %s %s %.200s\n", reply.status, request.method.c_str(), request.target.c_str(), reply.body.c_str());
  static const std::set<int> documented = {200, 201, 304, 400, 401, 403, 404, 405, 406, 409, 413, 415, 422};
  if (!documented.count(reply.status))
    std::fprintf(stderr, "status %d for %s %s: %s\n", reply.status, request.method.c_str(), request.target.c_str(),
                 reply.body.c_str());
  FUZZ_CHECK(documented.count(reply.status));
  if (reply.content_type.rfind("application/json", 0) == 0 && request.method != "HEAD" && reply.status != 304) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(reply.body, ec);
    FUZZ_CHECK(!ec);
    if (reply.status >= 400) FUZZ_CHECK(v.is_object() && v.as_object().contains("error"));
  }
  return 0;
}
