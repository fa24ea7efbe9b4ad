// DirichletMultinomial: log mass against mpmath at 40 digits (the closed
// form, whose masses over 0..6 sum to 1 at 40 digits), gradients in the
// concentration, draws against mean() and variance(), the support.
#include <doctest/doctest.h>

#include <cmath>

#include "../ad/gradient_check.h"
#include "dist/dirichlet_multinomial.h"
#include "dist/factory.h"

using namespace ppl;

TEST_CASE("DirichletMultinomial log_prob matches mpmath") {
  const struct {
    std::vector<double> concentration, counts;
    double log_prob;
  } references[] = {
      {{1.5, 2.0, 0.5}, {2, 3, 1}, -3.1090609588609942},
      {{10.0, 20.0}, {12, 18}, -2.4321735631628855},
      {{0.1, 0.1, 0.1}, {0, 0, 4}, -1.4191585085183366},
  };
  for (const auto& r : references) {
    ad::Tape tape;
    const int64_t k = static_cast<int64_t>(r.counts.size());
    double n = 0;
    for (double c : r.counts) n += c;
    dist::DirichletMultinomial d(
        tape.constant(Array(Shape{k}, Eigen::Map<const Eigen::ArrayXd>(r.concentration.data(), k))),
        tape.constant(n));
    const ad::Var x =
        tape.constant(Array(Shape{k}, Eigen::Map<const Eigen::ArrayXd>(r.counts.data(), k)));
    CHECK(d.log_prob(x).item() == doctest::Approx(r.log_prob).epsilon(1e-13));
  }
}

TEST_CASE("DirichletMultinomial gradients in the concentration, with a batch") {
  const Array x(Shape{2, 3}, {2, 3, 1, 0, 6, 0});
  ad::testing::check_gradient(
      [&](auto v) {
        ad::Tape& tape = v[0].tape();
        return dist::DirichletMultinomial(ad::exp(v[0]), tape.constant(6.0))
            .log_prob(tape.constant(x));
      },
      {ad::testing::random_array({2, 3}, -1, 1, 91)});
}

TEST_CASE("DirichletMultinomial draws, support and off-support values") {
  ad::Tape tape;
  dist::DirichletMultinomial d(tape.constant(Array::vector({1.5, 2.0, 0.5})), tape.constant(6.0));
  const int n = 40000;
  const Array x = d.sample(RandomKey(7), Shape{n, 3}).value();
  const Array mean = d.mean()->value(), variance = d.variance()->value();
  for (int j = 0; j < 3; ++j) {
    double sum = 0, squares = 0;
    for (int i = 0; i < n; ++i) {
      const double v = x.values()[i * 3 + j];
      sum += v;
      squares += v * v;
    }
    const double m = sum / n, var = squares / n - m * m;
    CAPTURE(j);
    CHECK(std::abs(m - mean.values()[j]) < 5 * std::sqrt(variance.values()[j] / n));
    CHECK(std::abs(var - variance.values()[j]) < 0.05 * variance.values()[j]);
  }
  for (int i = 0; i < n; ++i)
    REQUIRE(x.values()[3 * i] + x.values()[3 * i + 1] + x.values()[3 * i + 2] == 6.0);
  CHECK(d.log_prob(tape.constant(Array::vector({2, 2, 1}))).item() == -INFINITY);
  CHECK(d.log_prob(tape.constant(Array::vector({2.5, 2.5, 1}))).item() == -INFINITY);
  CHECK(d.support().to_string() == "integer_interval(0, 6)");
  CHECK_THROWS_WITH(
      dist::DirichletMultinomial(tape.constant(Array::vector({1.0, -1.0})), tape.constant(3.0)),
      doctest::Contains("DirichletMultinomial: concentration must be positive"));
}
