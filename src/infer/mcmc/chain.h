#pragma once
// One Markov chain: step size initialization, windowed warmup (dual
// averaging of the step size, mass matrix from slow windows), then sampling,
// with Stan's per-draw statistics.
#include <Eigen/Dense>
#include <functional>
#include <optional>
#include <vector>

#include "infer/mcmc/nuts.h"
#include "infer/mcmc/static_hmc.h"

namespace ppl::infer {

enum class SamplerKind { Nuts, StaticHmc };

struct ChainSettings {
  SamplerKind kind = SamplerKind::Nuts;
  int num_warmup = 1000;
  int num_samples = 1000;
  double target_accept = 0.8;
  bool dense_mass = false;
  double initial_step_size = 1.0;
  // Keep the warmup's positions too (ChainResult::warmup_draws).
  bool save_warmup = false;
  NutsSettings nuts;
  StaticHmcSettings hmc;
};

struct DrawStats {
  double log_density;  // lp__: minus the potential
  double accept_stat;
  double step_size;
  int tree_depth;
  int n_leapfrog;
  bool divergent;
  double energy;
};

struct ChainResult {
  Eigen::MatrixXd draws;             // num_samples x dimension, unconstrained space
  std::vector<DrawStats> stats;      // one per draw (sampling phase)
  std::vector<DrawStats> warmup_stats;
  Eigen::MatrixXd warmup_draws;      // num_warmup x dimension with save_warmup, else empty
  double step_size = 0;              // after warmup
  EuclideanMetric metric = EuclideanMetric::diagonal(Eigen::VectorXd());
  long gradient_evaluations = 0;
  // Points of the sampling phase where the log density was NaN or infinite
  // (the model undefined there), and the first of them.
  long non_finite_evaluations = 0;
  std::optional<Eigen::VectorXd> first_non_finite_position;
  double warmup_seconds = 0, sampling_seconds = 0;
};

// Called after every iteration (warmup and sampling) for progress display.
using ProgressCallback = std::function<void(int iteration, bool warmup, const DrawStats&)>;

// `initial_position` must have a finite potential.
ChainResult run_chain(const Eigen::VectorXd& initial_position, const PotentialFunction& potential,
                      RandomSource& random, const ChainSettings& settings,
                      const ProgressCallback& progress = nullptr);

// Stan's heuristic: double or halve the step until one leapfrog step's
// acceptance crosses 0.8.
double find_reasonable_step_size(const PhasePoint& state, double step_size,
                                 const EuclideanMetric& metric, const PotentialFunction& potential,
                                 RandomSource& random);

}  // namespace ppl::infer
