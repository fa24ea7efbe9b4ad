// Exponential, Gamma, InverseGamma, Weibull, Beta, Uniform, VonMises:
// reference log densities, gradients, draws, supports, argument checks.
#include <doctest/doctest.h>

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <functional>
#include <numbers>

#include "continuous_checks.h"
#include "core/special_functions.h"
#include "dist/beta.h"
#include "dist/dirichlet.h"
#include "dist/exponential.h"
#include "dist/gamma.h"
#include "dist/inverse_gamma.h"
#include "dist/student_t.h"
#include "dist/uniform.h"
#include "dist/von_mises.h"
#include "dist/weibull.h"

using namespace ppl;
using test::Family;
using test::Vars;

namespace {

Vars all_positive(std::span<const ad::Var> raw) {
  Vars out;
  for (const ad::Var& r : raw) out.push_back(ad::exp(r));
  return out;
}
ad::Var positive_value(ad::Var raw, std::span<const ad::Var>) { return ad::exp(2.0 * raw); }

template <class D>
Family two_positive(const std::string& name) {
  return {name, [](std::span<const ad::Var> p) -> dist::DistributionPtr {
            return std::make_shared<D>(p[0], p[1]);
          },
          all_positive, positive_value};
}

const Family exponential{"Exponential",
                         [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                           return std::make_shared<dist::Exponential>(p[0]);
                         },
                         all_positive, positive_value};
const Family gamma_family = two_positive<dist::Gamma>("Gamma");
const Family inverse_gamma = two_positive<dist::InverseGamma>("InverseGamma");
const Family weibull = two_positive<dist::Weibull>("Weibull");
const Family beta_family{"Beta",
                  [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                    return std::make_shared<dist::Beta>(p[0], p[1]);
                  },
                  all_positive,
                  [](ad::Var raw, std::span<const ad::Var>) { return ad::sigmoid(2.0 * raw); }};
// high = low + exp(raw), and the value strictly between them.
const Family uniform{"Uniform",
                     [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                       return std::make_shared<dist::Uniform>(p[0], p[1]);
                     },
                     [](std::span<const ad::Var> raw) -> Vars {
                       return {raw[0], raw[0] + ad::exp(raw[1])};
                     },
                     [](ad::Var raw, std::span<const ad::Var> p) {
                       return p[0] + (p[1] - p[0]) * ad::sigmoid(2.0 * raw);
                     }};
const Family von_mises{"VonMises",
                       [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                         return std::make_shared<dist::VonMises>(p[0], p[1]);
                       },
                       [](std::span<const ad::Var> raw) -> Vars { return {raw[0], ad::exp(raw[1])}; },
                       [](ad::Var raw, std::span<const ad::Var>) { return 3.0 * raw; }};

const std::vector<std::pair<const Family*, size_t>> families{
    {&exponential, 1}, {&gamma_family, 2}, {&inverse_gamma, 2}, {&weibull, 2},
    {&beta_family, 2},        {&uniform, 2}, {&von_mises, 2}};

}  // namespace

TEST_CASE("positive and bounded families: log_prob matches every reference value") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_reference_values(*family);
  }
}

TEST_CASE("positive and bounded families: log_prob gradients in the value and every parameter") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_log_prob_gradients(*family, n);
  }
}

TEST_CASE("positive and bounded families: log_prob_sum equals sum(log_prob), value and gradient") {
  using ad::testing::random_array;
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    std::vector<Array> parameters{random_array({3}, -1, 1, 31)};
    if (n == 2) parameters.push_back(random_array({2, 1}, -1, 1, 32));
    test::check_sum_matches(*family, parameters, random_array({2, 3}, -1, 1, 41));
  }
}

TEST_CASE("positive and bounded families: log_prob is -inf outside the support, not NaN") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  test::check_outside_support(dist::Exponential(c(2.0)), tape, {-1.0, -1e-300, -INFINITY});
  test::check_outside_support(dist::Gamma(c(0.5), c(2.0)), tape, {-1.0, -INFINITY});
  test::check_outside_support(dist::Gamma(c(1.0), c(2.0)), tape, {-1.0});
  test::check_outside_support(dist::InverseGamma(c(3.0), c(2.0)), tape, {0.0, -1.0});
  test::check_outside_support(dist::Weibull(c(1.0), c(1.0)), tape, {-1.0});
  test::check_outside_support(dist::Beta(c(2.0), c(5.0)), tape, {1.5, -0.1, 0.0, 1.0});
  test::check_outside_support(dist::Beta(c(1.0), c(1.0)), tape, {1.5, -0.1});
  test::check_outside_support(dist::Uniform(c(0.0), c(1.0)), tape, {-0.1, 1.1, INFINITY});
  test::check_outside_support(dist::VonMises(c(0.0), c(1.0)), tape, {4.0, -3.5});
  // At the edge of a support: the density's limit, through 0 log 0 = 0.
  CHECK(dist::Exponential(c(2.0)).log_prob(c(0.0)).item() == doctest::Approx(std::log(2.0)));
  CHECK(dist::Gamma(c(1.0), c(2.0)).log_prob(c(0.0)).item() == doctest::Approx(std::log(2.0)));
  CHECK(dist::Beta(c(1.0), c(1.0)).log_prob(c(0.0)).item() == 0.0);
  CHECK(dist::Beta(c(1.0), c(1.0)).log_prob(c(1.0)).item() == 0.0);
  CHECK(dist::Weibull(c(4.0), c(1.0)).log_prob(c(0.0)).item() == doctest::Approx(-std::log(4.0)));
  CHECK(dist::Uniform(c(0.0), c(4.0)).log_prob(c(4.0)).item() == doctest::Approx(-std::log(4.0)));
}

TEST_CASE("positive and bounded families: draws have the moments of mean() and variance()") {
  // 10^5 draws each; mean and variance within 5 standard errors (continuous_checks.h).
  test::check_sample_moments(exponential, {2.0});
  Array gamma_draws = test::check_sample_moments(gamma_family, {3.0, 2.0});
  test::check_sample_moments(inverse_gamma, {12.0, 3.0});
  Array weibull_draws = test::check_sample_moments(weibull, {2.0, 1.5});
  Array beta_draws = test::check_sample_moments(beta_family, {2.0, 5.0});
  test::check_sample_moments(uniform, {-1.0, 3.0});

  SUBCASE("and Kolmogorov-Smirnov tests against the exact CDFs") {
    test::check_kolmogorov_smirnov(gamma_draws, [](double x) {
      return std::exp(special::log_gamma_p(3.0, 2.0 * x));
    });
    test::check_kolmogorov_smirnov(beta_draws, [](double x) {
      return std::exp(special::log_ibeta(2.0, 5.0, x));
    });
    test::check_kolmogorov_smirnov(weibull_draws, [](double x) {
      return -std::expm1(-std::pow(x / 2.0, 1.5));
    });
  }
}

TEST_CASE("VonMises draws: circular mean loc and circular variance 1 - I1(k)/I0(k)") {
  ad::Tape tape;
  dist::VonMises d(tape.constant(2.5), tape.constant(2.0));
  Array draws = d.sample(RandomKey(12), Shape{100000}).value();
  const Eigen::ArrayXd& x = draws.values();
  CHECK(x.minCoeff() >= -std::numbers::pi);
  CHECK(x.maxCoeff() <= std::numbers::pi);
  // E cos(x - loc) = I1/I0 = 1 - variance(); E sin(x - loc) = 0. Within 5
  // standard errors of the draws' own spread.
  const Eigen::ArrayXd cosines = (x - 2.5).cos(), sines = (x - 2.5).sin();
  const double n = 1e5;
  const double cos_sd = std::sqrt((cosines - cosines.mean()).square().mean());
  const double sin_sd = std::sqrt(sines.square().mean());
  CHECK(std::abs(cosines.mean() - (1.0 - d.variance()->item())) < 5 * cos_sd / std::sqrt(n));
  CHECK(std::abs(sines.mean()) < 5 * sin_sd / std::sqrt(n));
  CHECK(d.variance()->item() ==
        doctest::Approx(1.0 - special::modified_bessel_i1e(2.0) / special::modified_bessel_i0e(2.0)));
  CHECK(d.mean()->item() == 2.5);
  CHECK(!d.has_rsample());
  CHECK(d.support().kind == dist::ConstraintKind::Circular);
  // The circular variance is differentiable in the concentration.
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::VonMises(in[0] * 0.0, ad::exp(in[0])).variance();
      },
      {ad::testing::random_array({4}, -3, 3, 5)});
}

TEST_CASE("Exponential, Weibull and Uniform draws are reparameterized") {
  const int n = 1000;
  {
    ad::Tape tape;
    ad::Var rate = tape.leaf(1.7);
    dist::Exponential d(rate);
    CHECK(d.has_rsample());
    ad::Var x = d.sample(RandomKey(1), Shape{n});
    CHECK(tape.gradient(ad::sum(x), {rate})[0].item() ==
          doctest::Approx(-x.value().values().sum() / 1.7));
  }
  {
    ad::Tape tape;
    ad::Var scale = tape.leaf(2.0), k = tape.leaf(1.5);
    dist::Weibull d(scale, k);
    CHECK(d.has_rsample());
    ad::Var x = d.sample(RandomKey(2), Shape{n});
    const Eigen::ArrayXd& v = x.value().values();
    auto g = tape.gradient(ad::sum(x), {scale, k});
    CHECK(g[0].item() == doctest::Approx(v.sum() / 2.0));
    CHECK(g[1].item() == doctest::Approx(-(v * (v / 2.0).log()).sum() / 1.5));
  }
  {
    ad::Tape tape;
    ad::Var low = tape.leaf(-1.0), high = tape.leaf(3.0);
    dist::Uniform d(low, high);
    CHECK(d.has_rsample());
    ad::Var x = d.sample(RandomKey(3), Shape{n});
    const Eigen::ArrayXd& v = x.value().values();
    auto g = tape.gradient(ad::sum(x), {low, high});
    CHECK(g[0].item() == doctest::Approx(((3.0 - v) / 4.0).sum()));
    CHECK(g[1].item() == doctest::Approx(((v + 1.0) / 4.0).sum()));
  }
}

namespace {

// Mean and standard error of the per-draw derivatives d x_i / d p, from the
// gradient of sum(x) (each x_i depends on p alone).
struct PathwiseMean {
  double mean, standard_error;
};
PathwiseMean pathwise(const std::function<ad::Var(ad::Tape&, std::vector<ad::Var>&)>& draw,
                      size_t which, int repeats) {
  std::vector<double> per_batch;
  for (int r = 0; r < repeats; ++r) {
    ad::Tape tape;
    std::vector<ad::Var> params;
    ad::Var x = draw(tape, params);
    auto g = tape.gradient(ad::sum(x), std::span<const ad::Var>(params.data(), params.size()));
    per_batch.push_back(g[which].item() / x.value().size());
  }
  double m = 0, s = 0;
  for (double v : per_batch) m += v / per_batch.size();
  for (double v : per_batch) s += (v - m) * (v - m);
  return {m, std::sqrt(s / (per_batch.size() - 1) / per_batch.size())};
}

}  // namespace

TEST_CASE("Gamma, InverseGamma, Beta, StudentT and Dirichlet draws are reparameterized implicitly") {
  // Pathwise derivatives average to the derivative of the mean:
  // Gamma(a, rate): dE/da = 1 / rate, dE/drate = -a / rate^2;
  // InverseGamma(a, rate): dE/da = -rate / (a - 1)^2, dE/drate = 1 / (a - 1);
  // Beta(a, b): dE/da = b / (a + b)^2, dE/db = -a / (a + b)^2.
  struct Case {
    const char* name;
    double p0, p1;
    double expected0, expected1;
  };
  for (const Case& c : {Case{"Gamma", 2.5, 1.5, 1 / 1.5, -2.5 / (1.5 * 1.5)},
                        Case{"Gamma", 0.3, 2.0, 0.5, -0.3 / 4.0},
                        Case{"Gamma", 0.05, 1.0, 1.0, -0.05},
                        Case{"InverseGamma", 3.0, 2.0, -2.0 / 4.0, 0.5},
                        Case{"Beta", 2.0, 3.0, 3.0 / 25.0, -2.0 / 25.0}}) {
    CAPTURE(c.name);
    CAPTURE(c.p0);
    int batch = 0;
    auto draw = [&](ad::Tape& tape, std::vector<ad::Var>& params) {
      params = {tape.leaf(c.p0), tape.leaf(c.p1)};
      RandomKey key(100 + batch++);
      std::string name = c.name;
      if (name == "Gamma") return dist::Gamma(params[0], params[1]).sample(key, Shape{2000});
      if (name == "InverseGamma") return dist::InverseGamma(params[0], params[1]).sample(key, Shape{2000});
      return dist::Beta(params[0], params[1]).sample(key, Shape{2000});
    };
    CHECK(dist::Gamma(ad::Tape().constant(1.0), ad::Tape().constant(1.0)).has_rsample());
    for (size_t which : {0u, 1u}) {
      batch = 0;
      PathwiseMean m = pathwise(draw, which, 40);
      double expected = which == 0 ? c.expected0 : c.expected1;
      CHECK(m.standard_error > 0);
      CHECK(std::abs(m.mean - expected) < 4 * m.standard_error);
    }
  }
  // StudentT(df, 0, 1): E|x| = 2 sqrt(df) Gamma((df + 1) / 2) / (sqrt(pi) (df - 1) Gamma(df / 2));
  // its derivative in df by a central difference of that closed form.
  auto mean_abs = [](double v) {
    return 2 * std::sqrt(v) * std::exp(std::lgamma((v + 1) / 2) - std::lgamma(v / 2)) /
           (std::sqrt(std::numbers::pi) * (v - 1));
  };
  {
    const double v = 4.0, h = 1e-5;
    double expected = (mean_abs(v + h) - mean_abs(v - h)) / (2 * h);
    std::vector<double> per_batch;
    for (int r = 0; r < 40; ++r) {
      ad::Tape t;
      ad::Var df = t.leaf(v);
      ad::Var x = dist::StudentT(df, t.constant(0.0), t.constant(1.0)).sample(RandomKey(300 + r), Shape{4000});
      per_batch.push_back(t.gradient(ad::sum(ad::abs(x)), {df})[0].item() / 4000);
    }
    double m = 0, s2 = 0;
    for (double g : per_batch) m += g / per_batch.size();
    for (double g : per_batch) s2 += (g - m) * (g - m);
    double se = std::sqrt(s2 / (per_batch.size() - 1) / per_batch.size());
    CHECK(std::abs(m - expected) < 4 * se);
  }
  // Dirichlet(a): dE[x_0]/da_0 = (s - a_0) / s^2, dE[x_0]/da_1 = -a_0 / s^2, s = sum(a).
  {
    std::vector<double> d0, d1;
    for (int r = 0; r < 40; ++r) {
      ad::Tape t;
      ad::Var a = t.leaf(Array::vector({1.5, 2.0, 0.7}));
      ad::Var x = dist::Dirichlet(a).sample(RandomKey(400 + r), Shape{2000, 3});
      Array g = t.gradient(ad::sum(ad::index(ad::transpose(x), 0)), {a})[0];
      d0.push_back(g.values()[0] / 2000);
      d1.push_back(g.values()[1] / 2000);
    }
    const double s = 4.2;
    for (auto [values, expected] : {std::pair{&d0, (s - 1.5) / (s * s)}, std::pair{&d1, -1.5 / (s * s)}}) {
      double m = 0, s2 = 0;
      for (double g : *values) m += g / values->size();
      for (double g : *values) s2 += (g - m) * (g - m);
      double se = std::sqrt(s2 / (values->size() - 1) / values->size());
      CHECK(std::abs(m - expected) < 4 * se);
    }
  }
  // Each draw's derivative in the concentration is that of the quantile
  // function at the draw's own probability: x(a) = P^{-1}(a, u), u = P(a, x).
  ad::Tape tape;
  ad::Var a = tape.leaf(1.7);
  for (int i = 0; i < 5; ++i) {
    ad::Var x = dist::Gamma(a, tape.constant(1.0)).sample(RandomKey(7 + i), Shape{});
    double g = tape.gradient(x, {a})[0].item();
    double u = boost::math::gamma_p(1.7, x.item());
    double h = 1e-6;
    double fd = (boost::math::gamma_p_inv(1.7 + h, u) - boost::math::gamma_p_inv(1.7 - h, u)) / (2 * h);
    CHECK(g == doctest::Approx(fd).epsilon(1e-6));
  }
}

TEST_CASE("Gamma draws with tiny concentrations have finite pathwise derivatives") {
  // Most draws of Gamma(1e-4, ...) are far below 1e-300, where Boost's
  // incomplete gamma and its derivative overflow.
  for (double a : {0.005, 1e-4, 1e-8}) {
    CAPTURE(a);
    ad::Tape tape;
    ad::Var concentration = tape.leaf(a), rate = tape.leaf(1e-4);
    ad::Var x = dist::Gamma(concentration, rate).sample(RandomKey(7), Shape{2000});
    CHECK(x.value().values().allFinite());
    CHECK((x.value().values() >= 0).all());
    tape.backward(ad::sum(x));
    CHECK(std::isfinite(tape.adjoint(concentration).item()));
    CHECK(std::isfinite(tape.adjoint(rate).item()));
  }
}

TEST_CASE("Gamma draws with a concentration per batch element") {
  ad::Tape tape;
  dist::Gamma d(tape.constant(Array::vector({0.05, 5.0, 50.0})), tape.constant(2.0));
  Array draws = d.sample(RandomKey(6), full_shape(d, Shape{20000})).value();
  REQUIRE(draws.shape() == Shape{20000, 3});
  const double a[3] = {0.05, 5.0, 50.0};
  for (int j = 0; j < 3; ++j) {
    double sum = 0;
    for (int i = 0; i < 20000; ++i) sum += draws.at({i, j});
    // The mean a / rate within 5 standard errors sqrt(a) / rate / sqrt(n).
    CHECK(std::abs(sum / 20000 - a[j] / 2.0) < 5 * std::sqrt(a[j]) / 2.0 / std::sqrt(20000.0));
  }
  CHECK(draws.values().minCoeff() >= 0);
  dist::InverseGamma ig(tape.constant(Array::vector({0.01, 3.0})), tape.constant(1.0));
  Array ig_draws = ig.sample(RandomKey(7), Shape{100, 2}).value();
  CHECK((ig_draws.values() > 0).all());
  CHECK(!ig_draws.values().isNaN().any());
}

TEST_CASE("positive and bounded families refuse invalid arguments, naming them") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  CHECK_THROWS_WITH(dist::Exponential(c(0.0)), "Exponential: rate must be positive, got 0");
  CHECK_THROWS_WITH(dist::Gamma(c(-1.0), c(1.0)), "Gamma: concentration must be positive, got -1");
  CHECK_THROWS_WITH(dist::Gamma(c(1.0), c(-1.0)), "Gamma: rate must be positive, got -1");
  CHECK_THROWS_WITH(dist::InverseGamma(c(1.0), c(-2.0)), "InverseGamma: rate must be positive, got -2");
  CHECK_THROWS_WITH(dist::Beta(c(1.0), c(0.0)), "Beta: concentration0 must be positive, got 0");
  CHECK_THROWS_WITH(dist::Beta(c(-3.0), c(1.0)), "Beta: concentration1 must be positive, got -3");
  CHECK_THROWS_WITH(dist::Uniform(c(1.0), c(0.0)), "Uniform: high must be greater than low, got 0");
  CHECK_THROWS_WITH(dist::Uniform(tape.constant(Array::vector({0.0, 2.0})), c(1.0)),
                    "Uniform: high must be greater than low, got 1 at element 1");
  CHECK_THROWS_WITH(dist::Weibull(c(1.0), c(-1.0)), "Weibull: concentration must be positive, got -1");
  CHECK_THROWS_WITH(dist::Weibull(c(0.0), c(1.0)), "Weibull: scale must be positive, got 0");
  CHECK_THROWS_WITH(dist::VonMises(c(0.0), c(-1.0)), "VonMises: concentration must be positive, got -1");
}

TEST_CASE("positive and bounded families: supports and closed-form moments") {
  ad::Tape tape;
  auto c = [&](double x) { return tape.constant(x); };
  dist::Uniform u(c(-1.0), c(3.0));
  CHECK(u.support().kind == dist::ConstraintKind::Interval);
  CHECK(u.support().lower->item() == -1.0);
  CHECK(u.support().upper->item() == 3.0);
  CHECK(u.mean()->item() == 1.0);
  CHECK(u.variance()->item() == doctest::Approx(16.0 / 12.0));
  CHECK(dist::Beta(c(2.0), c(5.0)).support().kind == dist::ConstraintKind::UnitInterval);
  CHECK(dist::Gamma(c(2.0), c(5.0)).support().kind == dist::ConstraintKind::Positive);
  CHECK(dist::Beta(c(2.0), c(6.0)).mean()->item() == doctest::Approx(0.25));
  CHECK(dist::Beta(c(2.0), c(6.0)).variance()->item() == doctest::Approx(12.0 / (64.0 * 9.0)));
  CHECK(dist::Weibull(c(2.0), c(1.0)).mean()->item() == doctest::Approx(2.0));
  CHECK(dist::Weibull(c(2.0), c(1.0)).variance()->item() == doctest::Approx(4.0));
  dist::InverseGamma ig(tape.constant(Array::vector({0.5, 1.5, 3.0})), c(2.0));
  const Eigen::ArrayXd& mean = ig.mean()->value().values();
  const Eigen::ArrayXd& variance = ig.variance()->value().values();
  CHECK(std::isinf(mean[0]));
  CHECK(mean[2] == doctest::Approx(1.0));
  CHECK(std::isinf(variance[1]));
  CHECK(variance[2] == doctest::Approx(4.0 / 4.0));
  dist::Exponential e(tape.constant(Array::vector({1.0, 4.0})));
  CHECK(e.mean()->value().values()[1] == 0.25);
  CHECK(e.variance()->value().values()[1] == 1.0 / 16.0);
}
