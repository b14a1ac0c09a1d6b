#include "store/chain.h"

#include <openssl/evp.h>

#include <cstdio>

#include "store/ledger.h"

namespace pacta {

const char* const kRowColumnNames[kRowFields] = {
    "entry", "treaty", "state", "kind", "date", "date_to", "later_date", "reference",
    "body", "text", "source", "notes", "known_from", "supersedes", "recorded_at", "recorded_by"};

namespace {

std::string opt_date(const std::optional<Date>& d) { return d ? d->iso() : ""; }
std::string opt_seq(const std::optional<int64_t>& s) { return s ? std::to_string(*s) : ""; }

// The length of the UTF-8 sequence starting at s[i], or 0 when it is not well formed.
size_t utf8_length(const std::string& s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n;
  unsigned int cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  const unsigned int min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

Row row_of(const Action& a) {
  return {{"action", a.treaty, a.state, std::string(to_string(a.kind)), a.date.iso(), a.qualifier, opt_date(a.later_date),
           a.reference, a.subject, a.text, a.prov.source, a.prov.notes, a.prov.known_from.iso(), opt_seq(a.prov.supersedes),
           a.prov.recorded_at, a.prov.recorded_by}};
}
Row row_of(const Fact& x) {
  return {{"fact", x.treaty, x.state, std::string(to_string(x.kind)), x.from.iso(), opt_date(x.to), "", "", "", "",
           x.prov.source, x.prov.notes, x.prov.known_from.iso(), opt_seq(x.prov.supersedes), x.prov.recorded_at,
           x.prov.recorded_by}};
}
Row row_of(const DomesticStep& s) {
  return {{"step", s.treaty, s.state, s.kind, s.date.iso(), "", "", "", s.body, s.description, s.prov.source,
           s.prov.notes, s.prov.known_from.iso(), opt_seq(s.prov.supersedes), s.prov.recorded_at, s.prov.recorded_by}};
}
Row row_of(const RulesVersion& v) {
  return {{"rules", v.treaty, "", "profile", v.known_from.iso(), "", "", v.sha256, "", v.toml, v.source, "",
           v.known_from.iso(), "", v.recorded_at, "pacta rules"}};
}

Outcome check_row(const Row& row) {
  if (row.f.size() != kRowFields) return Outcome::error("a ledger row has " + std::to_string(row.f.size()) + " fields, not 16");
  for (int k = 0; k < kRowFields; ++k) {
    const std::string& s = row.f[k];
    for (size_t i = 0; i < s.size();) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", c);
        return Outcome::error(std::string("field '") + kRowColumnNames[k] + "' holds a control character (" + code +
                              ") at byte " + std::to_string(i) + ": only tab and newline are allowed in text");
      }
      const size_t n = utf8_length(s, i);
      if (n == 0)
        return Outcome::error(std::string("field '") + kRowColumnNames[k] + "' is not valid UTF-8 at byte " + std::to_string(i));
      i += n;
    }
  }
  return Outcome::ok();
}

std::string alias_key(const std::string& name) {
  std::string out;
  bool space = false;
  for (unsigned char c : name) {
    if (c == ' ' || c == '\t' || c == '-' || c == '_') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

std::string entry_hash(const std::string& prev_hash, const std::vector<std::string>& fields) {
  std::string canon = "pacta-ledger-v2";
  auto put = [&](const std::string& f) {
    canon += std::to_string(f.size());
    canon += ':';
    canon += f;
    canon += ',';
  };
  put(prev_hash);
  for (const std::string& f : fields) put(f);
  return sha256_hex(canon);
}

std::string entry_hash_v1(const std::string& prev_hash, const std::vector<std::string>& fields) {
  std::string canon = prev_hash;
  for (const std::string& f : fields) {
    canon += '\x1f';
    canon += f;
  }
  return sha256_hex(canon);
}

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* const kHex = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 0xF];
  }
  return hex;
}

bool chain_link(VerifyReport& rep, int64_t seq, const std::vector<std::string>& f, const std::string& stored_prev,
                const std::string& stored, std::string& prev) {
  if (stored_prev != prev) {
    rep.first_bad = seq;
    rep.problem = "entry " + std::to_string(seq) + " does not follow the entry before it (an entry was removed or reordered)";
    return false;
  }
  if (entry_hash(prev, f) != stored) {
    rep.first_bad = seq;
    rep.problem = "entry " + std::to_string(seq) + " (" + f[0] + " " + f[2] + " " + f[3] + " " + f[4] +
                  ") does not match its hash: it was changed after it was recorded";
    return false;
  }
  ++rep.entries;
  rep.head_seq = seq;
  rep.head_hash = prev = stored;
  return true;
}

Result<HeadText> parse_head_text(const std::string& text) {
  const auto bad = [&] {
    return Outcome::error("'" + text + "' is not a ledger head: expected SEQ:HASH (as printed by 'pacta verify'), "
                          "e.g. 1628:3f2a…(64 hex digits)");
  };
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 18) return bad();
  HeadText h;
  for (size_t i = 0; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
    h.seq = h.seq * 10 + (text[i] - '0');
  }
  h.hash = text.substr(colon + 1);
  if (h.seq == 0 ? !h.hash.empty() : h.hash.size() != 64) return bad();
  for (char c : h.hash)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return bad();
  return h;
}

}  // namespace pacta
