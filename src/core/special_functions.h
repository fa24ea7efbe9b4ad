#pragma once
// Special functions for log densities and samplers: thin wrappers over
// Boost.Math, plus the few stable formulas Boost does not provide.
//
// Errors never throw. Boost is called with a policy under which a domain
// error (lgamma(NaN), gamma_p(-1, x), ...) returns NaN, a pole returns NaN
// (except lgamma, which returns +inf at 0, -1, -2, ... as scipy's gammaln
// does), overflow returns +-inf, and a series that fails to converge returns
// its last estimate; arithmetic stays in double (no promotion to long
// double), as a log density evaluated millions of times wants.
namespace ppl::special {

double lgamma(double x);    // log |Gamma(x)|
double digamma(double x);   // d/dx log Gamma(x)
double trigamma(double x);  // d^2/dx^2 log Gamma(x)

// log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b), for a, b > 0.
// Uses Boost's Gamma(big) / Gamma(big + small), which stays accurate when one
// argument is far larger than the other, where the three log-gammas would
// cancel.
double lbeta(double a, double b);

// Logarithms of the regularized incomplete gamma functions
// P(a, x) = gamma(a, x) / Gamma(a) and Q(a, x) = 1 - P(a, x), and of the
// regularized incomplete beta function I_x(a, b) and 1 - I_x(a, b). These
// take the log of Boost's value, so they reach -inf where the function
// underflows (below about 1e-308).
double log_gamma_p(double a, double x);
double log_gamma_q(double a, double x);
double log_ibeta(double a, double b, double x);
double log_ibetac(double a, double b, double x);
// Inverses in x, from Boost: I_x(a, b) = p (ibeta_inverse) or
// 1 - I_x(a, b) = q (ibetac_inverse); P(a, x) = p (gamma_p_inverse) or
// Q(a, x) = q (gamma_q_inverse); P(T <= x) = p for T Student's t with df
// degrees of freedom (student_t_quantile).
double ibeta_inverse(double a, double b, double p);
double ibetac_inverse(double a, double b, double q);
double gamma_p_inverse(double a, double p);
double gamma_q_inverse(double a, double q);
double student_t_quantile(double df, double p);
// log P(T <= t) for T Student's t with df degrees of freedom (Boost's
// students_t), through the complement above 0 so that the upper tail keeps
// its digits.
double log_student_t_cdf(double df, double t);

// log(1 + exp(x)), also called softplus; never overflows.
double log1pexp(double x);
// log(1 - exp(x)) for x <= 0 (NaN for x > 0); accurate at both ends
// (Maechler, "Accurately computing log(1 - exp(-|a|))", 2012).
double log1mexp(double x);

// Modified Bessel functions of the first kind, exponentially scaled:
// i0e(x) = exp(-|x|) I0(x), i1e(x) = exp(-|x|) I1(x). Up to |x| = 500 from
// Boost's I0, I1; beyond, where I0 overflows, from the asymptotic expansion
// I_nu(x) ~ exp(x) / sqrt(2 pi x) * sum_k (-1)^k a_k(nu) / x^k
// (Abramowitz and Stegun 9.7.1), which reaches full precision within ten
// terms there.
double modified_bessel_i0e(double x);
double modified_bessel_i1e(double x);
// log I0(x): the von Mises normalizing constant, finite for all finite x,
// and to full relative precision near 0 (through a power series of I0 - 1).
double log_modified_bessel_i0(double x);

double erf(double x);
double erfc(double x);
// log Phi(x), Phi the standard normal CDF. Accurate for very negative x
// (x = -1e5 gives about -5e9) through the asymptotic series of the Mills
// ratio below x = -20, and for large x through log1p(-Phi(-x)).
double log_ndtr(double x);
// The standard normal quantile, Phi^{-1}(p) for p in [0, 1] (-inf at 0, +inf
// at 1, NaN outside), from Boost's inverse complementary error function.
double ndtri(double p);
// Owen's T function T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + x^2) / 2) / (1 + x^2) dx
// (Boost): the skew-normal CDF is Phi(z) - 2 T(z, alpha).
double owens_t(double h, double a);

}  // namespace ppl::special
