#include "dist/bernoulli.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/constraint.h"

namespace ppl::dist {

namespace {

struct BernoulliSampler {
  double probs;
  // uniform() is in (0, 1): probs 0 never gives 1, probs 1 always does.
  double operator()(RandomStream& stream) const { return stream.uniform() < probs ? 1.0 : 0.0; }
};

}  // namespace

Bernoulli::Bernoulli(ad::Var parameter, ProbsOrLogits kind) : ProbsOrLogitsFamily(parameter, kind) {
  if (kind == ProbsOrLogits::Probs)
    check_argument("Bernoulli", "probs", parameter, domain::unit_interval, "in [0, 1]");
  else
    check_argument("Bernoulli", "logits", parameter, domain::not_nan, "a number");
}

ad::Var Bernoulli::logits() const {
  return kind_ == ProbsOrLogits::Logits ? parameter_ : ad::log(parameter_) - ad::log1p(-parameter_);
}

ad::Var Bernoulli::sample(RandomKey key, const Shape& shape) const {
  return draw(key, shape, [](double p) { return BernoulliSampler{p}; });
}

std::optional<ad::Var> Bernoulli::mean() const { return broadcast_var(probs(), batch_shape_); }

std::optional<ad::Var> Bernoulli::variance() const {
  ad::Var p = probs();
  return broadcast_var(p * (1.0 - p), batch_shape_);
}

}  // namespace ppl::dist
