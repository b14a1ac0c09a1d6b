// API tokens: `pacta token create` makes a random secret, shows it once and stores only its
// SHA-256; a request's bearer token is checked against the stored hashes.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "store/ledger.h"

namespace pacta {

struct NewToken {
  std::string secret;  // shown once, never stored
  StoredToken stored;
};

// role: "recorder" (may record) or "reader"; expires: "" or YYYY-MM-DD (works until the day before).
Result<NewToken> create_token(Ledger& ledger, const std::string& role, const std::string& label,
                              const std::string& expires = "");

// The role of a bearer secret, or nullopt when no usable token (not revoked, not expired) matches.
Result<std::optional<std::string>> role_of(Ledger& ledger, const std::string& secret);

}  // namespace pacta
