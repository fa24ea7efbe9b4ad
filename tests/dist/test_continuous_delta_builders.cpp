// Delta, ImproperUniform, and the builders of the continuous distributions
// by catalogue name.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/delta.h"
#include "dist/factory.h"
#include "dist/improper_uniform.h"

using namespace ppl;

TEST_CASE("Delta: log_density at v, -inf elsewhere, never NaN") {
  ad::Tape tape;
  dist::Delta d(tape.constant(Array::vector({1.0, 2.0, 3.0})), tape.constant(-0.5));
  CHECK(d.batch_shape() == Shape{3});
  Array lp = d.log_prob(tape.constant(Array::vector({1.0, 2.5, 3.0}))).value();
  CHECK(lp.values()[0] == -0.5);
  CHECK(std::isinf(lp.values()[1]));
  CHECK(lp.values()[1] < 0);
  CHECK(lp.values()[2] == -0.5);
  CHECK(std::isinf(d.log_prob_sum(tape.constant(Array::vector({1.0, 2.5, 3.0}))).item()));
  CHECK(d.log_prob_sum(tape.constant(Array::vector({1.0, 2.0, 3.0}))).item() == -1.5);
  // A sample dim in front of the batch.
  Array repeated = d.log_prob(tape.constant(Array(Shape{2, 3}, {1, 2, 3, 1, 2, 0}))).value();
  CHECK(repeated.shape() == Shape{2, 3});
  CHECK(std::isinf(repeated.values()[5]));
}

TEST_CASE("Delta with event_dim 1 sums over the event") {
  ad::Tape tape;
  ad::Var v = tape.constant(Array(Shape{2, 3}, {1, 2, 3, 4, 5, 6}));
  ad::Var log_density = tape.leaf(Array::vector({0.25, 0.5}));
  dist::Delta d(v, log_density, 1);
  CHECK(d.batch_shape() == Shape{2});
  CHECK(d.event_shape() == Shape{3});
  CHECK(d.support().event_dim() == 1);
  ad::Var lp = d.log_prob(tape.constant(Array(Shape{2, 3}, {1, 2, 3, 4, 5, 7})));
  REQUIRE(lp.shape() == Shape{2});
  CHECK(lp.value().values()[0] == 0.25);
  CHECK(std::isinf(lp.value().values()[1]));
  ad::Var at_v = d.log_prob(v);
  CHECK(tape.gradient(ad::sum(at_v), {log_density})[0].values()[1] == 1.0);
  CHECK(d.log_prob_sum(v).item() == 0.75);
  CHECK_THROWS_WITH_AS(d.log_prob(tape.constant(Array::vector({1.0, 2.0}))),
                       "Delta: a value of shape [2] does not end with the event shape [3]",
                       dist::ArgumentError);
  CHECK_THROWS_WITH(dist::Delta(v, log_density, 3),
                    "Delta: event_dim must be between 0 and the rank of v (2), got 3");
}

TEST_CASE("Delta: draws are v, differentiable in v; gradients in log_density") {
  ad::Tape tape;
  ad::Var v = tape.leaf(Array::vector({1.0, 2.0}));
  dist::Delta d(v, tape.constant(0.0));
  CHECK(d.has_rsample());
  ad::Var x = d.sample(RandomKey(1), full_shape(d, Shape{5}));
  REQUIRE(x.shape() == Shape{5, 2});
  CHECK(x.value().values()[3] == 2.0);
  CHECK(tape.gradient(ad::sum(x), {v})[0].values()[0] == 5.0);
  CHECK(d.mean()->value().values()[1] == 2.0);
  CHECK(d.variance()->value().values()[1] == 0.0);
  // d log_prob / d log_density is 1 where the value is v; 0 in the value and in v.
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) { return dist::Delta(in[1], in[2]).log_prob(in[1] + in[0] * 0.0); },
      {ad::testing::random_array({4, 3}), ad::testing::random_array({3}), ad::testing::random_array({4, 1})});
}

TEST_CASE("ImproperUniform: log_prob 0 of the batch shape; no draws") {
  ad::Tape tape;
  dist::ImproperUniform d(dist::Constraint::of(dist::ConstraintKind::Positive), Shape{3}, Shape{}, tape);
  ad::Var value = tape.leaf(Array(Shape{2, 3}, {1, 2, 3, 4, 5, 6}));
  ad::Var lp = d.log_prob(value);
  CHECK(lp.shape() == Shape{2, 3});
  CHECK((lp.value().values() == 0).all());
  CHECK(d.log_prob_sum(value).item() == 0.0);
  CHECK(tape.gradient(d.log_prob_sum(value), {value})[0].values().isZero());
  CHECK(d.support().kind == dist::ConstraintKind::Positive);
  CHECK_THROWS_WITH(d.sample(RandomKey(1), Shape{3}),
                    "ImproperUniform cannot be sampled; give the site a value (an initial value or data)");
  dist::ImproperUniform simplex(dist::Constraint::of(dist::ConstraintKind::Simplex), Shape{2}, Shape{4}, tape);
  CHECK(simplex.log_prob(tape.constant(Array::zeros(Shape{5, 2, 4}))).shape() == Shape{5, 2});
  CHECK(simplex.log_prob(tape.constant(Array::zeros(Shape{4}))).shape() == Shape{2});
}

TEST_CASE("the continuous builders make each distribution from the catalogue's arguments") {
  ad::Tape tape;
  auto n = [&](double x) { return dist::Argument{tape.constant(x), nullptr, std::nullopt, {}, {}}; };
  const std::vector<std::pair<std::string, dist::Arguments>> calls{
      {"HalfNormal", {n(1)}},           {"LogNormal", {n(0), n(1)}},
      {"Cauchy", {n(0), n(1)}},         {"HalfCauchy", {n(1)}},
      {"StudentT", {n(3), n(0), n(1)}}, {"Laplace", {n(0), n(1)}},
      {"Logistic", {n(0), n(1)}},       {"Gumbel", {n(0), n(1)}},
      {"Exponential", {n(1)}},          {"Gamma", {n(2), n(1)}},
      {"InverseGamma", {n(2), n(1)}},   {"Beta", {n(2), n(3)}},
      {"Uniform", {n(0), n(1)}},        {"Weibull", {n(1), n(2)}},
      {"VonMises", {n(0), n(1)}},       {"Delta", {n(0.5), n(0), n(0)}}};
  for (const auto& [name, arguments] : calls) {
    CAPTURE(name);
    REQUIRE(static_cast<bool>(dist::find_builder(name)));
    dist::DistributionPtr d = dist::find_builder(name)(arguments);
    CHECK(d->name() == name);
    CHECK(std::isfinite(d->log_prob(tape.constant(0.5)).item()));
  }
  // The factory finds them by name.
  CHECK(dist::make_distribution("InverseGamma", {n(3), n(2)})->name() == "InverseGamma");
  // Weibull takes scale first: Weibull(scale=1, concentration=2) at 0.5.
  CHECK(dist::find_builder("Weibull")({n(1), n(2)})->log_prob(tape.constant(0.5)).item() ==
        doctest::Approx(std::log(2.0) + std::log(0.5) - 0.25));
  CHECK_THROWS_WITH(dist::find_builder("Gamma")({n(-1), n(1)}), "Gamma: concentration must be positive, got -1");
  CHECK_THROWS_WITH(dist::find_builder("Beta")({n(1), dist::Argument{}}),
                    "Beta: argument 'concentration0' must be a number or an array");
  // ImproperUniform: a constraint and two shapes.
  dist::Arguments improper{dist::Argument{std::nullopt, nullptr, dist::Constraint::of(dist::ConstraintKind::Real), {}, {}},
                           dist::Argument{tape.constant(Array::vector({2.0, 3.0})), nullptr, std::nullopt, {}, {}},
                           dist::Argument{tape.constant(Array::zeros(Shape{0})), nullptr, std::nullopt, {}, {}}};
  dist::DistributionPtr flat = dist::find_builder("ImproperUniform")(improper);
  CHECK(flat->batch_shape() == Shape{2, 3});
  CHECK(flat->event_shape() == Shape{});
  CHECK_THROWS_WITH(dist::find_builder("ImproperUniform")({n(1), n(2), n(3)}),
                    "ImproperUniform: argument 'support' must be a constraint");
  CHECK_THROWS_WITH(dist::find_builder("Delta")({n(1), n(0), n(0.5)}),
                    "Delta: event_dim must be a non-negative integer, got 0.5");
}
