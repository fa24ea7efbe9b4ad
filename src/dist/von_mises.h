#pragma once
// VonMises(loc, concentration): density exp(k cos(x - loc)) / (2 pi I0(k)) on
// the circle [-pi, pi]. Draws are not reparameterized.
#include "dist/continuous_common.h"

namespace ppl::dist {

struct VonMisesKernel {
  static constexpr size_t arity = 3;  // value, loc, concentration
  static constexpr double log_two_pi = 1.8378770664093453;
  static constexpr double pi = 3.141592653589793;

  // log I0(k) - k, from the exponentially scaled Bessel function, so that
  // k cos(d) - log I0(k) = -2 k sin^2(d/2) - (log I0(k) - k) does not cancel
  // for large k.
  static double log_i0e(double k) { return std::log(special::modified_bessel_i0e(k)); }
  // 1 - I1(k) / I0(k).
  static double one_minus_bessel_ratio(double k) {
    return 1.0 - special::modified_bessel_i1e(k) / special::modified_bessel_i0e(k);
  }

  template <class X, class L, class K>
  static auto log_density(const X& x, const L& loc, const K& k) {
    return inside_support((x >= -pi) && (x <= pi),
                          -2.0 * k * (0.5 * (x - loc)).sin().square() - log_two_pi -
                              apply_of(k, &log_i0e));
  }
  template <size_t I, class X, class L, class K>
  static auto partial(const X& x, const L& loc, const K& k) {
    auto inside = (x >= -pi) && (x <= pi);
    if constexpr (I == 0) return zero_outside(inside, -k * (x - loc).sin());
    if constexpr (I == 1) return zero_outside(inside, k * (x - loc).sin());
    // cos(d) - I1(k) / I0(k)
    if constexpr (I == 2)
      return zero_outside(inside, apply_of(k, &one_minus_bessel_ratio) -
                                      2.0 * (0.5 * (x - loc)).sin().square());
  }
};

// The circular variance 1 - I1(k) / I0(k) as one node, with derivative
// -(1 - A/k - A^2) for A = I1(k) / I0(k).
struct VonMisesCircularVarianceKernel {
  static constexpr size_t arity = 1;
  static double derivative(double k) {
    const double a = special::modified_bessel_i1e(k) / special::modified_bessel_i0e(k);
    return -(1.0 - a / k - a * a);
  }
  template <class K>
  static auto log_density(const K& k) {
    return apply_of(k, &VonMisesKernel::one_minus_bessel_ratio);
  }
  template <size_t I, class K>
  static auto partial(const K& k) {
    return apply_of(k, &derivative);
  }
};

class VonMises : public Distribution {
 public:
  VonMises(ad::Var loc, ad::Var concentration);
  std::string name() const override { return "VonMises"; }
  ad::Var log_prob(ad::Var value) const override;
  ad::Var log_prob_sum(ad::Var value) const override;
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  Constraint support() const override { return Constraint::of(ConstraintKind::Circular); }
  // The circular mean loc and the circular variance 1 - I1(k) / I0(k).
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Tape& tape() const override { return loc_.tape(); }

  ad::Var loc() const { return loc_; }
  ad::Var concentration() const { return concentration_; }

 private:
  ad::Var loc_, concentration_;
};

}  // namespace ppl::dist
