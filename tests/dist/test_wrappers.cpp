// Independent (to_event), Expanded (expand), Masked (mask) and
// TransformedDistribution: shapes, log densities, draws and gradients.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "continuous_checks.h"
#include "core/array_math.h"
#include "core/array_reduce.h"
#include "dist/expanded.h"
#include "dist/independent.h"
#include "dist/masked.h"
#include "dist/normal.h"
#include "dist/transformed_distribution.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;

namespace {

dist::DistributionPtr normal(ad::Var loc, ad::Var scale) {
  return std::make_shared<dist::Normal>(loc, scale);
}

double log_normal_density(double y, double mu, double sigma) {
  const double z = (std::log(y) - mu) / sigma;
  return -0.5 * z * z - std::log(sigma) - 0.5 * std::log(2 * M_PI) - std::log(y);
}

}  // namespace

TEST_CASE("to_event: batch [3, 2] to_event(1) has batch [3], event [2], and sums rows") {
  ad::Tape tape;
  auto base = normal(tape.constant(random_array({3, 2})), tape.constant(random_array({3, 2}, 0.5, 2)));
  auto d = dist::to_event(base, 1);
  CHECK(d->name() == "Independent");
  CHECK(d->batch_shape() == Shape{3});
  CHECK(d->event_shape() == Shape{2});
  const Array x = random_array({3, 2}, -1, 1, 4);
  const Array base_lp = base->log_prob(tape.constant(x)).value();
  const Array lp = d->log_prob(tape.constant(x)).value();
  REQUIRE(lp.shape() == Shape{3});
  for (int i = 0; i < 3; ++i)
    CHECK(lp.values()[i] == doctest::Approx(base_lp.at({i, 0}) + base_lp.at({i, 1})).epsilon(1e-14));
  // Sample dims stay in front.
  CHECK(d->log_prob(tape.constant(random_array({5, 3, 2}))).shape() == Shape{5, 3});
  CHECK(d->sample(RandomKey(1), dist::full_shape(*d, Shape{7})).shape() == Shape{7, 3, 2});
  CHECK(d->has_rsample());
  CHECK(d->mean()->shape() == Shape{3, 2});

  // All batch dims, and nesting merges.
  auto all = dist::to_event(base);
  CHECK(all->batch_shape() == Shape{});
  CHECK(all->event_shape() == Shape{3, 2});
  CHECK(all->log_prob(tape.constant(x)).item() == doctest::Approx(sum(base_lp).item()));
  auto nested = dist::to_event(d, 1);
  auto flat = std::dynamic_pointer_cast<const dist::Independent>(nested);
  REQUIRE(flat);
  CHECK(flat->reinterpreted_batch_ndims() == 2);
  CHECK(flat->base() == base);
  CHECK(dist::to_event(base, 0) == base);
}

TEST_CASE("to_event: errors name the shapes") {
  ad::Tape tape;
  auto base = normal(tape.constant(Array::zeros({3})), tape.constant(1.0));
  CHECK_THROWS_WITH_AS(dist::to_event(base, 2),
                       "Independent: cannot reinterpret 2 batch dims of Normal, whose batch shape [3] has 1",
                       dist::ArgumentError);
  CHECK_THROWS_WITH_AS(dist::Independent(base, -1),
                       "Independent: cannot reinterpret -1 batch dims of Normal, whose batch shape [3] has 1",
                       dist::ArgumentError);
  auto d = dist::to_event(base, 1);
  CHECK_THROWS_WITH_AS(d->log_prob(tape.constant(Array::zeros({4}))),
                       "Independent: a value of shape [4] does not end with the event shape [3]",
                       dist::ArgumentError);
}

TEST_CASE("to_event: gradients in the value and the parameters") {
  check_gradient(
      [](std::span<const ad::Var> in) {
        return dist::to_event(normal(in[1], ad::exp(in[2])), 1)->log_prob(in[0]);
      },
      {random_array({4, 3, 2}), random_array({3, 2}), random_array({2})});
}

TEST_CASE("expand: shapes, broadcast log_prob, independent draws") {
  ad::Tape tape;
  auto base = normal(tape.constant(1.0), tape.constant(2.0));
  auto d = dist::expand(base, Shape{4, 3});
  CHECK(d->name() == "Expanded");
  CHECK(d->batch_shape() == Shape{4, 3});
  CHECK(d->event_shape() == Shape{});
  // A scalar value is broadcast to the batch shape.
  const ad::Var lp = d->log_prob(tape.constant(0.5));
  REQUIRE(lp.shape() == Shape{4, 3});
  const double expected = base->log_prob(tape.constant(0.5)).item();
  for (double v : lp.value().values()) CHECK(v == doctest::Approx(expected));
  CHECK(d->log_prob(tape.constant(random_array({2, 1, 3}))).shape() == Shape{2, 4, 3});
  CHECK(d->mean()->shape() == Shape{4, 3});

  const int64_t n = 100000;
  const ad::Var draws = d->sample(RandomKey(3), dist::full_shape(*d, Shape{n}));
  REQUIRE(draws.shape() == Shape{n, 4, 3});
  CHECK(d->has_rsample());
  // Each batch entry has the base's moments; two entries are uncorrelated.
  const Array x = draws.value();
  const Array m = mean(x, 0);
  for (double v : m.values()) CHECK(std::abs(v - 1.0) < 5 * 2.0 / std::sqrt(double(n)));
  double cov = 0.0, var0 = 0.0, var1 = 0.0;
  for (int64_t i = 0; i < n; ++i) {
    const double a = x.values()[i * 12 + 0] - 1.0, b = x.values()[i * 12 + 5] - 1.0;
    cov += a * b;
    var0 += a * a;
    var1 += b * b;
  }
  const double correlation = cov / std::sqrt(var0 * var1);
  CHECK(std::abs(correlation) < 4.0 / std::sqrt(double(n)));
  CHECK(var0 / n == doctest::Approx(4.0).epsilon(0.03));
}

TEST_CASE("expand: compatible and incompatible shapes") {
  ad::Tape tape;
  auto base = normal(tape.constant(Array::zeros({3})), tape.constant(1.0));
  CHECK(dist::expand(base, Shape{2, 3})->batch_shape() == Shape{2, 3});
  CHECK(dist::expand(base, Shape{3}) == base);
  CHECK_THROWS_WITH_AS(dist::expand(base, Shape{2, 4}),
                       "Expanded: cannot expand the batch shape [3] of Normal to [2, 4]",
                       dist::ArgumentError);
  CHECK_THROWS_WITH_AS(dist::expand(base, Shape{}),
                       "Expanded: cannot expand the batch shape [3] of Normal to []",
                       dist::ArgumentError);
  // Expanding an expansion expands the base.
  auto twice = dist::expand(dist::expand(base, Shape{2, 3}), Shape{5, 2, 3});
  auto e = std::dynamic_pointer_cast<const dist::Expanded>(twice);
  REQUIRE(e);
  CHECK(e->base() == base);
  // Expanded Independent: the event shape is kept.
  auto ind = dist::expand(dist::to_event(base, 1), Shape{4});
  CHECK(ind->batch_shape() == Shape{4});
  CHECK(ind->event_shape() == Shape{3});
  CHECK(ind->sample(RandomKey(2), dist::full_shape(*ind, Shape{2})).shape() == Shape{2, 4, 3});
  CHECK(ind->log_prob(tape.constant(Array::zeros({3}))).shape() == Shape{4});
}

TEST_CASE("expand: gradients") {
  check_gradient(
      [](std::span<const ad::Var> in) {
        return dist::expand(normal(in[1], ad::exp(in[2])), Shape{2, 3})->log_prob(in[0]);
      },
      {random_array({3}), random_array({}), random_array({3})});
}

TEST_CASE("mask: zero log_prob where masked, draws unchanged") {
  ad::Tape tape;
  auto base = normal(tape.constant(random_array({4})), tape.constant(1.5));
  auto d = dist::mask(base, tape.constant(Array::vector({1, 0, 1, 0})));
  CHECK(d->name() == "Masked");
  CHECK(d->batch_shape() == Shape{4});
  const Array x = random_array({4}, -2, 2, 8);
  const Array base_lp = base->log_prob(tape.constant(x)).value();
  const Array lp = d->log_prob(tape.constant(x)).value();
  CHECK(lp.values()[0] == base_lp.values()[0]);
  CHECK(lp.values()[1] == 0.0);
  CHECK(lp.values()[2] == base_lp.values()[2]);
  CHECK(lp.values()[3] == 0.0);
  const Array draws = d->sample(RandomKey(9), Shape{10, 4}).value();
  const Array base_draws = base->sample(RandomKey(9), Shape{10, 4}).value();
  CHECK((draws.values() == base_draws.values()).all());
  // A scalar 0 masks everything; a mask broadcasts the batch shape.
  auto none = dist::mask(base, tape.constant(0.0));
  CHECK((none->log_prob(tape.constant(x)).value().values() == 0.0).all());
  auto wide = dist::mask(base, tape.constant(Array::ones({3, 1})));
  CHECK(wide->batch_shape() == Shape{3, 4});
  CHECK_THROWS_WITH_AS(dist::mask(base, tape.constant(Array::vector({1, 0.5, 1, 0}))),
                       "Masked: mask must be 0 or 1, got 0.5 at element 1", dist::ArgumentError);
  CHECK_THROWS_WITH_AS(dist::mask(base, tape.constant(Array::ones({3}))),
                       "Masked: a mask of shape [3] does not broadcast with the batch shape [4]",
                       dist::ArgumentError);
}

TEST_CASE("mask: no gradient through masked entries") {
  ad::Tape tape;
  ad::Var loc = tape.leaf(Array::vector({0.1, 0.2, 0.3}));
  auto d = dist::mask(normal(loc, tape.constant(1.0)), tape.constant(Array::vector({1, 0, 1})));
  ad::Var lp = ad::sum(d->log_prob(tape.constant(Array::vector({1.0, 2.0, 3.0}))));
  const Array g = tape.gradient(lp, {loc})[0];
  CHECK(g.values()[0] == doctest::Approx(0.9));
  CHECK(g.values()[1] == 0.0);
  CHECK(g.values()[2] == doctest::Approx(2.7));
}

TEST_CASE("TransformedDistribution(Normal, Exp) is LogNormal") {
  ad::Tape tape;
  const Array mu = Array::vector({0.3, -1.0}), sigma = Array::vector({0.7, 1.9});
  dist::TransformedDistribution d(normal(tape.constant(mu), tape.constant(sigma)),
                                  std::make_shared<dist::ExpTransform>());
  CHECK(d.batch_shape() == Shape{2});
  CHECK(d.event_shape() == Shape{});
  CHECK(d.has_rsample());
  CHECK(d.support().kind == dist::ConstraintKind::Positive);
  const Array y = Array(Shape{3, 2}, {0.5, 1.0, 2.0, 0.1, 3.0, 7.5});
  const Array lp = d.log_prob(tape.constant(y)).value();
  REQUIRE(lp.shape() == Shape{3, 2});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j)
      CHECK(lp.at({i, j}) == doctest::Approx(log_normal_density(y.at({i, j}), mu.values()[j],
                                                                 sigma.values()[j]))
                                 .epsilon(1e-12));
  const Array draws = d.sample(RandomKey(4), Shape{1000, 2}).value();
  CHECK(draws.values().minCoeff() > 0);
  // The median of a LogNormal is exp(mu).
  int below = 0;
  for (int i = 0; i < 1000; ++i) below += draws.values()[2 * i] < std::exp(0.3);
  CHECK(std::abs(below - 500) < 4 * std::sqrt(250.0));

  check_gradient(
      [](std::span<const ad::Var> in) {
        dist::TransformedDistribution t(normal(in[1], ad::exp(in[2])),
                                        std::make_shared<dist::ExpTransform>());
        return t.log_prob(ad::exp(in[0]));
      },
      {random_array({3, 2}), random_array({2}), random_array({2})});
}

TEST_CASE("TransformedDistribution(Normal(0.3, 0.5), Exp) draws have LogNormal's mean and variance") {
  ad::Tape tape;
  const double mu = 0.3, sigma = 0.5;
  dist::TransformedDistribution d(normal(tape.constant(mu), tape.constant(sigma)),
                                  std::make_shared<dist::ExpTransform>());
  // LogNormal(mu, sigma): mean exp(mu + sigma^2 / 2), variance (exp(sigma^2) - 1) exp(2 mu + sigma^2).
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double variance = std::expm1(sigma * sigma) * std::exp(2 * mu + sigma * sigma);
  const Array draws = d.sample(RandomKey(21), Shape{100000}).value();
  REQUIRE(draws.shape() == Shape{100000});
  // Within 5 standard errors (continuous_checks.h).
  test::check_moments(draws, mean, variance);
}

TEST_CASE("TransformedDistribution: a chain of transforms, and a stick breaking over a batch") {
  ad::Tape tape;
  // Normal, then Exp, then Affine(1, 2): y = 1 + 2 exp(x).
  dist::TransformedDistribution d(
      normal(tape.constant(0.2), tape.constant(0.5)),
      std::vector<dist::TransformPtr>{
          std::make_shared<dist::ExpTransform>(),
          std::make_shared<dist::AffineTransform>(tape.constant(1.0), tape.constant(2.0))});
  const double y = 4.0;
  CHECK(d.log_prob(tape.constant(y)).item() ==
        doctest::Approx(log_normal_density((y - 1) / 2, 0.2, 0.5) - std::log(2.0)));
  CHECK(d.support().kind == dist::ConstraintKind::GreaterThan);

  // StickBreaking over a Normal of batch [3]: one event [4].
  auto base = normal(tape.constant(random_array({3})), tape.constant(1.0));
  dist::TransformedDistribution s(base, std::make_shared<dist::StickBreakingTransform>());
  CHECK(s.batch_shape() == Shape{});
  CHECK(s.event_shape() == Shape{4});
  const ad::Var draw = s.sample(RandomKey(1), dist::full_shape(s, Shape{5}));
  REQUIRE(draw.shape() == Shape{5, 4});
  const ad::Var lp = s.log_prob(draw);
  REQUIRE(lp.shape() == Shape{5});
  dist::StickBreakingTransform t;
  const ad::Var x = tape.constant(t.inverse(draw.value()));
  const Array expected = (sum(base->log_prob(x).value(), -1) -
                          t.log_abs_det_jacobian(x, t.forward(x)).value());
  for (int i = 0; i < 5; ++i) CHECK(lp.value().values()[i] == doctest::Approx(expected.values()[i]));
  check_gradient(
      [](std::span<const ad::Var> in) {
        dist::StickBreakingTransform sb;
        dist::TransformedDistribution td(normal(in[1], ad::exp(in[2])),
                                         std::make_shared<dist::StickBreakingTransform>());
        return td.log_prob(sb.forward(in[0]));
      },
      {random_array({2, 3}), random_array({3}), random_array({})});
}
