#include "server/compress.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace pacta {

std::string gzip_compress(std::string_view data, int level) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

bool compressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/json") || type.starts_with("application/atom+xml") ||
         type.starts_with("image/svg+xml");
}

bool accepts_gzip(std::string_view header) {
  std::string h(header);
  std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  h.erase(std::remove(h.begin(), h.end(), ' '), h.end());
  size_t start = 0;
  while (start <= h.size()) {
    const size_t end = std::min(h.find(',', start), h.size());
    const std::string item = h.substr(start, end - start);  // "gzip" or "gzip;q=0.5"
    const size_t semi = item.find(';');
    const std::string coding = item.substr(0, semi);
    if (coding == "gzip" || coding == "x-gzip") {
      if (semi == std::string::npos) return true;
      const size_t q = item.find("q=", semi);
      return q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace pacta
