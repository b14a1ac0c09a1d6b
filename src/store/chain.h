// The hash chain every store keeps: how an entry becomes the 16 fields a ledger row holds,
// how those fields are checked before they are stored, and the canonical encoding its hash
// covers. Shared by the SQLite and PostgreSQL stores, so a record moved between them keeps its
// hashes.
//
// Canonical encoding (version 2): the bytes "pacta-ledger-v2", then for the previous entry's
// hash and each of the 16 fields in column order, the field's length in bytes as decimal
// digits, ':', the bytes, ','. No separator can be forged inside a field and a NUL is just a
// byte. The hash is the SHA-256 of that encoding, as 64 lowercase hex digits.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace pacta {

struct RulesVersion;

// The columns of a ledger row, in the order the hash covers them. An action keeps its
// qualifier in `date_to` and its subject in `body` (columns a fact and a step use otherwise),
// so adding them changed no earlier entry's hash.
constexpr int kRowFields = 16;
extern const char* const kRowColumnNames[kRowFields];  // "entry", "treaty", ..., "recorded_by"
constexpr int kFieldSupersedes = 13;   // empty: NULL in SQL
constexpr int kFieldRecordedAt = 14;

struct Row {
  std::vector<std::string> f;  // kRowFields fields, as text
};

Row row_of(const Action& a);
Row row_of(const Fact& x);
Row row_of(const DomesticStep& s);
Row row_of(const RulesVersion& v);

// Refuses a row a reader could not read back as written: a field that is not UTF-8, or holds
// a control character other than tab or newline (a NUL included). The error names the field.
Outcome check_row(const Row& row);

// The hash of an entry whose predecessor's hash is `prev_hash` ("" for the first entry).
std::string entry_hash(const std::string& prev_hash, const std::vector<std::string>& fields);
// The hash under the first encoding (fields joined with U+001F), for migrating old ledgers.
std::string entry_hash_v1(const std::string& prev_hash, const std::vector<std::string>& fields);
std::string sha256_hex(const std::string& data);

// How a treaty's alias is kept and looked up by every store: ASCII letters lower case, runs of
// spaces, tabs, hyphens and underscores as one space, trimmed ("Mine-Ban  Treaty" -> "mine ban treaty").
std::string alias_key(const std::string& name);

// A published head "SEQ:HASH" (for verify --expect-head).
struct HeadText {
  int64_t seq = 0;
  std::string hash;
};
Result<HeadText> parse_head_text(const std::string& text);

}  // namespace pacta
