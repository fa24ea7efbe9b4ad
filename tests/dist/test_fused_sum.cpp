// ad::sum of a density's elementwise log_prob records the density's fused
// sum, and Normal's sum over data with one-element parameters takes its
// algebraic form: values and gradients against the closed form of the
// Normal log likelihood, at recording and on replay, without writing the
// elementwise values; the algebraic form
// against the elementwise formulas summed; mixed uses and the algebraic form
// against finite differences.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/gamma.h"
#include "dist/normal.h"

using namespace ppl;
using ad::testing::random_array;

namespace {

// sum_i log N(x_i | mu, sigma) and its derivatives in mu and sigma:
// with z = (x - mu) / sigma, d/dmu = sum(z) / sigma and
// d/dsigma = (sum(z^2) - n) / sigma.
struct NormalLikelihood {
  double value, d_mu, d_sigma;
};

NormalLikelihood closed_form(const Array& x, double mu, double sigma) {
  const Eigen::ArrayXd z = (x.values() - mu) / sigma;
  const auto n = static_cast<double>(x.size());
  const double half_log_two_pi = 0.5 * std::log(2 * std::numbers::pi);
  return {-0.5 * z.square().sum() - n * (std::log(sigma) + half_log_two_pi), z.sum() / sigma,
          (z.square().sum() - n) / sigma};
}

void check_against_closed_form(ad::Tape& tape, ad::Var total, ad::Var mu, ad::Var sigma,
                               const Array& x) {
  const NormalLikelihood expected = closed_form(x, mu.item(), sigma.item());
  CHECK(total.item() == doctest::Approx(expected.value).epsilon(1e-12));
  const auto gradient = tape.gradient(total, std::vector<ad::Var>{mu, sigma});
  CHECK(gradient[0].item() == doctest::Approx(expected.d_mu).epsilon(1e-11));
  CHECK(gradient[1].item() == doctest::Approx(expected.d_sigma).epsilon(1e-11));
}

}  // namespace

TEST_CASE("sum of a Normal log_prob is one fused node, right when recorded and on replay") {
  const Array x = random_array({2500}, -3, 4, 5);
  ad::Tape tape;
  const ad::Var data = tape.constant(x);
  const ad::Var mu = tape.leaf(0.3);
  const ad::Var sigma = tape.leaf(1.7);
  const ad::Var log_prob = dist::Normal(mu, sigma).log_prob(data);
  const int32_t nodes_before_sum = tape.size();
  const ad::Var total = ad::sum(log_prob);
  CHECK(tape.size() == nodes_before_sum + 1);
  // The fused sum reads the density's operands, not the elementwise values.
  CHECK(tape.operands_of(tape.node(total.index())) ==
        std::vector<int32_t>{data.index(), mu.index(), sigma.index()});
  check_against_closed_form(tape, total, mu, sigma, x);

  tape.leaf_values(mu)[0] = -0.8;
  tape.leaf_values(sigma)[0] = 0.6;
  tape.replay(total);
  check_against_closed_form(tape, total, mu, sigma, x);

  // The elementwise values were never written (Tape::defer); read now, they
  // are the replayed point's.
  CHECK(tape.node(log_prob.index()).deferred);
  CHECK(log_prob.value().values().sum() == doctest::Approx(total.item()).epsilon(1e-12));
  CHECK_FALSE(tape.node(log_prob.index()).deferred);
}

TEST_CASE("log_prob_sum equals the closed form for one value and for many") {
  for (int64_t n : {1, 1023, 1024, 1025, 4097}) {
    CAPTURE(n);
    const Array x = random_array({n}, -2, 2, 9);
    ad::Tape tape;
    const ad::Var mu = tape.leaf(0.1);
    const ad::Var sigma = tape.leaf(0.9);
    check_against_closed_form(tape, dist::Normal(mu, sigma).log_prob_sum(tape.constant(x)), mu,
                              sigma, x);
  }
}

TEST_CASE("sum of a log_prob whose values are used again differentiates both uses") {
  // The elementwise node stays on the tape for lp[3]; the total is fused.
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        const ad::Var x = in[0].tape().constant(random_array({1500}, 0.1, 5, 3));
        const ad::Var lp = dist::Gamma(ad::exp(in[0]), ad::exp(in[1])).log_prob(x);
        return ad::sum(lp) + 2.0 * ad::index(lp, 3);
      },
      {random_array({}, -0.5, 0.5, 1), random_array({}, -0.5, 0.5, 2)});
}

TEST_CASE("a fused sum with a full-size operand and a one-element one: both gradients") {
  // loc has one value per element (its partials elementwise), scale one
  // value (its partials summed over the elements).
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        const ad::Var x = in[0].tape().constant(random_array({1200}, -2, 2, 4));
        return dist::Normal(in[0], ad::exp(in[1])).log_prob_sum(x) +
               ad::sum(dist::Normal(in[0], ad::exp(in[1])).log_prob(x));
      },
      {random_array({1200}, -1, 1, 6), random_array({}, -0.5, 0.5, 7)});
}

TEST_CASE("Normal's algebraic sum over data equals its elementwise formulas summed") {
  // The value as a leaf needs a gradient, so the second tape sums the
  // elementwise formulas; parameters of shape [1, 1] broadcast the data to
  // [1, n] and still take the algebraic form.
  for (int64_t n : {2, 3, 5, 1000, 4097}) {
    CAPTURE(n);
    const Array x = random_array({n}, -3, 5, 11);
    const Array mu_value = Array(Shape{1, 1}, Eigen::ArrayXd::Constant(1, 0.7));
    ad::Tape algebraic;
    const ad::Var mu = algebraic.leaf(mu_value);
    const ad::Var sigma = algebraic.leaf(2.3);
    const ad::Var total = dist::Normal(mu, sigma).log_prob_sum(algebraic.constant(x));
    ad::Tape summed;
    const ad::Var data_leaf = summed.leaf(x);
    const ad::Var mu_summed = summed.leaf(mu_value);
    const ad::Var sigma_summed = summed.leaf(2.3);
    const ad::Var expected = dist::Normal(mu_summed, sigma_summed).log_prob_sum(data_leaf);
    CHECK(total.item() == doctest::Approx(expected.item()).epsilon(1e-13));
    const auto gradient = algebraic.gradient(total, std::vector<ad::Var>{mu, sigma});
    const auto expected_gradient =
        summed.gradient(expected, std::vector<ad::Var>{mu_summed, sigma_summed});
    CHECK(gradient[0].shape() == Shape{1, 1});
    CHECK(gradient[0].item() == doctest::Approx(expected_gradient[0].item()).epsilon(1e-12));
    CHECK(gradient[1].item() == doctest::Approx(expected_gradient[1].item()).epsilon(1e-12));
  }
}

TEST_CASE("Normal's algebraic sum over data against finite differences") {
  ad::testing::check_gradient(
      [](std::span<const ad::Var> in) {
        const ad::Var x = in[0].tape().constant(random_array({700}, -2, 3, 12));
        return dist::Normal(in[0], ad::exp(in[1])).log_prob_sum(x);
      },
      {random_array({}, -1, 1, 13), random_array({}, -0.5, 0.5, 14)});
}
