// Reference values computed with mpmath 1.x at 50 significant digits
// (mp.dps = 50) and rounded to 17; each block names the mpmath expression.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/special_functions.h"

namespace special = ppl::special;

namespace {

double relative_error(double actual, double expected) {
  if (actual == expected) return 0.0;
  return std::abs(actual - expected) / std::abs(expected);
}

constexpr double infinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("lgamma, digamma and trigamma match mpmath to 1e-14") {
  // mp.log(abs(mp.gamma(x)))
  CHECK(relative_error(special::lgamma(0.5), 0.57236494292470009) < 1e-14);
  CHECK(relative_error(special::lgamma(1e-8), 18.420680738180209) < 1e-14);
  CHECK(relative_error(special::lgamma(3.7), 1.4280723266653881) < 1e-14);
  CHECK(relative_error(special::lgamma(1e6), 12815504.569147612) < 1e-14);
  CHECK(relative_error(special::lgamma(-2.5), -0.056243716497674051) < 1e-13);
  // mp.digamma(x)
  CHECK(relative_error(special::digamma(1.0), -0.57721566490153286) < 1e-14);
  CHECK(relative_error(special::digamma(0.1), -10.423754940411076) < 1e-14);
  CHECK(relative_error(special::digamma(30.5), 3.4012436689616611) < 1e-14);
  CHECK(relative_error(special::digamma(-2.5), 1.1031566406452432) < 1e-13);
  // mp.psi(1, x)
  CHECK(relative_error(special::trigamma(1.0), 1.6449340668482264) < 1e-14);
  CHECK(relative_error(special::trigamma(0.01), 10001.621213528313) < 1e-14);
  CHECK(relative_error(special::trigamma(50.0), 0.020201333226697126) < 1e-14);
}

TEST_CASE("lbeta matches mpmath, also when one argument dwarfs the other") {
  // mp.log(mp.beta(a, b))
  CHECK(relative_error(special::lbeta(0.5, 0.5), 1.1447298858494002) < 1e-14);
  CHECK(relative_error(special::lbeta(1e10, 0.5), -10.940560522033028) < 1e-13);
  CHECK(relative_error(special::lbeta(0.5, 1e10), -10.940560522033028) < 1e-13);
  CHECK(relative_error(special::lbeta(3.0, 4.0), -4.0943445622221007) < 1e-14);
  CHECK(relative_error(special::lbeta(1e-5, 2.0), 11.512915465020228) < 1e-14);
  CHECK(relative_error(special::lbeta(600.0, 700.0), -899.21119168072159) < 1e-14);
}

TEST_CASE("log incomplete gamma and beta functions match mpmath") {
  // mp.log(mp.gammainc(a, 0, x, regularized=True)) and (a, x, mp.inf)
  CHECK(relative_error(special::log_gamma_p(2.5, 1.0), -1.8914364076182329) < 1e-14);
  CHECK(relative_error(special::log_gamma_p(0.5, 1e-10), -11.392143227368317) < 1e-14);
  CHECK(relative_error(special::log_gamma_q(2.5, 30.0), -25.133315903506488) < 1e-14);
  CHECK(relative_error(special::log_gamma_q(3.0, 0.5), -0.014492184218299192) < 1e-13);
  // mp.log(mp.betainc(a, b, 0, x, regularized=True)) and (a, b, x, 1)
  CHECK(relative_error(special::log_ibeta(2.0, 3.0, 0.4), -0.64473804135225769) < 1e-14);
  CHECK(relative_error(special::log_ibeta(0.5, 0.5, 1e-12), -14.267093263253562) < 1e-14);
  CHECK(relative_error(special::log_ibetac(2.0, 3.0, 0.999), -19.337721757217222) < 1e-13);
  CHECK(relative_error(special::log_ibetac(2.0, 3.0, 0.4), -0.74401951093370196) < 1e-14);
}

TEST_CASE("log1pexp and log1mexp are accurate at both ends") {
  // mp.log(1 + mp.exp(x)); e^-800 underflows, so the double answer is 0.
  CHECK(special::log1pexp(-800.0) == 0.0);
  CHECK(relative_error(special::log1pexp(-20.0), 2.0611536203143807e-9) < 1e-14);
  CHECK(relative_error(special::log1pexp(0.0), 0.69314718055994531) < 1e-15);
  CHECK(relative_error(special::log1pexp(20.0), 20.000000002061154) < 1e-15);
  CHECK(special::log1pexp(800.0) == 800.0);
  // mp.log(1 - mp.exp(x))
  CHECK(relative_error(special::log1mexp(-1e-20), -46.051701859880914) < 1e-14);
  CHECK(relative_error(special::log1mexp(-0.1), -2.3521684610440908) < 1e-14);
  CHECK(relative_error(special::log1mexp(-1.0), -0.45867514538708189) < 1e-14);
  CHECK(relative_error(special::log1mexp(-50.0), -1.9287498479639178e-22) < 1e-14);
  CHECK(special::log1mexp(0.0) == -infinity);
  CHECK(std::isnan(special::log1mexp(0.5)));
}

TEST_CASE("scaled Bessel functions match mpmath on both sides of the switch to the asymptotic series") {
  // mp.exp(-abs(x)) * mp.besseli(0, x)
  CHECK(special::modified_bessel_i0e(0.0) == 1.0);
  CHECK(relative_error(special::modified_bessel_i0e(0.5), 0.64503527044915007) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i0e(30.0), 0.073145946482237294) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i0e(499.9), 0.01784749223287739) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i0e(500.1), 0.017843921303337004) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i0e(1e4), 0.0039894726746047321) < 1e-14);
  // mp.exp(-abs(x)) * mp.besseli(1, x)
  CHECK(relative_error(special::modified_bessel_i1e(0.5), 0.1564208031848717) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i1e(-30.0), -0.071916330598647555) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i1e(499.9), 0.017829632225201081) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i1e(600.0), 0.016276565868339667) < 1e-14);
  CHECK(relative_error(special::modified_bessel_i1e(1e6), 0.00039894213079803078) < 1e-14);
  // mp.log(mp.besseli(0, x)); I0(700) and I0(1e5) overflow a double.
  CHECK(relative_error(special::log_modified_bessel_i0(1e-9), 2.5000000000000003e-19) < 1e-14);
  CHECK(relative_error(special::log_modified_bessel_i0(1e-3), 2.4999998437500175e-7) < 1e-14);
  CHECK(relative_error(special::log_modified_bessel_i0(0.7), 0.11894060391060185) < 1e-14);
  CHECK(relative_error(special::log_modified_bessel_i0(-1.0), 0.23591435850717865) < 1e-14);
  CHECK(relative_error(special::log_modified_bessel_i0(5.0), 3.3046817758225334) < 1e-14);
  CHECK(relative_error(special::log_modified_bessel_i0(700.0), 695.80569999844345) < 1e-15);
  CHECK(relative_error(special::log_modified_bessel_i0(1e5), 99993.324599984316) < 1e-15);
}

TEST_CASE("erf, erfc and log_ndtr match mpmath, log_ndtr far into the lower tail") {
  // mp.erf(x), mp.erfc(x)
  CHECK(relative_error(special::erf(0.3), 0.32862675945912742) < 1e-15);
  CHECK(relative_error(special::erf(-2.0), -0.99532226501895273) < 1e-15);
  CHECK(relative_error(special::erfc(5.0), 1.5374597944280349e-12) < 1e-14);
  CHECK(relative_error(special::erfc(-1.0), 1.8427007929497149) < 1e-15);
  // mp.log(mp.ncdf(x)); -20 is where the asymptotic series takes over.
  CHECK(relative_error(special::log_ndtr(3.0), -0.0013508099647481938) < 1e-14);
  CHECK(relative_error(special::log_ndtr(0.0), -0.69314718055994531) < 1e-15);
  CHECK(relative_error(special::log_ndtr(-0.5), -1.1759117615936186) < 1e-14);
  CHECK(relative_error(special::log_ndtr(-5.0), -15.064998393988726) < 1e-14);
  CHECK(relative_error(special::log_ndtr(-19.9), -201.9171677073326) < 1e-14);
  CHECK(relative_error(special::log_ndtr(-20.1), -205.92711840194825) < 1e-14);
  CHECK(relative_error(special::log_ndtr(-40.0), -804.60844201375379) < 1e-14);
  CHECK(relative_error(special::log_ndtr(-1e5), -5000000012.431864) < 1e-15);
}

TEST_CASE("domain errors return NaN instead of throwing, and lgamma's poles are +inf") {
  CHECK(special::lgamma(0.0) == infinity);
  CHECK(special::lgamma(-3.0) == infinity);
  CHECK(std::isnan(special::lgamma(std::nan(""))));
  CHECK(std::isnan(special::digamma(-2.0)));
  CHECK(std::isnan(special::lbeta(-1.0, 2.0)));
  CHECK(std::isnan(special::log_gamma_p(-1.0, 2.0)));
  CHECK(std::isnan(special::log_ibeta(2.0, 3.0, 1.5)));
  CHECK(std::isnan(special::modified_bessel_i0e(std::nan(""))));
  CHECK(special::log_gamma_q(2.0, 0.0) == 0.0);
}
