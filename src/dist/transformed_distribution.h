#pragma once
// TransformedDistribution(base, transforms): the law of y = t_n(...t_1(x))
// for x drawn from `base`.
//
// log_prob(y) = base.log_prob(x) - log|det J|(x), with x = inverse(y)
// computed by the transforms' inverse_var, so the density is differentiable
// in y (and in the base's and the transforms' parameters) wherever every
// transform has a differentiable inverse (all but CorrCholesky and L Lᵀ, whose
// inverse enters as a constant: differentiable in the parameters, not in y).
//
// Shapes follow NumPyro: the event rank is the larger of the transform's
// codomain event rank and the base's event rank shifted by what the transform
// adds (a StickBreaking over a Normal of batch [3] makes one event [4]); the
// base's log density and the log-Jacobian are summed over whatever batch dims
// of theirs became event dims.
#include <vector>

#include "dist/distribution.h"
#include "dist/transforms.h"

namespace ppl::dist {

class TransformedDistribution : public Distribution {
 public:
  TransformedDistribution(DistributionPtr base, std::vector<TransformPtr> transforms);
  TransformedDistribution(DistributionPtr base, TransformPtr transform)
      : TransformedDistribution(std::move(base), std::vector<TransformPtr>{std::move(transform)}) {}
  std::string name() const override { return "TransformedDistribution"; }
  ad::Var log_prob(ad::Var value) const override;
  // base.sample of the unconstrained shape, pushed through the transforms.
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  Constraint support() const override { return transform_->codomain(); }
  ad::Tape& tape() const override { return base_->tape(); }

  const DistributionPtr& base() const { return base_; }
  const std::vector<TransformPtr>& transforms() const { return transforms_; }
  // The transforms as one (a ComposedTransform when there are several).
  const TransformPtr& transform() const { return transform_; }

 private:
  DistributionPtr base_;
  std::vector<TransformPtr> transforms_;
  TransformPtr transform_;
};

}  // namespace ppl::dist
