#include "dist/zero_inflated_negative_binomial2.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/elementwise_methods.h"
#include "dist/negative_binomial2.h"
#include "dist/zero_inflated_tails.h"

namespace ppl::dist {

ad::Var draw(const ZeroInflatedNegativeBinomial2& d, RandomKey key, const Shape& shape) {
  struct Sampler {
    double gate;
    detail::GammaPoissonSampler counts;
    UniformSampler unit{0.0, 1.0};
    double operator()(RandomStream& stream) const {
      return unit(stream) < gate ? 0.0 : counts(stream);
    }
  };
  return draw_by_element(d, key, shape, [](double mean, double concentration, double gate) {
    return Sampler{gate, detail::GammaPoissonSampler(concentration, mean / concentration)};
  });
}

// (1 - g) mu; (1 - g) (mu + mu^2 / phi) + g (1 - g) mu^2.
ad::Var mean_of(const ZeroInflatedNegativeBinomial2& d) {
  return (1.0 - d.parameter("gate")) * d.parameter("mean");
}
ad::Var variance_of(const ZeroInflatedNegativeBinomial2& d) {
  const ad::Var& mu = d.parameter("mean");
  const ad::Var& g = d.parameter("gate");
  return (1.0 - g) * (mu + ad::square(mu) / d.parameter("concentration")) +
         g * (1.0 - g) * ad::square(mu);
}

// Its CDFs are those of the mixture (dist/zero_inflated_tails.h).
ZeroInflatedDistribution as_zero_inflated(const ZeroInflatedNegativeBinomial2& d) {
  return ZeroInflatedDistribution(
      std::make_shared<NegativeBinomial2>(d.parameter("mean"), d.parameter("concentration")),
      d.parameter("gate"), false);
}

template class Elementwise<ZeroInflatedNegativeBinomial2Family>;

}  // namespace ppl::dist
