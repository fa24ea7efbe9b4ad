#pragma once
// Uniform(low, high): density 1 / (high - low) on [low, high].
#include "dist/continuous_common.h"

namespace ppl::dist {

struct UniformKernel {
  static constexpr size_t arity = 3;  // value, low, high

  static double width(double high, double low) { return high - low; }

  template <class X, class L, class H>
  static auto log_density(const X& x, const L& low, const H& high) {
    return inside_support((x >= low) && (x <= high), -log_of(apply_of(high, low, &width)));
  }
  template <size_t I, class X, class L, class H>
  static auto partial(const X& x, const L& low, const H& high) {
    auto inside = (x >= low) && (x <= high);
    if constexpr (I == 0) return zero_outside(inside, 0.0 * inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 1) return zero_outside(inside, inverse_of(apply_of(high, low, &width)));
    if constexpr (I == 2) return zero_outside(inside, -inverse_of(apply_of(high, low, &width)));
  }
};

class Uniform : public Distribution {
 public:
  Uniform(ad::Var low, ad::Var high);
  std::string name() const override { return "Uniform"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::interval(low_, high_); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return low_.tape(); }

  ad::Var low() const { return low_; }
  ad::Var high() const { return high_; }

 private:
  ad::Var low_, high_;
};

}  // namespace ppl::dist
