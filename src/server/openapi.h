// The OpenAPI 3.1 description of the API (served at /api/v1/openapi.json). Written by hand
// beside the routes in api.cc; tests/server_openapi_test.sh calls every path it documents
// and checks the status codes and fields it promises.
#pragma once

#include <string>

namespace pacta {

// The document as compact JSON text (validated when first built).
const std::string& openapi_document();

}  // namespace pacta
