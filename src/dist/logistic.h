#pragma once
// Logistic(loc, scale): CDF sigmoid((x - loc) / scale).
#include "dist/continuous_common.h"

namespace ppl::dist {

struct LogisticKernel {
  static constexpr size_t arity = 3;  // value, loc, scale

  // With z = (x - loc) / scale the density is symmetric in z, and
  // -|z| - 2 log(1 + exp(-|z|)) never overflows.
  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    auto abs_z = ((x - loc) * inverse_of(scale)).abs();
    return -abs_z - 2.0 * (-abs_z).exp().log1p() - log_of(scale);
  }
  // d log p / dz = -tanh(z / 2).
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -(0.5 * z).tanh() * inverse_of(scale);
    if constexpr (I == 1) return (0.5 * z).tanh() * inverse_of(scale);
    if constexpr (I == 2) return (z * (0.5 * z).tanh() - 1.0) * inverse_of(scale);
  }
};

class Logistic : public Distribution {
 public:
  Logistic(ad::Var loc, ad::Var scale);
  std::string name() const override { return "Logistic"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Real); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var loc() const { return loc_; }
  ad::Var scale() const { return scale_; }

 private:
  ad::Var loc_, scale_;
};

}  // namespace ppl::dist
