#pragma once
// Normal(loc, scale): the reference example of a distribution (see
// distribution.h): argument checks, a fused log density, a reparameterized
// sample, closed-form moments.
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

struct NormalKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double half_log_two_pi = 0.91893853320467274178;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return -0.5 * ((x - loc) * inverse_of(scale)).square() - log_of(scale) - half_log_two_pi;
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    if constexpr (I == 0) return (loc - x) * inverse_of(scale).square();
    if constexpr (I == 1) return (x - loc) * inverse_of(scale).square();
    if constexpr (I == 2)
      return (((x - loc) * inverse_of(scale)).square() - 1.0) * inverse_of(scale);
  }
};

class Normal : public Distribution {
 public:
  Normal(ad::Var loc, ad::Var scale);
  std::string name() const override { return "Normal"; }
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
