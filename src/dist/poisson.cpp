#include "dist/poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

ad::Var PoissonFamily::log_prob_sum(const Poisson& d, ad::Var value) {
  const ad::Var& rate = d.parameter("rate");
  ad::Tape& t = d.tape();
  if (t.needs_gradient(value.index())) return fused_log_density_sum<PoissonKernel>({value, rate});
  // Observed counts: -log(x!) is computed once, as a constant node that a
  // replayed tape keeps, instead of a log-gamma per count at every step.
  const Shape shape = broadcast_shapes(value.shape(), rate.shape());
  double value_terms = 0;
  with_aligned(value.value(), shape, [&](const auto& x) {
    value_terms = detail::is_count(x)
                      .select(-(x + 1.0).unaryExpr(&special::lgamma), -detail::kInfinity)
                      .sum();
  });
  return fused_log_density_sum<PoissonRateTermsKernel>({value, rate}) + t.constant(value_terms);
}

ad::Var draw(const Poisson& d, RandomKey key, const Shape& shape) {
  const ad::Var& rate = d.parameter("rate");
  detail::check_sample_shape(d, shape);
  const Eigen::ArrayXd rates = detail::batch_values(rate, d.batch_shape());
  return d.tape().constant(detail::draw_elementwise(
      key, shape, d.batch_shape(), [&](int64_t i) { return PoissonSampler(rates[i]); }));
}

ad::Var mean_of(const Poisson& d) {
  const ad::Var& rate = d.parameter("rate");
  return rate;
}

ad::Var variance_of(const Poisson& d) {
  const ad::Var& rate = d.parameter("rate");
  return rate;
}

template class Elementwise<PoissonFamily>;

}  // namespace ppl::dist
