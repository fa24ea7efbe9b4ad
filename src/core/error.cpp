#include "core/error.h"

#include <fmt/format.h>

namespace ppl {

std::string ErrorPlace::to_string() const {
  if (file.empty()) return fmt::format("{}:{}", location.line, location.column);
  return fmt::format("{}:{}:{}", file, location.line, location.column);
}

}  // namespace ppl
