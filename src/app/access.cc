#include "app/access.h"

#include <openssl/rand.h>

#include <cstdio>

namespace pacta {

Result<NewToken> create_token(Ledger& ledger, const std::string& role, const std::string& label,
                              const std::string& expires) {
  if (role != "recorder" && role != "reader") return Outcome::error("unknown role '" + role + "' (recorder or reader)");
  // The label goes into every entry the token records (recorded_by): it must be text the
  // ledger takes.
  Row probe{std::vector<std::string>(kRowFields)};
  probe.f[15] = label;
  if (Outcome ok = check_row(probe); !ok) return Outcome::error("--label: " + ok.message());
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return Outcome::error("cannot draw random bytes for a token");
  std::string secret = "pacta_";
  char hex[3];
  for (unsigned char b : bytes) {
    std::snprintf(hex, sizeof hex, "%02x", b);
    secret += hex;
  }
  auto stored = ledger.add_token(sha256_hex(secret), role, label, expires);
  if (!stored) return stored.status();
  return NewToken{secret, *stored};
}

Result<std::optional<std::string>> role_of(Ledger& ledger, const std::string& secret) {
  if (secret.empty()) return std::optional<std::string>();
  auto t = ledger.find_token(sha256_hex(secret));
  if (!t) return t.status();
  if (!*t) return std::optional<std::string>();
  return std::optional<std::string>((*t)->role);
}

}  // namespace pacta
