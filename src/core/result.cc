#include "core/result.h"

namespace pacta {

std::string_view to_string(Code c) {
  switch (c) {
    case Code::kOk: return "ok";
    case Code::kInvalid: return "invalid";
    case Code::kNotFound: return "not_found";
    case Code::kRefused: return "refused";
    case Code::kConflict: return "conflict";
    case Code::kUnavailable: return "unavailable";
    case Code::kCorruption: return "corruption";
  }
  return "invalid";
}

int http_status(Code c) {
  switch (c) {
    case Code::kOk: return 200;
    case Code::kInvalid: return 400;
    case Code::kNotFound: return 404;
    case Code::kRefused: return 422;
    case Code::kConflict: return 409;
    case Code::kUnavailable: return 503;
    case Code::kCorruption: return 500;
  }
  return 500;
}

}  // namespace pacta
