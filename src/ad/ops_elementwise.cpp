#include "ad/ops_elementwise.h"

#include "ad/affine.h"
#include "ad/elementwise_op.h"
#include "core/special_functions.h"
#include "core/stable_math.h"
#include "core/fast_tanh.h"

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

void multiply_backward(Tape& tape, int32_t index) {
  binary_backward(
      tape, index, [](const auto&, const auto& y, const auto&, const auto& g) { return g * y; },
      [](const auto& x, const auto&, const auto&, const auto& g) { return g * x; });
}

void divide_backward(Tape& tape, int32_t index) {
  binary_backward(
      tape, index, [](const auto&, const auto& y, const auto&, const auto& g) { return g / y; },
      [](const auto&, const auto& y, const auto& out, const auto& g) { return -g * out / y; });
}

void pow_backward(Tape& tape, int32_t index) {
  binary_backward(
      tape, index,
      [](const auto& x, const auto& y, const auto&, const auto& g) {
        return g * y * x.pow(y - 1.0);
      },
      [](const auto& x, const auto&, const auto& out, const auto& g) {
        return (x == 0.0).select(0.0, g * out * x.log());
      });
}

Var constant_like(Var a, double value) { return a.tape().constant(value); }

// Says how the new node `out` is computed on one-element values.
Var scalar_as(ScalarOp op, Var out) {
  out.tape().set_scalar(out, op);
  return out;
}

}  // namespace

namespace {

// A constant single zero that adds nothing to `other`'s shape.
bool is_constant_zero_for(Var zero, Var other) {
  const Tape& tape = zero.tape();
  if (tape.needs_gradient(zero.index()) || &other.tape() != &tape) return false;
  const Array& z = zero.value();
  return z.size() == 1 && z.values()[0] == 0.0 && z.rank() <= other.shape().rank();
}

}  // namespace

Var operator+(Var a, Var b) {
  // 0 + x is x: sums that start from zero (log densities, Jacobians) record
  // no node for it.
  if (is_constant_zero_for(a, b)) return b;
  if (is_constant_zero_for(b, a)) return a;
  // A bias added to a matrix product is one node (ad/affine.h).
  if (auto affine = detail::fused_affine(a, b)) return *affine;
  if (auto affine = detail::fused_affine(b, a)) return *affine;
  return scalar_as(ScalarOp::Add,
                   binary(a, b, add_backward, [](const auto& x, const auto& y) { return x + y; }));
}
Var operator-(Var a, Var b) {
  return scalar_as(ScalarOp::Subtract, binary(a, b, subtract_backward,
                                              [](const auto& x, const auto& y) { return x - y; }));
}
Var operator*(Var a, Var b) {
  return scalar_as(ScalarOp::Multiply, binary(a, b, multiply_backward,
                                              [](const auto& x, const auto& y) { return x * y; }));
}
Var operator/(Var a, Var b) {
  return scalar_as(ScalarOp::Divide, binary(a, b, divide_backward,
                                            [](const auto& x, const auto& y) { return x / y; }));
}
Var pow(Var base, Var exponent) {
  return binary(base, exponent, pow_backward,
                [](const auto& x, const auto& y) { return x.pow(y); });
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

Var operator-(Var a) {
  return scalar_as(ScalarOp::Negate,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index,
                                        [](const auto&, const auto&, const auto& g) { return -g; });
                       },
                       [](const auto& x) { return -x; }));
}

Var exp(Var a) {
  return scalar_as(ScalarOp::Exp, unary(
                                      a,
                                      [](Tape& tape, int32_t index) {
                                        unary_backward(tape, index,
                                                       [](const auto&, const auto& y,
                                                          const auto& g) { return g * y; });
                                      },
                                      [](const auto& x) { return x.exp(); }));
}

Var log(Var a) {
  return scalar_as(ScalarOp::Log, unary(
                                      a,
                                      [](Tape& tape, int32_t index) {
                                        unary_backward(tape, index,
                                                       [](const auto& x, const auto&,
                                                          const auto& g) { return g / x; });
                                      },
                                      [](const auto& x) { return x.log(); }));
}

Var log1p(Var a) {
  return scalar_as(ScalarOp::Log1p,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
                           return g / (1.0 + x);
                         });
                       },
                       [](const auto& x) { return x.log1p(); }));
}

Var expm1(Var a) {
  return scalar_as(ScalarOp::Expm1,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto&, const auto& y, const auto& g) {
                           return g * (y + 1.0);
                         });
                       },
                       [](const auto& x) { return x.expm1(); }));
}

Var sqrt(Var a) {
  return scalar_as(ScalarOp::Sqrt, unary(
                                       a,
                                       [](Tape& tape, int32_t index) {
                                         unary_backward(tape, index,
                                                        [](const auto&, const auto& y,
                                                           const auto& g) { return 0.5 * g / y; });
                                       },
                                       [](const auto& x) { return x.sqrt(); }));
}

Var abs(Var a) {
  return scalar_as(ScalarOp::Abs, unary(
                                      a,
                                      [](Tape& tape, int32_t index) {
                                        unary_backward(tape, index,
                                                       [](const auto& x, const auto&,
                                                          const auto& g) { return g * x.sign(); });
                                      },
                                      [](const auto& x) { return x.abs(); }));
}

Var square(Var a) {
  return scalar_as(ScalarOp::Square,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
                           return 2.0 * g * x;
                         });
                       },
                       [](const auto& x) { return x.square(); }));
}

Var sin(Var a) {
  return scalar_as(ScalarOp::Sin, unary(
                                      a,
                                      [](Tape& tape, int32_t index) {
                                        unary_backward(tape, index,
                                                       [](const auto& x, const auto&,
                                                          const auto& g) { return g * x.cos(); });
                                      },
                                      [](const auto& x) { return x.sin(); }));
}

Var cos(Var a) {
  return scalar_as(ScalarOp::Cos, unary(
                                      a,
                                      [](Tape& tape, int32_t index) {
                                        unary_backward(tape, index,
                                                       [](const auto& x, const auto&,
                                                          const auto& g) { return -g * x.sin(); });
                                      },
                                      [](const auto& x) { return x.cos(); }));
}

Var tanh(Var a) {
  return scalar_as(ScalarOp::Tanh,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto&, const auto& y, const auto& g) {
                           return g * (1.0 - y.square());
                         });
                       },
                       [](const auto& x) { return fast_tanh(x); }));
}

Var sigmoid(Var a) {
  return scalar_as(ScalarOp::Sigmoid,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto&, const auto& y, const auto& g) {
                           return g * y * (1.0 - y);
                         });
                       },
                       [](const auto& x) { return stable_sigmoid(x); }));
}

Var softplus(Var a) {
  return scalar_as(ScalarOp::Softplus,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
                           return g * stable_sigmoid(x);
                         });
                       },
                       [](const auto& x) { return stable_softplus(x); }));
}

Var log_sigmoid(Var a) {
  return scalar_as(ScalarOp::LogSigmoid,
                   unary(
                       a,
                       [](Tape& tape, int32_t index) {
                         // d/dx log sigmoid(x) = sigmoid(-x), exact in both tails.
                         unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
                           return g * stable_sigmoid(-x);
                         });
                       },
                       [](const auto& x) { return -stable_softplus(-x); }));
}

Var relu(Var a) {
  return unary(
      a,
      [](Tape& tape, int32_t index) {
        unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
          return (x > 0.0).select(g, 0.0);
        });
      },
      // Written so that NaN stays NaN.
      [](const auto& x) { return (x < 0.0).select(0.0, x); });
}

Var lgamma(Var a) {
  return unary(
      a,
      [](Tape& tape, int32_t index) {
        unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
          return g * x.unaryExpr(&special::digamma);
        });
      },
      [](const auto& x) { return x.unaryExpr(&special::lgamma); });
}

Var digamma(Var a) {
  return unary(
      a,
      [](Tape& tape, int32_t index) {
        unary_backward(tape, index, [](const auto& x, const auto&, const auto& g) {
          return g * x.unaryExpr(&special::trigamma);
        });
      },
      [](const auto& x) { return x.unaryExpr(&special::digamma); });
}

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
