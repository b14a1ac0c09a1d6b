// pacta_cluster_probe: the write and visibility measurements of `make bench-cluster`
// (bench/cluster_bench.sh), which a curl loop cannot make (a process per request costs more
// than the request). Keep-alive HTTP/1.1 connections (Boost.Beast, synchronous, TCP_NODELAY),
// one per client thread.
//
//   pacta_cluster_probe write --port P --token T --states A,B,... [--clients C] [--count N] [--notify true]
//       N writes (POST /api/v1/actions: a `communication` of treaty apmbc by one of the states,
//       the kind the treaty does not provide for, so every one is accepted and appended) split
//       over C clients posting at once, each waiting for its answer before the next write.
//       With --notify true, each also issues its notification (POST /api/v1/actions?notify=true).
//       Prints `writes=`, `seconds=`, `per_s=` (acknowledged writes per second of wall time),
//       `p50_ms=`, `p95_ms=`, `p99_ms=`, `max_ms=`, `failed=`; every answer must be a 201.
//   pacta_cluster_probe visibility --port P --read-port Q --token T --state S [--count N]
//       N times: one write through port P, then GET the state's status through port Q until
//       its `cite` names a ledger head at or past the write's entry. Prints the delay from the
//       write's acknowledgement (`p50_ms=`, `p95_ms=`, `max_ms=`) and from its sending
//       (`from_send_p50_ms=`), and `polls_p50=` (GETs until seen, the first included).
// Exit 1 when a request fails or an answer is not what was expected (the message says which).
#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& m) {
  std::cerr << "pacta_cluster_probe: " << m << "\n";
  std::exit(1);
}

double ms_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

class Client {
 public:
  explicit Client(uint16_t port) : port_(port) {}
  // One request on the kept-alive connection (connecting again once when the server closed
  // it). Returns the status, 0 when no answer came.
  int request(http::verb verb, const std::string& target, const std::string& body, std::string* out, const std::string& token) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!socket_) connect();
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.keep_alive(true);
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (verb == http::verb::post) {
          req.set(http::field::content_type, "application/json");
          req.body() = body;
          req.prepare_payload();
        }
        http::write(*socket_, req);
        http::response<http::string_body> res;
        res.body().reserve(4096);
        http::read(*socket_, buffer_, res);
        if (out) *out = std::move(res.body());
        if (!res.keep_alive()) socket_.reset();
        return res.result_int();
      } catch (const std::exception&) {
        socket_.reset();
        buffer_.clear();
        if (verb == http::verb::post) return 0;  // a write is never sent twice
      }
    }
    return 0;
  }

 private:
  void connect() {
    socket_ = std::make_unique<tcp::socket>(ioc_);
    socket_->connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    socket_->set_option(tcp::no_delay(true));
  }
  uint16_t port_;
  net::io_context ioc_;
  std::unique_ptr<tcp::socket> socket_;
  beast::flat_buffer buffer_;
};

struct Args {
  std::string mode;
  std::map<std::string, std::string> opt;
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = opt.find(k);
    if (it != opt.end()) return it->second;
    if (def.empty()) die("missing --" + k);
    return def;
  }
  long num(const std::string& k, const std::string& def = "") const {
    const std::string v = get(k, def);
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n <= 0) die("--" + k + " must be a positive number, not '" + v + "'");
    return n;
  }
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string x; std::getline(in, x, ',');)
    if (!x.empty()) out.push_back(x);
  return out;
}

std::string action_body(const std::string& state, const std::string& note) {
  json::object b;
  b["treaty"] = "apmbc";
  b["state"] = state;
  b["kind"] = "communication";
  b["date"] = "2026-11-20";
  b["notes"] = note;
  b["source"] = "pacta_cluster_probe";
  return json::serialize(b);
}

int64_t written_id(const std::string& body) {
  try {
    return json::parse(body).as_object().at("id").to_number<int64_t>();
  } catch (const std::exception&) {
    die("a 201 answer without an id: " + body.substr(0, 200));
  }
}

// The head's sequence number in a status answer's `cite` ("...; ledger head SEQ:HASH; ...").
int64_t cited_head(const std::string& body) {
  const std::string key = "ledger head ";
  size_t at = body.find(key);
  if (at == std::string::npos) die("a status answer without 'ledger head' in its cite: " + body.substr(0, 200));
  return std::strtoll(body.c_str() + at + key.size(), nullptr, 10);
}

int run_write(const Args& a) {
  const auto port = static_cast<uint16_t>(a.num("port"));
  const std::string token = a.get("token");
  const std::vector<std::string> states = split(a.get("states"));
  if (states.empty()) die("--states names no state");
  const long clients = a.num("clients", "1"), count = a.num("count", "100");
  // --notify true: each write also issues its depositary notification (C.N. numbered in the
  // same transaction), as `pg_test`'s 200 concurrent writes do.
  const std::string target = a.get("notify", "false") == "true" ? "/api/v1/actions?notify=true" : "/api/v1/actions";
  std::atomic<long> next{0}, failed{0};
  std::mutex mu;
  std::vector<double> lat;
  std::string first_failure;
  const auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (long c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      Client client(port);
      std::vector<double> mine;
      std::string out;
      for (long i; (i = next.fetch_add(1)) < count;) {
        const std::string body = action_body(states[static_cast<size_t>(i) % states.size()],
                                             "probe " + std::to_string(c) + "/" + std::to_string(i));
        const auto s = Clock::now();
        const int st = client.request(http::verb::post, target, body, &out, token);
        mine.push_back(ms_between(s, Clock::now()));
        if (st != 201) {
          failed.fetch_add(1);
          std::lock_guard<std::mutex> g(mu);
          if (first_failure.empty()) first_failure = "HTTP " + std::to_string(st) + ": " + out.substr(0, 200);
        }
      }
      std::lock_guard<std::mutex> g(mu);
      lat.insert(lat.end(), mine.begin(), mine.end());
    });
  for (auto& t : threads) t.join();
  const double secs = ms_between(t0, Clock::now()) / 1000.0;
  const long ok = count - failed.load();
  std::printf("writes=%ld\nseconds=%.3f\nper_s=%.1f\np50_ms=%.2f\np95_ms=%.2f\np99_ms=%.2f\nmax_ms=%.2f\nfailed=%ld\n", ok, secs,
              static_cast<double>(ok) / secs, percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), percentile(lat, 100),
              failed.load());
  if (failed.load()) die(std::to_string(failed.load()) + " writes failed; the first: " + first_failure);
  return 0;
}

int run_visibility(const Args& a) {
  const auto port = static_cast<uint16_t>(a.num("port")), read_port = static_cast<uint16_t>(a.num("read-port"));
  const std::string token = a.get("token"), state = a.get("state");
  const long count = a.num("count", "50");
  Client writer(port), reader(read_port);
  const std::string status = "/api/v1/treaties/apmbc/participants/" + state;
  std::vector<double> from_ack, from_send, polls;
  std::string out;
  for (long i = 0; i < count; ++i) {
    const auto s = Clock::now();
    const int st = writer.request(http::verb::post, "/api/v1/actions", action_body(state, "visibility " + std::to_string(i)), &out, token);
    const auto acked = Clock::now();
    if (st != 201) die("a write answered HTTP " + std::to_string(st) + ": " + out.substr(0, 200));
    const int64_t id = written_id(out);
    for (long n = 1;; ++n) {
      const int g = reader.request(http::verb::get, status, "", &out, "");
      if (g != 200) die("a read answered HTTP " + std::to_string(g) + ": " + out.substr(0, 200));
      if (cited_head(out) >= id) {
        const auto seen = Clock::now();
        from_ack.push_back(ms_between(acked, seen));
        from_send.push_back(ms_between(s, seen));
        polls.push_back(static_cast<double>(n));
        break;
      }
      if (ms_between(acked, Clock::now()) > 10000) die("entry " + std::to_string(id) + " not seen through the other server within 10 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the next write starts from rest
  }
  std::printf("samples=%ld\np50_ms=%.2f\np95_ms=%.2f\nmax_ms=%.2f\nfrom_send_p50_ms=%.2f\npolls_p50=%.0f\npolls_max=%.0f\n", count,
              percentile(from_ack, 50), percentile(from_ack, 95), percentile(from_ack, 100), percentile(from_send, 50),
              percentile(polls, 50), percentile(polls, 100));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (argc < 2) die("usage: pacta_cluster_probe write|visibility --OPTION VALUE ...");
  a.mode = argv[1];
  for (int i = 2; i < argc; i += 2) {
    std::string k = argv[i];
    if (k.rfind("--", 0) != 0 || i + 1 >= argc) die("expected --OPTION VALUE at '" + k + "'");
    a.opt[k.substr(2)] = argv[i + 1];
  }
  if (a.mode == "write") return run_write(a);
  if (a.mode == "visibility") return run_visibility(a);
  die("unknown mode '" + a.mode + "' (write or visibility)");
}
