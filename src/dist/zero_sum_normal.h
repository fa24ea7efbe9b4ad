#pragma once
// ZeroSumNormal(scale, event_shape): a Normal(0, scale) vector of n entries
// conditioned to sum to zero, as NumPyro's (one zero-sum axis). It is the
// isotropic Normal(0, scale) on the (n-1)-dimensional plane of zero-sum
// vectors; its density, with respect to that plane's own volume (the measure
// ZeroSumTransform, biject_to(zero_sum), preserves), is
//   log p(x) = -|x|^2 / (2 scale^2) - (n - 1) (log scale + log(2 pi) / 2).
// Event shape [n], batch shape scale's shape. Draws are n scaled standard
// normals minus their mean (the projection onto the plane), so
// reparameterized; each entry has variance scale^2 (1 - 1/n).
#include "dist/distribution.h"

namespace ppl::dist {

class ZeroSumNormal final : public Distribution {
 public:
  // scale positive; size n >= 2 (ArgumentError otherwise).
  ZeroSumNormal(ad::Var scale, int64_t size);
  std::string name() const override { return "ZeroSumNormal"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::ZeroSum); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return scale_.tape(); }

 private:
  ad::Var scale_per_entry() const;  // scale with a trailing axis of 1

  ad::Var scale_;
};

}  // namespace ppl::dist
