#include "dist/gamma_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/beta_tails.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

ad::Var draw(const GammaPoisson& d, RandomKey key, const Shape& shape) {
  return draw_by_element(d, key, shape, [](double concentration, double rate) {
    return detail::GammaPoissonSampler(concentration, 1.0 / rate);
  });
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
