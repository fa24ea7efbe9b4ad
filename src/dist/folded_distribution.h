#pragma once
// FoldedDistribution(base_dist): the law of |x| for x from a univariate
// continuous base, as NumPyro's.
//   log p(y) = logaddexp(log p_base(y), log p_base(-y)) for y >= 0,
// -inf below 0. Draws are |base draws|, reparameterized when the base's are.
#include "dist/wrapper.h"

namespace ppl::dist {

class FoldedDistribution final : public Wrapper {
 public:
  explicit FoldedDistribution(DistributionPtr base);
  std::string name() const override { return "FoldedDistribution"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
};

}  // namespace ppl::dist
