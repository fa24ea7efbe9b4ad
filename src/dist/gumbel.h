#pragma once
// Gumbel(loc, scale): the maximum-value Gumbel, CDF exp(-exp(-(x - loc) / scale)).
#include "dist/continuous_common.h"

namespace ppl::dist {

struct GumbelKernel {
  static constexpr size_t arity = 3;  // value, loc, scale

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    return -z - (-z).exp() - log_of(scale);
  }
  // d log p / dz = exp(-z) - 1.
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (x - loc) * inverse_of(scale);
    if constexpr (I == 0) return ((-z).exp() - 1.0) * inverse_of(scale);
    if constexpr (I == 1) return (1.0 - (-z).exp()) * inverse_of(scale);
    if constexpr (I == 2) return (z * (1.0 - (-z).exp()) - 1.0) * inverse_of(scale);
  }
};

class Gumbel : public Distribution {
 public:
  Gumbel(ad::Var loc, ad::Var scale);
  std::string name() const override { return "Gumbel"; }
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
