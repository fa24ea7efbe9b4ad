#include "infer/svi/svi_fit.h"

#include "core/interrupt.h"
#include "infer/elbo/replayed_elbo.h"
#include "infer/svi/autoguide.h"
#include "infer/svi/guide_quantiles.h"

namespace ppl::infer {

namespace {

// Enough draws for the quantiles of a guide without closed-form marginals
// to be within about 0.02 sd of the exact ones at the central levels.
constexpr int kQuantileDraws = 4000;

}  // namespace

SviFit run_svi_fit(ElboObjective& objective, ParamStore& store, Optimizer& optimizer,
                   const SviRequest& request) {
  SviFit fit;
  ReplayedElbo replayed(objective, store);
  const ElboLoss loss =
      request.loss ? request.loss : [&](RandomKey key) { return replayed.evaluate(key); };
  fit.run = run_svi(objective, store, optimizer, request.steps, fold_in(request.key, "svi"),
                    request.progress, request.runaway, loss);
  fit.steps_replayed = replayed.active();
  fit.interrupted = stop_requested();
  objective.guide().after_fit(store, objective.program(), objective.data());
  fit.draws = guide_posterior_draws(objective, request.num_samples, fold_in(request.key, "posterior"));
  for (const ParamEntry& entry : store.entries())
    fit.params.push_back({entry.name, entry.constraint.to_string(), store.constrained(entry)});
  fit.particles_vectorized = objective.vectorized();
  fit.scans_in_one_pass = objective.scans_in_one_pass();
  fit.guide_posterior = objective.guide().posterior_description();
  fit.guide_quantiles = guide_quantiles(objective.guide(), store, request.quantile_levels);
  // Guides without closed-form marginals (flows, the DAIS family): quantiles
  // from draws. A point has none.
  if (const auto* autoguide = dynamic_cast<const AutoGuide*>(&objective.guide());
      autoguide && !fit.guide_quantiles && !autoguide->is_point()) {
    std::vector<std::string> sites;
    for (const LatentSite& site : autoguide->sites()) sites.push_back(site.name);
    fit.guide_quantiles = sampled_guide_quantiles(
        guide_posterior_draws(objective, kQuantileDraws, fold_in(request.key, "quantiles")),
        sites, request.quantile_levels);
  }
  return fit;
}

}  // namespace ppl::infer
