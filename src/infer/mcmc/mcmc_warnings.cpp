#include "infer/mcmc/mcmc_warnings.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "infer/diagnostics/draws_summary.h"

namespace ppl::infer {

std::vector<std::string> kept_param_warnings(const std::vector<std::string>& model_params,
                                             SamplerKind sampler) {
  const char* method = sampler == SamplerKind::StaticHmc ? "HMC" : "NUTS";
  std::vector<std::string> warnings;
  for (const std::string& name : model_params)
    warnings.push_back(fmt::format(
        "param '{}' keeps its initial value: {} samples latent sites only; give it a prior "
        "('{} ~ ...') to infer it, or fit params by SVI (--guide)",
        name, method, name));
  return warnings;
}

std::vector<std::string> mcmc_warnings(const McmcFit& result,
                                       const std::vector<io::SiteSummary>& summary,
                                       const McmcWarningSettings& settings) {
  std::vector<std::string> warnings;
  // Points where the model is undefined (NaN or infinite log density) are
  // a fault of the model that no step size cures: name the sites.
  const long non_finite = result.non_finite_evaluations;
  if (non_finite > 0) {
    const std::string sites = fmt::format("{}", fmt::join(result.first_non_finite_sites, ", "));
    warnings.push_back(fmt::format(
        "the log density was NaN or infinite at {} points the sampler reached after warmup{}: the "
        "model is undefined there (a log or sqrt of a negative value, a division by zero, a value "
        "that underflows to 0 or overflows); the trajectories end at such points as divergent "
        "transitions, and raising --target-accept will not help: constrain the site (a support "
        "that excludes those values) or guard the expression.",
        non_finite, sites.empty() ? "" : " (first at " + sites + ")"));
  }
  // Without warmup nothing was adapted: the step size is the first guess
  // at the starting point, and --target-accept has not been used.
  if (settings.warmup == 0)
    warnings.push_back(
        "--warmup 0: the step size (the first guess at each chain's starting point) and the "
        "metric were not adapted, and the draws begin where the chains were initialized rather "
        "than in the posterior: use warmup iterations (1000 by default).");
  if (result.divergences > 0) {
    if (non_finite > 0)
      warnings.push_back(fmt::format("{} divergent transitions after warmup", result.divergences));
    else if (settings.warmup == 0)
      warnings.push_back(fmt::format("{} divergent transitions, with a step size that no warmup "
                                     "adapted.",
                                     result.divergences));
    else
      warnings.push_back(fmt::format(
          "{} divergent transitions after warmup; raise --target-accept (e.g. 0.95) or "
          "reparameterize (non-centered).",
          result.divergences));
  }
  // A step size many orders below 1 leaves every draw where the chain
  // started: the summary then describes that point, not the posterior.
  constexpr double kStalledStepSize = 1e-8;
  for (size_t c = 0; c < result.reports.size(); ++c)
    if (result.reports[c].step_size < kStalledStepSize) {
      warnings.push_back(fmt::format(
          "chain {}'s step size is {:.3g}, so its draws barely move and the summary describes its "
          "starting point, not the posterior: the log density changes on scales far below 1 in "
          "some direction (an extreme data value, or parameters on wildly different scales); "
          "rescale the data or reparameterize.",
          c + 1, result.reports[c].step_size));
      break;
    }
  // R-hat and ESS need draws: with fewer than 4 per chain the summary has none.
  const int kept = result.draws_per_chain;
  if (kept < 4)
    warnings.push_back(fmt::format(
        "{} draw{} per chain: too few for R-hat, ESS and MCSE (null in the summary); nothing "
        "says whether the chains converged: use --samples 100 or more.",
        kept, kept == 1 ? "" : "s"));
  const ConvergenceExtremes extremes = convergence_extremes(summary);
  if (extremes.worst_r_hat > 1.01)
    warnings.push_back(fmt::format(
        "R-hat up to {:.6g} (site {}); the chains disagree: run longer or check the model.",
        extremes.worst_r_hat, extremes.worst_r_hat_site));
  // The summary's ESS is over all chains; the threshold is per chain.
  if (extremes.lowest_ess_bulk < 100.0 * settings.chains)
    warnings.push_back(fmt::format(
        "bulk ESS down to {:.0f} ({:.0f} per chain), under 100 per chain; run more iterations.",
        extremes.lowest_ess_bulk, extremes.lowest_ess_bulk / settings.chains));
  return warnings;
}

}  // namespace ppl::infer
