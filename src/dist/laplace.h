#pragma once
// Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale).
#include "dist/continuous_common.h"

namespace ppl::dist {

struct LaplaceKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double log_two = 0.6931471805599453;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return -(x - loc).abs() * inverse_of(scale) - log_of(scale) - log_two;
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    if constexpr (I == 0) return -(x - loc).sign() * inverse_of(scale);
    if constexpr (I == 1) return (x - loc).sign() * inverse_of(scale);
    if constexpr (I == 2) return ((x - loc).abs() * inverse_of(scale) - 1.0) * inverse_of(scale);
  }
};

class Laplace : public Distribution {
 public:
  Laplace(ad::Var loc, ad::Var scale);
  std::string name() const override { return "Laplace"; }
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
