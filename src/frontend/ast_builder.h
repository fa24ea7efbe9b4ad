#pragma once
// Turns the ANTLR parse tree of a syntactically valid file into the AST.
#include <string>
#include <vector>

#include "PplParser.h"
#include "core/diagnostic.h"
#include "frontend/ast.h"

namespace ppl::frontend {

// Structural problems the grammar allows (a second model block) go to
// diagnostics. Locations record `source_index` (0 the model file, 1 a
// separate guide file).
ast::Program build_ast(grammar::PplParser::ProgramContext* tree, const std::string& file_name,
                       std::vector<Diagnostic>& diagnostics, int source_index = 0);

}  // namespace ppl::frontend
