#include "ir/ir.h"

#include <fmt/format.h>

namespace ppl::ir {

std::string where(const Program& program, const SourceLocation& location) {
  return place(program, location).to_string();
}

ErrorPlace place(const Program& program, const SourceLocation& location) {
  ErrorPlace place{"", location};
  if (location.source >= 0 && location.source < static_cast<int>(program.files.size()))
    place.file = program.files[location.source];
  return place;
}

}  // namespace ppl::ir
