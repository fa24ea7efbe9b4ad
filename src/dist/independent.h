#pragma once
// Independent(base, n), NumPyro's `base.to_event(n)`: the rightmost n batch
// dims of `base` are reinterpreted as event dims, so log_prob sums over them.
// Draws, rsample and moments are the base's.
#include <optional>

#include "dist/wrapper.h"

namespace ppl::dist {

class Independent final : public Wrapper {
 public:
  // 0 <= reinterpreted_batch_ndims <= rank of base's batch shape, else ArgumentError.
  Independent(DistributionPtr base, int reinterpreted_batch_ndims);
  std::string name() const override { return "Independent"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  std::optional<ad::Var> mean() const override { return base_->mean(); }
  std::optional<ad::Var> variance() const override { return base_->variance(); }

  int reinterpreted_batch_ndims() const { return ndims_; }

 private:
  int ndims_;
};

// d.to_event(n); all batch dims when n is absent. Nested Independents merge,
// and n = 0 gives d itself.
DistributionPtr to_event(DistributionPtr d, std::optional<int> n = std::nullopt);

}  // namespace ppl::dist
