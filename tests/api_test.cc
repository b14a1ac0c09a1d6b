// The API's routing and parameter handling without the network (server/api.h), on the
// bundled record: percent-decoding, routes, and thousands of random or hostile targets,
// methods and bodies that must never crash (ASan/UBSan in `make test`) and always get a
// status the API documents, with a JSON body.
#include "server/api.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <random>
#include <set>

#include "app/access.h"
#include "app/recording.h"
#include "ingest/bundle.h"
#include "server/compress.h"

namespace pacta {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / ("pacta-api-test-" + std::to_string(::getpid())));
    fs::create_directories(*dir_);
    const std::string db = (*dir_ / "pacta.db").string();
    auto ledger = open_sqlite_ledger(db, true);
    ASSERT_TRUE(ledger) << ledger.message();
    auto bundle = read_bundle(PACTA_SOURCE_DIR);
    ASSERT_TRUE(bundle) << bundle.message();
    ASSERT_TRUE(init_record(**ledger, *bundle, PACTA_SOURCE_DIR, *Date::from_ymd(2026, 11, 27)));
    auto token = create_token(**ledger, "recorder", "api test");
    ASSERT_TRUE(token) << token.message();
    recorder_ = new std::string(token->secret);
    auto catalog = Catalog::open(std::move(*ledger), [db] { return open_sqlite_ledger(db, false); });
    ASSERT_TRUE(catalog) << catalog.message();
    auto writer = open_sqlite_ledger(db, false);
    ASSERT_TRUE(writer) << writer.message();
    api_ = new Api(*catalog, std::move(*writer),
                   [] { return *Date::from_ymd(2026, 11, 27); }, std::string(PACTA_SOURCE_DIR) + "/web/public");
  }
  static void TearDownTestSuite() {
    delete api_;
    delete recorder_;
    fs::remove_all(*dir_);
    delete dir_;
  }
  static ApiReply get(const std::string& target, const std::string& method = "GET") {
    ApiRequest r;
    r.method = method;
    r.target = target;
    return api_->handle(r);
  }
  static json::value body(const ApiReply& r) { return json::parse(r.body); }

  static fs::path* dir_;
  static Api* api_;
  static std::string* recorder_;  // a recorder token's secret
};
fs::path* ApiTest::dir_ = nullptr;
Api* ApiTest::api_ = nullptr;
std::string* ApiTest::recorder_ = nullptr;

TEST(PercentDecode, DecodesAndRejects) {
  EXPECT_EQ(percent_decode("%4C%54U", false), "LTU");
  EXPECT_EQ(percent_decode("C%C3%B4te", false), "C\xC3\xB4te");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("%-1", false));
  EXPECT_EQ(percent_decode("", false), "");
}

TEST(Compress, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("xgzip, gzipx"));
  EXPECT_FALSE(accepts_gzip(""));
  const std::string text(5000, 'a');
  const std::string z = gzip_compress(text, 6);
  ASSERT_GE(z.size(), 18u);
  EXPECT_LT(z.size(), 200u);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
}

TEST_F(ApiTest, Routes) {
  EXPECT_EQ(get("/api/v1/treaties").status, 200);
  EXPECT_EQ(get("/api/v1/treaties/").status, 200);
  EXPECT_EQ(get("/api/v1/treaties/%61pmbc").status, 200);  // "apmbc", percent-encoded
  EXPECT_EQ(get("/api/v1/treaties/apmbc/participants/LTU/timeline/more").status, 404);
  EXPECT_EQ(get("/api/v1").status, 404);
  EXPECT_EQ(get("/api/v2/treaties").status, 404);
  EXPECT_EQ(get("/api/v1treaties").status, 404);
  EXPECT_EQ(get("/api/v1/treaties", "DELETE").status, 405);
  EXPECT_EQ(get("/api/v1/actions", "GET").status, 405);
  EXPECT_EQ(get("/api/v1/actions", "POST").status, 401);
  EXPECT_EQ(get("*").status, 400);
  EXPECT_EQ(get("").status, 400);
  const ApiReply ltu = get("/api/v1/treaties/apmbc/participants/Lithuania?on=2025-12-27");
  ASSERT_EQ(ltu.status, 200);
  EXPECT_EQ(body(ltu).at("status"), "withdrawn");
  const ApiReply page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
}

TEST_F(ApiTest, ErrorsShowBadBytesAsEscapes) {
  const ApiReply r = get("/api/v1/states/%FFx%C3%A9%01");
  ASSERT_EQ(r.status, 404);
  EXPECT_NE(std::string(body(r).at("error").at("message").as_string()).find("'%FFx\xC3\xA9%01'"), std::string::npos)
      << r.body;
}

TEST_F(ApiTest, NothingOutsideTheWebRoot) {
  for (const char* t : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt", "/../../etc/passwd",
                        "/web/public/index.html", "//etc/passwd", "/.hidden", "/vendor/../../package.json"}) {
    const ApiReply r = get(t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_EQ(body(r).at("error").at("code"), "not_found") << t;
  }
}

TEST_F(ApiTest, QueryParameters) {
  EXPECT_EQ(body(get("/api/v1/treaties?on=2025-02-30")).at("error").at("parameter"), "on");
  EXPECT_EQ(body(get("/api/v1/treaties?&&on=2025-01-01&")).at("on"), "2025-01-01");  // empty pairs are skipped
  EXPECT_EQ(body(get("/api/v1/treaties?o%6E=2025-01-01")).at("on"), "2025-01-01");    // encoded name
  EXPECT_EQ(get("/api/v1/treaties?on").status, 400);                                  // no value
  EXPECT_EQ(get("/api/v1/treaties?=x").status, 400);                                  // no name
  EXPECT_EQ(get("/api/v1/upcoming?days=1e3").status, 400);
  EXPECT_EQ(get("/api/v1/upcoming?days=-5").status, 400);
  EXPECT_EQ(get("/api/v1/upcoming?days=99999999999999999999").status, 400);
  EXPECT_EQ(get("/api/v1/upcoming?days=36600").status, 200);
}

// Write bodies: a key twice, a required field missing or blank, are 400 naming the field,
// before anything is written; the media type is compared without regard to case.
TEST_F(ApiTest, WriteBodies) {
  auto post = [](const std::string& path, const std::string& text, const std::string& type = "application/json") {
    ApiRequest r;
    r.method = "POST";
    r.target = "/api/v1/" + path;
    r.authorization = "Bearer " + *recorder_;
    r.content_type = type;
    r.body = text;
    return api_->handle(r);
  };
  auto refused = [&](const std::string& path, const std::string& text, const std::string& field) {
    const ApiReply r = post(path, text);
    EXPECT_EQ(r.status, 400) << text << ": " << r.body;
    if (r.status != 400) return;
    const json::object e = body(r).at("error").as_object();
    ASSERT_TRUE(e.contains("parameter")) << text << ": " << r.body;
    EXPECT_EQ(e.at("code"), "bad_body") << r.body;
    EXPECT_EQ(e.at("parameter").as_string(), field) << r.body;
    EXPECT_NE(std::string(e.at("message").as_string()).find("'" + field + "'"), std::string::npos) << r.body;
  };
  const std::string ok = R"("treaty":"apmbc","state":"USA","kind":"accession","date":"2026-11-20")";
  refused("actions", "{" + ok + R"(,"source":"a","source":"b"})", "source");
  refused("actions", "{" + ok + R"(,"state":"CAN","source":"a"})", "state");
  refused("actions", R"({"treaty":"apmbc","treaty":"ccm"})", "treaty");
  refused("steps", R"({"state":"USA","x":{"k":1,"k":2}})", "k");
  refused("actions", "{" + ok + "}", "source");
  refused("actions", "{" + ok + R"(,"source":null})", "source");
  refused("actions", "{" + ok + R"(,"source":""})", "source");
  refused("actions", "{" + ok + R"(,"source":" \t\r\n"})", "source");
  refused("actions", "{" + ok + R"(,"source":"\u00a0\u2003\u3000\ufeff"})", "source");
  refused("actions", R"({"treaty":" ","state":"USA","kind":"accession","date":"2026-11-20","source":"x"})", "treaty");
  refused("facts", R"({"state":"USA","from":"2026-11-01"})", "source");
  refused("facts", R"({"state":"USA","from":"2026-11-01","source":"  "})", "source");
  refused("steps", R"({"state":"USA","date":"2026-11-01","kind":"vote","source":"\n"})", "source");
  refused("steps", R"({"state":"USA","date":"2026-11-01","source":"x"})", "kind");
  // Not blank: text with spaces around it.
  EXPECT_EQ(post("steps", R"({"state":"USA","date":"2026-11-01","kind":"vote","source":" a "})").status, 201);
  // Any case of the media type, with parameters.
  for (const char* type : {"APPLICATION/JSON", "Application/Json; charset=UTF-8", " application/json ;charset=utf-8"}) {
    const ApiReply r = post("steps", R"({"state":"USA","date":"2026-11-01","kind":"vote","source":"api test"})", type);
    EXPECT_EQ(r.status, 201) << type << ": " << r.body;
  }
  EXPECT_EQ(post("steps", R"({"state":"USA","date":"2026-11-01","kind":"vote","source":"x"})", "text/json").status, 415);
  EXPECT_EQ(post("steps", R"({"state":"USA","date":"2026-11-01","kind":"vote","source":"x"})", "application/jsonx").status, 415);
}

// Links are paths unless a public URL is configured; never built from the Host header.
TEST_F(ApiTest, LinksNeverFromHost) {
  ApiRequest r;
  r.method = "GET";
  r.target = "/api/v1/notifications.atom?treaty=apmbc";
  const ApiReply feed = api_->handle(r);
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find(R"(<link rel="self" href="/api/v1/notifications.atom?treaty=apmbc"/>)"), std::string::npos) << feed.body;
  EXPECT_NE(feed.body.find("<id>urn:pacta:notifications:apmbc</id>"), std::string::npos) << feed.body;
  EXPECT_EQ(feed.body.find("http://"), feed.body.find("http://www.w3.org/2005/Atom"));  // the namespace only
  EXPECT_EQ(public_url_prefix("").value(), "");
  EXPECT_EQ(public_url_prefix("https://treaties.example.org/").value(), "https://treaties.example.org");
  EXPECT_EQ(public_url_prefix("HTTP://[::1]:8080/pacta//").value(), "HTTP://[::1]:8080/pacta");
  for (const char* bad : {"treaties.example.org", "ftp://x", "https://", "https:///x", "https://a\"b", "https://x/?q=1",
                          "https://x/#f", "https://user@x", "https://x y", "javascript:alert(1)"})
    EXPECT_FALSE(public_url_prefix(bad)) << bad;
}

TEST_F(ApiTest, DatesStayWithinYear9999) {
  auto error_of = [](const std::string& target) {
    const ApiReply r = get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
    return r.status == 400 ? std::string(body(r).at("error").at("parameter").as_string()) : std::string();
  };
  EXPECT_EQ(error_of("/api/v1/upcoming?from=9999-01-01&days=36600"), "days");
  EXPECT_EQ(error_of("/api/v1/upcoming?from=9999-12-31&days=1"), "days");
  EXPECT_EQ(error_of("/api/v1/upcoming?from=9999-12-01"), "from");  // 90 days by default
  const ApiReply last = get("/api/v1/upcoming?from=9999-01-01&days=364");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(body(last).at("until"), "9999-12-31");
}

// Random targets built from the API's own vocabulary and hostile bytes: no crash, only
// documented statuses, a JSON body whenever the reply says JSON.
TEST_F(ApiTest, RandomTargetsNeverCrash) {
  const std::vector<std::string> pieces = {
      "/", "/api/v1", "/api/v1/", "treaties", "apmbc", "APMBC", "participants", "participants.csv", "LTU", "ltu",
      "Lithuania", "timeline", "series", "states", "upcoming", "notifications", "notifications.atom", "openapi.json",
      "?", "&", "=", "on=", "on=2025-12-27", "known_on=2025-06-01", "from=1997-01-01", "to=2030-12-31", "step=day",
      "step=month", "days=90", "since=2020-01-01", "treaty=apmbc", "%", "%2", "%2F", "%00", "%ff", "+", "..", ".",
      "//", "\xff", "\x01", " ", "#", ";", "actions", "facts", "steps", "2025-02-30", "9999-12-31", "0000-01-01"};
  const std::vector<std::string> methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get", ""};
  const std::set<int> documented = {200, 400, 401, 404, 405, 406, 415};
  std::mt19937 rng(20251227);
  for (int i = 0; i < 20000; ++i) {
    std::string target = i % 3 ? "/api/v1/" : "/";
    const int n = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) target += pieces[rng() % pieces.size()];
    ApiRequest r;
    r.method = methods[rng() % methods.size()];
    r.target = target;
    if (rng() % 4 == 0) r.accept = "text/csv";
    if (rng() % 5 == 0) {
      r.content_type = "application/json";
      r.body = rng() % 2 ? "{\"treaty\":\"apmbc\"" : "[1,2,3]";
      r.authorization = "Bearer pacta_not_a_token";
    }
    ApiReply reply;
    ASSERT_NO_THROW(reply = api_->handle(r)) << r.method << " " << target;
    EXPECT_TRUE(documented.count(reply.status)) << reply.status << " for " << r.method << " " << target;
    if (reply.content_type == "application/json") {
      boost::system::error_code ec;
      json::value v = json::parse(reply.body, ec);
      EXPECT_FALSE(ec) << "not JSON for " << target;
      if (!ec && reply.status >= 400) {
        EXPECT_TRUE(v.as_object().at("error").as_object().contains("message")) << target;
      }
    }
  }
}

}  // namespace
}  // namespace pacta
