#pragma once
// What a fit or a prediction reports per site: its draws, chain by chain,
// and the summary of each element. Inference fills them (infer/diagnostics);
// io/fit_json writes them.
#include <cstdint>
#include <string>
#include <vector>

#include "core/array.h"

namespace ppl::io {

struct SiteDraws {
  std::string name;
  std::vector<int64_t> shape;
  // draws[chain][draw] holds the site's elements, row-major.
  std::vector<std::vector<std::vector<double>>> draws;
};

// One element's summary; NaN where undefined (too few draws, constant draws).
struct ElementSummary {
  std::vector<int64_t> index;
  double mean, sd, median, q5, q95;
  double ess_bulk, ess_tail, r_hat, mcse_mean;  // convergence diagnostics (MCMC)
};

struct SiteSummary {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<ElementSummary> elements;
};

// Quantiles of each element of some sites at some levels (an SVI guide's,
// exact: infer/svi/guide_quantiles.h).
struct SiteQuantiles {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<std::vector<double>> values;  // [element][level]
};
struct GuideQuantiles {
  std::vector<double> levels;  // ascending
  std::vector<SiteQuantiles> sites;
  // "exact" (from the guide's marginals) or "draws" (from that many fresh
  // draws of the fitted guide, for guides without closed-form marginals).
  std::string method = "exact";
  int draws = 0;
};

// A param as a fit learned it: its constrained value and its constraint
// ("positive", "interval(0, 1)").
struct FittedParam {
  std::string name;
  std::string constraint;
  Array value;
};

}  // namespace ppl::io
