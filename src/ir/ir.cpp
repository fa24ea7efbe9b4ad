#include "ir/ir.h"

#include <fmt/format.h>

namespace ppl::ir {

std::string where(const Program& program, const SourceLocation& location) {
  if (location.source >= 0 && location.source < static_cast<int>(program.files.size()))
    return fmt::format("{}:{}:{}", program.files[location.source], location.line, location.column);
  return fmt::format("{}:{}", location.line, location.column);
}

}  // namespace ppl::ir
