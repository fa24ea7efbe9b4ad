#pragma once
// Per-site, per-element summaries of posterior draws for FIT.json: mean, sd,
// median, 5% and 95% quantiles, and for MCMC the convergence diagnostics
// (bulk and tail ESS, split R-hat, MCSE of the mean).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ppl::infer {

struct SiteDraws {
  std::string name;
  std::vector<int64_t> shape;
  // draws[chain][draw] holds the site's elements, row-major.
  std::vector<std::vector<std::vector<double>>> draws;
};

// {"name": {"shape": [...], "elements": [{"index": [...], "mean": ..., ...}, ...]}}
// with_diagnostics adds ess_bulk, ess_tail, r_hat and mcse_mean (MCMC draws).
nlohmann::json summarize_sites(const std::vector<SiteDraws>& sites, bool with_diagnostics);

// {"name": {"shape": [...], "values": [draws in chain order, each nested by shape]}}
nlohmann::json draws_json(const std::vector<SiteDraws>& sites);

}  // namespace ppl::infer
