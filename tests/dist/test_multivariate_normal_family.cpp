// Dirichlet, MultivariateNormal and LowRankMultivariateNormal: log density
// against the scipy/mpmath references, gradients against finite differences
// (parameters and value, with a batch), sample moments and covariances,
// argument checks.
#include <doctest/doctest.h>

#include <Eigen/LU>
#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "core/array_linalg.h"
#include "core/array_math.h"
#include "dist/dirichlet.h"
#include "dist/low_rank_multivariate_normal.h"
#include "dist/multivariate_normal.h"
#include "reference_table.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;
using ad::testing::random_spd;
using Matrix = dist::MultivariateNormal::Matrix;

namespace {

Array slice_of(const std::vector<double>& v, size_t begin, const Shape& shape) {
  return Array(shape, Eigen::Map<const Eigen::ArrayXd>(v.data() + begin, shape.numel()));
}

// Rows of an [n, d] array of draws.
using Draws = Eigen::Map<const Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

// Sample means within 5 standard errors (sqrt(S_ii / n)) and sample
// covariances within 5 standard errors (sqrt((S_ii S_jj + S_ij^2) / n), the
// Gaussian value) of the exact ones.
void check_gaussian_moments(const Array& draws, const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance) {
  const int64_t d = mean.size();
  const int64_t n = draws.size() / d;
  Draws x(draws.data(), n, d);
  const Eigen::RowVectorXd sample_mean = x.matrix().colwise().mean();
  const Eigen::MatrixXd centered = x.matrix().rowwise() - sample_mean;
  const Eigen::MatrixXd sample_covariance = centered.transpose() * centered / static_cast<double>(n - 1);
  for (int64_t i = 0; i < d; ++i) {
    CAPTURE(i);
    CHECK(std::abs(sample_mean[i] - mean[i]) < 5 * std::sqrt(covariance(i, i) / n));
    for (int64_t j = 0; j < d; ++j) {
      CAPTURE(j);
      const double se = std::sqrt((covariance(i, i) * covariance(j, j) + covariance(i, j) * covariance(i, j)) / n);
      CHECK(std::abs(sample_covariance(i, j) - covariance(i, j)) < 5 * se);
    }
  }
}

Eigen::MatrixXd as_matrix(const Array& a) { return matrix_view(a); }

// A A^T + 3 I from any [3, 3] input: a covariance for the gradient checks.
ad::Var spd_from(const ad::Var& a) {
  return ad::matmul(a, ad::transpose(a)) + a.tape().constant(Array::eye(3) * 3.0);
}

}  // namespace

// ---- Dirichlet ---------------------------------------------------------------

TEST_CASE("Dirichlet log_prob matches the reference values") {
  auto references = test::reference_values("Dirichlet");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    dist::Dirichlet d(tape.constant(slice_of(r.parameters, 0, Shape{3})));
    const double lp = d.log_prob(tape.constant(slice_of(r.value, 0, Shape{3}))).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("Dirichlet gradients in concentration and value, with a batch") {
  auto lp = [](std::span<const ad::Var> in) { return dist::Dirichlet(ad::exp(in[0])).log_prob(ad::softmax(in[1], -1)); };
  check_gradient(lp, {random_array({2, 3}, -1, 1), random_array({3}, -1, 1, 3)});
  check_gradient(lp, {random_array({3}, -1, 1), random_array({4, 3}, -1, 1, 3)});
  // The raw value too (no simplex check on the value).
  check_gradient([](std::span<const ad::Var> in) { return dist::Dirichlet(ad::exp(in[0])).log_prob(in[1]); },
                 {random_array({3}, -1, 1), random_array({2, 3}, 0.1, 0.6, 5)});
}

TEST_CASE("Dirichlet draws lie on the simplex with the right moments") {
  ad::Tape tape;
  dist::Dirichlet d(tape.constant(Array::vector({1.0, 2.0, 3.0})));
  const int n = 100000;
  const Array draws = d.sample(RandomKey(41), Shape{n, 3}).value();
  Draws x(draws.data(), n, 3);
  CHECK(((x.rowwise().sum() - 1.0).abs() < 1e-12).all());
  CHECK((x > 0).all());
  const Eigen::ArrayXd mean = d.mean()->value().values(), variance = d.variance()->value().values();
  CHECK(mean[2] == doctest::Approx(0.5));
  CHECK(variance[0] == doctest::Approx(1.0 * 5.0 / (36.0 * 7.0)));
  for (int c = 0; c < 3; ++c) {
    const Eigen::ArrayXd column = x.col(c);
    const Eigen::ArrayXd centered = column - column.mean();
    const double sample_variance = centered.square().sum() / (n - 1);
    const double m4 = centered.square().square().mean();
    CAPTURE(c);
    CHECK(std::abs(column.mean() - mean[c]) < 5 * std::sqrt(variance[c] / n));
    CHECK(std::abs(sample_variance - variance[c]) < 5 * std::sqrt((m4 - sample_variance * sample_variance) / n));
  }
}

TEST_CASE("Dirichlet shapes, sums and argument checks") {
  ad::Tape tape;
  dist::Dirichlet d(tape.constant(Array(Shape{2, 3}, {1, 2, 3, 0.5, 0.5, 4})));
  CHECK(d.batch_shape() == Shape{2});
  CHECK(d.event_shape() == Shape{3});
  ad::Var x = tape.constant(Array(Shape{4, 1, 3}, {0.2, 0.3, 0.5, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4, 0.6, 0.2, 0.2}));
  CHECK(d.log_prob(x).shape() == Shape{4, 2});
  CHECK(d.log_prob_sum(x).item() == doctest::Approx(ad::sum(d.log_prob(x)).item()));
  CHECK(d.sample(RandomKey(1), Shape{5, 2, 3}).shape() == Shape{5, 2, 3});
  CHECK_THROWS_WITH(dist::Dirichlet(tape.constant(Array::vector({1.0, -1.0}))),
                    "Dirichlet: concentration must be positive, got -1 at element 1");
  CHECK_THROWS_WITH_AS(d.log_prob(tape.constant(Array::vector({0.5, 0.5}))),
                       "Dirichlet: a value of shape [2] does not end with the event shape [3]",
                       dist::ArgumentError);
}

// ---- MultivariateNormal ------------------------------------------------------

TEST_CASE("MultivariateNormal log_prob matches the reference values") {
  auto references = test::reference_values("MultivariateNormal");
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    dist::MultivariateNormal mvn(tape.constant(slice_of(r.parameters, 0, Shape{3})),
                                 tape.constant(slice_of(r.parameters, 3, Shape{3, 3})), Matrix::Covariance);
    const double lp = mvn.log_prob(tape.constant(slice_of(r.value, 0, Shape{3}))).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

TEST_CASE("MultivariateNormal by precision and by scale_tril agree with the covariance") {
  ad::Tape tape;
  const Array covariance = random_spd(3, 5);
  const Array precision = Array(Shape{3, 3}, Eigen::Map<const Eigen::ArrayXd>(
                                                    Eigen::MatrixXd(as_matrix(covariance).inverse()).data(), 9));
  ad::Var loc = tape.constant(Array::vector({0.5, -1.0, 2.0}));
  dist::MultivariateNormal by_cov(loc, tape.constant(covariance), Matrix::Covariance);
  dist::MultivariateNormal by_precision(loc, tape.constant(precision), Matrix::Precision);
  dist::MultivariateNormal by_tril(loc, tape.constant(cholesky(covariance)), Matrix::ScaleTril);
  ad::Var x = tape.constant(random_array({5, 3}, -2, 2));
  const Eigen::ArrayXd expected = by_cov.log_prob(x).value().values();
  const Eigen::ArrayXd from_precision = by_precision.log_prob(x).value().values();
  const Eigen::ArrayXd from_tril = by_tril.log_prob(x).value().values();
  for (int i = 0; i < 5; ++i) {
    CHECK(from_precision[i] == doctest::Approx(expected[i]).epsilon(1e-10));
    CHECK(from_tril[i] == doctest::Approx(expected[i]).epsilon(1e-12));
  }
  const Eigen::MatrixXd rebuilt = as_matrix(by_precision.covariance_matrix().value());
  CHECK((rebuilt - as_matrix(covariance)).cwiseAbs().maxCoeff() < 1e-12);
}

TEST_CASE("MultivariateNormal gradients in loc, matrix and value, with a batch") {
  for (Matrix kind : {Matrix::Covariance, Matrix::Precision, Matrix::ScaleTril}) {
    auto lp = [kind](std::span<const ad::Var> in) {
      ad::Var spd = spd_from(in[1]);
      ad::Var matrix = kind == Matrix::ScaleTril ? ad::cholesky(spd) : spd;
      return dist::MultivariateNormal(in[0], matrix, kind).log_prob(in[2]);
    };
    check_gradient(lp, {random_array({2, 3}), random_array({3, 3}, -1, 1, 8), random_array({4, 1, 3}, -2, 2, 9)});
    check_gradient(lp, {random_array({3}), random_array({3, 3}, -1, 1, 8), random_array({3}, -2, 2, 9)});
  }
}

TEST_CASE("MultivariateNormal draws: reparameterized, with the right mean and covariance") {
  ad::Tape tape;
  const Array covariance(Shape{3, 3}, {2.0, 0.3, -0.4, 0.3, 1.0, 0.2, -0.4, 0.2, 0.5});
  ad::Var loc = tape.leaf(Array::vector({1.0, -1.0, 0.5}));
  ad::Var cov = tape.leaf(covariance);
  dist::MultivariateNormal mvn(loc, cov, Matrix::Covariance);
  const int n = 100000;
  ad::Var draws = mvn.sample(RandomKey(51), Shape{n, 3});
  REQUIRE(draws.shape() == Shape{n, 3});
  check_gaussian_moments(draws.value(), Eigen::Vector3d(1.0, -1.0, 0.5), as_matrix(covariance));
  auto gradient = tape.gradient(ad::sum(draws), {loc, cov});
  for (int i = 0; i < 3; ++i) CHECK(gradient[0].values()[i] == doctest::Approx(n));
  CHECK(gradient[1].values().allFinite());
  CHECK(mvn.variance()->value().values()[2] == doctest::Approx(0.5));
  // A batch of locs shares the matrix.
  dist::MultivariateNormal batch(tape.constant(Array(Shape{2, 3}, {0, 0, 0, 10, 10, 10})), cov, Matrix::Covariance);
  CHECK(batch.batch_shape() == Shape{2});
  const Array batch_draws = batch.sample(RandomKey(52), Shape{4, 2, 3}).value();
  CHECK(batch_draws.at({0, 1, 0}) > 5.0);
}

TEST_CASE("MultivariateNormal sums and argument checks") {
  ad::Tape tape;
  dist::MultivariateNormal mvn(tape.constant(0.0), tape.constant(random_spd(3)), Matrix::Covariance);
  CHECK(mvn.event_shape() == Shape{3});
  ad::Var x = tape.constant(random_array({4, 3}));
  CHECK(mvn.log_prob_sum(x).item() == doctest::Approx(ad::sum(mvn.log_prob(x)).item()));
  CHECK_THROWS_WITH(dist::MultivariateNormal(tape.constant(0.0), tape.constant(Array(Shape{2, 2}, {1, 2, 2, 1})),
                                             Matrix::Covariance),
                    "MultivariateNormal: covariance_matrix must be positive definite");
  CHECK_THROWS_WITH(dist::MultivariateNormal(tape.constant(0.0), tape.constant(Array(Shape{2, 2}, {1, 0.5, 0, 1})),
                                             Matrix::Precision),
                    "MultivariateNormal: precision_matrix must be symmetric, got 0 at [1, 0] and 0.5 at [0, 1]");
  CHECK_THROWS_WITH(dist::MultivariateNormal(tape.constant(0.0), tape.constant(Array(Shape{2, 2}, {1, 0, 0.5, -1})),
                                             Matrix::ScaleTril),
                    "MultivariateNormal: scale_tril must have a positive diagonal, got -1 at [1, 1]");
  CHECK_THROWS_WITH_AS(dist::MultivariateNormal(tape.constant(Array::vector({0, 0})), tape.constant(random_spd(3)),
                                                Matrix::Covariance),
                       "MultivariateNormal: loc of shape [2] does not match a covariance_matrix of shape [3, 3]",
                       dist::ArgumentError);
}

// ---- LowRankMultivariateNormal -----------------------------------------------

TEST_CASE("LowRankMultivariateNormal log_prob matches the reference values and the full MVN") {
  auto references = test::reference_values("LowRankMultivariateNormal");
  REQUIRE(references.size() >= 2);
  for (const auto& r : references) {
    CAPTURE(r.source);
    ad::Tape tape;
    dist::LowRankMultivariateNormal d(tape.constant(slice_of(r.parameters, 0, Shape{3})),
                                      tape.constant(slice_of(r.parameters, 3, Shape{3, 1})),
                                      tape.constant(slice_of(r.parameters, 6, Shape{3})));
    const double lp = d.log_prob(tape.constant(slice_of(r.value, 0, Shape{3}))).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
  ad::Tape tape;
  dist::LowRankMultivariateNormal low_rank(tape.constant(random_array({4})), tape.constant(random_array({4, 2}, -1, 1, 3)),
                                           tape.constant(random_array({4}, 0.2, 2.0, 4)));
  dist::MultivariateNormal full(tape.constant(random_array({4})), low_rank.covariance_matrix(), Matrix::Covariance);
  ad::Var x = tape.constant(random_array({6, 4}, -3, 3, 5));
  const Eigen::ArrayXd a = low_rank.log_prob(x).value().values(), b = full.log_prob(x).value().values();
  for (int i = 0; i < 6; ++i) CHECK(a[i] == doctest::Approx(b[i]).epsilon(1e-11));
}

TEST_CASE("LowRankMultivariateNormal gradients in loc, cov_factor, cov_diag and value, with a batch") {
  auto lp = [](std::span<const ad::Var> in) {
    return dist::LowRankMultivariateNormal(in[0], in[1], ad::exp(in[2])).log_prob(in[3]);
  };
  check_gradient(lp, {random_array({2, 3}), random_array({3, 2}, -1, 1, 3), random_array({3}, -1, 1, 4),
                      random_array({4, 1, 3}, -2, 2, 5)});
  check_gradient(lp, {random_array({3}), random_array({3, 1}, -1, 1, 3), random_array({3}, -1, 1, 4),
                      random_array({3}, -2, 2, 5)});
}

TEST_CASE("LowRankMultivariateNormal draws: reparameterized, with the right covariance") {
  ad::Tape tape;
  ad::Var loc = tape.leaf(Array::vector({1.0, 2.0, 3.0}));
  ad::Var factor = tape.leaf(Array(Shape{3, 2}, {1.0, 0.0, 0.5, -1.0, -0.5, 0.3}));
  ad::Var diag = tape.leaf(Array::vector({0.5, 0.2, 1.0}));
  dist::LowRankMultivariateNormal d(loc, factor, diag);
  const int n = 100000;
  ad::Var draws = d.sample(RandomKey(61), Shape{n, 3});
  check_gaussian_moments(draws.value(), Eigen::Vector3d(1, 2, 3), as_matrix(d.covariance_matrix().value()));
  auto gradient = tape.gradient(ad::sum(draws), {loc});
  CHECK(gradient[0].values()[1] == doctest::Approx(n));
  const Eigen::MatrixXd covariance = as_matrix(d.covariance_matrix().value());
  for (int i = 0; i < 3; ++i) CHECK(d.variance()->value().values()[i] == doctest::Approx(covariance(i, i)));
}

TEST_CASE("LowRankMultivariateNormal sums and argument checks") {
  ad::Tape tape;
  dist::LowRankMultivariateNormal d(tape.constant(Array::zeros(Shape{3})), tape.constant(random_array({3, 2})),
                                    tape.constant(Array::ones(Shape{3})));
  ad::Var x = tape.constant(random_array({4, 3}));
  CHECK(d.log_prob_sum(x).item() == doctest::Approx(ad::sum(d.log_prob(x)).item()));
  CHECK_THROWS_WITH(dist::LowRankMultivariateNormal(tape.constant(Array::zeros(Shape{2})),
                                                    tape.constant(Array::ones(Shape{2, 1})),
                                                    tape.constant(Array::vector({-1.0, 1.0}))),
                    "LowRankMultivariateNormal: cov_diag must be positive and finite, got -1 at element 0");
}
