// cdf, log_cdf, log_survival, icdf and inverse_survival of the univariate
// families that have them: values in both tails against mpmath at 40 digits
// (mpmath 1.3.0, from each family's closed-form CDF: ncdf, atan, exp, erf,
// erfc, erfinv), round trips, and finite-difference gradients in the value
// and every parameter.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <memory>

#include "../ad/gradient_check.h"
#include "dist/beta.h"
#include "dist/cauchy.h"
#include "dist/chi2.h"
#include "dist/exponential.h"
#include "dist/factory.h"
#include "dist/gamma.h"
#include "dist/gumbel.h"
#include "dist/half_cauchy.h"
#include "dist/half_normal.h"
#include "dist/inverse_gamma.h"
#include "dist/laplace.h"
#include "dist/log_normal.h"
#include "dist/logistic.h"
#include "dist/normal.h"
#include "dist/poisson.h"
#include "dist/skew_normal.h"
#include "dist/student_t.h"
#include "dist/uniform.h"
#include "dist/von_mises.h"
#include "dist/weibull.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;

namespace {

using Make = std::function<dist::DistributionPtr(ad::Tape&)>;
enum class Method { Cdf, LogCdf, LogSurvival, Icdf, InverseSurvival };

double at(const Make& make, Method method, double x) {
  ad::Tape tape;
  const dist::DistributionPtr d = make(tape);
  const ad::Var v = tape.constant(x);
  switch (method) {
    case Method::Cdf:
      return d->cdf(v).item();
    case Method::LogCdf:
      return d->log_cdf(v).item();
    case Method::LogSurvival:
      return d->log_survival(v).item();
    case Method::Icdf:
      return d->icdf(v).item();
    case Method::InverseSurvival:
      return d->inverse_survival(v).item();
  }
  return 0;
}

template <class D>
Make two(double a, double b) {
  return [=](ad::Tape& t) { return std::make_shared<D>(t.constant(a), t.constant(b)); };
}
template <class D>
Make one(double a) {
  return [=](ad::Tape& t) { return std::make_shared<D>(t.constant(a)); };
}

void check(const Make& make, Method method, double x, double expected, double tolerance = 1e-13) {
  CAPTURE(x);
  CHECK(at(make, method, x) == doctest::Approx(expected).epsilon(tolerance));
}

}  // namespace

TEST_CASE("Normal's CDF family, tails included") {
  const Make d = two<dist::Normal>(1.0, 2.0);
  check(d, Method::Cdf, 2.5, 0.7733726476231318);
  check(d, Method::LogCdf, -20.0, -58.404187061073243);
  check(d, Method::LogSurvival, 25.0, -75.410673001568796);
  check(d, Method::Icdf, 0.3, -0.048801025416081568, 1e-12);
  check(d, Method::InverseSurvival, 1e-30, 23.928049376886755);
}

TEST_CASE("LogNormal's CDF is 0 at and below 0") {
  const Make d = two<dist::LogNormal>(0.5, 0.8);
  check(d, Method::Cdf, 2.0, 0.59539060867921497);
  check(d, Method::LogSurvival, 100.0, -15.755193102325547);
  check(d, Method::Icdf, 0.9, 4.5962522926208071);
  CHECK(at(d, Method::Cdf, 0.0) == 0.0);
  CHECK(at(d, Method::Cdf, -3.0) == 0.0);
  CHECK(at(d, Method::LogSurvival, -3.0) == 0.0);
  CHECK(at(d, Method::LogCdf, -3.0) == -INFINITY);
}

TEST_CASE("Cauchy's tails keep their digits on both sides") {
  const Make d = two<dist::Cauchy>(1.0, 2.0);
  check(d, Method::Cdf, 0.0, 0.35241638234956673);
  check(d, Method::LogCdf, -1e6, -14.267094263254562, 1e-12);
  check(d, Method::LogSurvival, 1e6, -14.267092263254562, 1e-12);
  check(d, Method::Icdf, 0.9, 7.1553670743505068);
}

TEST_CASE("Laplace, Logistic and Gumbel against their closed forms") {
  const Make laplace = two<dist::Laplace>(1.0, 2.0);
  check(laplace, Method::Cdf, 0.0, 0.30326532985631671);
  check(laplace, Method::Cdf, 4.0, 0.88843491992578509);
  check(laplace, Method::LogSurvival, 80.0, -40.193147180559945);
  check(laplace, Method::Icdf, 0.9, 4.2188758248682007);
  check(laplace, Method::Icdf, 0.2, -0.83258146374831013);
  const Make logistic = two<dist::Logistic>(1.0, 2.0);
  check(logistic, Method::Cdf, 0.0, 0.37754066879814544);
  check(logistic, Method::LogCdf, -100.0, -50.5);
  check(logistic, Method::LogSurvival, 100.0, -49.5);
  check(logistic, Method::Icdf, 0.9, 5.3944491546724388);
  const Make gumbel = two<dist::Gumbel>(1.0, 2.0);
  check(gumbel, Method::Cdf, 0.0, 0.19229564554796493);
  check(gumbel, Method::LogSurvival, 60.0, -29.500000000000077);
  check(gumbel, Method::Icdf, 0.9, 5.5007346546248906);
}

TEST_CASE("positive families: Exponential, HalfNormal, HalfCauchy, Weibull") {
  const Make exponential = one<dist::Exponential>(1.5);
  check(exponential, Method::Cdf, 0.7, 0.65006225088884465);
  check(exponential, Method::LogCdf, 1e-8, -18.015215643344201);
  check(exponential, Method::Icdf, 0.9, 1.5350567286626971);
  CHECK(at(exponential, Method::Cdf, -1.0) == 0.0);
  const Make half_normal = one<dist::HalfNormal>(2.0);
  check(half_normal, Method::Cdf, 1.5, 0.5467452952462636);
  check(half_normal, Method::LogSurvival, 30.0, -115.43823766515175);
  check(half_normal, Method::Icdf, 0.9, 3.2897072539029454, 1e-12);
  const Make half_cauchy = one<dist::HalfCauchy>(2.0);
  check(half_cauchy, Method::Cdf, 1.5, 0.4096655293982669);
  check(half_cauchy, Method::LogSurvival, 1e6, -13.573946082695117, 1e-12);
  check(half_cauchy, Method::Icdf, 0.9, 12.627503029350086, 1e-12);
  const Make weibull = two<dist::Weibull>(2.0, 1.5);
  check(weibull, Method::Cdf, 1.5, 0.47770308641745852);
  check(weibull, Method::LogSurvival, 10.0, -11.180339887498948);
  check(weibull, Method::Icdf, 0.9, 3.4874430271928232);
}

TEST_CASE("Uniform's CDF is clipped to [0, 1]") {
  const Make d = two<dist::Uniform>(-1.0, 3.0);
  check(d, Method::Cdf, 0.5, 0.375);
  CHECK(at(d, Method::Cdf, -2.0) == 0.0);
  CHECK(at(d, Method::Cdf, 5.0) == 1.0);
  check(d, Method::Icdf, 0.375, 0.5);
}

TEST_CASE("icdf inverts cdf and inverse_survival inverts the survival function") {
  const std::vector<Make> families{two<dist::Normal>(1.0, 2.0),   two<dist::LogNormal>(0.5, 0.8),
                                   two<dist::Cauchy>(1.0, 2.0),   two<dist::Laplace>(1.0, 2.0),
                                   two<dist::Logistic>(1.0, 2.0), two<dist::Gumbel>(1.0, 2.0),
                                   one<dist::Exponential>(1.5),   one<dist::HalfNormal>(2.0),
                                   one<dist::HalfCauchy>(2.0),    two<dist::Weibull>(2.0, 1.5),
                                   two<dist::Gamma>(2.5, 1.5),    two<dist::InverseGamma>(3.0, 2.0),
                                   one<dist::Chi2>(3.0),          two<dist::Beta>(2.5, 0.7),
                                   [](ad::Tape& t) {
                                     return std::make_shared<dist::StudentT>(
                                         t.constant(4.0), t.constant(1.0), t.constant(2.0));
                                   }};
  for (const Make& make : families) {
    for (double q : {0.01, 0.3, 0.5, 0.8, 0.999}) {
      ad::Tape tape;
      const dist::DistributionPtr d = make(tape);
      CAPTURE(d->name());
      CAPTURE(q);
      const ad::Var x = d->icdf(tape.constant(q));
      CHECK(d->cdf(x).item() == doctest::Approx(q).epsilon(1e-12));
      const ad::Var y = d->inverse_survival(tape.constant(q));
      CHECK(std::exp(d->log_survival(y).item()) == doctest::Approx(q).epsilon(1e-12));
    }
  }
}

TEST_CASE("CDF gradients match finite differences in the value and the parameters") {
  using Build = std::function<dist::DistributionPtr(std::span<const ad::Var>)>;
  struct Case {
    Build build;
    double value_scale;  // values are value_scale * exp(raw) (positive) or 2 * raw
    bool positive_support;
  };
  const std::vector<Case> cases{
      {[](auto p) { return std::make_shared<dist::Normal>(p[1], ad::exp(p[2])); }, 2, false},
      {[](auto p) { return std::make_shared<dist::Cauchy>(p[1], ad::exp(p[2])); }, 2, false},
      {[](auto p) { return std::make_shared<dist::Laplace>(p[1], ad::exp(p[2])); }, 2, false},
      {[](auto p) { return std::make_shared<dist::Logistic>(p[1], ad::exp(p[2])); }, 2, false},
      {[](auto p) { return std::make_shared<dist::Gumbel>(p[1], ad::exp(p[2])); }, 2, false},
      {[](auto p) { return std::make_shared<dist::LogNormal>(p[1], ad::exp(p[2])); }, 1, true},
      {[](auto p) { return std::make_shared<dist::Weibull>(ad::exp(p[1]), ad::exp(p[2])); }, 1,
       true},
      {[](auto p) { return std::make_shared<dist::Exponential>(ad::exp(p[1])); }, 1, true},
      {[](auto p) { return std::make_shared<dist::HalfNormal>(ad::exp(p[1])); }, 1, true},
      {[](auto p) { return std::make_shared<dist::HalfCauchy>(ad::exp(p[1])); }, 1, true},
  };
  const std::vector<Array> inputs{random_array({4}, -1, 1, 41), random_array({4}, -1, 1, 42),
                                  random_array({}, -0.5, 0.5, 43)};
  for (const Case& c : cases) {
    const auto value = [&](ad::Var raw) {
      return c.positive_support ? c.value_scale * ad::exp(raw) : c.value_scale * raw;
    };
    check_gradient([&](auto v) { return c.build(v)->cdf(value(v[0])); }, inputs);
    check_gradient([&](auto v) { return c.build(v)->log_cdf(value(v[0])); }, inputs);
    check_gradient([&](auto v) { return c.build(v)->log_survival(value(v[0])); }, inputs);
    check_gradient([&](auto v) { return c.build(v)->icdf(ad::sigmoid(v[0])); }, inputs);
    check_gradient([&](auto v) { return c.build(v)->inverse_survival(ad::sigmoid(v[0])); }, inputs);
  }
}

// mpmath's regularized gammainc at 40 digits.
TEST_CASE("the Gamma family's and the Poisson's CDFs through the incomplete gamma functions") {
  const Make gamma = two<dist::Gamma>(2.5, 1.5);
  check(gamma, Method::Cdf, 1.2, 0.39168670791853128);
  check(gamma, Method::LogSurvival, 20.0, -25.133315903506488, 1e-12);
  CHECK(at(gamma, Method::Cdf, -1.0) == 0.0);
  const Make chi2 = one<dist::Chi2>(3.0);
  check(chi2, Method::Cdf, 2.0, 0.42759329552912017);
  check(chi2, Method::LogCdf, 0.01, -8.2351580630252492, 1e-12);
  const Make inverse_gamma = two<dist::InverseGamma>(3.0, 2.0);
  check(inverse_gamma, Method::Cdf, 0.5, 0.23810330555354434);
  check(inverse_gamma, Method::LogSurvival, 50.0, -11.478356877152278, 1e-12);
  CHECK(at(inverse_gamma, Method::Cdf, -0.5) == 0.0);
  const Make poisson = one<dist::Poisson>(3.5);
  check(poisson, Method::Cdf, 2.0, 0.32084719886213407);
  check(poisson, Method::Cdf, 2.7, 0.32084719886213407);
  check(poisson, Method::LogCdf, 0.0, -3.5);
  check(poisson, Method::LogSurvival, 15.0, -13.900648204312927, 1e-12);
  CHECK(at(poisson, Method::Cdf, -1.0) == 0.0);
}

TEST_CASE("the incomplete-gamma CDFs are differentiable in the value and the rate, not the shape") {
  using ad::testing::random_array;
  const std::vector<Array> inputs{random_array({4}, -1, 1, 61), random_array({}, -0.5, 0.5, 62)};
  check_gradient(
      [](auto v) {
        return dist::Gamma(v[1].tape().constant(2.5), ad::exp(v[1])).log_cdf(ad::exp(v[0]));
      },
      inputs);
  check_gradient(
      [](auto v) {
        return dist::Gamma(v[1].tape().constant(2.5), ad::exp(v[1])).log_survival(ad::exp(v[0]));
      },
      inputs);
  check_gradient(
      [](auto v) {
        return dist::InverseGamma(v[1].tape().constant(3.0), ad::exp(v[1])).cdf(ad::exp(v[0]));
      },
      inputs);
  check_gradient(
      [](auto v) { return dist::Chi2(v[1].tape().constant(3.0)).log_cdf(ad::exp(v[0])); }, inputs);
  check_gradient(
      [](auto v) {
        return dist::Poisson(ad::exp(v[1]) * 3.0)
            .log_cdf(v[1].tape().constant(Array::vector({0, 2, 5, 9})));
      },
      inputs);
  ad::Tape tape;
  const ad::Var concentration = tape.leaf(Array(2.0));
  CHECK_THROWS_WITH_AS(
      dist::Gamma(concentration, tape.constant(1.0)).cdf(tape.constant(1.0)),
      doctest::Contains(
          "Gamma: its CDF is differentiable in the value and the scale, not in concentration"),
      dist::ArgumentError);
}

// mpmath: 1/2 I_{df / (df + z^2)}(df / 2, 1/2) below 0, its complement above.
TEST_CASE("StudentT's CDF through Boost's students_t, both tails and at loc") {
  ad::Tape tape;
  dist::StudentT d(tape.constant(3.0), tape.constant(1.0), tape.constant(2.0));
  CHECK(d.cdf(tape.constant(2.5)).item() == doctest::Approx(0.74614271028793289).epsilon(1e-13));
  CHECK(d.log_cdf(tape.constant(-100.0)).item() ==
        doctest::Approx(-11.669607413864496).epsilon(1e-12));
  CHECK(d.log_survival(tape.constant(100.0)).item() ==
        doctest::Approx(-11.60966296013931).epsilon(1e-12));
  CHECK(d.cdf(tape.constant(1.0)).item() == doctest::Approx(0.5).epsilon(1e-15));
  using ad::testing::random_array;
  // Values around loc included: the derivative there is the density, finite.
  check_gradient(
      [](auto v) {
        return dist::StudentT(v[0].tape().constant(3.0), v[1], ad::exp(v[2]))
            .log_cdf(v[1] + 3.0 * v[0]);
      },
      {random_array({4}, -1, 1, 63), random_array({}, -0.5, 0.5, 64),
       random_array({}, -0.5, 0.5, 65)});
  check_gradient(
      [](auto v) {
        return dist::StudentT(v[0].tape().constant(4.0), v[1], ad::exp(v[2])).log_survival(v[0]);
      },
      {random_array({4}, -3, 3, 66), random_array({}, -0.5, 0.5, 67),
       random_array({}, -0.5, 0.5, 68)});
  const ad::Var df = tape.leaf(Array(3.0));
  CHECK_THROWS_WITH_AS(
      dist::StudentT(df, tape.constant(0.0), tape.constant(1.0)).cdf(tape.constant(1.0)),
      doctest::Contains(
          "StudentT: its CDF is differentiable in the value, loc and scale, not in df"),
      dist::ArgumentError);
}

TEST_CASE("a family without a CDF says so by name") {
  ad::Tape tape;
  dist::VonMises d(tape.constant(0.0), tape.constant(1.0));
  CHECK_THROWS_WITH_AS(d.cdf(tape.constant(0.5)),
                       "VonMises has no cdf: ppl does not have its CDF yet", dist::ArgumentError);
}

namespace {
dist::DistributionPtr by_name(ad::Tape& tape, const std::string& name, std::vector<double> numbers) {
  dist::Arguments a(numbers.size());
  for (size_t i = 0; i < numbers.size(); ++i) a[i].number = tape.constant(numbers[i]);
  return dist::make_distribution(name, a);
}
Make named(const std::string& name, std::vector<double> numbers) {
  return [=](ad::Tape& t) { return by_name(t, name, numbers); };
}
}  // namespace

// mpmath's regularized betainc, and sums of the mass functions, at 40 digits.
TEST_CASE("the Beta family's and the binomial counts' CDFs through the incomplete beta function") {
  const Make beta = two<dist::Beta>(2.5, 1.5);
  check(beta, Method::Cdf, 0.3, 0.088943723170665599);
  check(beta, Method::LogSurvival, 0.999, -9.1401394345542486, 1e-12);
  check(beta, Method::LogCdf, 0.001, -16.55817736908465, 1e-12);
  CHECK(at(beta, Method::Cdf, -0.5) == 0.0);
  CHECK(at(beta, Method::Cdf, 1.5) == 1.0);
  const Make binomial = named("Binomial", {10.0, 0.3});
  check(binomial, Method::Cdf, 3.0, 0.6496107184);
  check(binomial, Method::Cdf, 3.9, 0.6496107184);
  check(binomial, Method::LogSurvival, 8.0, -8.8478808907790785, 1e-12);
  CHECK(at(binomial, Method::Cdf, 10.0) == 1.0);
  CHECK(at(binomial, Method::Cdf, 12.0) == 1.0);
  CHECK(at(binomial, Method::Cdf, -1.0) == 0.0);
  // The logits parameterization, logit(0.3).
  const Make by_logits = [](ad::Tape& t) {
    dist::Arguments a(3);
    a[0].number = t.constant(10.0);
    a[2].number = t.constant(std::log(0.3 / 0.7));
    return dist::make_distribution("Binomial", a);
  };
  check(by_logits, Method::Cdf, 3.0, 0.6496107184, 1e-12);
  const Make negative_binomial = named("NegativeBinomial", {3.5, 0.4});
  check(negative_binomial, Method::Cdf, 4.0, 0.86745036053146926);
  check(negative_binomial, Method::LogSurvival, 30.0, -22.109017061030793, 1e-11);
  check(named("GammaPoisson", {3.5, 1.5}), Method::Cdf, 2.0, 0.6123651428355471);
  check(named("NegativeBinomial2", {4.0, 2.5}), Method::Cdf, 3.0, 0.52518659688186781);
  check(named("Geometric", {0.2}), Method::Cdf, 4.0, 0.67232);
  check(named("Geometric", {0.2}), Method::LogSurvival, 4.0, 5 * std::log(0.8));
  check(named("DiscreteUniform", {2.0, 6.0}), Method::Cdf, 4.0, 0.6);
  CHECK(at(named("DiscreteUniform", {2.0, 6.0}), Method::Cdf, 1.0) == 0.0);
  CHECK(at(named("DiscreteUniform", {2.0, 6.0}), Method::Cdf, 9.0) == 1.0);
  // Zero-inflated counts: gate + (1 - gate) F_base(k).
  check(named("ZeroInflatedPoisson", {0.3, 2.5}), Method::Cdf, 2.0, 0.68066918111833063);
  check(named("ZeroInflatedPoisson", {0.3, 2.5}), Method::LogSurvival, 2.0, -1.1415276637761405,
        1e-12);
  CHECK(at(named("ZeroInflatedPoisson", {0.3, 2.5}), Method::Cdf, -1.0) == 0.0);
}

TEST_CASE("the incomplete-beta CDFs are differentiable in the value and the probability") {
  const std::vector<Array> inputs{random_array({4}, -1, 1, 71), random_array({}, -0.5, 0.5, 72)};
  check_gradient(
      [](auto v) {
        return dist::Beta(v[1].tape().constant(2.5), v[1].tape().constant(1.5))
            .log_cdf(ad::sigmoid(v[0] + v[1]));
      },
      inputs);
  for (const char* family : {"Binomial", "NegativeBinomial"}) {
    CAPTURE(family);
    check_gradient(
        [family](auto v) {
          ad::Tape& tape = v[1].tape();
          dist::Arguments a(2);
          a[0].number = tape.constant(7.0);
          a[1].number = ad::sigmoid(v[1]);
          const auto d = dist::make_distribution(family, a);
          const ad::Var k = tape.constant(Array::vector({0, 2, 5, 6}));
          return d->log_cdf(k) + d->log_survival(k);
        },
        inputs);
  }
  check_gradient(
      [](auto v) {
        dist::Arguments a(2);
        a[0].number = ad::exp(v[1]) * 4.0;
        a[1].number = v[1].tape().constant(2.5);
        return dist::make_distribution("NegativeBinomial2", a)
            ->log_cdf(v[1].tape().constant(Array::vector({0, 3, 9})));
      },
      inputs);
  ad::Tape tape;
  const ad::Var concentration = tape.leaf(Array(2.5));
  CHECK_THROWS_WITH_AS(
      dist::Beta(concentration, tape.constant(1.5)).cdf(tape.constant(0.4)),
      doctest::Contains("Beta: its CDF is not differentiable in concentration1 and concentration0"),
      dist::ArgumentError);
}

// mpmath quadrature of the skew-normal density, 30 digits.
TEST_CASE("SkewNormal's CDF through Owen's T, differentiable in the value and every parameter") {
  const auto skew = [](double loc, double scale, double alpha) -> Make {
    return [=](ad::Tape& t) {
      return std::make_shared<dist::SkewNormal>(t.constant(loc), t.constant(scale),
                                                t.constant(alpha));
    };
  };
  check(skew(1.0, 2.0, 4.0), Method::Cdf, 0.5, 0.015495937153321235, 1e-11);
  check(skew(1.0, 2.0, 4.0), Method::LogSurvival, 0.5, -0.015617254099203154, 1e-11);
  check(skew(0.0, 1.0, -3.0), Method::Cdf, 1.5, 0.99999994564100171, 1e-12);
  check(skew(0.0, 1.0, -3.0), Method::LogSurvival, 1.5, -16.727655675168461, 1e-6);
  check(skew(1.0, 2.0, 4.0), Method::LogSurvival, 9.0, -9.6669543059673455, 1e-8);
  const std::vector<Array> inputs{random_array({4}, -1, 1, 81), random_array({}, -0.5, 0.5, 82),
                                  random_array({}, -0.5, 0.5, 83), random_array({}, -2, 2, 84)};
  const auto build = [](auto v) {
    return dist::SkewNormal(v[1], ad::exp(v[2]), v[3]);
  };
  check_gradient([&](auto v) { return build(v).cdf(2.0 * v[0]); }, inputs);
  check_gradient([&](auto v) { return build(v).log_cdf(2.0 * v[0]); }, inputs);
  check_gradient([&](auto v) { return build(v).log_survival(2.0 * v[0]); }, inputs);
}

TEST_CASE("quantiles through Boost's inverses are differentiable in q and the scale parameters") {
  const std::vector<Array> inputs{random_array({3}, -2, 2, 91), random_array({}, -0.5, 0.5, 92)};
  using Build = std::function<dist::DistributionPtr(std::span<const ad::Var>)>;
  const std::vector<Build> builds{
      [](auto v) {
        return std::make_shared<dist::Gamma>(v[1].tape().constant(2.5), ad::exp(v[1]));
      },
      [](auto v) {
        return std::make_shared<dist::InverseGamma>(v[1].tape().constant(3.0), ad::exp(v[1]));
      },
      [](auto v) { return std::make_shared<dist::Chi2>(v[1].tape().constant(3.0)); },
      [](auto v) {
        return std::make_shared<dist::Beta>(v[1].tape().constant(2.5), v[1].tape().constant(0.7));
      },
      [](auto v) {
        return std::make_shared<dist::StudentT>(v[1].tape().constant(4.0), v[1], ad::exp(v[1]));
      }};
  for (const Build& build : builds) {
    check_gradient([&](auto v) { return build(v)->icdf(ad::sigmoid(v[0])); }, inputs);
    check_gradient([&](auto v) { return build(v)->inverse_survival(ad::sigmoid(v[0])); }, inputs);
  }
  // mpmath: the Gamma(2.5, rate 1.5) median and StudentT(4) 0.975 quantile.
  check(two<dist::Gamma>(2.5, 1.5), Method::Icdf, 0.5, 1.4504867303651758, 1e-12);
  check([](ad::Tape& t) {
    return std::make_shared<dist::StudentT>(t.constant(4.0), t.constant(0.0), t.constant(1.0));
  }, Method::Icdf, 0.975, 2.7764451051977944, 1e-12);
}

TEST_CASE("count CDFs: lanes a where drops give no NaN to the gradient; a NaN count gives NaN") {
  ad::Tape tape;
  const ad::Var probs = tape.leaf(Array(1e-4));
  dist::Arguments a(2);
  a[0].number = tape.constant(100.0);
  a[1].number = probs;
  const auto binomial = dist::make_distribution("Binomial", a);
  // At k = 100 = n the survival is 0 (log -inf); only k = 3 is used.
  const ad::Var tails = binomial->log_survival(tape.constant(Array::vector({3.0, 100.0})));
  CHECK(tails.value().values()[1] == -INFINITY);
  tape.backward(ad::index(tails, 0));
  CHECK(std::isfinite(tape.adjoint(probs).item()));
  CHECK(std::isnan(binomial->log_cdf(tape.constant(NAN)).item()));
  CHECK(std::isnan(at(named("NegativeBinomial", {3.5, 0.4}), Method::Cdf, NAN)));
}

// Sums of the mass in mpmath at 40 digits.
TEST_CASE("BetaBinomial's CDFs sum the mass on their own side, differentiable in both concentrations") {
  const Make small = named("BetaBinomial", {2.5, 1.5, 10.0});
  check(small, Method::Cdf, 3.0, 0.16690826416015625, 1e-13);
  check(small, Method::Cdf, 3.7, 0.16690826416015625, 1e-13);
  check(small, Method::LogSurvival, 8.0, -1.4759420448088692, 1e-13);
  CHECK(at(small, Method::Cdf, -1.0) == 0.0);
  CHECK(at(small, Method::Cdf, 10.0) == 1.0);
  CHECK(at(small, Method::LogSurvival, 10.0) == -INFINITY);
  CHECK(at(small, Method::LogSurvival, -2.0) == 0.0);
  CHECK(std::isnan(at(small, Method::Cdf, NAN)));
  const Make skewed = named("BetaBinomial", {0.5, 40.0, 200.0});
  check(skewed, Method::LogSurvival, 150.0, -48.886326263989162, 1e-12);
  check(skewed, Method::LogCdf, 0.0, -0.89848382029249565, 1e-13);
  const std::vector<Array> inputs{random_array({}, -0.5, 0.5, 101), random_array({}, -0.5, 0.5, 102)};
  for (bool upper : {false, true}) {
    CAPTURE(upper);
    check_gradient(
        [upper](auto v) {
          ad::Tape& tape = v[0].tape();
          dist::Arguments a(3);
          a[0].number = ad::exp(v[0]) * 2.0;
          a[1].number = ad::exp(v[1]) * 3.0;
          a[2].number = tape.constant(12.0);
          const auto d = dist::make_distribution("BetaBinomial", a);
          const ad::Var k = tape.constant(Array::vector({-1.0, 0.0, 4.0, 11.0, 12.0}));
          const ad::Var tails = upper ? d->log_survival(k) : d->log_cdf(k);
          // The lanes at -inf or 0 exactly carry no gradient; keep the finite ones.
          return upper ? ad::sum(ad::slice(tails, std::vector<SliceRange>{{0, 4}}))
                       : ad::sum(ad::slice(tails, std::vector<SliceRange>{{1, 5}}));
        },
        inputs);
  }
}

// Below 1e-308 the incomplete beta function comes from its continued
// fraction in logs. References: (1 - p)^r in closed form, and mpmath at 40
// digits (the binomial tail summed term by term; I_x(2, 3) = 6x^2 - 8x^3 + 3x^4).
TEST_CASE("incomplete-beta CDFs keep their logarithm where the probability underflows") {
  ad::Tape tape;
  const ad::Var probs = tape.leaf(Array(0.9));
  dist::Arguments a(2);
  a[0].number = tape.constant(1000.0);
  a[1].number = probs;
  const ad::Var at_zero = dist::make_distribution("NegativeBinomial", a)->log_cdf(tape.constant(0.0));
  CHECK(at_zero.item() == doctest::Approx(1000 * std::log(0.1)).epsilon(1e-13));
  tape.backward(at_zero);
  CHECK(tape.adjoint(probs).item() == doctest::Approx(-1000 / 0.1).epsilon(1e-9));
  check(named("Binomial", {100.0, 1e-4}), Method::LogSurvival, 20.0, -144.35655001630988, 1e-12);
  check(two<dist::Beta>(2.0, 3.0), Method::LogCdf, 1e-200, -919.24227772839022, 1e-13);
  check(two<dist::Beta>(2.0, 400.0), Method::LogSurvival, 0.9, -915.14515923928548, 1e-12);
}

TEST_CASE("SkewNormal's CDF is held at 0, never below, where its tail cancels") {
  const Make skew = [](ad::Tape& t) {
    return std::make_shared<dist::SkewNormal>(t.constant(0.0), t.constant(1.0), t.constant(1.0));
  };
  const double far = at(skew, Method::Cdf, -8.3);
  CHECK(far >= 0.0);
  CHECK(far < 1e-15);
  CHECK_FALSE(std::isnan(at(skew, Method::LogCdf, -8.3)));
}
