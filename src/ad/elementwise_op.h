#pragma once
// The machinery of elementwise operations, shared by the files that define
// them (ops_elementwise.cpp, ops_special.cpp): recording y = f(a) or
// y = f(a, b) with broadcasting, replaying it, and the backward steps that
// take a derivative as an Eigen expression; and recording an operation from
// the struct of its formulas (as ad/elementwise_formulas.h describes them).
#include "ad/common_subexpressions.h"
#include "ad/tape.h"
#include "core/broadcast.h"

namespace ppl::ad::elementwise_op {

// The forward steps replay calls: `Forward` is a captureless lambda type,
// default-constructed here.
template <class Forward>
void unary_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const Array& x = tape.value(node.operands[0]);
  node.value.assign(x.shape(), Forward{}(x.values()));
}

template <class Forward>
void binary_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  const Shape shape = node.value.shape();
  with_aligned(tape.value(node.operands[0]), tape.value(node.operands[1]), shape,
               [&](const auto& x, const auto& y) { node.value.assign(shape, Forward{}(x, y)); });
}

// An operation y = f(x) with f applied elementwise by the Eigen expression
// `forward`.
template <class Forward>
Var unary(Var a, BackwardFn backward, Forward forward) {
  Tape& tape = a.tape();
  if (auto twin = recent_twin(tape, &unary_forward<Forward>, backward, {a})) return *twin;
  const Var out = tape.record(backward, {a});
  tape.set_forward(&unary_forward<Forward>);
  if (a.shape().numel() >= kDeferredMinElements) {
    tape.defer(a.shape());
  } else {
    const Array& x = tape.value(a.index());
    tape.node(out.index()).value.assign(x.shape(), forward(x.values()));
  }
  return out;
}

// The backward step of a unary operation: `derivative(x, y, g)` is the
// operand's adjoint contribution given its value x, the result y and the
// result's adjoint g.
template <class Derivative>
void unary_backward(Tape& tape, int32_t index, Derivative derivative) {
  const Node& node = tape.node(index);
  const int32_t operand = node.operands[0];
  tape.accumulate(operand, derivative(tape.value(operand).values(), node.value.values(),
                                      tape.adjoint_of(index).values()));
}

// An operation y = f(a, b) with broadcasting.
template <class Forward>
Var binary(Var a, Var b, BackwardFn backward, Forward forward) {
  Tape& tape = a.tape();
  const Shape shape = broadcast_shapes(a.shape(), b.shape());
  if (auto twin = recent_twin(tape, &binary_forward<Forward>, backward, {a, b})) return *twin;
  const Var out = tape.record(backward, {a, b});
  tape.set_forward(&binary_forward<Forward>);
  if (shape.numel() >= kDeferredMinElements) {
    tape.defer(shape);
    return out;
  }
  with_aligned(tape.value(a.index()), tape.value(b.index()), shape,
               [&](const auto& x, const auto& y) {
                 tape.node(out.index()).value.assign(shape, forward(x, y));
               });
  return out;
}

// The backward step of a binary operation: `partial_a(x, y, out, g)` and
// `partial_b(...)` give the contributions, at the result's shape, to the
// operands' adjoints; each is computed only when its operand needs it, and
// summed down to its operand's shape.
template <class PartialA, class PartialB>
void binary_backward(Tape& tape, int32_t index, PartialA partial_a, PartialB partial_b) {
  const Node& node = tape.node(index);
  const int32_t a = node.operands[0];
  const int32_t b = node.operands[1];
  const Shape& shape = node.value.shape();
  const Eigen::ArrayXd& out = node.value.values();
  const Eigen::ArrayXd& g = tape.adjoint_of(index).values();
  with_aligned(tape.value(a), tape.value(b), shape, [&](const auto& x, const auto& y) {
    if (tape.needs_gradient(a)) tape.accumulate_broadcast(a, shape, partial_a(x, y, out, g));
    if (tape.needs_gradient(b)) tape.accumulate_broadcast(b, shape, partial_b(x, y, out, g));
  });
}

// Says how the new node `out` is computed on one-element values, when it is
// said (ScalarOp::None otherwise).
inline Var scalar_as(ScalarOp op, Var out) {
  if (op != ScalarOp::None) out.tape().set_scalar(out, op);
  return out;
}

// An operation recorded from the struct of its formulas: its arity, value,
// adjoint contributions and ScalarOp (see ad/elementwise_formulas.h).
template <class Formula>
void formula_backward(Tape& tape, int32_t index) {
  if constexpr (Formula::arity == 1) {
    unary_backward(tape, index, [](const auto& x, const auto& y, const auto& g) {
      return Formula::adjoint(x, y, g);
    });
  } else {
    binary_backward(
        tape, index,
        [](const auto& a, const auto& b, const auto& y, const auto& g) {
          return Formula::adjoint_a(a, b, y, g);
        },
        [](const auto& a, const auto& b, const auto& y, const auto& g) {
          return Formula::adjoint_b(a, b, y, g);
        });
  }
}

template <class Formula>
Var unary_formula(Var a) {
  return scalar_as(Formula::op, unary(a, &formula_backward<Formula>,
                                      [](const auto& x) { return Formula::value(x); }));
}

// `backward` replaces the formula's own where the adjoint can be handed on.
template <class Formula>
Var binary_formula(Var a, Var b, BackwardFn backward = &formula_backward<Formula>) {
  return scalar_as(Formula::op, binary(a, b, backward, [](const auto& x, const auto& y) {
                     return Formula::value(x, y);
                   }));
}

}  // namespace ppl::ad::elementwise_op
