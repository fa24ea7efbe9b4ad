#pragma once
// Stochastic variational inference: the optimizer follows the gradient of
// the ELBO objective in the params' unconstrained space, one fresh set of
// particles per step; then posterior draws from the fitted guide.
#include <functional>
#include <vector>

#include "infer/diagnostics/draws_summary.h"
#include "infer/elbo/elbo.h"
#include "infer/optim/optimizer.h"

namespace ppl::infer {

struct SviResult {
  std::vector<double> losses;  // one per step
  double seconds = 0;
};

// Called after every step with the step index (0-based) and its loss.
using SviProgress = std::function<void(int step, double loss)>;

// Throws ppl::Error (naming the step and the sites or params) when the loss
// or its gradient is not finite.
SviResult run_svi(ElboObjective& objective, ParamStore& store, Optimizer& optimizer, int steps,
                  RandomKey key, const SviProgress& progress = nullptr);

// `n` draws of the guide at the current params: every latent site of the
// guide and every deterministic site of the model (run on the guide's draws).
std::vector<SiteDraws> guide_posterior_draws(ElboObjective& objective, int n, RandomKey key);

}  // namespace ppl::infer
