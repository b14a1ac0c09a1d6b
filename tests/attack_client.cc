// A hostile HTTP client for tests/attack_test.sh (plain POSIX sockets, no HTTP library, so
// it can send what no well-behaved client would). Every mode prints one line of results.
//
//   attack_client raw PORT [--bind ADDR] [--wait S]
//       sends stdin as is, reading the answer meanwhile (a server that answers early and
//       stops reading does not block it); prints the answer's status code, or "reset",
//       "closed" (no answer), "timeout".
//   attack_client hold PORT --connections N --seconds S [--bind ADDR] [--idle]
//       slowloris: keeps N connections open for S seconds, each sending one header line a
//       second of a request it never finishes (or nothing, with --idle), and once a second
//       a new connection for each one the server closed; prints "opened O answered A
//       closed C" (answered: the server sent something, such as 503, before closing).
//       SIGTERM ends it early (still printing the line).
//   attack_client slowread PORT --path P --seconds S
//       asks for P with a tiny receive buffer and reads nothing for S seconds (holds the
//       server's answer in flight); prints "held".
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t stop = 0;  // SIGTERM or SIGINT: hold and slowread end early
void on_signal(int) { stop = 1; }

struct Options {
  std::string mode;
  int port = 0;
  std::string bind_addr;
  double wait_s = 10;
  int connections = 1;
  double seconds = 1;
  bool idle = false;
  std::string path = "/";
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "attack_client: " << what << "\n";
  std::exit(2);
}

// A connected socket to 127.0.0.1:port (from bind_addr when given), or -1.
int connect_to(const Options& o, int rcvbuf = 0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (rcvbuf > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  if (!o.bind_addr.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, o.bind_addr.c_str(), &local.sin_addr) != 1) die("bad --bind " + o.bind_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) die("cannot bind " + o.bind_addr);
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(o.port));
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string status_of(const std::string& answer) {
  // "HTTP/1.1 431 ..." (skipping any 100 Continue)
  size_t at = 0;
  while (answer.compare(at, 9, "HTTP/1.1 ") == 0 && answer.compare(at + 9, 3, "100") == 0) {
    const size_t end = answer.find("\r\n\r\n", at);
    if (end == std::string::npos) return "closed";
    at = end + 4;
  }
  if (answer.size() < at + 12 || answer.compare(at, 5, "HTTP/") != 0) return "closed";
  return answer.substr(at + 9, 3);
}

int raw(const Options& o) {
  std::string request;
  char chunk[1 << 16];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0;) request.append(chunk, n);
  const int fd = connect_to(o);
  if (fd < 0) {
    std::cout << "refused\n";
    return 0;
  }
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  std::string answer;
  size_t sent = 0;
  bool reset = false, eof = false;
  const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(o.wait_s * 1000));
  while (!eof && Clock::now() < deadline) {
    pollfd p{fd, static_cast<short>(POLLIN | (sent < request.size() ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, 50) < 0) break;
    if (p.revents & POLLIN || p.revents & (POLLHUP | POLLERR)) {
      char buf[65536];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) answer.append(buf, static_cast<size_t>(n));
      else if (n == 0) eof = true;
      else if (errno != EAGAIN && errno != EWOULDBLOCK) {
        reset = true;
        break;
      }
    }
    if (sent < request.size() && (p.revents & POLLOUT)) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += static_cast<size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) sent = request.size();  // the server stopped reading
    }
    // A complete answer with Content-Length is enough (the server may keep the connection).
    const size_t head_end = answer.find("\r\n\r\n");
    if (head_end != std::string::npos && status_of(answer) != "100") {
      const size_t cl = answer.find("Content-Length: ");
      if (cl != std::string::npos && cl < head_end &&
          answer.size() >= head_end + 4 + std::strtoul(answer.c_str() + cl + 16, nullptr, 10))
        break;
    }
  }
  ::close(fd);
  const std::string status = status_of(answer);
  if (status != "closed") std::cout << status << "\n";
  else if (reset) std::cout << "reset\n";
  else if (eof) std::cout << "closed\n";
  else std::cout << "timeout\n";
  return 0;
}

int hold(const Options& o) {
  struct Conn {
    int fd = -1;
    int lines = 0;
  };
  std::vector<Conn> conns(static_cast<size_t>(o.connections));
  long opened = 0, answered = 0, closed = 0;
  const auto end = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(o.seconds * 1000));
  auto open_one = [&](Conn& c) {
    c.fd = connect_to(o);
    c.lines = 0;
    if (c.fd < 0) return;
    ++opened;
    ::fcntl(c.fd, F_SETFL, O_NONBLOCK);
    if (!o.idle) {
      static const char kStart[] = "GET /api/v1/treaties HTTP/1.1\r\nHost: x\r\n";
      (void)!::send(c.fd, kStart, sizeof kStart - 1, MSG_NOSIGNAL);
    }
  };
  for (Conn& c : conns) open_one(c);
  auto next_tick = Clock::now() + std::chrono::seconds(1);
  while (Clock::now() < end && !stop) {
    // Notice connections the server closed (with an answer or without).
    for (Conn& c : conns) {
      if (c.fd < 0) continue;
      char buf[4096];
      const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (n > 0) ++answered;
      else ++closed;
      ::close(c.fd);
      c.fd = -1;
    }
    // Once a second: one more header line on each, a new connection for each one closed.
    if (Clock::now() >= next_tick) {
      next_tick += std::chrono::seconds(1);
      for (Conn& c : conns) {
        if (c.fd < 0) {
          open_one(c);
        } else if (!o.idle) {
          const std::string line = "X-Slow-" + std::to_string(c.lines++) + ": still coming\r\n";
          (void)!::send(c.fd, line.data(), line.size(), MSG_NOSIGNAL);
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (Conn& c : conns)
    if (c.fd >= 0) ::close(c.fd);
  std::cout << "opened " << opened << " answered " << answered << " closed " << closed << "\n";
  return 0;
}

int slowread(const Options& o) {
  const int fd = connect_to(o, 1024);
  if (fd < 0) die("cannot connect");
  const std::string req = "GET " + o.path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  (void)!::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  const auto end = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(o.seconds * 1000));
  while (Clock::now() < end && !stop) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ::close(fd);
  std::cout << "held\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  if (argc < 3) die("usage: attack_client raw|hold|slowread PORT [options]");
  Options o;
  o.mode = argv[1];
  o.port = std::atoi(argv[2]);
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--bind") o.bind_addr = value();
    else if (a == "--wait") o.wait_s = std::atof(value().c_str());
    else if (a == "--connections") o.connections = std::atoi(value().c_str());
    else if (a == "--seconds") o.seconds = std::atof(value().c_str());
    else if (a == "--path") o.path = value();
    else if (a == "--idle") o.idle = true;
    else die("unknown option " + a);
  }
  if (o.mode == "raw") return raw(o);
  if (o.mode == "hold") return hold(o);
  if (o.mode == "slowread") return slowread(o);
  die("unknown mode " + o.mode);
}
