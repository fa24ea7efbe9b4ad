#pragma once
// A position in a .ppl source file: 1-based line and column, plus how many
// characters the construct spans on that line (for the caret underline),
// and which of the program's files it lies in.
#include <string>

namespace ppl {

struct SourceLocation {
  int line = 0;
  int column = 0;
  int length = 1;
  // Which of the program's files: 0 the model file, 1 a separate guide file.
  int source = 0;

  bool known() const { return line > 0; }
};

}  // namespace ppl
