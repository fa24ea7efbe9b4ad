#include "core/error.h"

#include <fmt/format.h>

namespace ppl {
namespace {

Diagnostic run_diagnostic(std::string file, SourceLocation location, const std::string& message,
                          std::string id) {
  Diagnostic diagnostic;
  diagnostic.file = std::move(file);
  diagnostic.location = location;
  diagnostic.message = message;
  diagnostic.id = std::move(id);
  return diagnostic;
}

// One line per diagnostic: "FILE:LINE:COL: message", without what is unknown.
std::string joined_messages(const std::vector<Diagnostic>& diagnostics) {
  std::string joined;
  for (const Diagnostic& d : diagnostics) {
    if (!joined.empty()) joined += "\n";
    if (!d.file.empty()) joined += d.file;
    if (d.location.known())
      joined += fmt::format("{}{}:{}", d.file.empty() ? "" : ":", d.location.line, d.location.column);
    if (!d.file.empty() || d.location.known()) joined += ": ";
    joined += d.message;
  }
  return joined;
}

}  // namespace

std::string ErrorPlace::to_string() const {
  if (file.empty()) return fmt::format("{}:{}", location.line, location.column);
  return fmt::format("{}:{}:{}", file, location.line, location.column);
}

Error::Error(const std::string& message, std::string id)
    : std::runtime_error(message), diagnostics_{run_diagnostic("", {}, message, std::move(id))} {}

Error::Error(ErrorPlace place, const std::string& message, std::string id)
    : std::runtime_error("at " + place.to_string() + ": " + message),
      diagnostics_{run_diagnostic(place.file, place.location, message, std::move(id))},
      place_(std::move(place)) {}

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(joined_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {
  if (diagnostics_.empty()) diagnostics_.push_back(run_diagnostic("", {}, "unknown error", kRunErrorId));
  const Diagnostic& first = diagnostics_.front();
  if (first.location.known()) place_ = ErrorPlace{first.file, first.location};
}

}  // namespace ppl
