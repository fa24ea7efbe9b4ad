#pragma once
// Exponential(rate): density rate exp(-rate x) on [0, inf).
#include "dist/continuous_common.h"

namespace ppl::dist {

struct ExponentialKernel {
  static constexpr size_t arity = 2;  // value, rate

  template <class X, class R>
  static auto log_density(const X& x, const R& rate) {
    return inside_support(x >= 0.0, log_of(rate) - rate * x);
  }
  template <size_t I, class X, class R>
  static auto partial(const X& x, const R& rate) {
    if constexpr (I == 0) return zero_outside(x >= 0.0, -rate);
    if constexpr (I == 1) return zero_outside(x >= 0.0, inverse_of(rate) - x);
  }
};

class Exponential : public Distribution {
 public:
  explicit Exponential(ad::Var rate);
  std::string name() const override { return "Exponential"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return rate_.tape(); }

  ad::Var rate() const { return rate_; }

 private:
  ad::Var rate_;
};

}  // namespace ppl::dist
