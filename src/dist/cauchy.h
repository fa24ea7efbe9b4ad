#pragma once
// Cauchy(loc, scale). No mean or variance.
#include "dist/continuous_common.h"

namespace ppl::dist {

struct CauchyKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double log_pi = 1.1447298858494002;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return -((x - loc) * inverse_of(scale)).square().log1p() - log_of(scale) - log_pi;
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return -2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 1) return 2.0 * z * inverse_of(scale) / (1.0 + z.square());
    if constexpr (I == 2) return (z.square() - 1.0) / (1.0 + z.square()) * inverse_of(scale);
  }
};

class Cauchy : public Distribution {
 public:
  Cauchy(ad::Var loc, ad::Var scale);
  std::string name() const override { return "Cauchy"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Real); }
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var loc() const { return loc_; }
  ad::Var scale() const { return scale_; }

 private:
  ad::Var loc_, scale_;
};

}  // namespace ppl::dist
