#pragma once
// Checks shared by the tests of the univariate continuous distributions: a
// description of each family (how to build it, how to map unconstrained test
// arrays into its parameter space and support) and the properties every
// family must have, run over that description.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "../ad/gradient_check.h"
#include "ad/ops.h"
#include "dist/distribution.h"
#include "reference_table.h"

namespace ppl::test {

using Vars = std::vector<ad::Var>;

struct Family {
  std::string name;
  // The distribution from its parameters in NumPyro's order.
  std::function<dist::DistributionPtr(std::span<const ad::Var>)> make;
  // Unconstrained arrays (one per parameter) to valid parameters.
  std::function<Vars(std::span<const ad::Var>)> parameters_from;
  // An unconstrained array to a value inside the support of the parameters.
  std::function<ad::Var(ad::Var, std::span<const ad::Var>)> value_from;
};

inline ad::Var identity(ad::Var v) { return v; }

// log_prob against every reference line of the family, to reference_tolerance.
inline void check_reference_values(const Family& family) {
  auto references = reference_values(family.name);
  REQUIRE(references.size() >= 3);
  for (const auto& r : references) {
    CAPTURE(r.source);
    CAPTURE(r.value[0]);
    ad::Tape tape;
    Vars parameters;
    for (double p : r.parameters) parameters.push_back(tape.constant(p));
    auto d = family.make(parameters);
    const double lp = d->log_prob(tape.constant(r.value[0])).item();
    const double sum = d->log_prob_sum(tape.constant(r.value[0])).item();
    const double tolerance = reference_tolerance(r.log_prob);
    CHECK(std::abs(lp - r.log_prob) <= tolerance);
    CHECK(std::abs(sum - r.log_prob) <= tolerance);
  }
}

// Finite-difference gradients of log_prob in the value and every parameter:
// a broadcasting case (value [4, 3], parameters [3], [4, 1], [] ...) and a
// case of scalar parameters.
inline void check_log_prob_gradients(const Family& family, size_t n_parameters) {
  using ad::testing::random_array;
  auto lp = [&](std::span<const ad::Var> in) {
    Vars raw(in.begin() + 1, in.end());
    Vars parameters = family.parameters_from(raw);
    return family.make(parameters)->log_prob(family.value_from(in[0], parameters));
  };
  const std::vector<Shape> broadcast_shapes{{3}, {4, 1}, {}};
  std::vector<Array> broadcasting{random_array({4, 3}, -1, 1, 1)};
  std::vector<Array> scalars{random_array({5}, -1, 1, 2)};
  for (size_t i = 0; i < n_parameters; ++i) {
    broadcasting.push_back(random_array(broadcast_shapes[i], -1, 1, 10 + i));
    scalars.push_back(random_array({}, -1, 1, 20 + i));
  }
  ad::testing::check_gradient(lp, broadcasting);
  ad::testing::check_gradient(lp, scalars);
}

// log_prob_sum(x) equals the sum of log_prob(x)'s elements, in value and in gradient.
inline void check_sum_matches(const Family& family, const std::vector<Array>& raw_parameters,
                              const Array& raw_value) {
  ad::Tape tape;
  Vars leaves;
  for (const Array& a : raw_parameters) leaves.push_back(tape.leaf(a));
  ad::Var raw = tape.leaf(raw_value);
  Vars parameters = family.parameters_from(leaves);
  auto d = family.make(parameters);
  ad::Var value = family.value_from(raw, parameters);
  Vars wrt = leaves;
  wrt.push_back(raw);
  ad::Var fused = d->log_prob_sum(value);
  auto fused_gradient = tape.gradient(fused, wrt);
  // Through a reshape, so that the elements are added one by one: ad::sum of
  // a fused log_prob itself records the fused sum (checked apart, in
  // tests/ad/test_fused_sum.cpp).
  const ad::Var log_prob = d->log_prob(value);
  ad::Var summed = ad::sum(ad::reshape(log_prob, log_prob.shape()));
  auto summed_gradient = tape.gradient(summed, wrt);
  CHECK(fused.item() == doctest::Approx(summed.item()).epsilon(1e-12));
  for (size_t k = 0; k < wrt.size(); ++k)
    for (int64_t j = 0; j < fused_gradient[k].size(); ++j)
      CHECK(fused_gradient[k].values()[j] ==
            doctest::Approx(summed_gradient[k].values()[j]).epsilon(1e-12));
}

// log_prob is -inf (not NaN) at each of `values`, and so is log_prob_sum.
inline void check_outside_support(const dist::Distribution& d, ad::Tape& tape,
                                  const std::vector<double>& values) {
  for (double x : values) {
    CAPTURE(x);
    const double lp = d.log_prob(tape.constant(x)).item();
    CHECK(std::isinf(lp));
    CHECK(lp < 0);
    const double sum = d.log_prob_sum(tape.constant(x)).item();
    CHECK(std::isinf(sum));
    CHECK(sum < 0);
  }
}

// Mean and variance of n draws within 5 standard errors of the distribution's
// mean() and variance(): sqrt(variance / n) for the mean, and
// sqrt((m4 - s^4) / n), m4 the draws' fourth central moment, for the variance.
inline void check_moments(const Array& draws, double mean, double variance) {
  const Eigen::ArrayXd& x = draws.values();
  const double n = static_cast<double>(x.size());
  const double sample_mean = x.mean();
  const Eigen::ArrayXd centered = x - sample_mean;
  const double sample_variance = centered.square().mean();
  const double m4 = centered.square().square().mean();
  CAPTURE(sample_mean);
  CAPTURE(sample_variance);
  CHECK(std::abs(sample_mean - mean) < 5 * std::sqrt(variance / n));
  CHECK(std::abs(sample_variance - variance) <
        5 * std::sqrt(std::max(m4 - sample_variance * sample_variance, 0.0) / n));
}

// Draws of a family with scalar parameters, against its own mean() and variance().
inline Array check_sample_moments(const Family& family, const std::vector<double>& parameters,
                                  uint64_t seed = 17) {
  ad::Tape tape;
  Vars p;
  for (double v : parameters) p.push_back(tape.constant(v));
  auto d = family.make(p);
  Array draws = d->sample(RandomKey(seed), Shape{100000}).value();
  REQUIRE(draws.shape() == Shape{100000});
  check_moments(draws, d->mean()->item(), d->variance()->item());
  return draws;
}

// Kolmogorov-Smirnov: sup |F_n - F| below 1.95 / sqrt(n), the 0.1% critical
// value of the statistic.
inline void check_kolmogorov_smirnov(const Array& draws, const std::function<double(double)>& cdf) {
  std::vector<double> x(draws.data(), draws.data() + draws.size());
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double statistic = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double f = cdf(x[i]);
    statistic = std::max({statistic, (i + 1) / n - f, f - i / n});
  }
  CAPTURE(statistic);
  CHECK(statistic < 1.95 / std::sqrt(n));
}

}  // namespace ppl::test
