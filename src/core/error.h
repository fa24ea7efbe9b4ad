#pragma once
// The error thrown while evaluating a model: shapes that do not broadcast, an
// axis or index out of range, operands from different tapes. Numerical
// trouble (NaN, inf) is never an error; it propagates through the values.
// An error raised at a place in a program carries that place (file and
// position) apart from its message, so the command line renders it with the
// source line and a caret without reading it back out of the text.
#include <optional>
#include <stdexcept>
#include <string>

#include "core/source_location.h"

namespace ppl {

// Where in a program an error arose.
struct ErrorPlace {
  std::string file;  // empty when unknown
  SourceLocation location;
  // "FILE:LINE:COL", or "LINE:COL" without a file.
  std::string to_string() const;
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message), message_(message) {}
  // what() is "at FILE:LINE:COL: message".
  Error(ErrorPlace place, const std::string& message)
      : std::runtime_error("at " + place.to_string() + ": " + message),
        message_(message),
        place_(std::move(place)) {}
  // The message without its place.
  const std::string& message() const { return message_; }
  const std::optional<ErrorPlace>& place() const { return place_; }
  // An error at the same place with another message (this one wrapped in
  // context: "step 3: " + message()).
  Error with_message(const std::string& message) const {
    return place_ ? Error(*place_, message) : Error(message);
  }

 private:
  std::string message_;
  std::optional<ErrorPlace> place_;
};

}  // namespace ppl
