#include "ad/ops_incomplete.h"

#include <array>
#include <cmath>

#include "ad/elementwise_op.h"
#include "ad/record.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "core/special_functions.h"

namespace ppl::ad {

using namespace elementwise_op;

namespace {

void require_constant_shape(Var a, const char* function) {
  if (a.tape().needs_gradient(a.index()))
    throw Error(std::string(function) +
                ": the derivative in the shape a is not available (it has no closed form); the "
                "shape must not depend on latent values here");
}

// x^(a-1) e^-x / Gamma(a) / exp(out), in logs: the derivative of log P (or
// of -log Q) in x.
template <class A, class X, class Out>
auto density_over(const A& a, const X& x, const Out& out) {
  return ((a - 1.0) * x.log() - x - a.unaryExpr(&special::lgamma) - out).exp();
}

// log P (Upper false) or log Q (Upper true); d/dx is the density over P,
// or minus it over Q.
template <bool Upper>
Var log_gamma_tail(Var a, Var x) {
  require_constant_shape(a, Upper ? "log_gamma_q" : "log_gamma_p");
  return binary(
      a, x,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& a, const auto&, const auto&, const auto&) { return 0.0 * a; },
            [](const auto& a, const auto& x, const auto& out, const auto& g) {
              return (x > 0.0).select((Upper ? -1.0 : 1.0) * g * density_over(a, x, out), 0.0);
            });
      },
      [](const auto& a, const auto& x) {
        return a.binaryExpr(x, Upper ? &special::log_gamma_q : &special::log_gamma_p);
      });
}

// Student's t density at x over exp(out).
template <class N, class X, class Out>
auto student_t_density_over(const N& nu, const X& x, const Out& out) {
  constexpr double log_pi = 1.1447298858494002;
  return ((0.5 * (nu + 1.0)).unaryExpr(&special::lgamma) - (0.5 * nu).unaryExpr(&special::lgamma) -
          0.5 * (nu.log() + log_pi) - 0.5 * (nu + 1.0) * (x.square() / nu).log1p() - out)
      .exp();
}

// log I_x(a, b) (Upper false) or log(1 - I_x(a, b)) (Upper true), with a,
// b and x broadcast to `shape`.
template <bool Upper>
Array log_beta_tail_values(const Array& a, const Array& b, const Array& x, const Shape& shape) {
  const Array aa = broadcast_to(a, shape), bb = broadcast_to(b, shape), xx = broadcast_to(x, shape);
  Eigen::ArrayXd out(shape.numel());
  for (Eigen::Index i = 0; i < out.size(); ++i)
    out[i] = Upper ? special::log_ibetac(aa.values()[i], bb.values()[i], xx.values()[i])
                   : special::log_ibeta(aa.values()[i], bb.values()[i], xx.values()[i]);
  return Array(shape, std::move(out));
}

template <bool Upper>
void log_beta_tail_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = log_beta_tail_values<Upper>(tape.value(node.operands[0]), tape.value(node.operands[1]),
                                           tape.value(node.operands[2]), node.value.shape());
}

// Only x gets a gradient: the density x^(a-1) (1-x)^(b-1) / B(a, b) over
// exp(out), negated for the upper tail.
template <bool Upper>
void log_beta_tail_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t x_index = node.operands[2];
  if (!tape.needs_gradient(x_index)) return;
  const Shape& shape = node.value.shape();
  const Eigen::ArrayXd a = broadcast_to(tape.value(node.operands[0]), shape).values();
  const Eigen::ArrayXd b = broadcast_to(tape.value(node.operands[1]), shape).values();
  const Eigen::ArrayXd x = broadcast_to(tape.value(x_index), shape).values();
  Eigen::ArrayXd log_beta(a.size());
  for (Eigen::Index i = 0; i < a.size(); ++i) log_beta[i] = special::lbeta(a[i], b[i]);
  const Eigen::ArrayXd& out = node.value.values();
  const Eigen::ArrayXd& g = tape.adjoint_of(index).values();
  const Eigen::ArrayXd safe_x = ((x > 0.0) && (x < 1.0)).select(x, 0.5);
  const Eigen::ArrayXd density_over =
      ((a - 1.0) * safe_x.log() + (b - 1.0) * (-safe_x).log1p() - log_beta - out).exp();
  // Selected, not multiplied: a lane whose value underflowed to -inf has an
  // infinite ratio, and a lane a `where` dropped has g = 0.
  const auto used = (x > 0.0) && (x < 1.0) && (g != 0.0) && out.isFinite();
  tape.accumulate_broadcast(
      x_index, shape, used.select((Upper ? -1.0 : 1.0) * density_over * g, 0.0).eval());
}

template <bool Upper>
Var log_beta_tail(Var a, Var b, Var x) {
  const char* name = Upper ? "log_beta_inc_complement" : "log_beta_inc";
  require_constant_shape(a, name);
  require_constant_shape(b, name);
  const Shape shape = broadcast_shapes(broadcast_shapes(a.shape(), b.shape()), x.shape());
  return detail::record_with_value({a, b, x}, &log_beta_tail_backward<Upper>,
                                   &log_beta_tail_forward<Upper>,
                                   log_beta_tail_values<Upper>(a.value(), b.value(), x.value(), shape));
}

// Quantiles: a Family gives kShapes, quantile(shapes, q, upper) and
// log_density(shapes, x); the node's operands are the shapes, then q.
struct BetaQuantile {
  static constexpr int kShapes = 2;
  static double quantile(const double* s, double q, bool upper) {
    return upper ? special::ibetac_inverse(s[0], s[1], q) : special::ibeta_inverse(s[0], s[1], q);
  }
  static double log_density(const double* s, double x) {
    return (s[0] - 1.0) * std::log(x) + (s[1] - 1.0) * std::log1p(-x) - special::lbeta(s[0], s[1]);
  }
};
struct GammaQuantile {
  static constexpr int kShapes = 1;
  static double quantile(const double* s, double q, bool upper) {
    return upper ? special::gamma_q_inverse(s[0], q) : special::gamma_p_inverse(s[0], q);
  }
  static double log_density(const double* s, double x) {
    return (s[0] - 1.0) * std::log(x) - x - special::lgamma(s[0]);
  }
};
struct StudentTQuantile {
  static constexpr int kShapes = 1;
  static double quantile(const double* s, double q, bool upper) {
    return special::student_t_quantile(s[0], upper ? 1.0 - q : q);
  }
  static double log_density(const double* s, double x) {
    constexpr double log_pi = 1.1447298858494002;
    const double nu = s[0];
    return special::lgamma(0.5 * (nu + 1.0)) - special::lgamma(0.5 * nu) -
           0.5 * (std::log(nu) + log_pi) - 0.5 * (nu + 1.0) * std::log1p(x * x / nu);
  }
};

template <class Family, bool Upper>
Array quantile_values(const std::array<const Array*, Family::kShapes + 1>& in, const Shape& shape) {
  std::array<Array, Family::kShapes + 1> aligned;
  for (size_t k = 0; k < in.size(); ++k) aligned[k] = broadcast_to(*in[k], shape);
  Eigen::ArrayXd out(shape.numel());
  double shapes[Family::kShapes];
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    for (int k = 0; k < Family::kShapes; ++k) shapes[k] = aligned[k].values()[i];
    out[i] = Family::quantile(shapes, aligned[Family::kShapes].values()[i], Upper);
  }
  return Array(shape, std::move(out));
}

template <class Family, bool Upper>
std::array<const Array*, Family::kShapes + 1> operand_values(Tape& tape, const Node& node) {
  std::array<const Array*, Family::kShapes + 1> in;
  for (int k = 0; k <= Family::kShapes; ++k) in[k] = &tape.value(node.operands[k]);
  return in;
}

template <class Family, bool Upper>
void quantile_forward(Tape& tape, int32_t index) {
  Node& node = tape.node(index);
  node.value = quantile_values<Family, Upper>(operand_values<Family, Upper>(tape, node),
                                              node.value.shape());
}

// q's adjoint: g / density(x), negated for the upper tail; 0 where the
// density is 0 (q at 0 or 1).
template <class Family, bool Upper>
void quantile_backward(Tape& tape, int32_t index) {
  const Node& node = tape.node(index);
  const int32_t q = node.operands[Family::kShapes];
  if (!tape.needs_gradient(q)) return;
  const Shape& shape = node.value.shape();
  std::array<Array, Family::kShapes> aligned;
  for (int k = 0; k < Family::kShapes; ++k)
    aligned[k] = broadcast_to(tape.value(node.operands[k]), shape);
  const Eigen::ArrayXd& x = node.value.values();
  const Eigen::ArrayXd& g = tape.adjoint_of(index).values();
  Eigen::ArrayXd contribution(x.size());
  double shapes[Family::kShapes];
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    for (int k = 0; k < Family::kShapes; ++k) shapes[k] = aligned[k].values()[i];
    const double density = std::exp(Family::log_density(shapes, x[i]));
    contribution[i] = density > 0 && std::isfinite(x[i]) ? (Upper ? -g[i] : g[i]) / density : 0.0;
  }
  tape.accumulate_broadcast(q, shape, contribution);
}

template <class Family, bool Upper>
Var quantile(std::array<Var, Family::kShapes + 1> operands, const char* name) {
  Shape shape;
  std::array<const Array*, Family::kShapes + 1> in;
  for (int k = 0; k <= Family::kShapes; ++k) {
    if (k < Family::kShapes) require_constant_shape(operands[k], name);
    shape = broadcast_shapes(shape, operands[k].shape());
    in[k] = &operands[k].value();
  }
  Array value = quantile_values<Family, Upper>(in, shape);
  Tape& tape = operands[0].tape();
  const Var out = [&] {
    if constexpr (Family::kShapes == 2)
      return tape.record(&quantile_backward<Family, Upper>,
                         {operands[0], operands[1], operands[2]});
    else
      return tape.record(&quantile_backward<Family, Upper>, {operands[0], operands[1]});
  }();
  tape.set_forward(&quantile_forward<Family, Upper>);
  tape.node(out.index()).value = std::move(value);
  return out;
}

}  // namespace

Var beta_inc_inverse(Var a, Var b, Var q, bool upper) {
  return upper ? quantile<BetaQuantile, true>({a, b, q}, "beta_inc_inverse")
               : quantile<BetaQuantile, false>({a, b, q}, "beta_inc_inverse");
}
Var gamma_inc_inverse(Var a, Var q, bool upper) {
  return upper ? quantile<GammaQuantile, true>({a, q}, "gamma_inc_inverse")
               : quantile<GammaQuantile, false>({a, q}, "gamma_inc_inverse");
}
Var student_t_quantile(Var df, Var q) {
  return quantile<StudentTQuantile, false>({df, q}, "student_t_quantile");
}

Var log_beta_inc(Var a, Var b, Var x) { return log_beta_tail<false>(a, b, x); }
Var log_beta_inc_complement(Var a, Var b, Var x) { return log_beta_tail<true>(a, b, x); }

Var log_student_t_cdf(Var df, Var x) {
  require_constant_shape(df, "log_student_t_cdf");
  return binary(
      df, x,
      [](Tape& tape, int32_t index) {
        binary_backward(
            tape, index,
            [](const auto& nu, const auto&, const auto&, const auto&) { return 0.0 * nu; },
            [](const auto& nu, const auto& x, const auto& out, const auto& g) {
              return g * student_t_density_over(nu, x, out);
            });
      },
      [](const auto& nu, const auto& x) { return nu.binaryExpr(x, &special::log_student_t_cdf); });
}

Var log_gamma_p(Var a, Var x) { return log_gamma_tail<false>(a, x); }
Var log_gamma_q(Var a, Var x) { return log_gamma_tail<true>(a, x); }

}  // namespace ppl::ad
