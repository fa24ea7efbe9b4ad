#pragma once
// A position in a .ppl source file: 1-based line and column, plus how many
// characters the construct spans on that line (for the caret underline).
#include <string>

namespace ppl {

struct SourceLocation {
  int line = 0;
  int column = 0;
  int length = 1;

  bool known() const { return line > 0; }
};

}  // namespace ppl
