#pragma once
// Gamma(concentration, rate): density rate^a x^(a-1) exp(-rate x) / Gamma(a)
// on [0, inf). Draws are not reparameterized.
#include "dist/continuous_common.h"

namespace ppl::dist {

struct GammaKernel {
  static constexpr size_t arity = 3;  // value, concentration, rate

  template <class X, class A, class R>
  static auto log_density(const X& x, const A& a, const R& rate) {
    return inside_support(x >= 0.0, a * log_of(rate) + times_unless_zero(a - 1.0, log_of(x)) -
                                        rate * x - apply_of(a, &special::lgamma));
  }
  template <size_t I, class X, class A, class R>
  static auto partial(const X& x, const A& a, const R& rate) {
    if constexpr (I == 0) return zero_outside(x > 0.0, (a - 1.0) * inverse_of(x) - rate);
    if constexpr (I == 1)
      return zero_outside(x > 0.0, log_of(rate) + log_of(x) - apply_of(a, &special::digamma));
    if constexpr (I == 2) return zero_outside(x >= 0.0, a * inverse_of(rate) - x);
  }
};

class Gamma : public Distribution {
 public:
  Gamma(ad::Var concentration, ad::Var rate);
  std::string name() const override { return "Gamma"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return concentration_.tape(); }

  ad::Var concentration() const { return concentration_; }
  ad::Var rate() const { return rate_; }

 private:
  ad::Var concentration_, rate_;
};

}  // namespace ppl::dist
