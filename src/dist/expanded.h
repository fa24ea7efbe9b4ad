#pragma once
// Expanded(base, batch_shape), NumPyro's `base.expand(shape)`: the base's
// batch shape broadcast (NumPy rules) to a larger one. Draws are independent
// across the new batch entries: the base draws the full shape itself, since
// sample() accepts any broadcast of its batch shape.
#include "dist/wrapper.h"

namespace ppl::dist {

class Expanded final : public Wrapper {
 public:
  // batch_shape must be a broadcast of base's batch shape, else ArgumentError.
  Expanded(DistributionPtr base, Shape batch_shape);
  std::string name() const override { return "Expanded"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Var cdf(ad::Var value) const override { return to_batch(base_->cdf(value), value); }
  ad::Var log_cdf(ad::Var value) const override { return to_batch(base_->log_cdf(value), value); }
  ad::Var log_survival(ad::Var value) const override {
    return to_batch(base_->log_survival(value), value);
  }
  ad::Var icdf(ad::Var q) const override { return to_batch(base_->icdf(q), q); }
  ad::Var inverse_survival(ad::Var s) const override {
    return to_batch(base_->inverse_survival(s), s);
  }

 private:
  // The base's elementwise result, broadcast with this batch shape.
  ad::Var to_batch(ad::Var of_base, const ad::Var& value) const;

};

// d.expand(batch_shape): d itself when the shape is its batch shape already;
// an Expanded of an Expanded expands the inner base.
DistributionPtr expand(DistributionPtr d, const Shape& batch_shape);

}  // namespace ppl::dist
