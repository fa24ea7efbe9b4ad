#pragma once
// FoldedDistribution(base_dist): the law of |x| for x from a univariate
// continuous base, as NumPyro's.
//   log p(y) = logaddexp(log p_base(y), log p_base(-y)) for y >= 0,
// -inf below 0. Draws are |base draws|, reparameterized when the base's are.
#include "dist/distribution.h"

namespace ppl::dist {

class FoldedDistribution final : public Distribution {
 public:
  explicit FoldedDistribution(DistributionPtr base);
  std::string name() const override { return "FoldedDistribution"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
  ad::Tape& tape() const override { return base_->tape(); }

 private:
  DistributionPtr base_;
};

}  // namespace ppl::dist
