// R-hat, ESS and MCSE against the R package `posterior` 1.4.0 (R 4.2.2), on
// deterministic draws; tests/infer/generate_diagnostics_reference.R makes the
// same draws and printed the reference values written here.
#include <doctest/doctest.h>

#include <cmath>

#include "infer/diagnostics/convergence.h"

namespace {

using ppl::infer::Chains;

double noise(int i, int c) {
  double v = std::sin(i * 12.9898 + c * 78.233) * 43758.5453;
  return v - std::floor(v) - 0.5;
}

// Chain c (1-based, as in the R script) of an AR(1) process with a heavy right tail.
Chains ar1_chains(int n, int chains, double rho, double offset) {
  Chains x(chains, std::vector<double>(n));
  for (int c = 1; c <= chains; ++c) {
    double v = 0;
    for (int i = 1; i <= n; ++i) {
      v = rho * v + noise(i, c);
      x[c - 1][i - 1] = v + offset * (c - 1) + std::exp(noise(i + 1000, c) * 3);
    }
  }
  return x;
}

struct Reference {
  double rhat, ess_bulk, ess_tail, ess_mean, mcse_mean, q5;
};

void check_against(const Chains& chains, const Reference& r) {
  // The draws pass through sin() and exp() in both tools; 1e-9 relative
  // leaves room for their last-bit differences.
  auto close = [](double actual, double expected) {
    return doctest::Approx(expected).epsilon(1e-9) == actual;
  };
  CHECK(close(ppl::infer::split_rhat(chains), r.rhat));
  CHECK(close(ppl::infer::ess_bulk(chains), r.ess_bulk));
  CHECK(close(ppl::infer::ess_tail(chains), r.ess_tail));
  CHECK(close(ppl::infer::ess_mean(chains), r.ess_mean));
  CHECK(close(ppl::infer::mcse_mean(chains), r.mcse_mean));
  std::vector<double> all;
  for (const auto& chain : chains) all.insert(all.end(), chain.begin(), chain.end());
  CHECK(close(ppl::infer::quantile(all, 0.05), r.q5));
}

}  // namespace

TEST_CASE("well-mixing chains match posterior's diagnostics") {
  check_against(ar1_chains(200, 4, 0.5, 0.0),
                {0.99990491818927707, 617.44164745034209, 565.93090832994312, 653.67718695065219,
                 0.046021970069920703, 0.030919314009601528});
}

TEST_CASE("strongly autocorrelated chains match posterior's diagnostics") {
  check_against(ar1_chains(200, 4, 0.95, 0.0),
                {1.043159112768028, 67.110575162745505, 109.0718007808062, 71.557211188028319,
                 0.18047042763977908, -0.57549957797199547});
}

TEST_CASE("chains with different locations and an odd length match posterior's diagnostics") {
  check_against(ar1_chains(201, 4, 0.3, 0.5),
                {1.1600942807684214, 19.547693334385666, 51.230046454311541, 25.743525663837914,
                 0.25516395463227098, 0.4201622600237867});
}

TEST_CASE("undefined diagnostics are NaN, not a crash") {
  Chains constant(2, std::vector<double>(50, 3.0));
  CHECK(std::isnan(ppl::infer::split_rhat(constant)));
  CHECK(std::isnan(ppl::infer::ess_bulk(constant)));
  Chains with_nan = ar1_chains(50, 2, 0.5, 0.0);
  with_nan[1][7] = std::nan("");
  CHECK(std::isnan(ppl::infer::ess_tail(with_nan)));
  CHECK(std::isnan(ppl::infer::ess_bulk(Chains{{1.0, 2.0}})));
}

TEST_CASE("quantiles interpolate linearly between order statistics") {
  CHECK(ppl::infer::quantile({4, 1, 3, 2}, 0.5) == doctest::Approx(2.5));
  CHECK(ppl::infer::quantile({4, 1, 3, 2}, 0.05) == doctest::Approx(1.15));
  CHECK(ppl::infer::quantile({7}, 0.95) == 7);
}

TEST_CASE("draws near 1e-300 or 1e200 have the sd and MCSE of the same draws at scale 1") {
  // Their squares underflow or overflow; the summary must not say sd 0 or inf.
  // scale(0): relative tolerance only, or any two values near 1e-300 agree.
  const Chains unit = ar1_chains(200, 4, 0.5, 0.0);
  const ppl::infer::DrawSummary reference = ppl::infer::summarize(unit);
  for (int exponent : {-1000, 700}) {
    Chains scaled = unit;
    for (auto& chain : scaled)
      for (double& x : chain) x = std::ldexp(x, exponent);
    const ppl::infer::DrawSummary s = ppl::infer::summarize(scaled);
    CHECK(s.sd == doctest::Approx(std::ldexp(reference.sd, exponent)).epsilon(1e-12).scale(0));
    CHECK(s.mean == doctest::Approx(std::ldexp(reference.mean, exponent)).epsilon(1e-12).scale(0));
    CHECK(s.mcse_mean == doctest::Approx(std::ldexp(reference.mcse_mean, exponent)).epsilon(1e-12).scale(0));
    CHECK(s.q95 == doctest::Approx(std::ldexp(reference.q95, exponent)).epsilon(1e-12).scale(0));
    CHECK(s.ess_bulk == doctest::Approx(reference.ess_bulk).epsilon(1e-12).scale(0));
    CHECK(s.rhat == doctest::Approx(reference.rhat).epsilon(1e-12).scale(0));
  }
}
