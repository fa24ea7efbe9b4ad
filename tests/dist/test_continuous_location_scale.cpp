// HalfNormal, LogNormal, Cauchy, HalfCauchy, StudentT, Laplace, Logistic,
// Gumbel: reference log densities, gradients, draws, argument checks.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "continuous_checks.h"
#include "dist/cauchy.h"
#include "dist/gumbel.h"
#include "dist/half_cauchy.h"
#include "dist/half_normal.h"
#include "dist/laplace.h"
#include "dist/log_normal.h"
#include "dist/logistic.h"
#include "dist/student_t.h"

using namespace ppl;
using test::Family;
using test::Vars;

namespace {

// (loc, scale) from unconstrained arrays: loc as is, scale = exp(raw).
Vars loc_scale(std::span<const ad::Var> raw) { return {raw[0], ad::exp(raw[1])}; }
Vars positive_scale(std::span<const ad::Var> raw) { return {ad::exp(raw[0])}; }
ad::Var real_value(ad::Var raw, std::span<const ad::Var>) { return 3.0 * raw; }
ad::Var positive_value(ad::Var raw, std::span<const ad::Var>) { return ad::exp(2.0 * raw); }

template <class D>
Family location_scale(const std::string& name) {
  return {name, [](std::span<const ad::Var> p) -> dist::DistributionPtr {
            return std::make_shared<D>(p[0], p[1]);
          },
          loc_scale, real_value};
}

const Family half_normal{"HalfNormal",
                         [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                           return std::make_shared<dist::HalfNormal>(p[0]);
                         },
                         positive_scale, positive_value};
const Family half_cauchy{"HalfCauchy",
                         [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                           return std::make_shared<dist::HalfCauchy>(p[0]);
                         },
                         positive_scale, positive_value};
const Family log_normal{"LogNormal",
                        [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                          return std::make_shared<dist::LogNormal>(p[0], p[1]);
                        },
                        loc_scale, positive_value};
const Family student_t{"StudentT",
                       [](std::span<const ad::Var> p) -> dist::DistributionPtr {
                         return std::make_shared<dist::StudentT>(p[0], p[1], p[2]);
                       },
                       [](std::span<const ad::Var> raw) -> Vars {
                         return {ad::exp(raw[0]), raw[1], ad::exp(raw[2])};
                       },
                       real_value};
const Family cauchy = location_scale<dist::Cauchy>("Cauchy");
const Family laplace = location_scale<dist::Laplace>("Laplace");
const Family logistic = location_scale<dist::Logistic>("Logistic");
const Family gumbel = location_scale<dist::Gumbel>("Gumbel");

const std::vector<std::pair<const Family*, size_t>> families{
    {&half_normal, 1}, {&half_cauchy, 1}, {&log_normal, 2}, {&student_t, 3},
    {&cauchy, 2},      {&laplace, 2},     {&logistic, 2},   {&gumbel, 2}};

}  // namespace

TEST_CASE("location-scale families: log_prob matches every reference value") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_reference_values(*family);
  }
}

TEST_CASE("location-scale families: log_prob gradients in the value and every parameter") {
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    test::check_log_prob_gradients(*family, n);
  }
}

TEST_CASE("location-scale families: log_prob_sum equals sum(log_prob), value and gradient") {
  using ad::testing::random_array;
  for (auto [family, n] : families) {
    CAPTURE(family->name);
    std::vector<Array> parameters;
    const std::vector<Shape> shapes{{3}, {2, 1}, {}};
    for (size_t i = 0; i < n; ++i) parameters.push_back(random_array(shapes[i], -1, 1, 30 + i));
    test::check_sum_matches(*family, parameters, random_array({2, 3}, -1, 1, 40));
  }
}

TEST_CASE("half and log families: log_prob is -inf below the support, not NaN") {
  ad::Tape tape;
  dist::HalfNormal half_normal_d(tape.constant(2.0));
  test::check_outside_support(half_normal_d, tape, {-1.0, -1e-300, -INFINITY});
  dist::HalfCauchy half_cauchy_d(tape.constant(2.0));
  test::check_outside_support(half_cauchy_d, tape, {-0.5, -INFINITY});
  dist::LogNormal log_normal_d(tape.constant(0.0), tape.constant(1.0));
  test::check_outside_support(log_normal_d, tape, {0.0, -1.0});
  // At the edge of the support the half families have their limit.
  CHECK(half_normal_d.log_prob(tape.constant(0.0)).item() ==
        doctest::Approx(0.5 * std::log(2.0 / std::numbers::pi) - std::log(2.0)));
  CHECK(std::isfinite(half_cauchy_d.log_prob(tape.constant(0.0)).item()));
}

TEST_CASE("location-scale families: draws have the moments of mean() and variance()") {
  // 10^5 draws each; mean and variance within 5 standard errors (continuous_checks.h).
  test::check_sample_moments(half_normal, {2.0});
  test::check_sample_moments(log_normal, {0.5, 0.3});
  test::check_sample_moments(student_t, {10.0, 1.0, 2.0});
  test::check_sample_moments(laplace, {1.0, 2.0});
  test::check_sample_moments(logistic, {1.0, 2.0});
  test::check_sample_moments(gumbel, {1.0, 2.0});
}

TEST_CASE("Cauchy and HalfCauchy draws pass a Kolmogorov-Smirnov test against the exact CDF") {
  ad::Tape tape;
  dist::Cauchy c(tape.constant(1.0), tape.constant(2.0));
  test::check_kolmogorov_smirnov(c.sample(RandomKey(3), Shape{100000}).value(), [](double x) {
    return 0.5 + std::atan((x - 1.0) / 2.0) / std::numbers::pi;
  });
  dist::HalfCauchy h(tape.constant(2.0));
  Array draws = h.sample(RandomKey(4), Shape{100000}).value();
  CHECK(draws.values().minCoeff() >= 0);
  test::check_kolmogorov_smirnov(
      draws, [](double x) { return 2.0 / std::numbers::pi * std::atan(x / 2.0); });
  CHECK(!c.mean().has_value());
  CHECK(!h.variance().has_value());
}

TEST_CASE("location-scale families: draws are reparameterized") {
  const int n = 1000;
  for (const Family* family : {&cauchy, &laplace, &logistic, &gumbel}) {
    CAPTURE(family->name);
    ad::Tape tape;
    ad::Var loc = tape.leaf(1.5), scale = tape.leaf(0.7);
    auto d = family->make(Vars{loc, scale});
    CHECK(d->has_rsample());
    ad::Var x = d->sample(RandomKey(8), Shape{n});
    auto g = tape.gradient(ad::sum(x), {loc, scale});
    CHECK(g[0].item() == doctest::Approx(n));
    CHECK(g[1].item() == doctest::Approx(((x.value().values() - 1.5) / 0.7).sum()));
  }
  for (const Family* family : {&half_normal, &half_cauchy}) {
    CAPTURE(family->name);
    ad::Tape tape;
    ad::Var scale = tape.leaf(0.7);
    auto d = family->make(Vars{scale});
    CHECK(d->has_rsample());
    ad::Var x = d->sample(RandomKey(9), Shape{n});
    CHECK(tape.gradient(ad::sum(x), {scale})[0].item() ==
          doctest::Approx(x.value().values().sum() / 0.7));
  }
  ad::Tape tape;
  ad::Var loc = tape.leaf(0.2), scale = tape.leaf(0.5);
  dist::LogNormal d(loc, scale);
  ad::Var x = d.sample(RandomKey(10), Shape{n});
  auto g = tape.gradient(ad::sum(x), {loc, scale});
  const Eigen::ArrayXd& v = x.value().values();
  CHECK(g[0].item() == doctest::Approx(v.sum()));
  CHECK(g[1].item() == doctest::Approx((v * (v.log() - 0.2) / 0.5).sum()));
  // StudentT: pathwise in loc and scale (x = loc + scale t), implicit in df.
  ad::Var df = tape.leaf(3.0);
  dist::StudentT t(df, loc, scale);
  CHECK(t.has_rsample());
  ad::Var y = t.sample(RandomKey(11), Shape{n});
  auto gt = tape.gradient(ad::sum(y), {loc, scale});
  const Eigen::ArrayXd& w = y.value().values();
  CHECK(gt[0].item() == doctest::Approx(static_cast<double>(n)));
  CHECK(gt[1].item() == doctest::Approx(((w - 0.2) / 0.5).sum()));
}

TEST_CASE("draws broadcast over batch parameters") {
  ad::Tape tape;
  dist::StudentT t(tape.constant(Array::vector({1.0, 5.0, 30.0})), tape.constant(Array::vector({-100.0, 0.0, 100.0})),
                   tape.constant(1.0));
  Array draws = t.sample(RandomKey(1), Shape{1000, 3}).value();
  REQUIRE(draws.shape() == Shape{1000, 3});
  // Each column is centred on its own loc (medians, as df = 1 has no mean).
  for (int j = 0; j < 3; ++j) {
    std::vector<double> column;
    for (int i = 0; i < 1000; ++i) column.push_back(draws.at({i, j}));
    std::nth_element(column.begin(), column.begin() + 500, column.end());
    CHECK(std::abs(column[500] - (j - 1) * 100.0) < 0.5);
  }
  dist::Laplace l(tape.constant(Array::vector({0.0, 10.0})), tape.constant(1.0));
  CHECK(l.sample(RandomKey(2), full_shape(l, Shape{4})).shape() == Shape{4, 2});
}

TEST_CASE("location-scale families refuse invalid arguments, naming them") {
  ad::Tape tape;
  auto zero = tape.constant(0.0);
  CHECK_THROWS_WITH(dist::HalfNormal(tape.constant(-1.0)), "HalfNormal: scale must be positive, got -1");
  CHECK_THROWS_WITH(dist::LogNormal(zero, zero), "LogNormal: scale must be positive, got 0");
  CHECK_THROWS_WITH(dist::Cauchy(zero, tape.constant(Array::vector({1.0, -2.0}))),
                    "Cauchy: scale must be positive, got -2 at element 1");
  CHECK_THROWS_WITH(dist::HalfCauchy(tape.constant(NAN)), "HalfCauchy: scale must be positive, got nan");
  CHECK_THROWS_WITH(dist::StudentT(tape.constant(-1.0), zero, tape.constant(1.0)),
                    "StudentT: df must be positive, got -1");
  CHECK_THROWS_WITH(dist::StudentT(tape.constant(1.0), zero, tape.constant(-3.0)),
                    "StudentT: scale must be positive, got -3");
  CHECK_THROWS_WITH(dist::Laplace(zero, tape.constant(-0.5)), "Laplace: scale must be positive, got -0.5");
  CHECK_THROWS_WITH(dist::Logistic(zero, zero), "Logistic: scale must be positive, got 0");
  CHECK_THROWS_WITH(dist::Gumbel(zero, tape.constant(-1.0)), "Gumbel: scale must be positive, got -1");
}

TEST_CASE("location-scale moments: closed forms, broadcast to the batch shape") {
  ad::Tape tape;
  dist::Gumbel g(tape.constant(Array::vector({0.0, 1.0})), tape.constant(2.0));
  CHECK(g.mean()->shape() == Shape{2});
  CHECK(g.mean()->value().values()[1] == doctest::Approx(1.0 + 2.0 * 0.5772156649015329));
  dist::LogNormal ln(tape.constant(0.0), tape.constant(1.0));
  CHECK(ln.mean()->item() == doctest::Approx(std::exp(0.5)));
  CHECK(ln.variance()->item() == doctest::Approx((std::exp(1.0) - 1.0) * std::exp(1.0)));
  dist::StudentT t(tape.constant(Array::vector({0.5, 1.5, 4.0})), tape.constant(2.0), tape.constant(3.0));
  const Eigen::ArrayXd& mean = t.mean()->value().values();
  const Eigen::ArrayXd& variance = t.variance()->value().values();
  CHECK(std::isnan(mean[0]));
  CHECK(mean[1] == 2.0);
  CHECK(std::isnan(variance[0]));
  CHECK(std::isinf(variance[1]));
  CHECK(variance[2] == doctest::Approx(9.0 * 4.0 / 2.0));
}
