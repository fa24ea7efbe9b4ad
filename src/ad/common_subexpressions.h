#pragma once
// Common subexpressions on a tape: an operation about to be recorded on the
// same operands as one of the last few nodes, with the same forward and
// backward steps, is that node again. A program that computes a value twice
// (a guide whose loc and scale each run tanh(z @ W + b) on the same z)
// then computes it, replays it and differentiates it once; the values are
// those of the repeated computation to the last bit, since the operations
// are pure. Operands match when they are the same node, or constants of one
// element with the same value (a literal written twice).
//
// Example, in an operation's recording function:
//   if (auto twin = recent_twin(tape, &my_forward, &my_backward, {a, b})) return *twin;
#include <algorithm>
#include <initializer_list>
#include <optional>

#include "ad/tape.h"

namespace ppl::ad {

// How far back the search looks: far enough for a layer computed twice a
// few operations apart, short enough to cost little on every recording.
inline constexpr int32_t kTwinSearchNodes = 32;

inline bool same_operand(const Tape& tape, int32_t x, int32_t y) {
  if (x == y) return true;
  const Node& a = tape.node(x);
  const Node& b = tape.node(y);
  // Constants only: leaves (params, redrawn noise) change between replays.
  const auto is_scalar_constant = [](const Node& n) {
    return n.backward == nullptr && n.forward == nullptr && !n.needs_gradient && !n.deferred &&
           n.current_value().size() == 1;
  };
  return is_scalar_constant(a) && is_scalar_constant(b) &&
         a.current_value().shape() == b.current_value().shape() &&
         a.current_value().values()[0] == b.current_value().values()[0];
}

inline std::optional<Var> recent_twin(Tape& tape, ForwardFn forward, BackwardFn backward,
                                      std::initializer_list<Var> operands) {
  const int32_t newest = tape.size() - 1;
  const int32_t oldest = std::max<int32_t>(0, newest - kTwinSearchNodes + 1);
  // An operand of another tape, or one cleared, is left for record() to report.
  for (const Var& v : operands)
    if (&v.tape() != &tape || v.index() < 0 || v.index() > newest) return std::nullopt;
  for (int32_t i = newest; i >= oldest; --i) {
    const Node& node = tape.node(i);
    if (node.forward != forward || node.backward != backward || node.parameters_count != 0 ||
        node.variadic_operands != 0)
      continue;
    bool same = true;
    size_t k = 0;
    for (const Var& v : operands) {
      if (!same_operand(tape, node.operands[k], v.index())) {
        same = false;
        break;
      }
      ++k;
    }
    for (; same && k < node.operands.size(); ++k) same = node.operands[k] < 0;
    if (same) return Var(&tape, i);
  }
  return std::nullopt;
}

}  // namespace ppl::ad
