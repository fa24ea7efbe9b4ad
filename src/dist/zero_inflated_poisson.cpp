#include "dist/zero_inflated_poisson.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/elementwise_methods.h"
#include "dist/poisson.h"
#include "dist/zero_inflated_tails.h"

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

// Its CDFs are those of the mixture (dist/zero_inflated_tails.h).
ZeroInflatedDistribution as_zero_inflated(const ZeroInflatedPoisson& d) {
  return ZeroInflatedDistribution(std::make_shared<Poisson>(d.parameter("rate")),
                                  d.parameter("gate"), false);
}

template class Elementwise<ZeroInflatedPoissonFamily>;

}  // namespace ppl::dist
