#include "infer/mcmc/static_hmc.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ppl::infer {

TransitionStats static_hmc_transition(PhasePoint& state, double step_size,
                                      const EuclideanMetric& metric,
                                      const PotentialFunction& potential, RandomSource& random,
                                      const StaticHmcSettings& settings) {
  double step = step_size;
  if (settings.step_size_jitter > 0)
    step *= 1.0 + settings.step_size_jitter * (2.0 * random.uniform() - 1.0);
  int steps = std::max(1, static_cast<int>(std::ceil(settings.integration_time / step)));

  state.momentum = metric.sample_momentum(random);
  const double h0 = state.hamiltonian(metric);
  PhasePoint proposal = state;
  TransitionStats stats;
  for (int i = 0; i < steps; ++i) {
    leapfrog(proposal, step, metric, potential);
    ++stats.n_leapfrog;
    // Once the energy blows up the trajectory is lost; stop integrating.
    double h = proposal.hamiltonian(metric);
    if (std::isnan(h) || h - h0 > settings.max_energy_error) {
      stats.divergent = true;
      break;
    }
  }
  double h = proposal.hamiltonian(metric);
  if (std::isnan(h)) h = std::numeric_limits<double>::infinity();
  stats.accept_stat = stats.divergent ? 0.0 : std::min(1.0, std::exp(h0 - h));
  if (!stats.divergent && random.uniform() < stats.accept_stat) state = std::move(proposal);
  stats.energy = state.hamiltonian(metric);
  return stats;
}

}  // namespace ppl::infer
