#pragma once
// A readable listing of the IR (`ppl check --ir`): one statement per line,
// slots as %n(name), calls with their arguments named and defaults filled.
#include <string>

#include "ir/ir.h"

namespace ppl::ir {

std::string print(const Program& program);

}  // namespace ppl::ir
