// Errors as values: every fallible call across a module boundary returns Outcome or
// Result<T>; the message names what is wrong and where.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace pacta {

class Outcome {
 public:
  static Outcome ok() { return Outcome(); }
  static Outcome error(std::string message) { Outcome s; s.message_ = std::move(message); s.ok_ = false; return s; }
  // A rule said no (the input is wrong), as opposed to a failure of the machinery.
  static Outcome refusal(std::string message) { Outcome s = error(std::move(message)); s.refusal_ = true; return s; }
  bool is_ok() const { return ok_; }
  bool is_refusal() const { return refusal_; }
  explicit operator bool() const { return ok_; }
  const std::string& message() const { return message_; }

 private:
  bool ok_ = true;
  bool refusal_ = false;
  std::string message_;
};

template <typename T>
class Result {
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
