#pragma once
// The one error type of ppl, from the front end to the command line. It
// carries diagnostics (core/diagnostic.h: the message's id, file, position
// and span, message and notes), never a place written into its text:
//   - the front end throws every diagnostic it collected at once;
//   - a run throws one: shapes that do not broadcast, an axis or index out
//     of range, operands from different tapes, at the place in the program
//     where it arose when that is known.
// Numerical trouble (NaN, inf) is never an error; it propagates through the
// values. Subclasses only sort errors for the code that catches them (a
// distribution's argument outside its domain rejects a point).
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_location.h"

namespace ppl {

// Where in a program an error arose.
struct ErrorPlace {
  std::string file;  // empty when unknown
  SourceLocation location;
  // "FILE:LINE:COL", or "LINE:COL" without a file.
  std::string to_string() const;
};

// The id of an error raised while running a program, when its raiser gives none.
inline constexpr const char* kRunErrorId = "run_error";

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, std::string id = kRunErrorId);
  // what() is "at FILE:LINE:COL: message".
  Error(ErrorPlace place, const std::string& message, std::string id = kRunErrorId);
  // Every diagnostic the front end collected (at least one); what() joins
  // their messages.
  explicit Error(std::vector<Diagnostic> diagnostics);

  // The (first) message without its place.
  const std::string& message() const { return diagnostics_.front().message; }
  const std::string& id() const { return diagnostics_.front().id; }
  const std::optional<ErrorPlace>& place() const { return place_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // An error of the same id at the same place with another message (this
  // one wrapped in context: "step 3: " + message()).
  Error with_message(const std::string& message) const {
    return place_ ? Error(*place_, message, id()) : Error(message, id());
  }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::optional<ErrorPlace> place_;
};

}  // namespace ppl
