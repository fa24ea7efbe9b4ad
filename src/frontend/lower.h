#pragma once
// A checked AST to the IR the interpreter runs.
#include "frontend/ast.h"
#include "ir/ir.h"

namespace ppl::frontend {

// The program must have passed check_program (names resolved, calls ordered).
ir::Program lower(const ast::Program& program);

}  // namespace ppl::frontend
