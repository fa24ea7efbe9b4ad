#pragma once
// Source text to AST. Throws Error on syntax errors.
#include "core/diagnostic.h"
#include "frontend/ast.h"

namespace ppl::frontend {

// `source_index`: 0 for the model file, 1 for a separate guide file.
ast::Program parse_program(const SourceText& source, int source_index = 0);

}  // namespace ppl::frontend
