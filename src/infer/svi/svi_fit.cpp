#include "infer/svi/svi_fit.h"

#include "core/interrupt.h"

namespace ppl::infer {

SviFit run_svi_fit(ElboObjective& objective, ParamStore& store, Optimizer& optimizer,
                   const SviRequest& request) {
  SviFit fit;
  fit.run = run_svi(objective, store, optimizer, request.steps, fold_in(request.key, "svi"),
                    request.progress, request.runaway);
  fit.interrupted = stop_requested();
  objective.guide().after_fit(store, objective.program(), objective.data());
  fit.draws = guide_posterior_draws(objective, request.num_samples, fold_in(request.key, "posterior"));
  for (const ParamEntry& entry : store.entries())
    fit.params.push_back({entry.name, entry.constraint.to_string(), store.constrained(entry)});
  fit.particles_vectorized = objective.vectorized();
  fit.guide_posterior = objective.guide().posterior_description();
  fit.guide_quantiles = guide_quantiles(objective.guide(), store, request.quantile_levels);
  return fit;
}

}  // namespace ppl::infer
