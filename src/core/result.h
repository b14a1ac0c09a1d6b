// Errors as values: every fallible call across a module boundary returns Outcome or
// Result<T>; the message names what is wrong and where, and the code says which kind of
// error it is, one kind for one HTTP status everywhere (see http_status()).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pacta {

enum class Code {
  kOk,
  kInvalid,      // bad input: a malformed value, an unknown option (HTTP 400)
  kNotFound,     // an unknown treaty, state or entry (404)
  kRefused,      // a rule of the treaty or of the record said no (422)
  kConflict,     // the record moved under the request, or a key was reused (409)
  kUnavailable,  // the database cannot be reached or failed (503)
  kCorruption,   // the stored record is not what was written (500)
};
std::string_view to_string(Code c);  // "invalid", "not_found", "refused", ...
int http_status(Code c);             // 400, 404, 422, 409, 503, 500

class [[nodiscard]] Outcome {
 public:
  static Outcome ok() { return Outcome(); }
  static Outcome with(Code code, std::string message) { Outcome s; s.message_ = std::move(message); s.code_ = code; return s; }
  static Outcome error(std::string message) { return with(Code::kInvalid, std::move(message)); }
  static Outcome not_found(std::string message) { return with(Code::kNotFound, std::move(message)); }
  // A rule said no (the input is wrong), as opposed to a failure of the machinery.
  static Outcome refusal(std::string message) { return with(Code::kRefused, std::move(message)); }
  static Outcome conflict(std::string message) { return with(Code::kConflict, std::move(message)); }
  static Outcome unavailable(std::string message) { return with(Code::kUnavailable, std::move(message)); }
  static Outcome corruption(std::string message) { return with(Code::kCorruption, std::move(message)); }
  bool is_ok() const { return code_ == Code::kOk; }
  bool is_refusal() const { return code_ == Code::kRefused; }
  Code code() const { return code_; }
  explicit operator bool() const { return is_ok(); }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Outcome error) : error_(std::move(error)) {}  // NOLINT
  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const Outcome& status() const { return error_; }
  const std::string& message() const { return error_.message(); }

 private:
  std::optional<T> value_;
  Outcome error_;
};

}  // namespace pacta
