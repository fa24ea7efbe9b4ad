#pragma once
// HalfNormal(scale): |Z| scale for a standard normal Z; support [0, inf).
#include "dist/continuous_common.h"

namespace ppl::dist {

struct HalfNormalKernel {
  static constexpr size_t arity = 2;  // value, scale
  static constexpr double half_log_two_over_pi = -0.2257913526447274;

  template <class X, class S>
  static auto log_density(const X& x, const S& scale) {
    return inside_support(x >= 0.0, -0.5 * (x * inverse_of(scale)).square() - log_of(scale) +
                                        half_log_two_over_pi);
  }
  template <size_t I, class X, class S>
  static auto partial(const X& x, const S& scale) {
    if constexpr (I == 0) return zero_outside(x >= 0.0, -x * inverse_of(scale).square());
    if constexpr (I == 1)
      return zero_outside(x >= 0.0,
                          ((x * inverse_of(scale)).square() - 1.0) * inverse_of(scale));
  }
};

class HalfNormal : public Distribution {
 public:
  explicit HalfNormal(ad::Var scale);
  std::string name() const override { return "HalfNormal"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  bool has_rsample() const override { return true; }
  Constraint support() const override { return Constraint::of(ConstraintKind::Positive); }
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return scale_.tape(); }

  ad::Var scale() const { return scale_; }

 private:
  ad::Var scale_;
};

}  // namespace ppl::dist
