#pragma once
// Independent(base, n), NumPyro's `base.to_event(n)`: the rightmost n batch
// dims of `base` are reinterpreted as event dims, so log_prob sums over them.
// Draws, rsample and moments are the base's.
#include <optional>

#include "dist/distribution.h"

namespace ppl::dist {

class Independent : public Distribution {
 public:
  // 0 <= reinterpreted_batch_ndims <= rank of base's batch shape, else ArgumentError.
  Independent(DistributionPtr base, int reinterpreted_batch_ndims);
  std::string name() const override { return "Independent"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return base_->has_rsample(); }
  // The base's support, checked elementwise (or per base event).
  Constraint support() const override { return base_->support(); }
  std::optional<ad::Var> mean() const override { return base_->mean(); }
  std::optional<ad::Var> variance() const override { return base_->variance(); }
  ad::Tape& tape() const override { return base_->tape(); }

  const DistributionPtr& base() const { return base_; }
  int reinterpreted_batch_ndims() const { return ndims_; }

 private:
  DistributionPtr base_;
  int ndims_;
};

// d.to_event(n); all batch dims when n is absent. Nested Independents merge,
// and n = 0 gives d itself.
DistributionPtr to_event(DistributionPtr d, std::optional<int> n = std::nullopt);

}  // namespace ppl::dist
