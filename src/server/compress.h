// gzip (RFC 1952) for response bodies, with zlib. Static files are compressed once when
// the server starts; API answers over a kilobyte are compressed per request at a fast level.
#pragma once

#include <string>
#include <string_view>

namespace pacta {

// The gzip member of `data`; empty only if zlib fails (then send the body as it is).
std::string gzip_compress(std::string_view data, int level);

// Whether a response of this Content-Type is worth compressing (text, JSON, XML, SVG).
bool compressible(std::string_view content_type);

// Whether an Accept-Encoding header accepts gzip (and does not refuse it with q=0).
bool accepts_gzip(std::string_view accept_encoding);

}  // namespace pacta
