#pragma once
// Hamiltonian Monte Carlo with a fixed integration time: ceil(time / step)
// leapfrog steps, then a Metropolis accept/reject on the energy change.
// A jitter in [0, 1) draws each transition's step size uniformly within
// step * (1 +- jitter), which breaks resonances of a fixed trajectory.
#include "infer/mcmc/nuts.h"

namespace ppl::infer {

struct StaticHmcSettings {
  double integration_time = 1.0;
  double step_size_jitter = 0.0;
  double max_energy_error = 1000;
};

TransitionStats static_hmc_transition(PhasePoint& state, double step_size,
                                      const EuclideanMetric& metric,
                                      const PotentialFunction& potential, RandomSource& random,
                                      const StaticHmcSettings& settings);

}  // namespace ppl::infer
