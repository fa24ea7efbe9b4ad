#pragma once
// Per-site, per-element summaries of posterior draws: mean, sd, median, 5%
// and 95% quantiles, and the convergence diagnostics (bulk and tail ESS,
// split R-hat, MCSE of the mean), which mean something for MCMC draws.
#include <vector>

#include "io/site_results.h"

namespace ppl::infer {

using io::SiteDraws;

std::vector<io::SiteSummary> summarize_sites(const std::vector<SiteDraws>& sites);

// The largest R-hat of any element (NaN ignored; 0 when none) and the site
// it belongs to; the smallest bulk ESS (infinity when none).
struct ConvergenceExtremes {
  double worst_r_hat = 0;
  std::string worst_r_hat_site;
  double lowest_ess_bulk;
};
ConvergenceExtremes convergence_extremes(const std::vector<io::SiteSummary>& summary);

}  // namespace ppl::infer
