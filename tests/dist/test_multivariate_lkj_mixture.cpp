// LKJCholesky and MixtureSameFamily: log density against the references,
// gradients against finite differences, sample moments, argument checks;
// and the discrete and multivariate builders by name.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "core/array_math.h"
#include "core/array_reduce.h"
#include "dist/bernoulli.h"
#include "dist/categorical.h"
#include "dist/factory.h"
#include "dist/lkj.h"
#include "dist/lkj_cholesky.h"
#include "dist/transforms.h"
#include "dist/mixture_same_family.h"
#include "dist/multivariate_normal.h"
#include "dist/normal.h"
#include "reference_table.h"


using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;
using dist::ProbsOrLogits;

namespace {

Array slice_of(const std::vector<double>& v, size_t begin, const Shape& shape) {
  return Array(shape, Eigen::Map<const Eigen::ArrayXd>(v.data() + begin, shape.numel()));
}

void check_mean_and_variance(const Eigen::ArrayXd& x, double mean, double variance) {
  const double n = static_cast<double>(x.size());
  const Eigen::ArrayXd centered = x - x.mean();
  const double sample_variance = centered.square().sum() / (n - 1);
  const double m4 = centered.square().square().mean();
  CAPTURE(x.mean());
  CAPTURE(sample_variance);
  CHECK(std::abs(x.mean() - mean) < 5 * std::sqrt(variance / n));
  CHECK(std::abs(sample_variance - variance) < 5 * std::sqrt((m4 - sample_variance * sample_variance) / n));
}

// The Cholesky factor of a correlation matrix from any [3, 3] input: rows of
// a lower-triangular matrix with a positive diagonal, normalized.
Array corr_cholesky(const Array& raw) {
  Eigen::Matrix3d m = Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>>(raw.data());
  for (int i = 0; i < 3; ++i) {
    m(i, i) = 1.0 + std::abs(m(i, i));
    for (int j = i + 1; j < 3; ++j) m(i, j) = 0;
    m.row(i).normalize();
  }
  Eigen::Matrix<double, 3, 3, Eigen::RowMajor> row_major = m;
  return Array(Shape{3, 3}, Eigen::Map<const Eigen::ArrayXd>(row_major.data(), 9));
}

}  // namespace

// ---- LKJCholesky -------------------------------------------------------------

TEST_CASE("LKJCholesky log_prob matches the reference values") {
  auto references = test::reference_values("LKJCholesky");
  REQUIRE(references.size() >= 5);
  for (const auto& r : references) {
    CAPTURE(r.source);
    CAPTURE(r.parameters[0]);
    ad::Tape tape;
    dist::LKJCholesky lkj(3, tape.constant(r.parameters[0]));
    const double lp = lkj.log_prob(tape.constant(slice_of(r.value, 0, Shape{3, 3}))).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("LKJCholesky: dimension 2 integrates to 1") {
  // D = 2: L = [[1, 0], [r, sqrt(1 - r^2)]], density (1 - r^2)^(eta - 1) / c_2(eta)
  // in r, integrated over (-1, 1) by the midpoint rule.
  ad::Tape tape;
  for (double eta : {1.0, 2.5, 7.0}) {
    dist::LKJCholesky lkj(2, tape.constant(eta));
    const int n = 20000;
    Eigen::ArrayXd values(n * 4);
    for (int i = 0; i < n; ++i) {
      const double r = -1.0 + (i + 0.5) * 2.0 / n;
      values.segment(4 * i, 4) << 1.0, 0.0, r, std::sqrt(1 - r * r);
    }
    const Eigen::ArrayXd lp = lkj.log_prob(tape.constant(Array(Shape{n, 2, 2}, values))).value().values();
    CHECK(lp.exp().sum() * 2.0 / n == doctest::Approx(1.0).epsilon(1e-6));
  }
}

TEST_CASE("LKJCholesky gradients in concentration and value, with a batch") {
  const Array value = corr_cholesky(random_array({3, 3}, -1, 1, 4));
  check_gradient([](std::span<const ad::Var> in) { return dist::LKJCholesky(3, ad::exp(in[0])).log_prob(in[1]); },
                 {random_array({2}, -1, 1.5), value});
  Array two(Shape{2, 3, 3}, Eigen::ArrayXd::Zero(18));
  two.mutable_values() << value.values(), corr_cholesky(random_array({3, 3}, -1, 1, 5)).values();
  check_gradient([](std::span<const ad::Var> in) { return dist::LKJCholesky(3, ad::exp(in[0])).log_prob(in[1]); },
                 {random_array({}, -1, 1.5), two});
}

TEST_CASE("LKJCholesky draws: Cholesky factors of correlation matrices, with the right correlations") {
  ad::Tape tape;
  for (auto [d, eta] : {std::pair<int64_t, double>{3, 1.0}, {4, 2.0}, {2, 0.5}}) {
    CAPTURE(d);
    CAPTURE(eta);
    dist::LKJCholesky lkj(d, tape.constant(eta));
    const int n = 100000;
    const Array draws = lkj.sample(RandomKey(71 + d), Shape{n, d, d}).value();
    bool factors = true;
    std::vector<Eigen::ArrayXd> correlations(d * d, Eigen::ArrayXd(n));
    for (int s = 0; s < n; ++s) {
      Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> l(
          draws.data() + s * d * d, d, d);
      const Eigen::MatrixXd c = l * l.transpose();
      for (int64_t i = 0; i < d; ++i) {
        factors = factors && std::abs(c(i, i) - 1.0) < 1e-12 && l(i, i) > 0;
        for (int64_t j = i + 1; j < d; ++j) factors = factors && l(i, j) == 0;
        for (int64_t j = 0; j < i; ++j) correlations[i * d + j][s] = c(i, j);
      }
    }
    CHECK(factors);
    // Each correlation is 2 Beta(b, b) - 1, b = eta - 1 + D/2: mean 0, variance 1 / (2 eta + D - 1).
    for (int64_t i = 0; i < d; ++i)
      for (int64_t j = 0; j < i; ++j) {
        CAPTURE(i);
        CAPTURE(j);
        check_mean_and_variance(correlations[i * d + j], 0.0, 1.0 / (2 * eta + static_cast<double>(d) - 1));
      }
  }
}

TEST_CASE("LKJCholesky shapes, sums and argument checks") {
  ad::Tape tape;
  dist::LKJCholesky lkj(3, tape.constant(Array::vector({1.0, 3.0})));
  CHECK(lkj.batch_shape() == Shape{2});
  CHECK(lkj.event_shape() == (Shape{3, 3}));
  CHECK(lkj.support().to_string() == "corr_cholesky");
  const Array draws = lkj.sample(RandomKey(3), Shape{4, 2, 3, 3}).value();
  ad::Var x = tape.constant(draws);
  CHECK(lkj.log_prob(x).shape() == Shape{4, 2});
  CHECK(lkj.log_prob_sum(x).item() == doctest::Approx(ad::sum(lkj.log_prob(x)).item()));
  CHECK_THROWS_WITH(dist::LKJCholesky(3, tape.constant(0.0)), "LKJCholesky: concentration must be positive, got 0");
  CHECK_THROWS_WITH(dist::LKJCholesky(1, tape.constant(1.0)),
                    "LKJCholesky: dimension must be an integer of at least 2, got 1");
}

// ---- MixtureSameFamily -------------------------------------------------------

// log p(C) = (eta - 1) log det C - log c_3(eta), mpmath at 40 digits; at
// eta = 1 it is -log(pi^2 / 2), the volume of the 3 x 3 correlation matrices.
TEST_CASE("LKJ log_prob matches mpmath and the volume of the correlation matrices") {
  const Array c(Shape{3, 3}, {1, 0.3, -0.2, 0.3, 1, 0.4, -0.2, 0.4, 1});
  const struct {
    double eta, log_prob;
  } references[] = {{1.0, -1.596312591138855}, {2.5, -0.91171225968050959}, {0.5, -2.3247793854467264}};
  for (const auto& r : references) {
    ad::Tape tape;
    dist::LKJ d(3, tape.constant(r.eta));
    CHECK(d.log_prob(tape.constant(c)).item() == doctest::Approx(r.log_prob).epsilon(1e-13));
  }
  CHECK(std::abs(-1.596312591138855 + std::log(M_PI * M_PI / 2)) < 1e-14);
}

TEST_CASE("LKJ gradients in the concentration and along correlation matrices") {
  // C from free numbers through the corr_cholesky bijection, so that every
  // perturbation stays a correlation matrix.
  ad::testing::check_gradient(
      [](auto v) {
        const ad::Var lower = dist::CorrCholeskyTransform().forward(v[0]);
        const ad::Var c = ad::matmul(lower, ad::transpose(lower));
        return dist::LKJ(3, ad::exp(v[1])).log_prob(c);
      },
      {ad::testing::random_array({3}, -0.8, 0.8, 93), ad::testing::random_array({}, -0.5, 0.5, 94)});
}

TEST_CASE("LKJ draws: correlation matrices whose correlation is 2 Beta(eta, eta) - 1 in dimension 2") {
  ad::Tape tape;
  dist::LKJ d(2, tape.constant(3.0));
  const int n = 40000;
  const Array c = d.sample(RandomKey(5), Shape{n, 2, 2}).value();
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double* m = c.data() + 4 * i;
    REQUIRE(m[0] == doctest::Approx(1.0));
    REQUIRE(m[3] == doctest::Approx(1.0));
    REQUIRE(m[1] == doctest::Approx(m[2]));
    sum += m[1];
    squares += m[1] * m[1];
  }
  // Mean 0 and variance 1 / (2 eta + 1) = 1/7; its standard error is below 0.0015.
  CHECK(std::abs(sum / n) < 5 * std::sqrt(1.0 / 7 / n));
  CHECK(std::abs(squares / n - 1.0 / 7) < 0.004);
  CHECK(d.support().to_string() == "corr_matrix");
}

TEST_CASE("MixtureSameFamily of Normals matches the reference values") {
  auto references = test::reference_values("MixtureSameFamilyNormal");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    auto mixing = std::make_shared<dist::Categorical>(tape.constant(slice_of(r.parameters, 0, Shape{2})),
                                                      ProbsOrLogits::Probs);
    auto components = std::make_shared<dist::Normal>(tape.constant(slice_of(r.parameters, 2, Shape{2})),
                                                     tape.constant(slice_of(r.parameters, 4, Shape{2})));
    dist::MixtureSameFamily mixture(mixing, components);
    const double lp = mixture.log_prob(tape.constant(r.value[0])).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("MixtureSameFamily gradients in mixing logits and component parameters, with a batch") {
  auto lp = [](std::span<const ad::Var> in) {
    auto mixing = std::make_shared<dist::Categorical>(in[0], ProbsOrLogits::Logits);
    auto components = std::make_shared<dist::Normal>(in[1], ad::exp(in[2]));
    return dist::MixtureSameFamily(mixing, components).log_prob(in[3]);
  };
  check_gradient(lp, {random_array({2, 3}), random_array({2, 3}, -2, 2, 3), random_array({3}, -1, 1, 4),
                      random_array({4, 2}, -2, 2, 5)});
  check_gradient(lp, {random_array({3}), random_array({3}, -2, 2, 3), random_array({3}, -1, 1, 4),
                      random_array({}, -2, 2, 5)});
}

TEST_CASE("MixtureSameFamily of MultivariateNormals: event dims and gradients") {
  auto lp = [](std::span<const ad::Var> in) {
    auto mixing = std::make_shared<dist::Categorical>(in[0], ProbsOrLogits::Logits);
    ad::Var cov = in[2].tape().constant(ad::testing::random_spd(3));
    auto components =
        std::make_shared<dist::MultivariateNormal>(in[1], cov, dist::MultivariateNormal::Matrix::Covariance);
    return dist::MixtureSameFamily(mixing, components).log_prob(in[2]);
  };
  check_gradient(lp, {random_array({2}), random_array({2, 3}, -1, 1, 3), random_array({5, 3}, -2, 2, 5)});
  ad::Tape tape;
  ad::Var logits = tape.constant(Array::vector({0.3, -0.2}));
  ad::Var locs = tape.constant(random_array({2, 3}, -1, 1, 3));
  ad::Var cov = tape.constant(ad::testing::random_spd(3));
  auto components = std::make_shared<dist::MultivariateNormal>(locs, cov, dist::MultivariateNormal::Matrix::Covariance);
  dist::MixtureSameFamily mixture(std::make_shared<dist::Categorical>(logits, ProbsOrLogits::Logits), components);
  CHECK(mixture.event_shape() == Shape{3});
  CHECK(mixture.batch_shape() == Shape{});
  ad::Var x = tape.constant(random_array({4, 3}, -2, 2, 9));
  const Eigen::ArrayXd got = mixture.log_prob(x).value().values();
  const Eigen::ArrayXd log_w = log_softmax(logits.value()).values();
  for (int i = 0; i < 4; ++i) {
    ad::Var xi = ad::index(x, i);
    const Eigen::ArrayXd per = components->log_prob(xi).value().values();
    const double expected = std::log(std::exp(log_w[0] + per[0]) + std::exp(log_w[1] + per[1]));
    CHECK(got[i] == doctest::Approx(expected).epsilon(1e-12));
  }
  CHECK(mixture.sample(RandomKey(2), Shape{7, 3}).shape() == Shape{7, 3});
}

TEST_CASE("MixtureSameFamily draws have the mixture's mean and variance") {
  ad::Tape tape;
  auto mixing = std::make_shared<dist::Categorical>(tape.constant(Array::vector({0.3, 0.7})), ProbsOrLogits::Probs);
  auto components = std::make_shared<dist::Normal>(tape.constant(Array::vector({-2.0, 3.0})),
                                                   tape.constant(Array::vector({0.5, 1.5})));
  dist::MixtureSameFamily mixture(mixing, components);
  const double mean = 0.3 * -2.0 + 0.7 * 3.0;
  const double variance = 0.3 * (0.25 + 4.0) + 0.7 * (2.25 + 9.0) - mean * mean;
  CHECK(mixture.mean()->item() == doctest::Approx(mean));
  CHECK(mixture.variance()->item() == doctest::Approx(variance));
  check_mean_and_variance(mixture.sample(RandomKey(81), Shape{100000}).value().values(), mean, variance);
  ad::Var x = tape.constant(Array::vector({0.0, 1.0, -3.0}));
  CHECK(mixture.log_prob_sum(x).item() == doctest::Approx(ad::sum(mixture.log_prob(x)).item()));
  CHECK(!mixture.is_discrete());
}

TEST_CASE("MixtureSameFamily argument checks") {
  ad::Tape tape;
  auto mixing = std::make_shared<dist::Categorical>(tape.constant(Array::vector({0.3, 0.7})), ProbsOrLogits::Probs);
  auto three = std::make_shared<dist::Normal>(tape.constant(Array::vector({0, 1, 2})), tape.constant(1.0));
  CHECK_THROWS_WITH(dist::MixtureSameFamily(mixing, three),
                    "MixtureSameFamily: component_distribution must have a batch shape ending with the 2 mixture "
                    "components, got [3]");
}

// ---- Builders ----------------------------------------------------------------

namespace {

dist::Argument number(ad::Tape& tape, const Array& a) {
  dist::Argument arg;
  arg.number = tape.constant(a);
  return arg;
}

}  // namespace

TEST_CASE("Discrete and multivariate builders, by name in the catalogue's order") {
  ad::Tape tape;
  const dist::Argument none;
  auto n = [&](const Array& a) { return number(tape, a); };
  auto s = [&](double v) { return number(tape, Array(v)); };
  const Array p3 = Array::vector({0.2, 0.3, 0.5});
  struct Case {
    std::string name;
    dist::Arguments args;
  };
  std::vector<Case> cases = {
      {"Bernoulli", {s(0.3), none}},
      {"Bernoulli", {none, s(-1.0)}},
      {"Binomial", {s(10), s(0.3), none}},
      {"Poisson", {s(2.0)}},
      {"GammaPoisson", {s(2.0), s(1.0)}},
      {"NegativeBinomial", {s(3.0), none, s(0.2)}},
      {"NegativeBinomial2", {s(4.0), s(2.0)}},
      {"Geometric", {s(0.3), none}},
      {"Categorical", {n(p3), none}},
      {"Multinomial", {s(10), none, n(p3)}},
      {"ZeroInflatedPoisson", {s(0.2), s(3.0)}},
      {"Dirichlet", {n(p3)}},
      {"MultivariateNormal", {s(0.0), none, none, n(Array::eye(3))}},
      {"LowRankMultivariateNormal", {n(Array::zeros(Shape{3})), n(Array::ones(Shape{3, 1})), n(Array::ones(Shape{3}))}},
      {"LKJCholesky", {s(3), s(2.0)}},
      // Trailing defaults left out: Binomial(total_count = 1), GammaPoisson(rate = 1), LKJ(concentration = 1).
      {"Binomial", {none, s(0.3)}},
      {"GammaPoisson", {s(2.0)}},
      {"LKJCholesky", {s(3)}},
      {"MultivariateNormal", {none, n(Array::eye(2))}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    REQUIRE(static_cast<bool>(dist::find_builder(c.name)));
    dist::DistributionPtr d = dist::find_builder(c.name)(c.args);
    CHECK(d->name() == c.name);
  }
  dist::Argument mixing, components;
  mixing.distribution = dist::find_builder("Categorical")({n(Array::vector({0.4, 0.6})), none});
  components.distribution = std::make_shared<dist::Normal>(tape.constant(Array::vector({0, 1})), tape.constant(1.0));
  CHECK(dist::find_builder("MixtureSameFamily")({mixing, components})->name() == "MixtureSameFamily");
  CHECK_THROWS_WITH(dist::find_builder("MixtureSameFamily")({components, components}),
                    "MixtureSameFamily: mixing_distribution must be a Categorical distribution");
  CHECK_THROWS_WITH(dist::find_builder("Bernoulli")({s(0.3), s(0.1)}),
                    "Bernoulli: exactly one of probs and logits must be given, got both");
  CHECK_THROWS_WITH(dist::find_builder("Categorical")({none, none}),
                    "Categorical: exactly one of probs and logits must be given, got neither");
  CHECK_THROWS_WITH(dist::find_builder("MultivariateNormal")({s(0.0), none, none, none}),
                    "MultivariateNormal: exactly one of covariance_matrix, precision_matrix and scale_tril must be "
                    "given, got 0");
  auto bernoulli = std::dynamic_pointer_cast<const dist::Bernoulli>(dist::find_builder("Bernoulli")({none, s(0.0)}));
  REQUIRE(bernoulli);
  CHECK(bernoulli->parameterization() == ProbsOrLogits::Logits);
  CHECK(dist::find_builder("Binomial")({none, s(0.3)})->mean()->item() == doctest::Approx(0.3));
  CHECK(dist::find_builder("GammaPoisson")({s(2.0)})->mean()->item() == doctest::Approx(2.0));
}
