#pragma once
// A whole SVI fit, as `ppl fit --guide` runs it once the objective is set
// up: the optimizer's steps, then the fitted params (constrained) and
// posterior draws from the fitted guide. A run stopped by a signal keeps the
// steps it took.
#include <vector>

#include "core/random_key.h"
#include "infer/svi/guide_quantiles.h"
#include "infer/svi/svi.h"
#include "io/site_results.h"

namespace ppl::infer {

struct SviRequest {
  int steps = 10000;
  int num_samples = 1000;  // posterior draws from the fitted guide
  RandomKey key{0};        // the steps and the draws take keys folded from it
  SviProgress progress;    // may be empty
  RunawayCheck runaway;
  // Levels of the guide's exact quantiles (guide_quantiles.h).
  std::vector<double> quantile_levels{0.05, 0.25, 0.5, 0.75, 0.95};
  ElboLoss loss;  // empty: the objective's own evaluate
};

struct SviFit {
  SviResult run;                        // losses per step, seconds, final ELBO
  std::vector<io::FittedParam> params;  // constrained, in registration order
  std::vector<SiteDraws> draws;         // from the guide at the fitted params
  bool particles_vectorized = false;
  bool steps_replayed = false;  // the steps ran on a replayed tape (elbo/replayed_elbo.h)
  bool scans_in_one_pass = false;  // the model's scans were scored in one pass (elbo/elbo.h)
  bool interrupted = false;
  nlohmann::json guide_posterior;  // Guide::posterior_description()
  // Exact quantiles of the Gaussian autoguides at quantile_levels.
  std::optional<GuideQuantiles> guide_quantiles;
};

// Throws what run_svi throws (a non-finite loss, a runaway ELBO).
SviFit run_svi_fit(ElboObjective& objective, ParamStore& store, Optimizer& optimizer,
                   const SviRequest& request);

}  // namespace ppl::infer
