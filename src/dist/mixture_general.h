#pragma once
// MixtureGeneral(mixing_distribution, component_distributions): a Categorical
// over K components picks one of K distributions given as a list; they may
// be of different families but share their event shape and support (bounds
// included: Uniform(0, 1) and Uniform(0, 5) do not mix).
//   log p(x) = logsumexp_k(log w_k + log p_k(x)),
// differentiable in the mixing and the component parameters. Batch shape:
// the broadcast of the mixing batch shape and the components' batch shapes.
// Draws (a component index, then that component's draw) are not
// reparameterized.
#include <vector>

#include "dist/categorical.h"
#include "dist/distribution.h"

namespace ppl::dist {

class MixtureGeneral : public Distribution {
 public:
  MixtureGeneral(std::shared_ptr<const Categorical> mixing,
                 std::vector<DistributionPtr> components);
  std::string name() const override { return "MixtureGeneral"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return components_.front()->support(); }
  // sum_k w_k mean_k, and sum_k w_k (variance_k + mean_k^2) - mean^2, where
  // every component has them.
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return mixing_->tape(); }

 private:
  // w_k with one axis of size 1 per event dim, to broadcast against a
  // component's values.
  ad::Var weight(int64_t k) const;

  std::shared_ptr<const Categorical> mixing_;
  std::vector<DistributionPtr> components_;
};

}  // namespace ppl::dist
