#include "core/special_functions.h"

#include <algorithm>
#include <boost/math/special_functions/bessel.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/special_functions/owens_t.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <numbers>

namespace ppl::special {
namespace {

namespace policies = boost::math::policies;
using NanPolicy =
    policies::policy<policies::domain_error<policies::ignore_error>, policies::pole_error<policies::ignore_error>,
                     policies::overflow_error<policies::ignore_error>,
                     policies::evaluation_error<policies::ignore_error>, policies::promote_double<false>>;
constexpr NanPolicy nan_policy{};

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// Beyond this |x|, I0 and I1 come from their asymptotic expansion: Boost's
// unscaled values overflow near 713.
constexpr double bessel_asymptotic_from = 500.0;

// exp(-x) I_nu(x) for x >= bessel_asymptotic_from and nu in {0, 1}:
// 1 / sqrt(2 pi x) * sum_k t_k, t_0 = 1,
// t_k = t_{k-1} ((2k - 1)^2 - 4 nu^2) / (8 k x).
double scaled_bessel_asymptotic(int nu, double x) {
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k <= 30 && std::abs(term) > 1e-17 * std::abs(sum); ++k) {
    double odd = 2.0 * k - 1.0;
    term *= (odd * odd - 4.0 * nu * nu) / (8.0 * k * x);
    sum += term;
  }
  return sum / std::sqrt(2.0 * std::numbers::pi * x);
}

// I0(x) - 1 = sum_{k >= 1} (x^2 / 4)^k / (k!)^2 for |x| <= 1, where
// log(I0(x)) would keep only the absolute, not the relative, precision.
double bessel_i0_minus_one_series(double x) {
  double quarter_x2 = 0.25 * x * x;
  double term = 1.0;
  double sum = 0.0;
  for (int k = 1; k <= 30; ++k) {
    term *= quarter_x2 / (static_cast<double>(k) * k);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return sum;
}

}  // namespace

double lgamma(double x) {
  if (x <= 0.0 && x == std::floor(x)) return infinity;
  return boost::math::lgamma(x, nan_policy);
}

double digamma(double x) { return boost::math::digamma(x, nan_policy); }

double trigamma(double x) { return boost::math::trigamma(x, nan_policy); }

double lbeta(double a, double b) {
  if (!(a > 0.0) || !(b > 0.0)) return nan;
  double small = std::min(a, b);
  double large = std::max(a, b);
  if (std::isinf(large)) return -infinity;
  double ratio = boost::math::tgamma_delta_ratio(large, small, nan_policy);  // Gamma(large) / Gamma(large + small)
  if (std::isnormal(ratio)) return lgamma(small) + std::log(ratio);
  return lgamma(small) + lgamma(large) - lgamma(small + large);
}

double log_gamma_p(double a, double x) { return std::log(boost::math::gamma_p(a, x, nan_policy)); }

double log_gamma_q(double a, double x) { return std::log(boost::math::gamma_q(a, x, nan_policy)); }

namespace {

// log I_x(a, b) from its continued fraction, evaluated by the modified Lentz
// method: I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * K, where K is of order
// one for x below (a + 1) / (a + b + 2). Only the prefactor can underflow,
// and in logs it does not; used where Boost's value underflows to 0.
double log_ibeta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double tolerance = 1e-16;
  auto guarded = [](double v) { return std::abs(v) < tiny ? tiny : v; };
  double c = 1.0;
  double d = 1.0 / guarded(1.0 - (a + b) * x / (a + 1.0));
  double fraction = d;
  for (int m = 1; m <= 10000; ++m) {
    const double two_m = 2.0 * m;
    // The even and the odd term of the fraction.
    const double even = m * (b - m) * x / ((a - 1.0 + two_m) * (a + two_m));
    d = 1.0 / guarded(1.0 + even * d);
    c = guarded(1.0 + even / c);
    fraction *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + 1.0 + two_m));
    d = 1.0 / guarded(1.0 + odd * d);
    c = guarded(1.0 + odd / c);
    const double step = d * c;
    fraction *= step;
    if (std::abs(step - 1.0) < tolerance) break;
  }
  return a * std::log(x) + b * std::log1p(-x) - std::log(a) - lbeta(a, b) + std::log(fraction);
}

// log of an incomplete beta value from Boost, or from the continued
// fraction in logs where Boost's value underflows (x in the lower tail).
double log_lower_beta_tail(double boost_value, double a, double b, double x) {
  if (boost_value > 0 || !(x > 0) || !(x < (a + 1.0) / (a + b + 2.0)) || !(a > 0) || !(b > 0))
    return std::log(boost_value);
  return log_ibeta_continued_fraction(a, b, x);
}

}  // namespace

// Below about 1e-308 Boost's values underflow; the lower tail then comes
// from the continued fraction in logs, so counts far in a tail keep their
// log probability (NegativeBinomial(1000, 0.9).log_cdf(0) is -2302.585).
double log_ibeta(double a, double b, double x) {
  return log_lower_beta_tail(boost::math::ibeta(a, b, x, nan_policy), a, b, x);
}

double log_ibetac(double a, double b, double x) {
  // 1 - I_x(a, b) = I_{1-x}(b, a).
  return log_lower_beta_tail(boost::math::ibetac(a, b, x, nan_policy), b, a, 1.0 - x);
}

double ibeta_inverse(double a, double b, double p) { return boost::math::ibeta_inv(a, b, p, nan_policy); }

double ibetac_inverse(double a, double b, double q) { return boost::math::ibetac_inv(a, b, q, nan_policy); }

double gamma_p_inverse(double a, double p) { return boost::math::gamma_p_inv(a, p, nan_policy); }

double gamma_q_inverse(double a, double q) { return boost::math::gamma_q_inv(a, q, nan_policy); }

double student_t_quantile(double df, double p) {
  if (!(df > 0) || !(p >= 0 && p <= 1)) return nan;
  if (p == 0) return -infinity;
  if (p == 1) return infinity;
  const boost::math::students_t_distribution<double, NanPolicy> student(df);
  return boost::math::quantile(student, p);
}

double owens_t(double h, double a) { return boost::math::owens_t(h, a, nan_policy); }

double log_student_t_cdf(double df, double t) {
  if (std::isnan(t) || !(df > 0)) return std::numeric_limits<double>::quiet_NaN();
  const boost::math::students_t_distribution<double, NanPolicy> student(df);
  if (t == std::numeric_limits<double>::infinity()) return 0.0;
  if (t == -std::numeric_limits<double>::infinity()) return -std::numeric_limits<double>::infinity();
  if (t <= 0) return std::log(boost::math::cdf(student, t));
  return std::log1p(-boost::math::cdf(student, -t));
}

double log1pexp(double x) {
  if (x > 0.0) return x + std::log1p(std::exp(-x));
  return std::log1p(std::exp(x));
}

double log1mexp(double x) {
  if (x > 0.0) return nan;
  // Near 0, 1 - exp(x) = -expm1(x) keeps its digits; far below, exp(x) is
  // small and log1p keeps them.
  if (x > -std::numbers::ln2) return std::log(-std::expm1(x));
  return std::log1p(-std::exp(x));
}

double modified_bessel_i0e(double x) {
  double magnitude = std::abs(x);
  if (magnitude >= bessel_asymptotic_from) return scaled_bessel_asymptotic(0, magnitude);
  return boost::math::cyl_bessel_i(0, x, nan_policy) * std::exp(-magnitude);
}

double modified_bessel_i1e(double x) {
  double magnitude = std::abs(x);
  if (magnitude >= bessel_asymptotic_from) return std::copysign(scaled_bessel_asymptotic(1, magnitude), x);
  return boost::math::cyl_bessel_i(1, x, nan_policy) * std::exp(-magnitude);
}

double log_modified_bessel_i0(double x) {
  double magnitude = std::abs(x);
  if (magnitude >= bessel_asymptotic_from) return magnitude + std::log(scaled_bessel_asymptotic(0, magnitude));
  if (magnitude <= 1.0) return std::log1p(bessel_i0_minus_one_series(x));
  return std::log(boost::math::cyl_bessel_i(0, x, nan_policy));
}

double erf(double x) { return boost::math::erf(x, nan_policy); }

double erfc(double x) { return boost::math::erfc(x, nan_policy); }

double ndtri(double p) {
  if (!(p >= 0.0 && p <= 1.0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  // Phi^{-1}(p) = -sqrt(2) erfc^{-1}(2 p), accurate in the lower tail where
  // 2 p is tiny; the upper tail by symmetry, so that 1 - p keeps its digits.
  if (p > 0.5) return -ndtri(1.0 - p);
  return -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p, nan_policy);
}

double log_ndtr(double x) {
  constexpr double inv_sqrt2 = 1.0 / std::numbers::sqrt2;
  // Phi(x) = erfc(-x / sqrt 2) / 2; for x > -1 write it as 1 - Phi(-x) so
  // that log1p keeps the digits of a Phi(x) near 1.
  if (x > -1.0) return std::log1p(-0.5 * erfc(x * inv_sqrt2));
  if (x > -20.0) return std::log(0.5 * erfc(-x * inv_sqrt2));
  // Phi(x) = phi(x) / |x| * (1 - 1/x^2 + 3/x^4 - 15/x^6 + ...), the terms
  // t_k = -t_{k-1} (2k - 1) / x^2 shrinking fast for x <= -20.
  double inv_x2 = 1.0 / (x * x);
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k <= 30 && std::abs(term) > 1e-17; ++k) {
    term *= -(2.0 * k - 1.0) * inv_x2;
    sum += term;
  }
  return -0.5 * x * x - std::log(-x) - 0.5 * std::log(2.0 * std::numbers::pi) + std::log(sum);
}

}  // namespace ppl::special
