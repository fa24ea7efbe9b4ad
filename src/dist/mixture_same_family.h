#pragma once
// MixtureSameFamily(mixing_distribution, component_distribution): a
// Categorical over K components picks one of the K distributions in the
// component distribution's last batch axis.
//   log p(x) = logsumexp_k(log w_k + log p_k(x)),
// differentiable in the mixing and the component parameters. Batch shape:
// the broadcast of the mixing batch shape and the component batch shape
// without its last axis; event shape the component's. Draws (a component
// index, then that component's draw) are not reparameterized.
#include "dist/categorical.h"
#include "dist/distribution.h"

namespace ppl::dist {

class MixtureSameFamily : public Distribution {
 public:
  MixtureSameFamily(std::shared_ptr<const Categorical> mixing, DistributionPtr components);
  std::string name() const override { return "MixtureSameFamily"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return components_->support(); }
  // sum_k w_k mean_k, and sum_k w_k (variance_k + mean_k^2) - mean^2, where
  // the components have them.
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return mixing_->tape(); }

  const Categorical& mixing_distribution() const { return *mixing_; }
  const Distribution& component_distribution() const { return *components_; }

 private:
  // The mixing weights (or their logs) with one axis of size 1 per event dim.
  ad::Var expand_to_events(ad::Var per_component) const;

  std::shared_ptr<const Categorical> mixing_;
  DistributionPtr components_;
};

}  // namespace ppl::dist
