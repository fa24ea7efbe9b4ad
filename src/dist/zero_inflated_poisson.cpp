#include "dist/zero_inflated_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/elementwise_methods.h"
#include "dist/poisson.h"
#include "dist/zero_inflated_distribution.h"

namespace ppl::dist {

namespace {

struct ZeroInflatedPoissonSampler {
  double gate;
  PoissonSampler poisson;
  double operator()(RandomStream& stream) const {
    const bool zero =
        stream.uniform() < gate;  // a uniform even when gated, so the stream stays in step
    const double count = poisson(stream);
    return zero ? 0.0 : count;
  }
};

}  // namespace

ad::Var draw(const ZeroInflatedPoisson& d, RandomKey key, const Shape& shape) {
  return draw_by_element(d, key, shape, [](double gate, double rate) {
    return ZeroInflatedPoissonSampler{gate, PoissonSampler(rate)};
  });
}

ad::Var mean_of(const ZeroInflatedPoisson& d) {
  return (1.0 - d.parameter("gate")) * d.parameter("rate");
}

ad::Var variance_of(const ZeroInflatedPoisson& d) {
  const ad::Var& gate = d.parameter("gate");
  const ad::Var& rate = d.parameter("rate");
  return (1.0 - gate) * rate * (1.0 + gate * rate);
}

// The tails of ZeroInflatedDistribution over the base.
namespace {
ZeroInflatedDistribution as_mixture(const ZeroInflatedPoisson& d) {
  return ZeroInflatedDistribution(std::make_shared<Poisson>(d.parameter("rate")), d.parameter("gate"), false);
}
}  // namespace
ad::Var log_cdf_of(const ZeroInflatedPoisson& d, ad::Var k) { return as_mixture(d).log_cdf(k); }
ad::Var log_survival_of(const ZeroInflatedPoisson& d, ad::Var k) { return as_mixture(d).log_survival(k); }
ad::Var cdf_of(const ZeroInflatedPoisson& d, ad::Var k) { return as_mixture(d).cdf(k); }

template class Elementwise<ZeroInflatedPoissonFamily>;

}  // namespace ppl::dist
