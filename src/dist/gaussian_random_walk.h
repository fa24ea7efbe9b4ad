#pragma once
// GaussianRandomWalk(scale, num_steps): x[0] ~ Normal(0, scale) and
// x[t] - x[t-1] ~ Normal(0, scale), NumPyro's parameterization. Event shape
// [num_steps], batch shape scale's shape; draws are cumulative sums of
// scaled standard normals, so reparameterized.
#include "dist/distribution.h"

namespace ppl::dist {

class GaussianRandomWalk final : public Distribution {
 public:
  // scale positive; num_steps >= 1 (ArgumentError otherwise).
  GaussianRandomWalk(ad::Var scale, int64_t num_steps);
  std::string name() const override { return "GaussianRandomWalk"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::RealVector); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return scale_.tape(); }

 private:
  // scale with a trailing axis of 1, to broadcast against the steps.
  ad::Var scale_per_step() const;

  ad::Var scale_;
  int64_t num_steps_;
};

}  // namespace ppl::dist
