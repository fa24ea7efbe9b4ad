#include "ad/ops_elementwise.h"

#include "ad/affine.h"
#include "ad/algebraic_sums.h"
#include "ad/elementwise_formulas.h"
#include "ad/elementwise_op.h"

namespace ppl::ad {

namespace {

using namespace elementwise_op;

// The adjoint goes to `a` unchanged, so its buffer is handed on after `b`
// has taken its contribution.
void add_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const Array& g = tape.adjoint_of(index);
  tape.accumulate_broadcast(node.operands[1], g.shape(), g.values());
  tape.hand_on_adjoint(index, node.operands[0]);
}

void subtract_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const Array& g = tape.adjoint_of(index);
  tape.accumulate_broadcast(node.operands[1], g.shape(), -g.values());
  tape.hand_on_adjoint(index, node.operands[0]);
}

Var constant_like(Var a, double value) { return a.tape().constant(value); }

// A constant single `value` that adds nothing to `other`'s shape.
bool is_constant_for(Var constant, double value, Var other) {
  const Tape& tape = constant.tape();
  if (tape.needs_gradient(constant.index()) || &other.tape() != &tape) return false;
  const Array& c = constant.value();
  return c.size() == 1 && c.values()[0] == value && c.rank() <= other.shape().rank();
}

// The node just recorded, with its sum rewritten where ad/algebraic_sums.h
// says how.
Var with_algebraic_sum(Var out) {
  detail::set_algebraic_sum(out);
  return out;
}

}  // namespace

Var operator+(Var a, Var b) {
  // 0 + x is x: sums that start from zero (log densities, Jacobians) record
  // no node for it.
  if (is_constant_for(a, 0.0, b)) return b;
  if (is_constant_for(b, 0.0, a)) return a;
  // A bias added to a matrix product is one node (ad/affine.h).
  if (auto affine = detail::fused_affine(a, b)) return *affine;
  if (auto affine = detail::fused_affine(b, a)) return *affine;
  return with_algebraic_sum(binary_formula<formulas::Add>(a, b, add_backward));
}
Var operator-(Var a, Var b) {
  return with_algebraic_sum(binary_formula<formulas::Subtract>(a, b, subtract_backward));
}
Var operator*(Var a, Var b) { return with_algebraic_sum(binary_formula<formulas::Multiply>(a, b)); }
Var operator/(Var a, Var b) { return with_algebraic_sum(binary_formula<formulas::Divide>(a, b)); }
Var pow(Var base, Var exponent) {
  // x^2 is square(x), the same values, so that its sums are rewritten alike.
  if (is_constant_for(exponent, 2.0, base)) return square(base);
  return binary_formula<formulas::Pow>(base, exponent);
}

Var operator+(Var a, double b) { return a + constant_like(a, b); }
Var operator-(Var a, double b) { return a - constant_like(a, b); }
Var operator*(Var a, double b) { return a * constant_like(a, b); }
Var operator/(Var a, double b) { return a / constant_like(a, b); }
Var operator+(double a, Var b) { return constant_like(b, a) + b; }
Var operator-(double a, Var b) { return constant_like(b, a) - b; }
Var operator*(double a, Var b) { return constant_like(b, a) * b; }
Var operator/(double a, Var b) { return constant_like(b, a) / b; }
Var pow(Var base, double exponent) { return pow(base, constant_like(base, exponent)); }

Var operator-(Var a) { return with_algebraic_sum(unary_formula<formulas::Negate>(a)); }
Var square(Var a) { return with_algebraic_sum(unary_formula<formulas::Square>(a)); }
Var exp(Var a) { return unary_formula<formulas::Exp>(a); }
Var log(Var a) { return unary_formula<formulas::Log>(a); }
Var log1p(Var a) { return unary_formula<formulas::Log1p>(a); }
Var expm1(Var a) { return unary_formula<formulas::Expm1>(a); }
Var sqrt(Var a) { return unary_formula<formulas::Sqrt>(a); }
Var abs(Var a) { return unary_formula<formulas::Abs>(a); }
Var sin(Var a) { return unary_formula<formulas::Sin>(a); }
Var cos(Var a) { return unary_formula<formulas::Cos>(a); }
Var tanh(Var a) { return unary_formula<formulas::Tanh>(a); }
Var sigmoid(Var a) { return unary_formula<formulas::Sigmoid>(a); }
Var softplus(Var a) { return unary_formula<formulas::Softplus>(a); }
Var log_sigmoid(Var a) { return unary_formula<formulas::LogSigmoid>(a); }
Var relu(Var a) { return unary_formula<formulas::Relu>(a); }
Var lgamma(Var a) { return unary_formula<formulas::Lgamma>(a); }
Var digamma(Var a) { return unary_formula<formulas::Digamma>(a); }

Var where(Var mask, Var a, Var b) {
  Tape& tape = a.tape();
  const Shape shape = broadcast_shapes(mask.shape(), broadcast_shapes(a.shape(), b.shape()));
  const BackwardFn backward = [](Tape& tape, int32_t index) {
    const Node& node = tape.node(index);
    const Shape& shape = node.value.shape();
    const Eigen::ArrayXd& g = tape.adjoint_of(index).values();
    with_aligned(tape.value(node.operands[0]), shape, [&](const auto& m) {
      tape.accumulate_broadcast(node.operands[1], shape, (m != 0.0).select(g, 0.0));
      tape.accumulate_broadcast(node.operands[2], shape, (m != 0.0).select(0.0, g));
    });
  };
  const Var out = tape.record(backward, {mask, a, b});
  tape.set_forward([](Tape& tape, int32_t index) {
    Node& node = tape.node(index);
    const Shape shape = node.value.shape();
    with_aligned(tape.value(node.operands[1]), tape.value(node.operands[2]), shape,
                 [&](const auto& x, const auto& y) {
                   with_aligned(tape.value(node.operands[0]), shape, [&](const auto& m) {
                     node.value.assign(shape, (m != 0.0).select(x, y));
                   });
                 });
  });
  with_aligned(tape.value(a.index()), tape.value(b.index()), shape,
               [&](const auto& x, const auto& y) {
                 with_aligned(tape.value(mask.index()), shape, [&](const auto& m) {
                   tape.node(out.index()).value.assign(shape, (m != 0.0).select(x, y));
                 });
               });
  return out;
}

}  // namespace ppl::ad
