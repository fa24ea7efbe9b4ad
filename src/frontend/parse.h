#pragma once
// Source text to AST. Throws DiagnosticError on syntax errors.
#include "core/diagnostic.h"
#include "frontend/ast.h"

namespace ppl::frontend {

ast::Program parse_program(const SourceText& source);

}  // namespace ppl::frontend
