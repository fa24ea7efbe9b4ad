// Seed 001: the state-space model's prior predictive draws a fresh state at
// every scan step, with the AR(1) moments, with y absent or partly given.
#include <algorithm>
#include <cmath>

#include "handlers/substitute.h"
#include "infer/predictive.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

constexpr double kPhi = 0.7, kQ = 0.5, kR = 0.3;

// x0 ~ N(0, q); x_t = phi x_{t-1} + q e_t (t = 0, 1, ...): Var(x_t) = q^2 (1 + phi^2 + ... + phi^(2(t+1))).
double state_variance(int t) {
  double v = 0;
  for (int k = 0; k <= t + 1; ++k) v += std::pow(kPhi, 2 * k);
  return kQ * kQ * v;
}

}  // namespace

TEST_CASE("prior predictive of the state-space model: T different states per draw") {
  // T = 100, y absent.
  auto p = test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 100})");
  infer::PredictiveOptions options;
  options.num_samples = 20;
  options.seed = 1;
  auto sites = infer::predict(p.program, p.data, options);
  const infer::SiteDraws* x = nullptr;
  const infer::SiteDraws* y = nullptr;
  for (const auto& s : sites) {
    if (s.name == "x") x = &s;
    if (s.name == "y") y = &s;
  }
  REQUIRE(x);
  REQUIRE(y);
  CHECK(x->shape == std::vector<int64_t>{100});
  CHECK(y->shape == std::vector<int64_t>{100});
  for (const auto& draw : x->draws[0]) {
    std::vector<double> sorted = draw;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::unique(sorted.begin(), sorted.end()) == sorted.end());
  }
}

TEST_CASE("across draws, x_t and y_t have the AR(1) variances and lag-one covariance") {
  auto p = test::load(test::model_source("seed001_state_space.ppl"), R"({"T": 10})");
  const int n = 4000;
  std::vector<double> x2(10, 0), y2(10, 0), lag(9, 0);
  for (int i = 0; i < n; ++i) {
    ad::Tape tape;
    handlers::ConditionHandler fixed({{"phi", tape.constant(kPhi)},
                                      {"q", tape.constant(kQ)},
                                      {"r", tape.constant(kR)}});
    handlers::Trace trace = test::run_traced(p, tape, 500 + i, {&fixed});
    Array x = trace.site("x").value().value();
    Array y = trace.site("y").value().value();
    for (int t = 0; t < 10; ++t) {
      x2[t] += x.values()[t] * x.values()[t] / n;
      y2[t] += y.values()[t] * y.values()[t] / n;
      if (t < 9) lag[t] += x.values()[t] * x.values()[t + 1] / n;
    }
  }
  for (int t = 0; t < 10; ++t) {
    CAPTURE(t);
    // The variance of a sample second moment of a normal is 2 var^2 / n: 5 standard errors.
    double v = state_variance(t);
    CHECK(std::abs(x2[t] - v) < 5 * v * std::sqrt(2.0 / n));
    double vy = v + kR * kR;
    CHECK(std::abs(y2[t] - vy) < 5 * vy * std::sqrt(2.0 / n));
    if (t < 9) CHECK(std::abs(lag[t] - kPhi * v) < 5 * std::sqrt((v * state_variance(t + 1) + kPhi * kPhi * v * v) / n));
  }
}

TEST_CASE("with y given the y sites are observed, and predictive works from posterior draws") {
  auto p = test::load(test::model_source("seed001_state_space.ppl"),
                      R"({"T": 3, "y": [0.5, -1.0, 2.0]})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 9);
  const handlers::TraceSite& y = trace.site("y");
  CHECK(y.observed);
  CHECK(y.value().value().values()[2] == 2.0);
  CHECK_FALSE(trace.site("x").observed);

  infer::PosteriorDraws posterior(2);
  posterior[0] = {{"phi", Array(0.5)}, {"q", Array(1.0)}, {"r", Array(0.1)}, {"x0", Array(0.0)}};
  posterior[1] = {{"phi", Array(-0.5)}, {"q", Array(2.0)}, {"r", Array(0.1)}, {"x0", Array(1.0)}};
  infer::PredictiveOptions options;
  options.sites = {"phi", "x"};
  auto sites = infer::predict(p.program, p.data, options, &posterior);
  REQUIRE(sites.size() == 2);
  CHECK(sites[0].draws[0].size() == 2);
  CHECK(sites[0].draws[0][1][0] == -0.5);
}
