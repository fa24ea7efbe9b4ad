#pragma once
// The numbers behind the report's plots (ppl report): histograms, rank
// histograms (Vehtari et al. 2021: each chain's ranks among all draws,
// near uniform when the chains mix), and Gaussian kernel density estimates.
#include <vector>

namespace ppl::infer {

struct Bin {
  double low, high;
  double count;
};

// `bins` equal bins from the least to the largest finite value; empty for
// no finite value.
std::vector<Bin> histogram(const std::vector<double>& values, int bins);

// For each chain, the histogram of its draws' ranks among all chains'
// finite draws (average ranks for ties, 0 .. N - 1), in `bins` equal bins.
std::vector<std::vector<Bin>> rank_histograms(const std::vector<std::vector<double>>& chains,
                                              int bins);

struct DensityPoint {
  double x, density;
};

// A Gaussian kernel density estimate on `points` points from the least to
// the largest value (Scott's bandwidth, 1.06 sd n^(-1/5), at least 1e-12).
// Empty for fewer than two finite values.
std::vector<DensityPoint> kernel_density(const std::vector<double>& values, int points);

}  // namespace ppl::infer
