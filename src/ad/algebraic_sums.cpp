#include "ad/algebraic_sums.h"

#include <optional>
#include <utility>
#include <vector>

#include "ad/ops.h"
#include "ad/scalar_kernel.h"

namespace ppl::ad::detail {

namespace {

// Sizes from shapes: a deferred operand is not computed to be counted.
int64_t size_of(const Tape& tape, int32_t index) { return tape.shape_of(index).numel(); }

// A value of one element as a scalar, so that the rewritten sum keeps the
// shape of a whole-array sum ([] rather than [1, 1]).
Var as_scalar(Tape& tape, int32_t index) {
  const Var v(&tape, index);
  return v.shape().rank() == 0 ? v : reshape(v, Shape{});
}

// The sum of operand `index` counted `repeats` times: its rewritten sum
// where it has one.
Var repeated_sum(Tape& tape, int32_t index, int64_t repeats) {
  const Var total = size_of(tape, index) == 1 ? as_scalar(tape, index) : sum(Var(&tape, index));
  return repeats == 1 ? total : static_cast<double>(repeats) * total;
}

// The one-element operand of a binary node whose other operand has all n
// elements: 0 or 1, or -1 when there is none.
int one_element_side(const Tape& tape, const Node& node) {
  const int64_t n = node.value.size();
  for (int side = 0; side < 2; ++side)
    if (size_of(tape, node.operands[side]) == 1 && size_of(tape, node.operands[1 - side]) == n)
      return side;
  return -1;
}

Var sum_of_product(Tape& tape, int32_t index);
Var sum_of_quotient(Tape& tape, int32_t index);
Var sum_of_negation(Tape& tape, int32_t index);

// Whether node `index` has a rewritten sum that does not end in a plain sum
// of its elements: k * x over data x has one (k * sum(x)) that does, so
// sum(k * x - c) stays as it is (see the header).
bool sum_is_reduced(const Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  if (node.fused_sum == nullptr) return false;
  if (node.fused_sum == &sum_of_product)
    return sum_is_reduced(tape, node.operands[1 - one_element_side(tape, node)]);
  if (node.fused_sum == &sum_of_quotient || node.fused_sum == &sum_of_negation)
    return sum_is_reduced(tape, node.operands[0]);
  return true;
}

// Whether every operand of several elements has a reduced sum.
bool operands_have_sums(const Tape& tape, const Node& node) {
  for (int side = 0; side < 2; ++side) {
    const int32_t operand = node.operands[side];
    if (size_of(tape, operand) > 1 && !sum_is_reduced(tape, operand)) return false;
  }
  return true;
}

Var sum_of_product(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int side = one_element_side(tape, node);
  return as_scalar(tape, node.operands[side]) * sum(Var(&tape, node.operands[1 - side]));
}

Var sum_of_quotient(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  return sum(Var(&tape, node.operands[0])) / as_scalar(tape, node.operands[1]);
}

Var sum_of_negation(Tape& tape, int32_t index) {
  return -sum(Var(&tape, tape.node(index).operands[0]));
}

// sum(a + b) or sum(a - b): each operand's sum, times the times each of its
// elements is repeated by broadcasting.
template <bool Subtracts>
Var sum_of_addition(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int64_t n = node.value.size();
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  const Var sum_a = repeated_sum(tape, a, n / size_of(tape, a));
  const Var sum_b = repeated_sum(tape, b, n / size_of(tape, b));
  return Subtracts ? sum_a - sum_b : sum_a + sum_b;
}

// sum((w - c)^2) over w's elements, for c of one element: value and partials.
double squared_deviations(const Eigen::ArrayXd& w, double c) { return (w - c).square().sum(); }

void squared_deviations_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value.mutable_values()[0] = squared_deviations(tape.value(node.operands[0]).values(),
                                                      tape.value(node.operands[1]).item());
}

void squared_deviations_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t w = node.operands[0];
  const int32_t c = node.operands[1];
  const double g = tape.adjoint_of(index).values()[0];
  const Eigen::ArrayXd& values = tape.value(w).values();
  const double center = tape.value(c).item();
  if (tape.needs_gradient(c))
    tape.accumulate(c, Eigen::ArrayXd::Constant(1, -2 * g * (values - center).sum()));
  if (tape.needs_gradient(w)) tape.accumulate(w, (2 * g) * (values - center));
}

// The same element by element, for compiled tapes: operand 0 is w, 1 is c.
double deviation_squared(const double* x) { return (x[0] - x[1]) * (x[0] - x[1]); }
void deviation_squared_partials(const double* x, double* d) {
  d[0] = 2 * (x[0] - x[1]);
  d[1] = -d[0];
}
void deviations_squared(const double* const* x, const int32_t* strides, int32_t n, bool sums,
                        double* out) {
  double total = 0;
  for (int32_t j = 0; j < n; ++j) {
    const double deviation = x[0][strides[0] * j] - x[1][strides[1] * j];
    if (sums)
      total += deviation * deviation;
    else
      out[j] = deviation * deviation;
  }
  if (sums) out[0] = total;
}
void add_deviation_partials(const double* const* x, const int32_t* strides, int32_t n,
                            const double* g, int32_t g_stride, double* const* adjoints) {
  for (int32_t j = 0; j < n; ++j) {
    const double twice = 2 * g[g_stride * j] * (x[0][strides[0] * j] - x[1][strides[1] * j]);
    if (adjoints[0] != nullptr) adjoints[0][strides[0] * j] += twice;
    if (adjoints[1] != nullptr) adjoints[1][strides[1] * j] -= twice;
  }
}
constexpr ScalarKernel kSquaredDeviation{2, &deviation_squared, &deviation_squared_partials,
                                         &deviations_squared, &add_deviation_partials};

// One node for sum((w - c)^2): one pass over w forward, one backward.
Var sum_of_squared_deviations(Var w, Var c) {
  Tape& tape = w.tape();
  const Var out = tape.record(&squared_deviations_backward, {w, c});
  tape.set_forward(&squared_deviations_forward);
  tape.set_scalar(out, ScalarOp::Kernel, &kSquaredDeviation);
  tape.node(out.index())
      .value.assign(Shape{}, Eigen::ArrayXd::Constant(
                                 1, squared_deviations(w.value().values(), c.value().item())));
  return out;
}

// The operand of a square of n elements as k1 * k2 / k3 ... * base, with the
// one-element factors and divisors peeled off (negations dropped: they do
// not change the square).
struct PeeledSquare {
  int32_t base = -1;
  std::vector<std::pair<int32_t, bool>> factors;  // (one-element node, divides)
};

PeeledSquare peel(const Tape& tape, int32_t operand, int64_t n) {
  PeeledSquare peeled{operand, {}};
  while (true) {
    const Node& node = tape.node(peeled.base);
    if (node.value.size() != n) break;
    if (node.scalar_op == ScalarOp::Negate) {
      peeled.base = node.operands[0];
      continue;
    }
    const bool multiplies = node.scalar_op == ScalarOp::Multiply;
    const bool divides = node.scalar_op == ScalarOp::Divide;
    if (!multiplies && !divides) break;
    const int side = one_element_side(tape, node);
    if (side < 0 || (divides && side != 1)) break;
    peeled.factors.emplace_back(node.operands[side], divides);
    peeled.base = node.operands[1 - side];
  }
  return peeled;
}

// The (w, c) of a base w - c, c - w or w + c (as w - (-c)) with c of one
// element; nothing where the base is not such a deviation.
std::optional<std::pair<int32_t, int32_t>> deviation_of(const Tape& tape, int32_t base) {
  const Node& node = tape.node(base);
  if (node.scalar_op != ScalarOp::Subtract && node.scalar_op != ScalarOp::Add) return std::nullopt;
  const int side = one_element_side(tape, node);
  if (side < 0) return std::nullopt;
  return std::pair{node.operands[1 - side], node.operands[side]};
}

Var sum_of_square(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const PeeledSquare peeled = peel(tape, node.operands[0], node.value.size());
  Var total;
  if (const auto deviation = deviation_of(tape, peeled.base)) {
    const auto [w, c] = *deviation;
    const bool adds = tape.node(peeled.base).scalar_op == ScalarOp::Add;
    const Var center = adds ? -as_scalar(tape, c) : as_scalar(tape, c);
    total = sum_of_squared_deviations(Var(&tape, w), center);
  } else {
    total = sum(square(Var(&tape, peeled.base)));
  }
  for (const auto& [factor, divides] : peeled.factors) {
    const Var factor_squared = square(as_scalar(tape, factor));
    total = divides ? total / factor_squared : total * factor_squared;
  }
  return total;
}

}  // namespace

void set_algebraic_sum(Var out) {
  Tape& tape = out.tape();
  if (out.index() != tape.size() - 1) return;  // no node recorded (0 + x is x)
  const Node& node = tape.node(out.index());
  if (node.value.size() <= 1) return;
  SumRecorder recorder = nullptr;
  switch (node.scalar_op) {
    case ScalarOp::Multiply:
      if (one_element_side(tape, node) >= 0) recorder = &sum_of_product;
      break;
    case ScalarOp::Divide:
      if (one_element_side(tape, node) == 1) recorder = &sum_of_quotient;
      break;
    case ScalarOp::Negate:
      recorder = &sum_of_negation;
      break;
    case ScalarOp::Add:
      if (operands_have_sums(tape, node)) recorder = &sum_of_addition<false>;
      break;
    case ScalarOp::Subtract:
      if (operands_have_sums(tape, node)) recorder = &sum_of_addition<true>;
      break;
    case ScalarOp::Square: {
      const PeeledSquare peeled = peel(tape, node.operands[0], node.value.size());
      if (!peeled.factors.empty() || deviation_of(tape, peeled.base)) recorder = &sum_of_square;
      break;
    }
    default:
      break;
  }
  if (recorder != nullptr) tape.set_fused_sum(recorder);
}

}  // namespace ppl::ad::detail
