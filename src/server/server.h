// pacta's HTTP server: the JSON API under /api/v1 and the web page (static files from
// web/public), in one process, over Boost.Beast with C++20 coroutines.
//
// Shape (see ../shared/docs/http.md for why Beast): one io_context run by `threads`
// threads does only network I/O; one coroutine per connection, on its own strand. Each
// request is answered on a worker: reads on a pool of `workers` threads, writes on one
// writer thread, so no database or engine work runs on the event loop and a read never
// waits for a write. Views are built per treaty on first use and cached (app/catalog.h);
// entries recorded by other processes are picked up by reading what follows the last head
// seen (each API read checks the head; `refresh_interval` also polls).
//
// Hostile clients (each bound below is an option of ServeOptions):
//   - a short time to send the request line and headers (also the idle keep-alive limit),
//     a separate one for the body, one for sending the answer; a slow or silent client is
//     disconnected and never holds a thread (reads are asynchronous);
//   - request line, headers and trailers together at most `header_limit` bytes (431), the
//     body at most `body_limit` (413), and everything read for one request (chunk framing
//     included) at most header_limit + body_limit + 16 KiB; memory per connection is bounded
//     by a read buffer of at most 2 x header_limit (at least 16 KiB);
//   - a table of open connections, at most `max_connections` in all and `max_per_address`
//     from one address (an IPv6 client: its /64). A connection beyond either limit first
//     closes the oldest connection (of that address, or of anyone) that is waiting for or
//     still reading a request; only when none is, the newcomer is answered 503 and closed;
//   - an exception in a connection (a bug, or memory) closes that connection only and is
//     logged in one line; the server goes on.
// SIGINT/SIGTERM stop it.
//
// Beast and Asio are included only in server.cc, so nothing else pays their compile time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "app/catalog.h"
#include "core/result.h"
#include "store/ledger.h"

namespace pacta {

struct ServeOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (the address printed says which)
  std::string web_root;  // directory of the page's files; empty: API only
  int threads = 2;  // event loop (network only)
  int workers = 2;  // answering reads (engine and database work); writes have one more thread
  int max_connections = 256;  // open connections in all
  int max_per_address = 64;   // open connections from one address (IPv6: one /64); 0: no limit
  // To send the request line and headers, counted from the connection's start or the end of
  // the previous answer (so also the idle keep-alive limit).
  std::chrono::milliseconds header_timeout{5000};
  std::chrono::milliseconds body_timeout{10000};   // to send the body, once the headers are in
  std::chrono::milliseconds write_timeout{30000};  // to send a whole response
  size_t header_limit = 8 * 1024;                  // request line + headers + trailers, bytes
  size_t body_limit = 64 * 1024;                   // request body, bytes
  // The server's address as clients see it ("https://treaties.example.org", or with a path
  // prefix a proxy adds, ".../pacta"), for absolute links (the Atom feed, Location). Empty:
  // links are relative (path only). Never taken from the Host header. serve() refuses one
  // that is not http(s)://host[:port][/path] (see public_url_prefix in api.h).
  std::string public_url;
  std::string database;                            // for the start-up line only
  // How often to look for entries recorded by other processes (`pacta record`); 0: never.
  std::chrono::milliseconds refresh_interval{2000};
};

// Serves until SIGINT or SIGTERM. Prints one line "pacta: serving http://HOST:PORT/ ..." on
// `log` once listening (with the real port when port was 0); errors binding or resolving
// come back as the Outcome. `today` gives the default date of queries and the day of
// recording. `catalog` was loaded from `ledger`, which the server keeps for writes (POST
// with a recorder token), notifications and picking up entries other processes record.
Outcome serve(std::shared_ptr<Catalog> catalog, std::unique_ptr<Ledger> ledger, const ServeOptions& options,
              std::function<Date()> today, std::ostream& log);

}  // namespace pacta
