// The network side of the server: Boost.Beast HTTP/1.1 over Asio, one coroutine per
// connection. Everything about what to answer is in api.cc.
#include "server/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <ostream>
#include <thread>
#include <vector>

#include "server/api.h"
#include "server/compress.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace pacta {
namespace {

struct Shared {
  Api& api;
  const ServeOptions& options;
  asio::thread_pool& reads;   // GET and HEAD: views, store reads
  asio::thread_pool& writes;  // POST: one thread, the writer connection
  std::atomic<int> open_connections{0};
};

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

// Counts a connection for as long as its coroutine lives.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::atomic<int>& n) : n_(n) { n_.fetch_add(1); }
  ~ConnectionSlot() { n_.fetch_sub(1); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::atomic<int>& n_;
};

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

// Answers a request that could not be read, then the connection closes.
ApiReply read_error_reply(const boost::system::error_code& ec, const ServeOptions& o) {
  if (ec == http::error::header_limit)
    return error_reply(431, "headers_too_large",
                       "the request line and headers exceed " + std::to_string(o.header_limit) + " bytes");
  if (ec == http::error::body_limit)
    return error_reply(413, "body_too_large", "the request body exceeds " + std::to_string(o.body_limit) + " bytes");
  return error_reply(400, "bad_request", "malformed HTTP request: " + ec.message());
}

asio::awaitable<void> send_and_close(beast::tcp_stream& stream, const ApiReply& reply, const ServeOptions& o) {
  auto res = to_response(reply, 11, false, false);
  boost::system::error_code ec;
  stream.expires_after(o.write_timeout);
  co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> session(beast::tcp_stream stream, Shared& shared) {
  ConnectionSlot slot(shared.open_connections);
  const ServeOptions& o = shared.options;
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(o.header_limit));
    parser.body_limit(o.body_limit);
    stream.expires_after(o.read_timeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      // A timeout has already closed the socket (tcp_stream does), so a slow client gets no answer.
      const bool silent_close = ec == http::error::end_of_stream || ec == asio::error::eof ||
                                ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
                                ec == beast::error::timeout;
      if (!silent_close) {
        try {
          co_await send_and_close(stream, read_error_reply(ec, o), o);
        } catch (const std::exception&) {
        }
      }
      break;
    }
    const auto& req = parser.get();
    ApiReply reply;
    ApiRequest ar;
    try {
      ar.method = std::string(req.method_string());
      ar.target = std::string(req.target());
      auto header = [&](http::field f) {
        auto it = req.find(f);
        return it == req.end() ? std::string() : std::string(it->value());
      };
      ar.accept = header(http::field::accept);
      ar.authorization = header(http::field::authorization);
      ar.content_type = header(http::field::content_type);
      ar.host = header(http::field::host);
      ar.if_none_match = header(http::field::if_none_match);
      auto key = req.find("Idempotency-Key");
      if (key != req.end()) ar.idempotency_key = std::string(key->value());
      ar.body = req.body();
    } catch (const std::exception& e) {
      reply = error_reply(500, "internal", std::string("internal error: ") + e.what());
    }
    if (reply.status == 200) reply = co_await answer_on_pool(shared, ar);
    const bool keep_alive = req.keep_alive();
    auto encodings = req.find(http::field::accept_encoding);
    const bool gzip = encodings != req.end() && accepts_gzip(encodings->value());
    auto res = to_response(reply, req.version(), keep_alive, req.method() == http::verb::head, gzip);
    stream.expires_after(o.write_timeout);
    co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> refuse_busy(beast::tcp_stream stream, const ServeOptions& o) {
  co_await send_and_close(stream,
                          error_reply(503, "busy", "too many open connections (" + std::to_string(o.max_connections) +
                                                       "); try again"),
                          o);
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
    auto strand = socket.get_executor();
    if (shared.open_connections.load() >= shared.options.max_connections) {
      asio::co_spawn(strand, refuse_busy(beast::tcp_stream(std::move(socket)), shared.options), asio::detached);
      continue;
    }
    asio::co_spawn(strand, session(beast::tcp_stream(std::move(socket)), shared), asio::detached);
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
  Api api(std::move(catalog), std::move(ledger), std::move(today), options.web_root);
  asio::thread_pool reads(static_cast<size_t>(options.workers));
  asio::thread_pool writes(1);
  Shared shared{api, options, reads, writes};
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

  std::vector<std::thread> workers;
  for (int i = 1; i < options.threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (std::thread& t : workers) t.join();
  reads.join();
  writes.join();
  log << "pacta: stopped" << std::endl;
  return Outcome::ok();
}

}  // namespace pacta
