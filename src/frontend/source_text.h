#pragma once
// Expressions printed back as .ppl source, for summaries, the IR printer and messages.
#include <string>

#include "frontend/ast.h"

namespace ppl::frontend {

std::string source_text_of(const ast::Expr& expr);
// The distribution a sample statement draws from, with its methods: "Normal.to_event".
std::string dist_name_of(const ast::Expr& expr);

}  // namespace ppl::frontend
