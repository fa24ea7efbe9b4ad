#pragma once
// Convergence diagnostics of MCMC draws, as defined by Vehtari, Gelman,
// Simpson, Carpenter and Bürkner (2021), "Rank-normalization, folding, and
// localization: an improved R-hat": rank-normalized split R-hat, bulk and
// tail effective sample sizes, and the Monte Carlo standard error of the
// mean. Results agree with the R package `posterior` (tests/infer).
//
// Draws are given per chain: chains[c][i] is draw i of chain c; every chain
// has the same length. Where a quantity is undefined (fewer than 3 draws per
// split chain, a non-finite draw, or all draws equal) the result is NaN.
#include <vector>

namespace ppl::infer {

using Chains = std::vector<std::vector<double>>;

double split_rhat(const Chains& chains);   // max of the bulk and the folded (tail) R-hat
double ess_bulk(const Chains& chains);     // ESS of the rank-normalized split chains
double ess_tail(const Chains& chains);     // min ESS of the 5% and 95% quantile indicators
double ess_mean(const Chains& chains);     // ESS of the split chains, not rank-normalized
double mcse_mean(const Chains& chains);    // sd / sqrt(ess_mean)

// Sample quantile with linear interpolation (R's type 7, NumPy's default).
double quantile(std::vector<double> values, double probability);

struct DrawSummary {
  double mean, sd, median, q5, q95;
  double ess_bulk, ess_tail, rhat, mcse_mean;
};

DrawSummary summarize(const Chains& chains);

}  // namespace ppl::infer
