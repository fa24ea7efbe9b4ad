#include "dist/uniform.h"

#include "ad/ops.h"

namespace ppl::dist {

template class Elementwise<UniformFamily>;

void UniformFamily::check(const Uniform& d) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  check_argument("Uniform", "high", broadcast_to(high.value(), d.batch_shape()),
                 greater(high.value(), low.value()), "greater than low");
  d.tape().record_check(&detail::replayed_check<decltype([](const Array& high, const Array& low) {
    return greater(high, low);
  })>,
                        {high, low});
}

Constraint UniformFamily::support_of(const Uniform& d) {
  return Constraint::interval(d.parameter("low"), d.parameter("high"));
}

// low + (high - low) U.
ad::Var UniformFamily::sample(const Uniform& d, RandomKey key, const Shape& shape) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  return low + (high - low) * d.tape().constant(noise(key, shape, UniformSampler(0.0, 1.0)));
}

ad::Var UniformFamily::mean(const Uniform& d) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  return 0.5 * (low + high);
}

ad::Var UniformFamily::variance(const Uniform& d) {
  const ad::Var& low = d.parameter("low");
  const ad::Var& high = d.parameter("high");
  return ad::square(high - low) / 12.0;
}

}  // namespace ppl::dist
