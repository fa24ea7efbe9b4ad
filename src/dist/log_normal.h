#pragma once
// LogNormal(loc, scale): exp(loc + scale Z) for a standard normal Z.
#include "dist/continuous_common.h"

namespace ppl::dist {

struct LogNormalKernel {
  static constexpr size_t arity = 3;  // value, loc, scale
  static constexpr double half_log_two_pi = 0.9189385332046727;

  template <class X, class L, class S>
  static auto log_density(const X& x, const L& loc, const S& scale) {
    return inside_support(x > 0.0, -0.5 * ((log_of(x) - loc) * inverse_of(scale)).square() -
                                       log_of(scale) - half_log_two_pi - log_of(x));
  }
  template <size_t I, class X, class L, class S>
  static auto partial(const X& x, const L& loc, const S& scale) {
    auto z = (log_of(x) - loc) * inverse_of(scale);
    if constexpr (I == 0)
      return zero_outside(x > 0.0, -(z * inverse_of(scale) + 1.0) * inverse_of(x));
    if constexpr (I == 1) return zero_outside(x > 0.0, z * inverse_of(scale));
    if constexpr (I == 2) return zero_outside(x > 0.0, (z.square() - 1.0) * inverse_of(scale));
  }
};

class LogNormal : public Distribution {
 public:
  LogNormal(ad::Var loc, ad::Var scale);
  std::string name() const override { return "LogNormal"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var loc() const { return loc_; }
  ad::Var scale() const { return scale_; }

 private:
  ad::Var loc_, scale_;
};

}  // namespace ppl::dist
