#pragma once
// Masked(base, mask), NumPyro's `base.mask(mask)`: log_prob is the base's
// where mask is 1 and 0 where it is 0; draws are the base's, unchanged. The
// batch shape is the broadcast of the mask's shape with the base's.
#include "dist/wrapper.h"

namespace ppl::dist {

class Masked final : public Wrapper {
 public:
  // mask holds 0s and 1s, else ArgumentError.
  Masked(DistributionPtr base, ad::Var mask);
  std::string name() const override { return "Masked"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;

  ad::Var mask() const { return mask_; }

 private:
  ad::Var mask_;
};

DistributionPtr mask(DistributionPtr d, ad::Var mask);

}  // namespace ppl::dist
