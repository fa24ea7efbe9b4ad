// Elementwise count distributions (Bernoulli, Binomial, Poisson,
// GammaPoisson, NegativeBinomial, NegativeBinomial2, Geometric,
// ZeroInflatedPoisson, ZeroInflatedNegativeBinomial2, BetaBinomial,
// DiscreteUniform): log mass against the scipy/mpmath references,
// gradients against finite differences, draws against closed-form moments,
// argument checks, -inf off the support.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/bernoulli.h"
#include "dist/beta_binomial.h"
#include "dist/binomial.h"
#include "dist/discrete_uniform.h"
#include "dist/gamma_poisson.h"
#include "dist/geometric.h"
#include "dist/negative_binomial.h"
#include "dist/negative_binomial2.h"
#include "dist/poisson.h"
#include "dist/zero_inflated_negative_binomial2.h"
#include "dist/zero_inflated_poisson.h"
#include "reference_table.h"

using namespace ppl;
using ad::testing::check_gradient;
using ad::testing::random_array;
using dist::ProbsOrLogits;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One reference value per line of reference_values.md for `name`, built by
// make(tape, parameters), compared to test::reference_tolerance (1e-10 relative).
void check_references(const std::string& name, size_t at_least,
                      const std::function<dist::DistributionPtr(ad::Tape&, const std::vector<double>&)>& make) {
  auto references = test::reference_values(name);
  REQUIRE(references.size() >= at_least);
  for (const auto& r : references) {
    CAPTURE(r.source);
    CAPTURE(r.value[0]);
    ad::Tape tape;
    auto d = make(tape, r.parameters);
    double lp = d->log_prob(tape.constant(r.value[0])).item();
    CHECK(std::abs(lp - r.log_prob) <= test::reference_tolerance(r.log_prob));
  }
}

// Sample mean and variance of the draws within 5 standard errors of the
// exact ones: sqrt(var / n) for the mean and sqrt((m4 - var^2) / n) for the
// variance, m4 the draws' fourth central moment.
void check_moments(const Eigen::ArrayXd& x, double mean, double variance) {
  const double n = static_cast<double>(x.size());
  const double sample_mean = x.mean();
  const Eigen::ArrayXd centered = x - sample_mean;
  const double sample_variance = centered.square().sum() / (n - 1);
  const double m4 = centered.square().square().mean();
  CAPTURE(sample_mean);
  CAPTURE(sample_variance);
  CHECK(std::abs(sample_mean - mean) < 5 * std::sqrt(variance / n));
  CHECK(std::abs(sample_variance - variance) < 5 * std::sqrt((m4 - sample_variance * sample_variance) / n));
}

// Draws 10^5 values of a scalar distribution and checks them against its
// own mean() and variance().
void check_draws(const dist::Distribution& d, uint64_t seed) {
  REQUIRE(d.batch_shape() == Shape{});
  ad::Var draws = d.sample(RandomKey(seed), Shape{100000});
  REQUIRE(draws.shape() == Shape{100000});
  const Eigen::ArrayXd& x = draws.value().values();
  CHECK((x == x.floor()).all());
  CHECK((x >= 0).all());
  check_moments(x, d.mean()->item(), d.variance()->item());
}

// log_prob_sum equals the sum of log_prob; values off the support give -inf.
void check_sum_and_support(const dist::Distribution& d, const Array& inside, const Array& outside) {
  ad::Tape& tape = d.tape();
  ad::Var x = tape.constant(inside);
  CHECK(d.log_prob_sum(x).item() == doctest::Approx(ad::sum(d.log_prob(x)).item()).epsilon(1e-12));
  const Eigen::ArrayXd lp = d.log_prob(tape.constant(outside)).value().values();
  for (Eigen::Index i = 0; i < lp.size(); ++i) {
    CAPTURE(outside.values()[i % outside.size()]);
    CHECK(lp[i] == -kInf);
  }
}

}  // namespace

// ---- Bernoulli ---------------------------------------------------------------

TEST_CASE("Bernoulli log_prob matches the reference values, by probs and by logits") {
  check_references("BernoulliProbs", 4, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::Bernoulli>(t.constant(p[0]), ProbsOrLogits::Probs);
  });
  check_references("BernoulliLogits", 5, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::Bernoulli>(t.constant(p[0]), ProbsOrLogits::Logits);
  });
}

TEST_CASE("Bernoulli gradients in probs and logits, with broadcasting") {
  const Array x(Shape{4, 3}, {0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Bernoulli(ad::sigmoid(in[0]), ProbsOrLogits::Probs).log_prob(in[0].tape().constant(x));
      },
      {random_array({3}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Bernoulli(in[0], ProbsOrLogits::Logits).log_prob(in[0].tape().constant(x));
      },
      {random_array({4, 1}, -3, 3)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Bernoulli(in[0], ProbsOrLogits::Logits).log_prob_sum(in[0].tape().constant(x));
      },
      {random_array({}, -3, 3)});
}

TEST_CASE("Bernoulli logits on observed 0s and 1s: the untested twin gives the tested kernel's numbers") {
  // Observed values (constants) that are all 0 or 1 are scored without the
  // per-element test; a value that needs a gradient, or one off {0, 1}, keeps it.
  const Array x = Array::vector({0, 1, 1, 0, 1, 0});
  const Array l = Array::vector({-800, -40, -0.3, 0.0, 2.5, 700});
  ad::Tape tape;
  const ad::Var logits = tape.leaf(l);
  const dist::Bernoulli d(logits, ProbsOrLogits::Logits);
  const ad::Var observed = d.log_prob_sum(tape.constant(x));
  const ad::Var varying = d.log_prob_sum(tape.leaf(x));
  CHECK(tape.node(observed.index()).scalar_kernel !=
        tape.node(varying.index()).scalar_kernel);  // two different kernels
  // Closed form: sum of x l - log(1 + e^l), log1p(e^-800) = e^-800 = 0 in doubles.
  const double expected = (0 * -800 - 0.0) + (-40 - std::log1p(std::exp(-40.0))) +
                          (-0.3 - std::log1p(std::exp(-0.3))) + (0 - std::log(2.0)) +
                          (2.5 - 2.5 - std::log1p(std::exp(-2.5))) + (0 - 700 - std::log1p(std::exp(-700.0)));
  CHECK(observed.item() == doctest::Approx(expected).epsilon(1e-14));
  CHECK(varying.item() == doctest::Approx(expected).epsilon(1e-14));
  const Array by_twin = tape.gradient(observed, {logits})[0];
  const Array by_test = tape.gradient(varying, {logits})[0];
  for (int64_t i = 0; i < x.size(); ++i) {
    const double sigmoid = 1 / (1 + std::exp(-l.values()[i]));
    CHECK(by_twin.values()[i] == doctest::Approx(x.values()[i] - sigmoid).epsilon(1e-14));
    CHECK(by_test.values()[i] == doctest::Approx(x.values()[i] - sigmoid).epsilon(1e-14));
  }
  // Elementwise too, and -inf off {0, 1} either way.
  const ad::Var each = d.log_prob(tape.constant(x));
  CHECK(each.value().values()[3] == doctest::Approx(-std::log(2.0)));
  const Array off = Array::vector({0, 1, 1, 0.5, 1, 0});
  CHECK(d.log_prob_sum(tape.constant(off)).item() == -kInf);
  CHECK(d.log_prob_sum(tape.leaf(off)).item() == -kInf);
  CHECK(d.log_prob(tape.constant(off)).value().values()[3] == -kInf);
}

TEST_CASE("Bernoulli with infinite logits: log mass 0 or -inf, not NaN (as Stan's bernoulli_logit)") {
  const Array x = Array::vector({1, 0, 0, 1});
  ad::Tape tape;
  const dist::Bernoulli d(tape.leaf(Array::vector({kInf, kInf, -kInf, -kInf})), ProbsOrLogits::Logits);
  for (const ad::Var value : {tape.constant(x), tape.leaf(x)}) {  // the untested twin, the tested kernel
    const Array each = d.log_prob(value).value();
    CHECK(each.values()[0] == doctest::Approx(0.0));
    CHECK(each.values()[1] == -kInf);
    CHECK(each.values()[2] == doctest::Approx(0.0));
    CHECK(each.values()[3] == -kInf);
    CHECK(d.log_prob_sum(value).item() == -kInf);
  }
}

TEST_CASE("Bernoulli draws, support, sums and argument checks") {
  ad::Tape tape;
  dist::Bernoulli probs(tape.constant(0.3), ProbsOrLogits::Probs);
  check_draws(probs, 1);
  dist::Bernoulli logits(tape.constant(-1.2), ProbsOrLogits::Logits);
  check_draws(logits, 2);
  CHECK(logits.probs().item() == doctest::Approx(1 / (1 + std::exp(1.2))));
  check_sum_and_support(probs, Array::vector({0, 1, 1}), Array::vector({-1, 0.5, 2, kInf}));
  check_sum_and_support(logits, Array::vector({0, 1, 1}), Array::vector({-1, 0.5, 2}));
  CHECK_THROWS_WITH(dist::Bernoulli(tape.constant(1.5), ProbsOrLogits::Probs),
                    "Bernoulli: probs must be in [0, 1], got 1.5");
  CHECK_THROWS_WITH(dist::Bernoulli(tape.constant(Array::vector({0.0, NAN})), ProbsOrLogits::Logits),
                    "Bernoulli: logits must be a number, got nan at element 1");
  // A batch of parameters draws each column from its own parameter.
  dist::Bernoulli batch(tape.constant(Array::vector({0.0, 1.0})), ProbsOrLogits::Probs);
  ad::Var draws = batch.sample(RandomKey(3), Shape{5, 2});
  for (int i = 0; i < 5; ++i) {
    CHECK(draws.value().at({i, 0}) == 0.0);
    CHECK(draws.value().at({i, 1}) == 1.0);
  }
  CHECK_THROWS_WITH_AS(batch.sample(RandomKey(3), Shape{5, 3}),
                       "Bernoulli: cannot draw samples of shape [5, 3] for batch shape [2] and event shape []",
                       dist::ArgumentError);
}

// ---- Binomial ----------------------------------------------------------------

TEST_CASE("Binomial log_prob matches the reference values; logits agree with probs") {
  check_references("Binomial", 4, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::Binomial>(t.constant(p[0]), t.constant(p[1]), ProbsOrLogits::Probs);
  });
  ad::Tape tape;
  const double p = 0.3, l = std::log(p / (1 - p));
  dist::Binomial by_probs(tape.constant(10.0), tape.constant(p), ProbsOrLogits::Probs);
  dist::Binomial by_logits(tape.constant(10.0), tape.constant(l), ProbsOrLogits::Logits);
  for (double k : {0.0, 3.0, 10.0})
    CHECK(by_logits.log_prob(tape.constant(k)).item() ==
          doctest::Approx(by_probs.log_prob(tape.constant(k)).item()).epsilon(1e-12));
  // p = 0 and p = 1 give exact 0 and -inf, not NaN.
  dist::Binomial certain(tape.constant(5.0), tape.constant(Array::vector({0.0, 1.0})), ProbsOrLogits::Probs);
  const Array lp0 = certain.log_prob(tape.constant(0.0)).value();
  CHECK(lp0.values()[0] == 0.0);
  CHECK(lp0.values()[1] == -kInf);
  const Array lp5 = certain.log_prob(tape.constant(5.0)).value();
  CHECK(lp5.values()[0] == -kInf);
  CHECK(lp5.values()[1] == 0.0);
  // Logits -inf and +inf are probs 0 and 1: the same values, and a finite
  // gradient x - n sigmoid(l).
  const ad::Var infinite = tape.leaf(Array::vector({-kInf, kInf}));
  dist::Binomial certain_logits(tape.constant(5.0), infinite, ProbsOrLogits::Logits);
  for (double k : {0.0, 2.0, 5.0}) {
    const ad::Var lp = certain_logits.log_prob(tape.constant(k));
    const Array by_probs = certain.log_prob(tape.constant(k)).value();
    CHECK(lp.value().values()[0] == by_probs.values()[0]);
    CHECK(lp.value().values()[1] == by_probs.values()[1]);
  }
  tape.backward(ad::sum(certain_logits.log_prob(tape.constant(2.0))));
  CHECK(tape.adjoint(infinite).values()[0] == 2.0);   // 2 - 5 sigmoid(-inf)
  CHECK(tape.adjoint(infinite).values()[1] == -3.0);  // 2 - 5 sigmoid(inf)
}

TEST_CASE("Binomial gradients in probs and logits, with broadcasting") {
  const Array x(Shape{2, 3}, {0, 4, 7, 2, 1, 7});
  const Array n(Shape{3}, {5, 6, 7});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& t = in[0].tape();
        return dist::Binomial(t.constant(n), ad::sigmoid(in[0]), ProbsOrLogits::Probs).log_prob(t.constant(x));
      },
      {random_array({2, 1}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& t = in[0].tape();
        return dist::Binomial(t.constant(n), in[0], ProbsOrLogits::Logits).log_prob(t.constant(x));
      },
      {random_array({3}, -2, 2)});
}

TEST_CASE("Binomial draws, support, sums and argument checks") {
  ad::Tape tape;
  check_draws(dist::Binomial(tape.constant(20.0), tape.constant(0.3), ProbsOrLogits::Probs), 4);  // inversion
  check_draws(dist::Binomial(tape.constant(200.0), tape.constant(0.6), ProbsOrLogits::Probs), 5);  // BTRS
  check_draws(dist::Binomial(tape.constant(50.0), tape.constant(2.0), ProbsOrLogits::Logits), 6);
  dist::Binomial b(tape.constant(10.0), tape.constant(0.4), ProbsOrLogits::Probs);
  check_sum_and_support(b, Array::vector({0, 3, 10}), Array::vector({-1, 2.5, 11, kInf}));
  CHECK_THROWS_WITH(dist::Binomial(tape.constant(2.5), tape.constant(0.5), ProbsOrLogits::Probs),
                    "Binomial: total_count must be a non-negative integer, got 2.5");
  CHECK_THROWS_WITH(dist::Binomial(tape.constant(3.0), tape.constant(-0.1), ProbsOrLogits::Probs),
                    "Binomial: probs must be in [0, 1], got -0.1");
}

// ---- Poisson -----------------------------------------------------------------

TEST_CASE("Poisson log_prob matches the reference values") {
  check_references("Poisson", 4, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::Poisson>(t.constant(p[0]));
  });
}

TEST_CASE("Poisson gradients in rate, with broadcasting") {
  const Array x(Shape{4, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0});
  auto lp = [&](std::span<const ad::Var> in) {
    return dist::Poisson(ad::exp(in[0])).log_prob(in[0].tape().constant(x));
  };
  check_gradient(lp, {random_array({3}, -1, 2)});
  check_gradient(lp, {random_array({4, 1}, -1, 2)});
  check_gradient(lp, {random_array({}, -1, 2)});
}

TEST_CASE("Poisson draws, support, sums and argument checks") {
  ad::Tape tape;
  check_draws(dist::Poisson(tape.constant(3.5)), 7);   // inversion
  check_draws(dist::Poisson(tape.constant(250.0)), 8);  // PTRS
  dist::Poisson p(tape.constant(Array::vector({1.0, 4.0})));
  check_sum_and_support(p, Array(Shape{2, 2}, {0, 1, 2, 3}), Array::vector({-1, 2.5}));
  CHECK(p.log_prob(tape.constant(Array::vector({-1, 2.5}))).value().values().isInf().all());
  CHECK_THROWS_WITH(dist::Poisson(tape.constant(Array::vector({1.0, -1.0}))),
                    "Poisson: rate must be positive, got -1 at element 1");
}

TEST_CASE("Poisson log_prob_sum of observed counts: log k! computed once, broadcast, -inf off the counts") {
  const Array counts = Array::vector({0, 3, 7});
  auto summed = [&](std::span<const ad::Var> in) {
    return dist::Poisson(ad::exp(in[0])).log_prob_sum(in[0].tape().constant(counts));
  };
  auto reference = [&](std::span<const ad::Var> in) {
    return ad::sum(dist::Poisson(ad::exp(in[0])).log_prob(in[0].tape().constant(counts)));
  };
  for (const Shape& shape : {Shape{}, Shape{3}, Shape{4, 1}}) {
    CAPTURE(shape.to_string());
    const Array log_rate = random_array(shape, -1, 2);
    ad::Tape tape;
    const ad::Var x = tape.leaf(log_rate);
    CHECK(summed({&x, 1}).item() == doctest::Approx(reference({&x, 1}).item()).epsilon(1e-12));
    check_gradient(summed, {log_rate});  // also replays the tape: the log k! node stays fixed
  }
  ad::Tape tape;
  dist::Poisson p(tape.constant(2.0));
  CHECK(p.log_prob_sum(tape.constant(Array::vector({1, 2.5}))).item() == -kInf);
  // NaN and infinities are not counts either: -inf, never inf - inf (NaN),
  // at a rate above and below 1.
  for (double rate : {0.5, 2.0}) {
    for (double off : {kInf, -kInf, std::nan("")}) {
      CAPTURE(rate);
      CAPTURE(off);
      ad::Tape t;
      const ad::Var r = t.leaf(rate);
      const ad::Var total = dist::Poisson(r).log_prob_sum(t.constant(Array::vector({1, off})));
      CHECK(total.item() == -kInf);
    }
  }
}

TEST_CASE("Poisson with rate exp(eta) on many observed counts: scored on the log scale, same numbers") {
  // Past a compiled tape's size, a rate recorded as exp(eta) is scored as
  // x eta - rate, without taking the rate's log again; smaller ones keep the
  // kernel with a scalar form.
  const int64_t n = 300;
  Array counts(Shape{n}, Eigen::ArrayXd::Zero(n));
  for (int64_t i = 0; i < n; ++i) counts.mutable_values()[i] = static_cast<double>((i * 7) % 11);
  auto summed = [&](std::span<const ad::Var> in) {
    return dist::Poisson(ad::exp(in[0])).log_prob_sum(in[0].tape().constant(counts));
  };
  const Array log_rate = random_array(Shape{n}, -2, 2.5, 5);
  ad::Tape tape;
  const ad::Var eta = tape.leaf(log_rate);
  const ad::Var total = summed({&eta, 1});
  const Eigen::ArrayXd& x = counts.values();
  const Eigen::ArrayXd& e = log_rate.values();
  double expected = 0;
  for (int64_t i = 0; i < n; ++i) expected += x[i] * e[i] - std::exp(e[i]) - std::lgamma(x[i] + 1);
  CHECK(total.item() == doctest::Approx(expected).epsilon(1e-13));
  const Array gradient = tape.gradient(total, {eta})[0];
  for (int64_t i = 0; i < n; ++i)
    CHECK(gradient.values()[i] == doctest::Approx(x[i] - std::exp(e[i])).epsilon(1e-13));
  // The kernel node (total = kernel + log k! terms) has no scalar form here...
  CHECK(tape.node(tape.node(total.index()).operands[0]).scalar_kernel == nullptr);
  // ...and keeps it on a small batch.
  ad::Tape small;
  const ad::Var few = small.leaf(random_array(Shape{3}, -1, 1, 6));
  const ad::Var small_total =
      dist::Poisson(ad::exp(few)).log_prob_sum(small.constant(Array::vector({0, 3, 7})));
  CHECK(small.node(small.node(small_total.index()).operands[0]).scalar_kernel != nullptr);
  check_gradient(summed, {log_rate});  // finite differences and a replayed tape
}

// ---- GammaPoisson, NegativeBinomial, NegativeBinomial2 -----------------------

TEST_CASE("GammaPoisson and NegativeBinomial2 log_prob match the reference values") {
  check_references("GammaPoisson", 3, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::GammaPoisson>(t.constant(p[0]), t.constant(p[1]));
  });
  check_references("NegativeBinomial2", 3, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::NegativeBinomial2>(t.constant(p[0]), t.constant(p[1]));
  });
}

TEST_CASE("NegativeBinomial is GammaPoisson(total_count, (1 - probs) / probs), by probs and by logits") {
  ad::Tape tape;
  for (double n : {0.5, 3.0, 40.0}) {
    for (double p : {0.01, 0.3, 0.9}) {
      dist::GammaPoisson reference(tape.constant(n), tape.constant((1 - p) / p));
      dist::NegativeBinomial by_probs(tape.constant(n), tape.constant(p), ProbsOrLogits::Probs);
      dist::NegativeBinomial by_logits(tape.constant(n), tape.constant(std::log(p / (1 - p))),
                                       ProbsOrLogits::Logits);
      for (double k : {0.0, 1.0, 7.0, 150.0}) {
        CAPTURE(n);
        CAPTURE(p);
        CAPTURE(k);
        const double expected = reference.log_prob(tape.constant(k)).item();
        CHECK(by_probs.log_prob(tape.constant(k)).item() == doctest::Approx(expected).epsilon(1e-11));
        CHECK(by_logits.log_prob(tape.constant(k)).item() == doctest::Approx(expected).epsilon(1e-11));
      }
      CHECK(by_probs.mean()->item() == doctest::Approx(reference.mean()->item()));
      CHECK(by_probs.variance()->item() == doctest::Approx(reference.variance()->item()));
    }
  }
  // probs 0: all mass at 0.
  dist::NegativeBinomial none(tape.constant(2.0), tape.constant(0.0), ProbsOrLogits::Probs);
  CHECK(none.log_prob(tape.constant(0.0)).item() == 0.0);
  CHECK(none.log_prob(tape.constant(1.0)).item() == -kInf);
}

TEST_CASE("Negative binomial gradients in every parameter, with broadcasting") {
  const Array x(Shape{2, 3}, {0, 4, 17, 2, 1, 0});
  auto constant_x = [&](const ad::Var& v) { return v.tape().constant(x); };
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::GammaPoisson(ad::exp(in[0]), ad::exp(in[1])).log_prob(constant_x(in[0]));
      },
      {random_array({3}, -1, 2), random_array({2, 1}, -2, 1)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::NegativeBinomial2(ad::exp(in[0]), ad::exp(in[1])).log_prob(constant_x(in[0]));
      },
      {random_array({2, 1}, 0, 2), random_array({3}, -1, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::NegativeBinomial(ad::exp(in[0]), ad::sigmoid(in[1]), ProbsOrLogits::Probs)
            .log_prob(constant_x(in[0]));
      },
      {random_array({3}, -1, 2), random_array({2, 1}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::NegativeBinomial(ad::exp(in[0]), in[1], ProbsOrLogits::Logits).log_prob(constant_x(in[0]));
      },
      {random_array({}, -1, 2), random_array({3}, -2, 2)});
}

TEST_CASE("Negative binomial draws, support, sums and argument checks") {
  ad::Tape tape;
  check_draws(dist::GammaPoisson(tape.constant(2.0), tape.constant(0.5)), 9);
  check_draws(dist::GammaPoisson(tape.constant(0.3), tape.constant(0.1)), 10);
  check_draws(dist::NegativeBinomial2(tape.constant(40.0), tape.constant(5.0)), 11);
  check_draws(dist::NegativeBinomial(tape.constant(3.0), tape.constant(0.7), ProbsOrLogits::Probs), 12);
  check_draws(dist::NegativeBinomial(tape.constant(3.0), tape.constant(-0.5), ProbsOrLogits::Logits), 13);
  dist::GammaPoisson gp(tape.constant(2.0), tape.constant(Array::vector({0.5, 2.0})));
  check_sum_and_support(gp, Array(Shape{2, 2}, {0, 1, 2, 30}), Array::vector({-2, 0.5}));
  dist::NegativeBinomial2 nb2(tape.constant(3.0), tape.constant(1.5));
  check_sum_and_support(nb2, Array::vector({0, 5}), Array::vector({-1, 1.5, kInf}));
  dist::NegativeBinomial nb(tape.constant(3.0), tape.constant(0.5), ProbsOrLogits::Probs);
  check_sum_and_support(nb, Array::vector({0, 5}), Array::vector({-1, 1.5}));
  CHECK_THROWS_WITH(dist::GammaPoisson(tape.constant(0.0), tape.constant(1.0)),
                    "GammaPoisson: concentration must be positive, got 0");
  CHECK_THROWS_WITH(dist::NegativeBinomial2(tape.constant(-2.0), tape.constant(1.0)),
                    "NegativeBinomial2: mean must be positive, got -2");
  CHECK_THROWS_WITH(dist::NegativeBinomial(tape.constant(2.0), tape.constant(1.0), ProbsOrLogits::Probs),
                    "NegativeBinomial: probs must be in [0, 1), got 1");
  // Logits -inf is probs 0: all the mass at 0, not 0 * inf.
  for (ProbsOrLogits kind : {ProbsOrLogits::Probs, ProbsOrLogits::Logits}) {
    const double never = kind == ProbsOrLogits::Probs ? 0.0 : -kInf;
    dist::NegativeBinomial at_zero(tape.constant(3.0), tape.constant(never), kind);
    CHECK(at_zero.log_prob(tape.constant(0.0)).item() == 0.0);
    CHECK(at_zero.log_prob(tape.constant(4.0)).item() == -kInf);
  }
}

// ---- Geometric ---------------------------------------------------------------

TEST_CASE("Geometric log_prob matches the reference values; logits agree with probs") {
  check_references("Geometric", 4, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::Geometric>(t.constant(p[0]), ProbsOrLogits::Probs);
  });
  ad::Tape tape;
  dist::Geometric by_probs(tape.constant(0.2), ProbsOrLogits::Probs);
  dist::Geometric by_logits(tape.constant(std::log(0.25)), ProbsOrLogits::Logits);
  for (double k : {0.0, 1.0, 30.0})
    CHECK(by_logits.log_prob(tape.constant(k)).item() ==
          doctest::Approx(by_probs.log_prob(tape.constant(k)).item()).epsilon(1e-12));
}

TEST_CASE("Geometric gradients in probs and logits, with broadcasting") {
  const Array x(Shape{2, 3}, {0, 4, 17, 2, 1, 0});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Geometric(ad::sigmoid(in[0]), ProbsOrLogits::Probs).log_prob(in[0].tape().constant(x));
      },
      {random_array({3}, -2, 2)});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::Geometric(in[0], ProbsOrLogits::Logits).log_prob(in[0].tape().constant(x));
      },
      {random_array({2, 1}, -2, 2)});
}

TEST_CASE("Geometric draws, support, sums and argument checks") {
  ad::Tape tape;
  check_draws(dist::Geometric(tape.constant(0.3), ProbsOrLogits::Probs), 14);
  check_draws(dist::Geometric(tape.constant(-1.0), ProbsOrLogits::Logits), 15);
  dist::Geometric g(tape.constant(0.3), ProbsOrLogits::Probs);
  check_sum_and_support(g, Array::vector({0, 1, 8}), Array::vector({-1, 0.5, kInf}));
  CHECK_THROWS_WITH(dist::Geometric(tape.constant(0.0), ProbsOrLogits::Probs),
                    "Geometric: probs must be in (0, 1], got 0");
}

// ---- ZeroInflatedPoisson -----------------------------------------------------

TEST_CASE("ZeroInflatedPoisson log_prob matches the reference values") {
  check_references("ZeroInflatedPoisson", 4, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::ZeroInflatedPoisson>(t.constant(p[0]), t.constant(p[1]));
  });
}

TEST_CASE("ZeroInflatedPoisson gradients in gate and rate, with broadcasting") {
  const Array x(Shape{2, 3}, {0, 4, 0, 2, 1, 0});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::ZeroInflatedPoisson(ad::sigmoid(in[0]), ad::exp(in[1])).log_prob(in[0].tape().constant(x));
      },
      {random_array({3}, -2, 2), random_array({2, 1}, -1, 1.5)});
}

TEST_CASE("ZeroInflatedPoisson draws, support, sums and argument checks") {
  ad::Tape tape;
  check_draws(dist::ZeroInflatedPoisson(tape.constant(0.3), tape.constant(4.0)), 16);
  dist::ZeroInflatedPoisson z(tape.constant(0.3), tape.constant(4.0));
  check_sum_and_support(z, Array::vector({0, 1, 8}), Array::vector({-1, 0.5, kInf}));
  CHECK_THROWS_WITH(dist::ZeroInflatedPoisson(tape.constant(1.2), tape.constant(1.0)),
                    "ZeroInflatedPoisson: gate must be in [0, 1], got 1.2");
}

// ---- BetaBinomial ------------------------------------------------------------

TEST_CASE("BetaBinomial log_prob matches the reference values") {
  check_references("BetaBinomial", 3, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::BetaBinomial>(t.constant(p[0]), t.constant(p[1]),
                                                t.constant(p[2]));
  });
}

TEST_CASE("BetaBinomial gradients in both concentrations, with broadcasting") {
  const Array x(Shape{2, 3}, {0, 4, 7, 2, 1, 10});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        ad::Tape& tape = in[0].tape();
        return dist::BetaBinomial(ad::exp(in[0]), ad::exp(in[1]), tape.constant(10.0))
            .log_prob(tape.constant(x));
      },
      {random_array({3}, -1, 1.5), random_array({2, 1}, -1, 1.5)});
}

TEST_CASE("BetaBinomial draws, support, sums and argument checks") {
  ad::Tape tape;
  // Mean n a / (a + b) = 4, variance n a b (a + b + n) / ((a + b)^2 (a + b + 1)) = 6.
  dist::BetaBinomial d(tape.constant(2.0), tape.constant(3.0), tape.constant(10.0));
  CHECK(d.mean()->item() == doctest::Approx(4.0));
  CHECK(d.variance()->item() == doctest::Approx(6.0));
  check_draws(d, 17);
  check_sum_and_support(d, Array::vector({0, 3, 10}), Array::vector({-1, 0.5, 11}));
  CHECK(d.support().to_string() == "integer_interval(0, 10)");
  CHECK_THROWS_WITH(dist::BetaBinomial(tape.constant(2.0), tape.constant(3.0), tape.constant(2.5)),
                    "BetaBinomial: total_count must be a whole number >= 0, got 2.5");
  CHECK_THROWS_WITH(dist::BetaBinomial(tape.constant(-2.0), tape.constant(3.0), tape.constant(2.0)),
                    "BetaBinomial: concentration1 must be positive, got -2");
}

// ---- DiscreteUniform ---------------------------------------------------------

TEST_CASE("DiscreteUniform log_prob matches the reference values") {
  check_references("DiscreteUniform", 3, [](ad::Tape& t, const std::vector<double>& p) {
    return std::make_shared<dist::DiscreteUniform>(t.constant(p[0]), t.constant(p[1]));
  });
}

TEST_CASE("DiscreteUniform draws, support, sums and argument checks") {
  ad::Tape tape;
  // low 2, high 7: mean 4.5, variance (6^2 - 1) / 12.
  dist::DiscreteUniform d(tape.constant(2.0), tape.constant(7.0));
  CHECK(d.variance()->item() == doctest::Approx(35.0 / 12.0));
  check_draws(d, 19);
  check_sum_and_support(d, Array::vector({2, 5, 7}), Array::vector({1, 2.5, 8}));
  CHECK(d.support().to_string() == "integer_interval(2, 7)");
  CHECK_THROWS_WITH(dist::DiscreteUniform(tape.constant(3.0), tape.constant(1.0)),
                    "DiscreteUniform: high must be at least low, got 1");
  CHECK_THROWS_WITH(dist::DiscreteUniform(tape.constant(0.5), tape.constant(1.0)),
                    "DiscreteUniform: low must be an integer, got 0.5");
}

// ---- ZeroInflatedNegativeBinomial2 -------------------------------------------

TEST_CASE("ZeroInflatedNegativeBinomial2 log_prob matches the reference values") {
  check_references("ZeroInflatedNegativeBinomial2", 3,
                   [](ad::Tape& t, const std::vector<double>& p) {
                     return std::make_shared<dist::ZeroInflatedNegativeBinomial2>(
                         t.constant(p[0]), t.constant(p[1]), t.constant(p[2]));
                   });
}

TEST_CASE("ZeroInflatedNegativeBinomial2 gradients in mean, concentration and gate") {
  const Array x(Shape{2, 3}, {0, 4, 0, 2, 1, 7});
  check_gradient(
      [&](std::span<const ad::Var> in) {
        return dist::ZeroInflatedNegativeBinomial2(ad::exp(in[0]), ad::exp(in[1]),
                                                   ad::sigmoid(in[2]))
            .log_prob(in[0].tape().constant(x));
      },
      {random_array({3}, -1, 2), random_array({2, 1}, -1, 1.5), random_array({}, -2, 1)});
}

TEST_CASE("ZeroInflatedNegativeBinomial2 draws, support and argument checks") {
  ad::Tape tape;
  dist::ZeroInflatedNegativeBinomial2 d(tape.constant(3.0), tape.constant(2.0), tape.constant(0.2));
  check_draws(d, 23);
  check_sum_and_support(d, Array::vector({0, 1, 8}), Array::vector({-1, 0.5, kInf}));
  CHECK_THROWS_WITH(dist::ZeroInflatedNegativeBinomial2(tape.constant(3.0), tape.constant(2.0),
                                                        tape.constant(1.5)),
                    "ZeroInflatedNegativeBinomial2: gate must be in [0, 1], got 1.5");
}
