// libFuzzer harness, differential: the linear parser (src/ingest/cn_parser.cc) against the
// std::regex parser it replaced (cn_regex_oracle.h) on the input's first 2 KiB (the oracle
// recurses per character). Property: every field of both results is the same, except where
// the old parser threw (std::stoi on a reference number too large for an int).
#include <cstdint>
#include <string>

#include "cn_regex_oracle.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size < 2048 ? size : 2048);
  std::string want;
  try {
    want = pacta::regex_oracle::dump(pacta::regex_oracle::parse_notification(text, "t"));
  } catch (const std::exception&) {
    return 0;
  }
  const std::string got = pacta::regex_oracle::dump(pacta::parse_notification(text, "t"));
  if (got != want) std::fprintf(stderr, "regex parser:\n%s\nscanner:\n%s\n", want.c_str(), got.c_str());
  FUZZ_CHECK(got == want);
  FUZZ_CHECK(pacta::parse_long_date(text) == pacta::regex_oracle::parse_long_date(text));
  return 0;
}
