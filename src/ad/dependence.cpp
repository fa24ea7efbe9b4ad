#include "ad/dependence.h"

#include <algorithm>
#include <vector>

namespace ppl::ad {

bool depends_on(const Var& output, std::span<const Var> inputs) {
  if (inputs.empty()) return false;
  const Tape& tape = output.tape();
  const int32_t last = output.index();
  std::vector<char> reached(static_cast<size_t>(last) + 1, 0);
  reached[last] = 1;
  int32_t earliest = last;
  for (const Var& input : inputs) earliest = std::min(earliest, input.index());
  // Walk down from the output, marking operands; an input marked is reached.
  for (int32_t i = last; i >= earliest && i >= 0; --i) {
    if (!reached[i]) continue;
    for (const Var& input : inputs)
      if (input.index() == i) return true;
    const Node& node = tape.node(i);
    for (int32_t operand : node.operands)
      if (operand >= 0) reached[operand] = 1;
    for (int64_t operand : tape.parameters(node).first(node.variadic_operands))
      reached[operand] = 1;
  }
  return false;
}

bool is_recorded_constant(const Var& v) {
  const Node& node = v.tape().node(v.index());
  return node.backward == nullptr && !node.needs_gradient && node.operands[0] < 0 &&
         node.variadic_operands == 0;
}

}  // namespace ppl::ad
