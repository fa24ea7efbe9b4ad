#include "dist/negative_binomial2.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/beta_tails.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

// lambda ~ Gamma(phi, phi / mu) = (mu / phi) Gamma(phi, 1).
ad::Var draw(const NegativeBinomial2& d, RandomKey key, const Shape& shape) {
  return draw_by_element(d, key, shape, [](double mean, double concentration) {
    return detail::GammaPoissonSampler(concentration, mean / concentration);
  });
}

ad::Var mean_of(const NegativeBinomial2& d) {
  return d.parameter("mean");
}

ad::Var variance_of(const NegativeBinomial2& d) {
  return d.parameter("mean") + ad::square(d.parameter("mean")) / d.parameter("concentration");
}

// F(k) = I_y(concentration, k + 1), y = concentration / (mean + concentration):
// differentiable in the mean.
namespace {
ad::Var negative_binomial2_tail(const NegativeBinomial2& d, const ad::Var& k, bool upper) {
  const ad::Var& phi = d.parameter("concentration");
  return count_tail(k,
                    log_beta_tail("NegativeBinomial2", "concentration", phi, count_plus_one(k),
                                  phi / (d.parameter("mean") + phi), upper),
                    upper);
}
}  // namespace
ad::Var log_cdf_of(const NegativeBinomial2& d, ad::Var k) {
  return negative_binomial2_tail(d, k, false);
}
ad::Var log_survival_of(const NegativeBinomial2& d, ad::Var k) {
  return negative_binomial2_tail(d, k, true);
}
ad::Var cdf_of(const NegativeBinomial2& d, ad::Var k) { return ad::exp(log_cdf_of(d, k)); }

template class Elementwise<NegativeBinomial2Family>;

}  // namespace ppl::dist
