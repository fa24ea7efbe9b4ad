#include "dist/gamma_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/beta_tails.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

ad::Var draw(const GammaPoisson& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  detail::check_sample_shape(d, shape);
  const Eigen::ArrayXd c = detail::batch_values(concentration, d.batch_shape());
  const Eigen::ArrayXd r = detail::batch_values(rate, d.batch_shape());
  return d.tape().constant(detail::draw_elementwise(key, shape, d.batch_shape(), [&](int64_t i) {
    return detail::GammaPoissonSampler(c[i], 1.0 / r[i]);
  }));
}

ad::Var mean_of(const GammaPoisson& d) {
  return d.parameter("concentration") / d.parameter("rate");
}

ad::Var variance_of(const GammaPoisson& d) {
  const ad::Var& rate = d.parameter("rate");
  return d.parameter("concentration") * (1.0 + rate) / ad::square(rate);
}

// F(k) = I_y(concentration, k + 1), y = rate / (1 + rate): differentiable in
// the rate.
namespace {
ad::Var gamma_poisson_tail(const GammaPoisson& d, const ad::Var& k, bool upper) {
  const ad::Var& rate = d.parameter("rate");
  return count_tail(k,
                    log_beta_tail("GammaPoisson", "concentration", d.parameter("concentration"),
                                  count_plus_one(k), rate / (1.0 + rate), upper),
                    upper);
}
}  // namespace
ad::Var log_cdf_of(const GammaPoisson& d, ad::Var k) { return gamma_poisson_tail(d, k, false); }
ad::Var log_survival_of(const GammaPoisson& d, ad::Var k) { return gamma_poisson_tail(d, k, true); }
ad::Var cdf_of(const GammaPoisson& d, ad::Var k) { return ad::exp(log_cdf_of(d, k)); }

template class Elementwise<GammaPoissonFamily>;

}  // namespace ppl::dist
