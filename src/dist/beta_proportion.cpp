#include "dist/beta_proportion.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

void BetaProportionFamily::check(const BetaProportion& d) {
  check_argument(
      "BetaProportion", "mean", d.parameter("mean"),
      [](const Array& m) { return greater(m, Array(0.0)) * less(m, Array(1.0)); }, "in (0, 1)");
}

ad::Var draw(const BetaProportion& d, RandomKey key, const Shape& shape) {
  const ad::Var& m = d.parameter("mean");
  const ad::Var& c = d.parameter("concentration");
  return Beta(m * c, (1.0 - m) * c).sample(key, shape);
}

// mean; mean (1 - mean) / (1 + concentration).
ad::Var mean_of(const BetaProportion& d) { return d.parameter("mean"); }
ad::Var variance_of(const BetaProportion& d) {
  return d.parameter("mean") * (1.0 - d.parameter("mean")) / (1.0 + d.parameter("concentration"));
}

template class Elementwise<BetaProportionFamily>;

}  // namespace ppl::dist
