#include "dist/poisson.h"

#include <limits>
#include <optional>

#include "ad/affine.h"
#include "ad/compiled_tape.h"
#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/elementwise_methods.h"
#include "dist/gamma_tails.h"

namespace ppl::dist {

namespace {

// The rate terms when the rate is exp(eta), a Poisson regression's linear
// predictor: x eta - rate, given eta and the rate (the recorded exp), so the
// log of the rate is not taken again. d/d eta is x, d/d rate is -1; the exp
// node passes -rate on to eta.
struct PoissonLogRateTermsKernel {
  static constexpr size_t arity = 3;  // value, log rate, rate

  static auto log_density(const auto& x, const auto& eta, const auto& rate) {
    return x * eta - rate;
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& eta, const auto& rate) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1) return 1.0 * x;  // an expression: no copy of the counts
    if constexpr (I == 2) return Eigen::ArrayXd::Constant(x.size(), -1.0);
  }
};

// The rate terms from eta alone, x eta - exp(eta): for a linear predictor
// eta = X @ b + a, whose summed density is then one pass over X
// (dist/linear_predictor_sum.h) and neither eta nor the rate is written.
struct PoissonExpLogRateTermsKernel {
  static constexpr size_t arity = 2;  // value, log rate

  static auto log_density(const auto& x, const auto& eta) { return x * eta - eta.exp(); }
  template <size_t I>
  static auto partial(const auto& x, const auto& eta) {
    if constexpr (I == 0) return Eigen::ArrayXd::Zero(x.size());
    if constexpr (I == 1) return x - eta.exp();
  }
  // Its eta may be a regression's predictor (dist/linear_predictor_sum.h),
  // the Poisson's rate exp(eta) checked positive.
  static constexpr auto linear_predictor = detail::PredictorCheck::PositiveExp;
};

// eta, when `rate` is recorded as exp(eta) with more values than a compiled
// tape takes (a smaller one keeps PoissonRateTermsKernel, whose scalar form
// lets its tape compile).
std::optional<ad::Var> log_rate_of(const ad::Var& rate, const Shape& shape) {
  const ad::Node& node = rate.tape().node(rate.index());
  if (node.scalar_op != ad::ScalarOp::Exp || !(rate.shape() == shape) ||
      shape.numel() <= ad::CompiledTape::kMaxElements)
    return std::nullopt;
  return ad::Var(&rate.tape(), node.operands[0]);
}

}  // namespace

ad::Var PoissonFamily::log_prob_sum(const Poisson& d, ad::Var value) {
  const ad::Var& rate = d.parameter("rate");
  ad::Tape& t = d.tape();
  if (t.needs_gradient(value.index())) return fused_log_density_sum<PoissonFamily>({value, rate});
  // Observed counts: -log(x!) is computed once, as a constant node that a
  // replayed tape keeps, instead of a log-gamma per count at every step.
  const Shape shape = broadcast_shapes(value.shape(), rate.shape());
  double value_terms = 0;
  with_aligned(value.value(), shape, [&](const auto& x) {
    value_terms = detail::is_count(x)
                      .select(-(x + 1.0).unaryExpr(&special::lgamma), -detail::kInfinity)
                      .sum();
  });
  // A value that is not a count (NaN, an infinity, a fraction) has log mass
  // -inf; the rate terms alone would make inf - inf of it. The tested kernel
  // gives -inf.
  if (value_terms == -detail::kInfinity) return fused_log_density_sum<PoissonFamily>({value, rate});
  if (const std::optional<ad::Var> eta = log_rate_of(rate, shape)) {
    if (ad::detail::affine_parts(t, eta->index()))
      return fused_log_density_sum<PoissonExpLogRateTermsKernel>({value, *eta}) +
             t.constant(value_terms);
    return fused_log_density_sum<PoissonLogRateTermsKernel>({value, *eta, rate}) +
           t.constant(value_terms);
  }
  return fused_log_density_sum<PoissonRateTermsKernel>({value, rate}) + t.constant(value_terms);
}

ad::Var draw(const Poisson& d, RandomKey key, const Shape& shape) {
  return draw_by_element(d, key, shape, [](double rate) { return PoissonSampler(rate); });
}

ad::Var mean_of(const Poisson& d) {
  return d.parameter("rate");
}

ad::Var variance_of(const Poisson& d) {
  return d.parameter("rate");
}

// F(k) = Q(floor(k) + 1, rate) for k >= 0, 0 below: differentiable in the
// rate, the count being data.
namespace {
ad::Var count_shape(const ad::Var& k) {
  Array a = k.value();
  a.mutable_values() = a.values().floor().max(0.0) + 1.0;
  return k.tape().constant(a);
}
}  // namespace
ad::Var log_cdf_of(const Poisson& d, ad::Var k) {
  const ad::Var counted = k.tape().constant(greater_equal(k.value(), Array(0.0)));
  const ad::Var tail =
      log_gamma_tail("Poisson", "the value", count_shape(k), d.parameter("rate"), true);
  return ad::where(counted, tail, k.tape().constant(-std::numeric_limits<double>::infinity()));
}
ad::Var log_survival_of(const Poisson& d, ad::Var k) {
  const ad::Var counted = k.tape().constant(greater_equal(k.value(), Array(0.0)));
  const ad::Var tail =
      log_gamma_tail("Poisson", "the value", count_shape(k), d.parameter("rate"), false);
  return ad::where(counted, tail, k.tape().constant(0.0));
}
ad::Var cdf_of(const Poisson& d, ad::Var k) { return ad::exp(log_cdf_of(d, k)); }

template class Elementwise<PoissonFamily>;

}  // namespace ppl::dist
