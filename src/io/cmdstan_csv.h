#pragma once
// MCMC draws in CmdStan's CSV layout, so CmdStan's stansummary and ArviZ's
// from_cmdstan read them: a commented header of settings, the sampler
// columns lp__ ... energy__, then one column per element of each site named
// like Stan's (theta.1, L.2.1; 1-based, column-major), the adaptation
// results as comments, the draws, and the timings.
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ppl::io {

struct CsvSite {
  std::string name;
  std::vector<int64_t> shape;
};

struct CsvDrawStats {
  double lp, accept_stat, step_size;
  int tree_depth, n_leapfrog;
  bool divergent;
  double energy;
};

struct CsvChain {
  int chain_id = 1;
  std::vector<std::pair<std::string, std::string>> settings;  // printed as "# key = value"
  std::vector<CsvDrawStats> stats;
  // draw_values[i] holds every site's values for draw i, sites in order, each row-major.
  std::vector<std::vector<double>> draw_values;
  double step_size = 0;
  std::vector<double> inverse_metric_diagonal;  // empty when dense
  std::vector<std::vector<double>> inverse_metric_dense;
  double warmup_seconds = 0, sampling_seconds = 0;
};

// Column names of a site's elements: "mu" for a scalar, "theta.1", "theta.2"
// for a vector, "L.1.1", "L.2.1", "L.1.2" ... for a matrix (column-major).
std::vector<std::string> cmdstan_column_names(const CsvSite& site);
// For each column of cmdstan_column_names, the row-major offset of that element.
std::vector<int64_t> cmdstan_column_offsets(const std::vector<int64_t>& shape);

void write_cmdstan_csv(std::ostream& out, const std::vector<CsvSite>& sites, const CsvChain& chain);

}  // namespace ppl::io
