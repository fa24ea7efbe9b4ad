#include "infer/diagnostics/plot_data.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace ppl::infer {

std::vector<Bin> histogram(const std::vector<double>& values, int bins) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty() || bins < 1) return {};
  const auto [least, largest] = std::minmax_element(finite.begin(), finite.end());
  const double low = *least, high = *largest > *least ? *largest : *least + 1;
  const double width = (high - low) / bins;
  std::vector<Bin> out;
  for (int b = 0; b < bins; ++b) out.push_back({low + b * width, low + (b + 1) * width, 0});
  for (double v : finite) {
    const int b = std::min(bins - 1, static_cast<int>((v - low) / width));
    out[static_cast<size_t>(b)].count += 1;
  }
  return out;
}

std::vector<std::vector<Bin>> rank_histograms(const std::vector<std::vector<double>>& chains,
                                              int bins) {
  // Every draw with its chain, sorted; tied values share their mean rank.
  std::vector<std::pair<double, size_t>> all;
  for (size_t c = 0; c < chains.size(); ++c)
    for (double v : chains[c])
      if (std::isfinite(v)) all.push_back({v, c});  // NaN has no rank
  std::vector<size_t> order(all.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return all[a].first < all[b].first; });
  std::vector<double> rank(all.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && all[order[j + 1]].first == all[order[i]].first) ++j;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = 0.5 * static_cast<double>(i + j);
    i = j + 1;
  }
  const double n = static_cast<double>(all.size());
  std::vector<std::vector<Bin>> out(chains.size());
  for (auto& chain : out)
    for (int b = 0; b < bins; ++b) chain.push_back({n * b / bins, n * (b + 1) / bins, 0});
  for (size_t i = 0; i < all.size(); ++i) {
    const int b = std::min(bins - 1, static_cast<int>(rank[i] / n * bins));
    out[all[i].second][static_cast<size_t>(b)].count += 1;
  }
  return out;
}

std::vector<DensityPoint> kernel_density(const std::vector<double>& values, int points) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  const double n = static_cast<double>(finite.size());
  if (finite.size() < 2 || points < 2) return {};
  const double mean = std::accumulate(finite.begin(), finite.end(), 0.0) / n;
  double variance = 0;
  for (double v : finite) variance += (v - mean) * (v - mean) / (n - 1);
  const double bandwidth = std::max(1.06 * std::sqrt(variance) * std::pow(n, -0.2), 1e-12);
  const auto [least, largest] = std::minmax_element(finite.begin(), finite.end());
  // Within the data's range: beyond it the estimate would put mass where a
  // bounded support has none (a scale below 0).
  const double low = *least, high = *largest > *least ? *largest : *least + bandwidth;
  const double norm = 1.0 / (n * bandwidth * std::sqrt(2 * std::numbers::pi));
  std::vector<DensityPoint> out;
  for (int i = 0; i < points; ++i) {
    const double x = low + (high - low) * i / (points - 1);
    double sum = 0;
    for (double v : finite) sum += std::exp(-0.5 * ((x - v) / bandwidth) * ((x - v) / bandwidth));
    out.push_back({x, sum * norm});
  }
  return out;
}

}  // namespace ppl::infer
