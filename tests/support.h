// Test support: the bundled record, read once per test binary.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "engine/engine.h"
#include "ingest/bundle.h"

namespace pacta::test {

// A file's whole content (binary); a missing file fails the test.
inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const Bundle& bundle() {
  static const Bundle b = [] {
    auto r = read_bundle(PACTA_SOURCE_DIR);
    EXPECT_TRUE(r) << r.message();
    return r ? *r : Bundle{};
  }();
  return b;
}

inline TreatyProfile bundled_profile(const std::string& id) {
  for (const auto& [pid, toml] : bundle().profiles)
    if (pid == id) return *parse_profile(toml, id).profile;
  ADD_FAILURE() << "no profile " << id;
  return {};
}

// The bundled record of one treaty, with seqs assigned as a ledger would.
inline Record bundled_record(const std::string& id) {
  Record r = record_for_treaty(bundle().record, id);
  int64_t seq = 1;
  for (Action& a : r.actions) a.prov.seq = seq++;
  for (Fact& f : r.facts) f.prov.seq = seq++;
  return r;
}

}  // namespace pacta::test
