// Wishart and WishartCholesky: log densities against mpmath at 40 digits
// (Anderson's closed form with the multivariate gamma function), the D = 1
// case against Gamma(nu / 2, rate 1 / (2 S)), the three ways of giving the
// scale, gradients against finite differences, and Bartlett draws against
// the mean nu S and the variances nu (S_ij^2 + S_ii S_jj).
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "core/array_linalg.h"
#include "core/array_math.h"
#include "dist/gamma.h"
#include "dist/wishart.h"

using namespace ppl;
using dist::MultivariateNormal;
using dist::Wishart;
using Kind = MultivariateNormal::Matrix;

namespace {

const Array kScale(Shape{3, 3}, {2.0, 0.3, -0.4, 0.3, 1.0, 0.2, -0.4, 0.2, 0.5});
// kScale's inverse, from mpmath.
const Array kRate(Shape{3, 3}, {0.68965517241379312, -0.34482758620689657, 0.68965517241379317,
                                -0.34482758620689657, 1.2593703148425787, -0.77961019490254879,
                                0.68965517241379317, -0.77961019490254879, 2.8635682158920541});
const Array kNear(Shape{3, 3}, {1.5, 0.2, 0.1, 0.2, 2.0, -0.3, 0.1, -0.3, 0.8});
const Array kFar(Shape{3, 3}, {10.0, 1.0, -2.0, 1.0, 4.0, 0.5, -2.0, 0.5, 3.0});
const Array kFactor(Shape{3, 3}, {1.2, 0, 0, 0.3, 0.9, 0, -0.5, 0.4, 1.1});

Wishart make(ad::Tape& tape, double nu, const Array& matrix, Kind kind,
             Wishart::Values values = Wishart::Values::Matrices) {
  return Wishart(tape.constant(nu), tape.constant(matrix), kind, values);
}

// A lower-triangular factor with a positive diagonal from free numbers [3, 3].
ad::Var free_factor(const ad::Var& free) {
  ad::Tape& tape = free.tape();
  const ad::Var strictly_lower = tape.constant(Array(Shape{3, 3}, {0, 0, 0, 1, 0, 0, 1, 1, 0}));
  return free * strictly_lower + tape.constant(Array::eye(3)) * ad::exp(free);
}

}  // namespace

TEST_CASE("Wishart log_prob matches mpmath for scale_matrix, rate_matrix and scale_tril") {
  const struct {
    double nu;
    const Array* x;
    double log_prob;
  } references[] = {{3.5, &kNear, -8.0211863524530025},
                    {10.0, &kFar, -11.952823004330782},
                    {2.2, &kNear, -10.026035498062757}};
  ad::Tape tape;
  for (const auto& r : references) {
    INFO(r.nu);
    const ad::Var x = tape.constant(*r.x);
    CHECK(make(tape, r.nu, kScale, Kind::Covariance).log_prob(x).item() ==
          doctest::Approx(r.log_prob).epsilon(1e-12));
    CHECK(make(tape, r.nu, kRate, Kind::Precision).log_prob(x).item() ==
          doctest::Approx(r.log_prob).epsilon(1e-12));
    CHECK(make(tape, r.nu, cholesky(kScale), Kind::ScaleTril).log_prob(x).item() ==
          doctest::Approx(r.log_prob).epsilon(1e-12));
  }
}

TEST_CASE("WishartCholesky log_prob matches mpmath: Wishart's plus the Jacobian of C -> C C^T") {
  ad::Tape tape;
  const ad::Var c = tape.constant(kFactor);
  CHECK(make(tape, 3.5, kScale, Kind::Covariance, Wishart::Values::CholeskyFactors)
            .log_prob(c)
            .item() == doctest::Approx(-4.9242860580336276).epsilon(1e-12));
  CHECK(make(tape, 7.0, kScale, Kind::Covariance, Wishart::Values::CholeskyFactors)
            .log_prob(c)
            .item() == doctest::Approx(-9.4098659842062977).epsilon(1e-12));
}

TEST_CASE("Wishart in one dimension is S times a chi-square: Gamma(nu / 2, rate 1 / (2 S))") {
  ad::Tape tape;
  for (double nu : {0.5, 3.0, 12.0})
    for (double x : {0.01, 1.3, 20.0}) {
      INFO(nu << " " << x);
      const Wishart w = make(tape, nu, Array(Shape{1, 1}, {1.7}), Kind::Covariance);
      const dist::Gamma g(tape.constant(0.5 * nu), tape.constant(1.0 / (2.0 * 1.7)));
      CHECK(w.log_prob(tape.constant(Array(Shape{1, 1}, {x}))).item() ==
            doctest::Approx(g.log_prob(tape.constant(x)).item()).epsilon(1e-13));
    }
}

TEST_CASE("Wishart and WishartCholesky gradients in the concentration, factor and batched values") {
  for (Wishart::Values values : {Wishart::Values::Matrices, Wishart::Values::CholeskyFactors}) {
    ad::testing::check_gradient(
        [values](auto v) {
          const ad::Var nu = ad::exp(v[0]) + 3.0;
          const ad::Var lower = free_factor(v[2]);
          const ad::Var value =
              values == Wishart::Values::Matrices ? ad::matmul(lower, ad::transpose(lower)) : lower;
          return Wishart(nu, free_factor(v[1]), Kind::ScaleTril, values).log_prob(value);
        },
        {ad::testing::random_array({}, -0.5, 0.5, 301),
         ad::testing::random_array({3, 3}, -0.5, 0.5, 302),
         ad::testing::random_array({3, 3}, -0.5, 0.5, 303)});
  }
  // A batch of two values, one log density each.
  ad::Tape tape;
  const Array batch(Shape{2, 3, 3}, {1.5, 0.2, 0.1, 0.2, 2.0, -0.3, 0.1, -0.3, 0.8, 10.0, 1.0, -2.0,
                                     1.0, 4.0, 0.5, -2.0, 0.5, 3.0});
  const Array lp =
      make(tape, 10.0, kScale, Kind::Covariance).log_prob(tape.constant(batch)).value();
  REQUIRE(lp.shape() == Shape{2});
  CHECK(lp.values()[1] == doctest::Approx(-11.952823004330782).epsilon(1e-12));
}

TEST_CASE("Wishart draws have mean nu S and variances nu (S_ij^2 + S_ii S_jj); factors are lower") {
  ad::Tape tape;
  const double nu = 6.0;
  const Wishart w = make(tape, nu, kScale, Kind::Covariance);
  const int n = 40000;
  const Array draws = w.sample(RandomKey(31), Shape{n, 3, 3}).value();
  const Array mean = w.mean()->value();
  const Array variance = w.variance()->value();
  for (int k = 0; k < 9; ++k) {
    double sum = 0, sum_sq = 0;
    for (int m = 0; m < n; ++m) {
      const double x = draws.values()[m * 9 + k];
      sum += x;
      sum_sq += x * x;
    }
    const double sample_mean = sum / n, sample_var = sum_sq / n - sample_mean * sample_mean;
    const int i = k / 3, j = k % 3;
    const double s_ij = kScale.values()[k];
    const double s_ii = kScale.values()[i * 4], s_jj = kScale.values()[j * 4];
    const double expected_var = nu * (s_ij * s_ij + s_ii * s_jj);
    INFO(k);
    CHECK(mean.values()[k] == doctest::Approx(nu * s_ij));
    CHECK(variance.values()[k] == doctest::Approx(expected_var));
    // Five standard errors of the mean; 5% of the variance.
    CHECK(std::abs(sample_mean - nu * s_ij) < 5.0 * std::sqrt(expected_var / n));
    CHECK(std::abs(sample_var - expected_var) < 0.05 * expected_var);
  }
  // WishartCholesky's draws against its Bartlett mean and variance.
  const Wishart factors =
      make(tape, nu, kScale, Kind::Covariance, Wishart::Values::CholeskyFactors);
  const Array c = factors.sample(RandomKey(32), Shape{n, 3, 3}).value();
  const Array factor_mean = factors.mean()->value();
  const Array factor_variance = factors.variance()->value();
  for (int k = 0; k < 9; ++k) {
    double sum = 0, sum_sq = 0;
    for (int m = 0; m < n; ++m) {
      const double x = c.values()[m * 9 + k];
      sum += x;
      sum_sq += x * x;
    }
    const double sample_mean = sum / n, sample_var = sum_sq / n - sample_mean * sample_mean;
    INFO("factor " << k);
    if (k % 3 > k / 3) {  // above the diagonal: zero in every draw and in the moments
      CHECK(sum_sq == 0.0);
      CHECK(factor_mean.values()[k] == 0.0);
      continue;
    }
    CHECK(std::abs(sample_mean - factor_mean.values()[k]) <
          5.0 * std::sqrt(factor_variance.values()[k] / n));
    CHECK(std::abs(sample_var - factor_variance.values()[k]) < 0.05 * factor_variance.values()[k]);
  }
  CHECK((factors.support().check(factors.sample(RandomKey(34), Shape{5, 3, 3}).value()).values() ==
         1.0)
            .all());
  CHECK((w.support().check(w.sample(RandomKey(33), Shape{5, 3, 3}).value()).values() == 1.0).all());
}

TEST_CASE("Wishart refuses a concentration of D - 1 or less and a bad scale, naming the argument") {
  ad::Tape tape;
  CHECK_THROWS_WITH(
      make(tape, 2.0, kScale, Kind::Covariance),
      doctest::Contains("Wishart: concentration must be finite and greater than D - 1 = 2"));
  CHECK_THROWS_WITH(make(tape, 5.0, kNear * -1.0, Kind::Covariance),
                    doctest::Contains("Wishart: scale_matrix must be positive definite"));
  CHECK_THROWS_WITH(make(tape, 5.0, kScale, Kind::ScaleTril, Wishart::Values::CholeskyFactors),
                    doctest::Contains("WishartCholesky: scale_tril must be lower triangular"));
}
