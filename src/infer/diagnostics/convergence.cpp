#include "infer/diagnostics/convergence.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace ppl::infer {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool undefined(const Chains& chains) {
  if (chains.empty() || chains[0].empty()) return true;
  double first = chains[0][0];
  bool all_equal = true;
  for (const auto& chain : chains) {
    for (double v : chain) {
      if (!std::isfinite(v)) return true;
      all_equal = all_equal && v == first;
    }
  }
  return all_equal;
}

std::vector<double> pooled(const Chains& chains) {
  std::vector<double> all;
  for (const auto& chain : chains) all.insert(all.end(), chain.begin(), chain.end());
  return all;
}

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Sample variance with the n - 1 denominator.
double variance_of(const std::vector<double>& v) {
  double m = mean_of(v);
  double sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return sum / static_cast<double>(v.size() - 1);
}

// Each chain cut into its first and second half; an odd middle draw is dropped.
Chains split(const Chains& chains) {
  Chains halves;
  for (const auto& chain : chains) {
    size_t n = chain.size();
    if (n < 2) {
      halves.push_back(chain);
      continue;
    }
    size_t half = n / 2;
    halves.emplace_back(chain.begin(), chain.begin() + half);
    halves.emplace_back(chain.begin() + (n - half), chain.end());
  }
  return halves;
}

// Normal scores of the pooled ranks (average ranks for ties, Blom's offset 3/8).
Chains rank_normalize(const Chains& chains) {
  std::vector<double> all = pooled(chains);
  size_t total = all.size();
  std::vector<size_t> order(total);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return all[a] < all[b]; });
  std::vector<double> ranks(total);
  for (size_t i = 0; i < total;) {
    size_t j = i;
    while (j + 1 < total && all[order[j + 1]] == all[order[i]]) ++j;
    double average_rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = average_rank;
    i = j + 1;
  }
  boost::math::normal standard_normal;
  const double offset = 3.0 / 8.0;
  Chains scores = chains;
  size_t position = 0;
  for (auto& chain : scores)
    for (double& v : chain)
      v = boost::math::quantile(standard_normal, (ranks[position++] - offset) /
                                                     (static_cast<double>(total) - 2 * offset + 1));
  return scores;
}

// Autocovariance at a lag with the 1/n ("biased") normalization Geyer recommends.
double autocovariance(const std::vector<double>& chain, double chain_mean, size_t lag) {
  double sum = 0;
  for (size_t i = 0; i + lag < chain.size(); ++i)
    sum += (chain[i] - chain_mean) * (chain[i + lag] - chain_mean);
  return sum / static_cast<double>(chain.size());
}

// Effective sample size with Geyer's initial monotone sequence over the
// autocorrelations pooled across chains.
double effective_sample_size(const Chains& chains) {
  size_t n_chains = chains.size();
  size_t n = chains[0].size();
  if (n < 3) return kNaN;
  std::vector<double> chain_means(n_chains);
  for (size_t c = 0; c < n_chains; ++c) chain_means[c] = mean_of(chains[c]);
  // Chains with constant draws have zero autocovariance at every lag.
  std::vector<bool> constant(n_chains);
  for (size_t c = 0; c < n_chains; ++c)
    constant[c] = std::all_of(chains[c].begin(), chains[c].end(),
                              [&](double v) { return v == chains[c][0]; });
  auto mean_autocovariance = [&](size_t lag) {
    double sum = 0;
    for (size_t c = 0; c < n_chains; ++c)
      if (!constant[c]) sum += autocovariance(chains[c], chain_means[c], lag);
    return sum / static_cast<double>(n_chains);
  };

  const double nd = static_cast<double>(n);
  double mean_var = mean_autocovariance(0) * nd / (nd - 1);
  double var_plus = mean_var * (nd - 1) / nd;
  if (n_chains > 1) var_plus += variance_of(chain_means);
  auto rho = [&](size_t lag) { return 1 - (mean_var - mean_autocovariance(lag)) / var_plus; };

  std::vector<double> rho_hat(n, 0.0);
  size_t t = 0;
  double rho_even = 1;
  double rho_odd = rho(1);
  rho_hat[0] = rho_even;
  rho_hat[1] = rho_odd;
  while (t + 5 < n && !std::isnan(rho_even + rho_odd) && rho_even + rho_odd > 0) {
    t += 2;
    rho_even = rho(t);
    rho_odd = rho(t + 1);
    if (rho_even + rho_odd >= 0) {
      rho_hat[t] = rho_even;
      rho_hat[t + 1] = rho_odd;
    }
  }
  size_t max_t = t;
  if (rho_even > 0) rho_hat[max_t] = rho_even;
  // Make the sums of pairs monotone, as Geyer's initial monotone sequence.
  for (t = 2; t + 2 <= max_t; t += 2) {
    if (rho_hat[t] + rho_hat[t + 1] > rho_hat[t - 2] + rho_hat[t - 1]) {
      rho_hat[t] = (rho_hat[t - 2] + rho_hat[t - 1]) / 2;
      rho_hat[t + 1] = rho_hat[t];
    }
  }
  double draws = static_cast<double>(n_chains * n);
  // Geyer's truncated sum; with max_t = 0 the first pair still counts (as in `posterior`).
  double tau = -1 + rho_hat[max_t];
  for (size_t k = 0; k < std::max<size_t>(max_t, 1); ++k) tau += 2 * rho_hat[k];
  // Antithetic chains can make tau tiny; the cap keeps the estimate stable.
  tau = std::max(tau, 1 / std::log10(draws));
  return draws / tau;
}

double basic_rhat(const Chains& chains) {
  size_t n = chains[0].size();
  std::vector<double> chain_means, chain_vars;
  for (const auto& chain : chains) {
    chain_means.push_back(mean_of(chain));
    chain_vars.push_back(variance_of(chain));
  }
  double nd = static_cast<double>(n);
  double between = nd * variance_of(chain_means);
  double within = mean_of(chain_vars);
  return std::sqrt((between / within + nd - 1) / nd);
}

Chains indicator_below(const Chains& chains, double threshold) {
  Chains indicator = chains;
  for (auto& chain : indicator)
    for (double& v : chain) v = v <= threshold ? 1.0 : 0.0;
  return indicator;
}

double quantile_ess(const Chains& chains, double probability) {
  Chains indicator = indicator_below(chains, quantile(pooled(chains), probability));
  if (undefined(indicator)) return kNaN;
  return effective_sample_size(split(indicator));
}

}  // namespace

double quantile(std::vector<double> values, double probability) {
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  double h = (static_cast<double>(values.size()) - 1) * probability;
  size_t low = static_cast<size_t>(std::floor(h));
  size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (h - static_cast<double>(low)) * (values[high] - values[low]);
}

double split_rhat(const Chains& chains) {
  if (undefined(chains) || chains[0].size() < 4) return kNaN;
  double bulk = basic_rhat(rank_normalize(split(chains)));
  std::vector<double> all = pooled(chains);
  double median = quantile(all, 0.5);
  Chains folded = chains;
  for (auto& chain : folded)
    for (double& v : chain) v = std::abs(v - median);
  double tail = basic_rhat(rank_normalize(split(folded)));
  return std::max(bulk, tail);
}

double ess_bulk(const Chains& chains) {
  if (undefined(chains)) return kNaN;
  return effective_sample_size(rank_normalize(split(chains)));
}

double ess_tail(const Chains& chains) {
  if (undefined(chains)) return kNaN;
  return std::min(quantile_ess(chains, 0.05), quantile_ess(chains, 0.95));
}

double ess_mean(const Chains& chains) {
  if (undefined(chains)) return kNaN;
  return effective_sample_size(split(chains));
}

double mcse_mean(const Chains& chains) {
  if (undefined(chains)) return kNaN;
  return std::sqrt(variance_of(pooled(chains)) / ess_mean(chains));
}

DrawSummary summarize(const Chains& chains) {
  // Squares of draws near 1e-300 underflow to 0 and those near 1e200
  // overflow: summarize draws scaled by a power of two (exact), then scale
  // the results back. ESS and R-hat do not depend on the scale.
  double largest = 0;
  for (const auto& chain : chains)
    for (double x : chain)
      if (std::isfinite(x)) largest = std::max(largest, std::abs(x));
  if (largest > 0 && (largest < 1e-100 || largest > 1e100)) {
    const int exponent = std::ilogb(largest);
    Chains scaled = chains;
    for (auto& chain : scaled)
      for (double& x : chain) x = std::ldexp(x, -exponent);
    DrawSummary s = summarize(scaled);
    for (double* value : {&s.mean, &s.sd, &s.median, &s.q5, &s.q95, &s.mcse_mean})
      *value = std::ldexp(*value, exponent);
    return s;
  }
  std::vector<double> all = pooled(chains);
  DrawSummary s{};
  s.mean = mean_of(all);
  s.sd = all.size() > 1 ? std::sqrt(variance_of(all)) : kNaN;
  s.median = quantile(all, 0.5);
  s.q5 = quantile(all, 0.05);
  s.q95 = quantile(all, 0.95);
  s.ess_bulk = ess_bulk(chains);
  s.ess_tail = ess_tail(chains);
  s.rhat = split_rhat(chains);
  s.mcse_mean = mcse_mean(chains);
  return s;
}

}  // namespace ppl::infer
