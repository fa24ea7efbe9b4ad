// KL divergences: each registered pair against a Monte Carlo estimate
// E_q[log q - log p] (within 4 standard errors over 10^5 draws), against the
// KL lines of reference_values.md, Normal || Normal against its closed form,
// and gradients in the parameters.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/bernoulli.h"
#include "dist/beta.h"
#include "dist/categorical.h"
#include "dist/delta.h"
#include "dist/dirichlet.h"
#include "dist/expanded.h"
#include "dist/gamma.h"
#include "dist/independent.h"
#include "dist/kl.h"
#include "dist/low_rank_multivariate_normal.h"
#include "dist/multivariate_normal.h"
#include "dist/normal.h"
#include "dist/transforms.h"
#include "reference_table.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;
using dist::DistributionPtr;

namespace {

// Compares kl_divergence(q, p) with the Monte Carlo mean of
// log q(x) - log p(x), x ~ q, for every batch element.
void check_against_monte_carlo(const dist::Distribution& q, const dist::Distribution& p,
                               uint64_t seed = 17) {
  const int64_t n = 100000;
  const auto kl = dist::kl_divergence(q, p);
  REQUIRE(kl.has_value());
  const Shape batch = broadcast_shapes(q.batch_shape(), p.batch_shape());
  REQUIRE(kl->shape() == batch);
  Shape sample_shape{n};
  for (int64_t d : batch) sample_shape.push_back(d);
  for (int64_t d : q.event_shape()) sample_shape.push_back(d);
  const ad::Var x = q.sample(RandomKey(seed), sample_shape);
  const Array diff = (q.log_prob(x) - p.log_prob(x)).value();
  const int64_t m = batch.numel();
  REQUIRE(diff.size() == n * m);
  for (int64_t j = 0; j < m; ++j) {
    double mean = 0.0, square = 0.0;
    for (int64_t i = 0; i < n; ++i) mean += diff.values()[i * m + j];
    mean /= n;
    for (int64_t i = 0; i < n; ++i) square += std::pow(diff.values()[i * m + j] - mean, 2);
    const double se = std::sqrt(square / (n - 1) / n);
    const double analytic = kl->value().values()[j];
    INFO(q.name(), " || ", p.name(), " element ", j, ": analytic ", analytic, ", Monte Carlo ",
         mean, " +- ", se);
    CHECK(std::abs(analytic - mean) <= 4 * se + 1e-10);
  }
}

ad::Var positive(ad::Var v) { return ad::exp(v); }

}  // namespace

TEST_CASE("KL Normal || Normal: closed form, broadcasting, Monte Carlo") {
  ad::Tape tape;
  dist::Normal q(tape.constant(1.0), tape.constant(2.0)), p(tape.constant(-0.5), tape.constant(3.0));
  const double expected = std::log(3.0 / 2.0) + (4.0 + 2.25) / 18.0 - 0.5;
  CHECK(dist::kl_divergence(q, p)->item() == doctest::Approx(expected).epsilon(1e-14));
  CHECK(dist::kl_divergence(q, q)->item() == doctest::Approx(0.0));
  dist::Normal qb(tape.constant(Array::vector({0.0, 1.0, -2.0})), tape.constant(Array::vector({0.5, 1.0, 2.0})));
  CHECK(dist::kl_divergence(qb, p)->shape() == Shape{3});
  check_against_monte_carlo(qb, p);
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Normal(in[0], positive(in[1])),
                                    dist::Normal(in[2], positive(in[3])));
      },
      {random_array({3}), random_array({3}), random_array({2, 1}), random_array({})});
}

TEST_CASE("KL Independent || Independent and Expanded") {
  ad::Tape tape;
  auto q = std::make_shared<dist::Normal>(tape.constant(random_array({3, 2})),
                                          tape.constant(random_array({3, 2}, 0.5, 1.5, 2)));
  auto p = std::make_shared<dist::Normal>(tape.constant(random_array({3, 2}, -1, 1, 3)),
                                          tape.constant(random_array({3, 2}, 0.5, 1.5, 4)));
  auto qi = dist::to_event(q, 1), pi = dist::to_event(p, 1);
  const auto kl = dist::kl_divergence(*qi, *pi);
  REQUIRE(kl);
  REQUIRE(kl->shape() == Shape{3});
  const Array base = dist::kl_divergence(*q, *p)->value();
  for (int i = 0; i < 3; ++i)
    CHECK(kl->value().values()[i] == doctest::Approx(base.at({i, 0}) + base.at({i, 1})));
  check_against_monte_carlo(*qi, *pi);
  // Unequal reinterpreted dims have no registered form.
  CHECK_FALSE(dist::has_analytic_kl(*dist::to_event(q, 2), *pi));
  CHECK_FALSE(dist::kl_divergence(*qi, *p).has_value());

  auto scalar = std::make_shared<dist::Normal>(tape.constant(0.3), tape.constant(1.2));
  auto expanded = dist::expand(scalar, Shape{3, 2});
  CHECK(dist::kl_divergence(*expanded, *p)->shape() == Shape{3, 2});
  check_against_monte_carlo(*expanded, *p);
  // Expanded inside Independent on both sides.
  auto ei = dist::to_event(expanded, 1);
  CHECK(dist::kl_divergence(*ei, *pi)->shape() == Shape{3});
  check_against_monte_carlo(*ei, *pi, 5);
  check_gradient(
      [](std::span<const ad::Var> in) {
        auto a = dist::to_event(dist::expand(std::make_shared<dist::Normal>(in[0], positive(in[1])),
                                             Shape{4, 2}),
                                1);
        auto b = dist::to_event(std::make_shared<dist::Normal>(in[2], positive(in[3])), 1);
        return *dist::kl_divergence(*a, *b);
      },
      {random_array({}), random_array({}), random_array({4, 2}), random_array({2})});
}

TEST_CASE("KL Delta || anything is -log p(v)") {
  ad::Tape tape;
  dist::Delta q(tape.constant(Array::vector({0.5, -1.0})), tape.constant(0.0));
  dist::Normal p(tape.constant(0.2), tape.constant(1.5));
  const auto kl = dist::kl_divergence(q, p);
  REQUIRE(kl);
  const Array lp = p.log_prob(tape.constant(Array::vector({0.5, -1.0}))).value();
  CHECK(kl->value().values()[1] == doctest::Approx(-lp.values()[1]));
  check_against_monte_carlo(q, p);
  dist::Gamma g(tape.constant(2.0), tape.constant(1.0));
  CHECK(dist::has_analytic_kl(q, g));
  check_gradient(
      [](std::span<const ad::Var> in) {
        dist::Delta d(in[0], in[0].tape().constant(0.0));
        return *dist::kl_divergence(d, dist::Normal(in[1], positive(in[2])));
      },
      {random_array({3}), random_array({}), random_array({3})});
}

TEST_CASE("KL Gamma || Gamma and Beta || Beta") {
  ad::Tape tape;
  dist::Gamma gq(tape.constant(Array::vector({2.0, 0.7})), tape.constant(Array::vector({1.5, 0.4})));
  dist::Gamma gp(tape.constant(3.0), tape.constant(1.1));
  check_against_monte_carlo(gq, gp);
  dist::Beta bq(tape.constant(Array::vector({2.0, 0.8})), tape.constant(Array::vector({3.0, 1.5})));
  dist::Beta bp(tape.constant(1.2), tape.constant(2.5));
  check_against_monte_carlo(bq, bp);
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Gamma(positive(in[0]), positive(in[1])),
                                    dist::Gamma(positive(in[2]), positive(in[3])));
      },
      {random_array({2}), random_array({2}), random_array({}), random_array({2})});
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Beta(positive(in[0]), positive(in[1])),
                                    dist::Beta(positive(in[2]), positive(in[3])));
      },
      {random_array({2}), random_array({2}), random_array({}), random_array({2})});
}

TEST_CASE("KL Dirichlet || Dirichlet") {
  ad::Tape tape;
  dist::Dirichlet q(tape.constant(Array(Shape{2, 3}, {1.5, 2.0, 0.7, 3.0, 1.0, 2.0})));
  dist::Dirichlet p(tape.constant(Array::vector({2.0, 2.0, 1.0})));
  CHECK(dist::kl_divergence(q, p)->shape() == Shape{2});
  check_against_monte_carlo(q, p);
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Dirichlet(positive(in[0])), dist::Dirichlet(positive(in[1])));
      },
      {random_array({2, 3}), random_array({3})});
}

TEST_CASE("KL Bernoulli || Bernoulli and Categorical || Categorical") {
  ad::Tape tape;
  using dist::ProbsOrLogits;
  dist::Bernoulli bq(tape.constant(Array::vector({0.2, 0.9, 0.5})), ProbsOrLogits::Probs);
  dist::Bernoulli bp(tape.constant(Array::vector({-1.0, 0.3, 2.0})), ProbsOrLogits::Logits);
  check_against_monte_carlo(bq, bp);
  // A certain outcome: the impossible one contributes nothing.
  dist::Bernoulli certain(tape.constant(1.0), ProbsOrLogits::Probs);
  dist::Bernoulli half(tape.constant(0.5), ProbsOrLogits::Probs);
  CHECK(dist::kl_divergence(certain, half)->item() == doctest::Approx(std::log(2.0)));

  dist::Categorical cq(tape.constant(Array(Shape{2, 3}, {0.2, 0.5, 0.3, 0.0, 0.4, 0.6})),
                       ProbsOrLogits::Probs);
  dist::Categorical cp(tape.constant(Array::vector({0.1, -0.5, 1.0})), ProbsOrLogits::Logits);
  CHECK(dist::kl_divergence(cq, cp)->shape() == Shape{2});
  check_against_monte_carlo(cq, cp);
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Bernoulli(in[0], ProbsOrLogits::Logits),
                                    dist::Bernoulli(in[1], ProbsOrLogits::Logits));
      },
      {random_array({3}), random_array({3})});
  check_gradient(
      [](std::span<const ad::Var> in) {
        return *dist::kl_divergence(dist::Categorical(in[0], ProbsOrLogits::Logits),
                                    dist::Categorical(in[1], ProbsOrLogits::Logits));
      },
      {random_array({2, 4}), random_array({4})});
}

TEST_CASE("KL MultivariateNormal || MultivariateNormal and LowRank || MultivariateNormal") {
  ad::Tape tape;
  using Matrix = dist::MultivariateNormal::Matrix;
  const Array cov_q = ad::testing::random_spd(3, 5), cov_p = ad::testing::random_spd(3, 6);
  dist::MultivariateNormal q(tape.constant(random_array({2, 3})), tape.constant(cov_q),
                             Matrix::Covariance);
  dist::MultivariateNormal p(tape.constant(random_array({3}, -1, 1, 8)), tape.constant(cov_p),
                             Matrix::Covariance);
  CHECK(dist::kl_divergence(q, p)->shape() == Shape{2});
  CHECK(dist::kl_divergence(p, p)->item() == doctest::Approx(0.0).epsilon(1e-12));
  check_against_monte_carlo(q, p);
  dist::LowRankMultivariateNormal lr(tape.constant(random_array({3}, -1, 1, 9)),
                                     tape.constant(random_array({3, 2}, -1, 1, 10)),
                                     tape.constant(Array::vector({0.5, 1.0, 1.5})));
  check_against_monte_carlo(lr, p);
  CHECK_FALSE(dist::has_analytic_kl(p, lr));
  check_gradient(
      [](std::span<const ad::Var> in) {
        dist::LowerCholeskyTransform t;
        dist::MultivariateNormal a(in[0], t.forward(in[1]), Matrix::ScaleTril);
        dist::MultivariateNormal b(in[2], t.forward(in[3]), Matrix::ScaleTril);
        return *dist::kl_divergence(a, b);
      },
      {random_array({2, 3}), random_array({6}), random_array({3}), random_array({6}, -1, 1, 3)});
  check_gradient(
      [](std::span<const ad::Var> in) {
        dist::LowerCholeskyTransform t;
        dist::LowRankMultivariateNormal a(in[0], in[1], positive(in[2]));
        dist::MultivariateNormal b(in[3], t.forward(in[4]), Matrix::ScaleTril);
        return *dist::kl_divergence(a, b);
      },
      {random_array({3}), random_array({3, 2}), random_array({3}), random_array({3}),
       random_array({6}, -1, 1, 3)});
}

TEST_CASE("KL: pairs without a closed form give nullopt") {
  ad::Tape tape;
  dist::Normal n(tape.constant(0.0), tape.constant(1.0));
  dist::Gamma g(tape.constant(2.0), tape.constant(1.0));
  CHECK_FALSE(dist::has_analytic_kl(n, g));
  CHECK_FALSE(dist::kl_divergence(g, n).has_value());
  CHECK(dist::has_analytic_kl(n, n));
}

namespace {

// The two distributions of a KL reference line, from its parameters {p..., q...}.
using KlPair = std::pair<DistributionPtr, DistributionPtr>;
using KlPairBuilder = std::function<KlPair(ad::Tape&, const std::vector<double>&)>;

Array slice(const std::vector<double>& v, size_t begin, const Shape& shape) {
  return Array(shape, Eigen::Map<const Eigen::ArrayXd>(v.data() + begin, shape.numel()));
}

// Each KL name of reference_values.md, with the parameter layout of
// generate_reference_values.py.
const std::map<std::string, KlPairBuilder>& kl_pair_builders() {
  using dist::ProbsOrLogits;
  using Matrix = dist::MultivariateNormal::Matrix;
  static const std::map<std::string, KlPairBuilder> builders{
      {"KL Normal||Normal",
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Normal>(t.constant(p[0]), t.constant(p[1])),
                 std::make_shared<dist::Normal>(t.constant(p[2]), t.constant(p[3]))};
       }},
      {"KL Gamma||Gamma",  // (concentration, rate)
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Gamma>(t.constant(p[0]), t.constant(p[1])),
                 std::make_shared<dist::Gamma>(t.constant(p[2]), t.constant(p[3]))};
       }},
      {"KL Beta||Beta",
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Beta>(t.constant(p[0]), t.constant(p[1])),
                 std::make_shared<dist::Beta>(t.constant(p[2]), t.constant(p[3]))};
       }},
      {"KL Dirichlet||Dirichlet",  // two concentrations of 3
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Dirichlet>(t.constant(slice(p, 0, Shape{3}))),
                 std::make_shared<dist::Dirichlet>(t.constant(slice(p, 3, Shape{3})))};
       }},
      {"KL Bernoulli||Bernoulli",  // probs
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Bernoulli>(t.constant(p[0]), ProbsOrLogits::Probs),
                 std::make_shared<dist::Bernoulli>(t.constant(p[1]), ProbsOrLogits::Probs)};
       }},
      {"KL Categorical||Categorical",  // two probability vectors of 3
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::Categorical>(t.constant(slice(p, 0, Shape{3})), ProbsOrLogits::Probs),
                 std::make_shared<dist::Categorical>(t.constant(slice(p, 3, Shape{3})), ProbsOrLogits::Probs)};
       }},
      {"KL MultivariateNormal||MultivariateNormal",  // loc (3), covariance (9), twice
       [](ad::Tape& t, const std::vector<double>& p) -> KlPair {
         return {std::make_shared<dist::MultivariateNormal>(t.constant(slice(p, 0, Shape{3})),
                                                            t.constant(slice(p, 3, Shape{3, 3})),
                                                            Matrix::Covariance),
                 std::make_shared<dist::MultivariateNormal>(t.constant(slice(p, 12, Shape{3})),
                                                            t.constant(slice(p, 15, Shape{3, 3})),
                                                            Matrix::Covariance)};
       }},
  };
  return builders;
}

}  // namespace

TEST_CASE("KL reference lines: the table reads every one") {
  // The KL section of reference_values.md: 2 lines per univariate pair and
  // per Dirichlet, Bernoulli, Categorical pair, 1 for MultivariateNormal.
  const std::map<std::string, size_t> expected{
      {"KL Normal||Normal", 2},        {"KL Gamma||Gamma", 2},
      {"KL Beta||Beta", 2},            {"KL Dirichlet||Dirichlet", 2},
      {"KL Bernoulli||Bernoulli", 2},  {"KL Categorical||Categorical", 2},
      {"KL MultivariateNormal||MultivariateNormal", 1}};
  for (const auto& [name, count] : expected) {
    CAPTURE(name);
    const auto lines = test::reference_values(name);
    CHECK(lines.size() == count);
    for (const auto& r : lines) CHECK(r.value.empty());
  }
  const auto normal = test::reference_values("KL Normal||Normal");
  REQUIRE(normal.size() == 2);
  CHECK(normal[0].parameters == std::vector<double>{0.0, 1.0, 1.0, 2.0});
  CHECK(normal[0].log_prob == 0.44314718055994529);
  CHECK(normal[0].source == "closed form, quad-checked");
  // Names without spaces read as before.
  CHECK(test::reference_values("Normal").size() == 4);
}

TEST_CASE("KL divergences match every KL line of reference_values.md to 1e-10 relative") {
  size_t checked = 0;
  for (const auto& r : test::reference_values()) {
    if (r.distribution.rfind("KL ", 0) != 0) continue;
    CAPTURE(r.distribution);
    CAPTURE(r.source);
    const auto builder = kl_pair_builders().find(r.distribution);
    REQUIRE_MESSAGE(builder != kl_pair_builders().end(), "no builder for this KL line");
    ad::Tape tape;
    const auto [p, q] = builder->second(tape, r.parameters);
    const auto kl = dist::kl_divergence(*p, *q);
    REQUIRE(kl.has_value());
    REQUIRE(kl->shape() == Shape{});
    const double value = kl->item();
    CAPTURE(value);
    CHECK(std::abs(value - r.log_prob) <= test::reference_tolerance(r.log_prob));
    ++checked;
  }
  CHECK(checked == 13);
}
