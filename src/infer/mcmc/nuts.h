#pragma once
// The No-U-Turn sampler's transition as Stan does it (Hoffman and Gelman
// 2014; Betancourt 2017): the trajectory doubles forward or backward in time
// until the generalized no-U-turn criterion fails (checked across the whole
// trajectory and across the seams between merged subtrees), a divergence
// appears or the maximum tree depth is reached; the next state is drawn
// multinomially from the trajectory, with biased progressive sampling
// between subtrees.
#include <array>
#include <vector>

#include "infer/mcmc/metric.h"
#include "infer/mcmc/phase_point.h"
#include "infer/mcmc/potential.h"

namespace ppl::infer {

struct TransitionStats {
  double accept_stat = 0;  // mean Metropolis acceptance over the trajectory
  int tree_depth = 0;
  int n_leapfrog = 0;
  bool divergent = false;
  double energy = 0;  // Hamiltonian at the new state
};

struct NutsSettings {
  int max_tree_depth = 10;
  double max_energy_error = 1000;  // a larger error marks the transition divergent
};

// A stretch of trajectory, described by what merging and the U-turn checks
// need: the momenta and velocities at its two ends in time order, the sum of
// its momenta, the total weight of its points and the point drawn from it.
struct TrajectorySegment {
  Eigen::VectorXd p_left, p_right, v_left, v_right;
  Eigen::VectorXd rho;
  double log_weight = 0;
  PhasePoint proposal;
};

// What a chain keeps between transitions, so that building trajectories
// allocates nothing once the vectors have their size: two segments per tree
// depth (a subtree of depth d builds its halves into levels[d - 1]).
struct NutsWorkspace {
  std::vector<std::array<TrajectorySegment, 2>> levels;
  TrajectorySegment trajectory, extension;
  Eigen::VectorXd rho;
  PhasePoint forward_edge, backward_edge;
};

// Draws a momentum, builds a trajectory from `state` and replaces `state`
// (position, potential, gradient) by the sampled point.
TransitionStats nuts_transition(PhasePoint& state, double step_size, const EuclideanMetric& metric,
                                const PotentialFunction& potential, RandomSource& random,
                                const NutsSettings& settings, NutsWorkspace& workspace);

}  // namespace ppl::infer
