// MultivariateStudentT: log density against mpmath at 40 digits (the closed
// form through L^-1 (x - loc)), gradients in df, loc, scale_tril and the
// value, reparameterized draws with covariance L L^T df / (df - 2).
#include <doctest/doctest.h>

#include <array>
#include <cmath>

#include "../ad/gradient_check.h"
#include "dist/factory.h"
#include "dist/multivariate_student_t.h"

using namespace ppl;

namespace {
const Array kScaleTril(Shape{3, 3}, {1.5, 0, 0, 0.3, 0.8, 0, -0.4, 0.2, 1.1});
}

TEST_CASE("MultivariateStudentT log_prob matches mpmath, near and far, small and large df") {
  const struct {
    double df;
    std::array<double, 3> loc, x;
    double log_prob;
  } references[] = {
      {4.0, {0.1, -0.2, 0.3}, {0.5, -1.0, 2.0}, -5.5829803588356433},
      {1.5, {0, 0, 0}, {10.0, 5.0, -7.0}, -11.666595818049209},
      {300.0, {0.1, -0.2, 0.3}, {0.1, -0.2, 0.3}, -3.0319528779097672},
  };
  for (const auto& r : references) {
    ad::Tape tape;
    dist::MultivariateStudentT d(tape.constant(r.df),
                                 tape.constant(Array::vector({r.loc[0], r.loc[1], r.loc[2]})),
                                 tape.constant(kScaleTril));
    const ad::Var x = tape.constant(Array::vector({r.x[0], r.x[1], r.x[2]}));
    CHECK(d.log_prob(x).item() == doctest::Approx(r.log_prob).epsilon(1e-13));
  }
}

TEST_CASE("MultivariateStudentT gradients in df, loc, scale_tril and a batch of values") {
  ad::testing::check_gradient(
      [](auto v) {
        ad::Tape& tape = v[0].tape();
        // A lower-triangular factor with a positive diagonal from free numbers.
        const ad::Var mask = tape.constant(Array(Shape{3, 3}, {0, 0, 0, 1, 0, 0, 1, 1, 0}));
        const ad::Var scale_tril = v[2] * mask + tape.constant(Array::eye(3)) * ad::exp(v[2]);
        return dist::MultivariateStudentT(ad::exp(v[0]) + 2.0, v[1], scale_tril).log_prob(v[3]);
      },
      {ad::testing::random_array({}, -0.5, 0.5, 95), ad::testing::random_array({3}, -1, 1, 96),
       ad::testing::random_array({3, 3}, -0.5, 0.5, 97),
       ad::testing::random_array({4, 3}, -2, 2, 98)});
}

TEST_CASE("MultivariateStudentT draws have covariance L L^T df / (df - 2)") {
  ad::Tape tape;
  dist::MultivariateStudentT d(tape.constant(7.0), tape.constant(Array::vector({1.0, -1.0, 0.5})),
                               tape.constant(kScaleTril));
  const int n = 60000;
  const Array x = d.sample(RandomKey(12), Shape{n, 3}).value();
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>> draws(x.data(), n, 3);
  const Eigen::RowVector3d mean = draws.colwise().mean();
  const Eigen::MatrixXd centered = draws.rowwise() - mean;
  const Eigen::Matrix3d covariance = centered.transpose() * centered / n;
  Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> l(kScaleTril.data());
  const Eigen::Matrix3d expected = l * l.transpose() * (7.0 / 5.0);
  CHECK(std::abs(mean[0] - 1.0) < 0.03);
  CHECK(std::abs(mean[1] + 1.0) < 0.03);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      CHECK(std::abs(covariance(i, j) - expected(i, j)) < 0.06 * expected(i, i));
  CHECK(d.variance()->value().values()[0] == doctest::Approx(expected(0, 0)));
  // Reparameterized: draws move with loc and the factor.
  ad::testing::check_gradient(
      [](auto v) {
        return dist::MultivariateStudentT(v[0].tape().constant(5.0), v[0],
                                          v[1] * v[0].tape().constant(Array::eye(3)))
            .sample(RandomKey(4), Shape{2, 3});
      },
      {ad::testing::random_array({3}, -1, 1, 99),
       ad::testing::random_array({3, 3}, 0.5, 1.5, 100)});
  CHECK_THROWS_WITH(dist::MultivariateStudentT(tape.constant(Array::vector({3.0, 4.0})),
                                               tape.constant(Array::vector({0, 0, 0})),
                                               tape.constant(kScaleTril)),
                    doctest::Contains("MultivariateStudentT: df must be one number"));
}
