// The network side of the server: Boost.Beast HTTP/1.1 over Asio, one coroutine per
// connection, the table of open connections and the limits on what a client may send
// (server.h says which). Everything about what to answer is in api.cc.
#include "server/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <climits>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/api.h"
#include "server/compress.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace pacta {
namespace {

using Clock = std::chrono::steady_clock;

// Everything read for one request beyond its headers: the body limit, the header limit
// again (trailers) and this much chunk framing (chunk-size lines, extensions).
constexpr size_t kFramingAllowance = 16 * 1024;
// After an error answer, what the client still sends is read and dropped for this long (at
// most this many bytes), so that closing does not reset the connection before the client
// has read the answer.
constexpr auto kLinger = std::chrono::milliseconds(1000);
constexpr size_t kLingerBytes = 1 << 20;
// Refusals (503) being sent at once; beyond, a refused connection is closed unanswered.
constexpr int kMaxRefusing = 256;

// One open connection: owned by its session coroutine (and, while counted, by the table).
struct Conn {
  Conn(tcp::socket socket, std::string peer_key) : stream(std::move(socket)), peer(std::move(peer_key)) {}
  beast::tcp_stream stream;  // used on its own strand only
  const std::string peer;    // what the per-address limit counts: the address (IPv6: its /64)
  // Under the table's mutex:
  bool waiting = true;                     // waiting for or reading a request: may be closed to make room
  Clock::time_point since = Clock::now();  // when it began waiting
  bool counted = false;                    // in the table
  bool evicted = false;                    // closed to make room for another
};

// The open connections, their number in all and per address. Thread-safe.
class ConnectionTable {
 public:
  ConnectionTable(int max_total, int max_per_address) : max_total_(max_total), max_per_address_(max_per_address) {}

  // Counts `c` in. When a limit is reached, first takes out the connection that has been
  // waiting longest (of c's address when that limit is the one reached) and returns it in
  // `evicted` for the caller to close. False: no room (every connection in the way is
  // being answered); `c` is not counted.
  bool admit(const std::shared_ptr<Conn>& c, std::vector<std::shared_ptr<Conn>>& evicted) {
    std::lock_guard lock(mutex_);
    if (max_per_address_ > 0) {
      auto n = per_peer_.find(c->peer);
      if (n != per_peer_.end() && n->second >= max_per_address_ && !evict_oldest(&c->peer, evicted)) return false;
    }
    if (static_cast<int>(conns_.size()) >= max_total_ && !evict_oldest(nullptr, evicted)) return false;
    conns_.push_back(c);
    c->counted = true;
    ++per_peer_[c->peer];
    return true;
  }
  // `c` waits for (or reads) a request from now on. False: it was closed to make room.
  bool wait(Conn& c) { return set_waiting(c, true); }
  // `c`'s request is in and is being answered: not to be closed. False: it was closed to make room.
  bool answer(Conn& c) { return set_waiting(c, false); }
  void remove(Conn& c) {
    std::lock_guard lock(mutex_);
    uncount(c);
  }

 private:
  bool set_waiting(Conn& c, bool waiting) {
    std::lock_guard lock(mutex_);
    if (c.evicted) return false;
    c.waiting = waiting;
    if (waiting) c.since = Clock::now();
    return true;
  }
  bool evict_oldest(const std::string* peer, std::vector<std::shared_ptr<Conn>>& evicted) {
    std::shared_ptr<Conn> oldest;
    for (const auto& c : conns_)
      if (c->waiting && (!peer || c->peer == *peer) && (!oldest || c->since < oldest->since)) oldest = c;
    if (!oldest) return false;
    oldest->evicted = true;
    uncount(*oldest);
    evicted.push_back(std::move(oldest));
    return true;
  }
  void uncount(Conn& c) {
    if (!c.counted) return;
    c.counted = false;
    auto it = std::find_if(conns_.begin(), conns_.end(), [&](const auto& p) { return p.get() == &c; });
    if (it != conns_.end()) {
      std::swap(*it, conns_.back());
      conns_.pop_back();
    }
    auto n = per_peer_.find(c.peer);
    if (n != per_peer_.end() && --n->second <= 0) per_peer_.erase(n);
  }

  const int max_total_;
  const int max_per_address_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Conn>> conns_;
  std::unordered_map<std::string, int> per_peer_;
};

struct Shared {
  Api& api;
  const ServeOptions& options;
  asio::thread_pool& reads;   // GET and HEAD: views, store reads
  asio::thread_pool& writes;  // POST: one thread, the writer connection
  ConnectionTable& table;
  std::ostream& log;
  std::mutex log_mutex{};
  std::atomic<int> refusing{0};

  void log_line(const std::string& line) {
    std::lock_guard lock(log_mutex);
    log << line << std::endl;
  }
};

// What the per-address limit counts: the address, an IPv4-mapped one as IPv4, an IPv6 one
// by its /64 (one client's usual allocation).
std::string peer_key(const asio::ip::address& a) {
  if (a.is_v6()) {
    asio::ip::address_v6 v6 = a.to_v6();
    if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
    asio::ip::address_v6::bytes_type b = v6.to_bytes();
    std::fill(b.begin() + 8, b.end(), 0);
    return asio::ip::address_v6(b).to_string() + "/64";
  }
  return a.to_string();
}

// Answers `request` on a worker pool (never on the event loop) and resumes the calling
// connection's coroutine on its own strand with the reply.
asio::awaitable<ApiReply> answer_on_pool(Shared& shared, const ApiRequest& request) {
  asio::thread_pool& pool = request.method == "POST" ? shared.writes : shared.reads;
  co_return co_await asio::co_spawn(
      pool.get_executor(),
      [&]() -> asio::awaitable<ApiReply> {
        try {
          co_return shared.api.handle(request);
        } catch (const StoreUnavailable& e) {
          co_return error_reply(503, "unavailable", std::string("the database cannot be read: ") + e.what());
        } catch (const std::exception& e) {
          co_return error_reply(500, "internal", std::string("internal error: ") + e.what());
        }
      },
      asio::use_awaitable);
}

http::response<http::string_body> to_response(const ApiReply& r, unsigned version, bool keep_alive, bool head,
                                              bool gzip = false) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "pacta");
  res.set(http::field::content_type, r.content_type);
  res.set("X-Content-Type-Options", "nosniff");
  if (r.content_type == "application/json" && r.status < 400) res.set(http::field::cache_control, "no-cache");
  for (const auto& [name, value] : r.headers) res.set(name, value);
  res.keep_alive(keep_alive);
  // Compress text over a kilobyte when the client takes gzip (static files come compressed).
  const bool worth_it = compressible(r.content_type) && r.body.size() >= 1024;
  std::string zipped = gzip && worth_it ? (r.gzip_body.empty() ? gzip_compress(r.body, 1) : r.gzip_body) : std::string();
  if (worth_it) res.set(http::field::vary, res[http::field::vary].empty() ? "Accept-Encoding"
                                                                          : std::string(res[http::field::vary]) + ", Accept-Encoding");
  if (!zipped.empty()) res.set(http::field::content_encoding, "gzip");
  const std::string& body = zipped.empty() ? r.body : zipped;
  if (head) {
    res.content_length(body.size());
  } else {
    res.body() = body;
    res.prepare_payload();
  }
  return res;
}

// The answer to a request that could not be read (then the connection closes), or nothing
// when the client went away or was too slow (a timeout has already closed the socket).
std::optional<ApiReply> read_error_reply(const boost::system::error_code& ec, const ServeOptions& o) {
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted || ec == beast::error::timeout || ec == asio::error::broken_pipe)
    return std::nullopt;
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
    return error_reply(431, "headers_too_large",
                       "the request line, headers and trailers exceed " + std::to_string(o.header_limit) + " bytes");
  if (ec == http::error::body_limit)
    return error_reply(413, "body_too_large", "the request body exceeds " + std::to_string(o.body_limit) + " bytes");
  return error_reply(400, "bad_request", "malformed HTTP request: " + ec.message());
}

// Reads and drops what the client still sends, for a moment, then returns (the caller closes).
asio::awaitable<void> linger(beast::tcp_stream& stream, std::chrono::milliseconds for_how_long, size_t most) {
  boost::system::error_code ec;
  stream.expires_after(for_how_long);
  char sink[4096];
  for (size_t n = 0; n < most;) {
    n += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
  }
}

// Sends `reply` with "Connection: close", ends the sending side, and lingers.
asio::awaitable<void> send_and_close(beast::tcp_stream& stream, const ApiReply& reply, std::chrono::milliseconds timeout,
                                     std::chrono::milliseconds linger_for, size_t linger_bytes) {
  auto res = to_response(reply, 11, false, false);
  boost::system::error_code ec;
  stream.expires_after(timeout);
  co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  co_await linger(stream, linger_for, linger_bytes);
}

// What the API is given of a request: taken from the header alone (a trailer never adds to
// or replaces a header).
ApiRequest request_of(const http::request<http::string_body>& req) {
  ApiRequest ar;
  ar.method = std::string(req.method_string());
  ar.target = std::string(req.target());
  auto header = [&](http::field f) {
    auto it = req.find(f);
    return it == req.end() ? std::string() : std::string(it->value());
  };
  ar.accept = header(http::field::accept);
  ar.authorization = header(http::field::authorization);
  ar.content_type = header(http::field::content_type);
  ar.if_none_match = header(http::field::if_none_match);
  auto key = req.find("Idempotency-Key");
  if (key != req.end()) ar.idempotency_key = std::string(key->value());
  return ar;
}

// The requests of one connection, one after another (keep-alive), until it closes.
asio::awaitable<void> serve_requests(Conn& conn, Shared& shared) {
  const ServeOptions& o = shared.options;
  beast::tcp_stream& stream = conn.stream;
  // The read buffer holds what is not parsed yet: the headers, or trailers, or a chunk
  // line. Bounded, so that no header, trailer or chunk line, however long, grows it.
  beast::flat_buffer buffer(std::max<size_t>(2 * o.header_limit, 16 * 1024));
  boost::system::error_code ec;
  auto fail = [&]() -> asio::awaitable<void> {
    if (auto reply = read_error_reply(ec, o)) {
      (void)shared.table.wait(conn);  // lingering, it may make room for others
      co_await send_and_close(stream, *reply, o.write_timeout, kLinger, kLingerBytes);
    }
  };
  for (;;) {
    if (!shared.table.wait(conn)) co_return;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<size_t>(o.header_limit, UINT32_MAX)));
    parser.body_limit(o.body_limit);
    stream.expires_after(o.header_timeout);
    const size_t header_bytes =
        co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return co_await fail();
    const auto& req = parser.get();
    ApiRequest ar = request_of(req);
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    auto encodings = req.find(http::field::accept_encoding);
    const bool gzip = encodings != req.end() && accepts_gzip(encodings->value());
    if (!parser.is_done()) {
      const size_t fields = static_cast<size_t>(std::distance(req.begin(), req.end()));
      auto expect = req.find(http::field::expect);
      if (expect != req.end() && beast::iequals(expect->value(), "100-continue") && version >= 11) {
        static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        stream.expires_after(o.write_timeout);
        co_await asio::async_write(stream, asio::buffer(kContinue, sizeof kContinue - 1),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
      }
      // The body (and its chunk framing and trailers) in its own time, and bounded in size.
      stream.expires_after(o.body_timeout);
      const size_t most = o.body_limit + o.header_limit + kFramingAllowance;
      for (size_t read = 0; !parser.is_done();) {
        read += co_await http::async_read_some(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec && read > most) ec = http::error::body_limit;
        if (ec) co_return co_await fail();
      }
      // Trailers count against the header limit.
      size_t trailer_bytes = 0, i = 0;
      for (const auto& f : parser.get())
        if (i++ >= fields) trailer_bytes += f.name_string().size() + f.value().size() + 4;
      if (header_bytes + trailer_bytes > o.header_limit) {
        ec = http::error::header_limit;
        co_return co_await fail();
      }
      ar.body = std::move(parser.get().body());
    }
    if (!shared.table.answer(conn)) co_return;
    const ApiReply reply = co_await answer_on_pool(shared, ar);
    auto res = to_response(reply, version, keep_alive, head, gzip);
    stream.expires_after(o.write_timeout);
    co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) co_return;
  }
}

asio::awaitable<void> session(std::shared_ptr<Conn> conn, Shared& shared) {
  struct Leave {  // uncounts the connection however the coroutine ends
    ConnectionTable& table;
    Conn& conn;
    ~Leave() { table.remove(conn); }
  } leave{shared.table, *conn};
  std::string failure;
  try {
    co_await serve_requests(*conn, shared);
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (!failure.empty()) shared.log_line("pacta: connection from " + conn->peer + " closed after an error: " + failure);
  boost::system::error_code ec;
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn->stream.close();
}

// Closes a connection taken out of the table to make room (on its own strand).
void close_evicted(std::shared_ptr<Conn> conn) {
  auto executor = conn->stream.get_executor();
  asio::post(executor, [conn = std::move(conn)] {
    boost::system::error_code ec;
    conn->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    conn->stream.close();
  });
}

asio::awaitable<void> refuse_busy(beast::tcp_stream stream, Shared& shared) {
  struct Count {
    std::atomic<int>& n;
    ~Count() { n.fetch_sub(1); }
  } count{shared.refusing};
  const ServeOptions& o = shared.options;
  // Built before the co_await: GCC 12 mishandles temporaries of ?: inside a co_await expression.
  const std::string per_address = o.max_per_address > 0 ? std::to_string(o.max_per_address) : "any number";
  const ApiReply reply = error_reply(503, "busy",
                                     "every connection allowed (" + std::to_string(o.max_connections) + " in all, " +
                                         per_address + " from one address) is being answered; try again");
  try {
    co_await send_and_close(stream, reply, std::chrono::milliseconds(2000), std::chrono::milliseconds(200), 64 * 1024);
  } catch (const std::exception&) {
  }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Shared& shared) {
  auto executor = co_await asio::this_coro::executor;
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::make_strand(executor),
                                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors or similar: pause instead of spinning.
      asio::steady_timer t(executor, std::chrono::milliseconds(100));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (ec) continue;  // already gone
    auto strand = socket.get_executor();
    auto conn = std::make_shared<Conn>(std::move(socket), peer_key(remote.address()));
    std::vector<std::shared_ptr<Conn>> evicted;
    const bool admitted = shared.table.admit(conn, evicted);
    for (auto& e : evicted) close_evicted(std::move(e));
    if (admitted) {
      asio::co_spawn(strand, session(std::move(conn), shared), asio::detached);
    } else if (shared.refusing.fetch_add(1) < kMaxRefusing) {
      asio::co_spawn(strand, refuse_busy(std::move(conn->stream), shared), asio::detached);
    } else {
      shared.refusing.fetch_sub(1);  // too many refusals at once: closed unanswered
    }
  }
}

// Picks up entries recorded by other processes (a cheap head check every interval), on
// the read pool.
asio::awaitable<void> refresh_loop(Shared& shared, std::chrono::milliseconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(interval);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await asio::co_spawn(
        shared.reads.get_executor(), [&]() -> asio::awaitable<void> { shared.api.refresh(); co_return; },
        asio::use_awaitable);
  }
}

}  // namespace

Outcome serve(std::shared_ptr<Catalog> catalog, std::unique_ptr<Ledger> ledger, const ServeOptions& options,
              std::function<Date()> today, std::ostream& log) {
  auto public_url = public_url_prefix(options.public_url);
  if (!public_url) return public_url.status();
  if (options.max_connections < 1) return Outcome::error("--max-connections: must be at least 1");
  if (options.max_per_address < 0) return Outcome::error("--max-per-address: must be 0 (no limit) or more");
  Api api(std::move(catalog), std::move(ledger), std::move(today), options.web_root, *public_url);
  asio::thread_pool reads(static_cast<size_t>(options.workers));
  asio::thread_pool writes(1);
  ConnectionTable table(options.max_connections, options.max_per_address);
  Shared shared{api, options, reads, writes, table, log};
  asio::io_context ioc(options.threads);

  boost::system::error_code ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
    if (ec || results.empty()) return Outcome::error("--host: cannot resolve '" + options.host + "': " + ec.message());
    endpoint = results.begin()->endpoint();
  }

  tcp::acceptor acceptor(ioc);
  auto fail = [&](const char* what) {
    return Outcome::error("--port: cannot " + std::string(what) + " " + options.host + ":" +
                          std::to_string(options.port) + ": " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec)) return fail("open a socket for");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) return fail("set options on");
  if (acceptor.bind(endpoint, ec)) return fail("bind to");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) return fail("listen on");
  const tcp::endpoint bound = acceptor.local_endpoint(ec);

  const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string();
  log << "pacta: serving http://" << host << ":" << bound.port() << "/ (API under /api/v1"
      << (options.database.empty() ? "" : "; database " + options.database)
      << (api.static_files() ? "; web page from " + options.web_root : "; no web page: " + options.web_root + " has no files")
      << ")" << std::endl;

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    acceptor.close();
    ioc.stop();
  });
  asio::co_spawn(ioc, accept_loop(acceptor, shared), asio::detached);
  if (options.refresh_interval.count() > 0)
    asio::co_spawn(ioc, refresh_loop(shared, options.refresh_interval), asio::detached);

  // A handler that throws (none should: every session catches its own) loses its
  // connection, whose coroutine is then unwound and closed; the loop goes on.
  auto run = [&] {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        shared.log_line(std::string("pacta: a connection was closed after an error in the event loop: ") + e.what());
      } catch (...) {
        shared.log_line("pacta: a connection was closed after an unknown error in the event loop");
      }
    }
  };
  std::vector<std::thread> workers;
  for (int i = 1; i < options.threads; ++i) workers.emplace_back(run);
  run();
  for (std::thread& t : workers) t.join();
  reads.join();
  writes.join();
  shared.log_line("pacta: stopped");
  return Outcome::ok();
}

}  // namespace pacta
