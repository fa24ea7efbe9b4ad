#include "infer/mcmc/chain.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "core/interrupt.h"
#include "infer/mcmc/metric_adaptation.h"
#include "infer/mcmc/step_size_adaptation.h"
#include "infer/mcmc/warmup_windows.h"

namespace ppl::infer {
namespace {

// Counts the gradient evaluations made through it.
// Counts evaluations and, once `watching` (the sampling phase: early
// warmup steps overshoot into overflow as a matter of course), the points
// where the potential is not finite.
struct CountingPotential {
  explicit CountingPotential(const PotentialFunction& potential) : inner(potential) {}
  const PotentialFunction& inner;
  long count = 0;
  bool watching = false;
  long non_finite = 0;
  std::optional<Eigen::VectorXd> first_non_finite;
  double operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
    ++count;
    const double u = inner(q, gradient);
    if (watching && !std::isfinite(u)) {
      ++non_finite;
      if (!first_non_finite) first_non_finite = q;
    }
    return u;
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

double find_reasonable_step_size(const PhasePoint& state, double step_size,
                                 const EuclideanMetric& metric, const PotentialFunction& potential,
                                 RandomSource& random) {
  if (step_size == 0 || step_size > 1e7 || std::isnan(step_size)) return step_size;
  const double log_target = std::log(0.8);
  auto energy_change = [&](double step) {
    PhasePoint point = state;
    point.momentum = metric.sample_momentum(random);
    double h0 = point.hamiltonian(metric);
    leapfrog(point, step, metric, potential);
    double h = point.hamiltonian(metric);
    if (std::isnan(h)) h = std::numeric_limits<double>::infinity();
    return h0 - h;
  };
  int direction = energy_change(step_size) > log_target ? 1 : -1;
  while (true) {
    double delta = energy_change(step_size);
    if (direction == 1 && !(delta > log_target)) break;
    if (direction == -1 && !(delta < log_target)) break;
    step_size = direction == 1 ? 2 * step_size : 0.5 * step_size;
    if (step_size > 1e7)
      throw std::runtime_error("the step size grew past 1e7: the posterior may be improper");
    if (step_size == 0)
      throw std::runtime_error("the step size shrank to 0: the potential is not finite or not smooth "
                               "near the initial point");
  }
  return step_size;
}

ChainResult run_chain(const Eigen::VectorXd& initial_position, const PotentialFunction& potential,
                      RandomSource& random, const ChainSettings& settings,
                      const ProgressCallback& progress) {
  CountingPotential counting{potential};
  PotentialFunction counted = [&counting](const Eigen::VectorXd& q, Eigen::VectorXd& g) {
    return counting(q, g);
  };
  const Eigen::Index dimension = initial_position.size();
  ChainResult result;
  result.metric = EuclideanMetric::identity(dimension, settings.dense_mass);

  PhasePoint state;
  state.position = initial_position;
  evaluate_potential(state, counted);
  if (!std::isfinite(state.potential))
    throw std::runtime_error("the log density is not finite at the initial point");

  double step = find_reasonable_step_size(state, settings.initial_step_size, result.metric, counted,
                                          random);
  DualAveraging step_adaptation(settings.target_accept);
  step_adaptation.restart(step);
  WarmupWindows windows(settings.num_warmup);
  MetricEstimator estimator(dimension, settings.dense_mass);

  NutsWorkspace workspace;
  auto transition = [&](double step_size) {
    if (settings.kind == SamplerKind::Nuts)
      return nuts_transition(state, step_size, result.metric, counted, random, settings.nuts,
                             workspace);
    return static_hmc_transition(state, step_size, result.metric, counted, random, settings.hmc);
  };
  auto record = [&](const TransitionStats& t, double step_size) {
    return DrawStats{-state.potential, t.accept_stat, step_size, t.tree_depth,
                     t.n_leapfrog,     t.divergent,   t.energy};
  };

  auto warmup_start = std::chrono::steady_clock::now();
  if (settings.save_warmup) result.warmup_draws.resize(settings.num_warmup, dimension);
  for (int i = 0; i < settings.num_warmup && !stop_requested(); ++i) {
    TransitionStats t = transition(step);
    DrawStats stats = record(t, step);
    result.warmup_stats.push_back(stats);
    if (settings.save_warmup) result.warmup_draws.row(i) = state.position.transpose();
    step = step_adaptation.update(t.accept_stat);
    if (windows.collects(i)) estimator.add(state.position);
    if (windows.window_ends(i)) {
      result.metric = estimator.estimate();
      estimator.restart();
      step = find_reasonable_step_size(state, step, result.metric, counted, random);
      step_adaptation.restart(step);
    }
    if (progress) progress(i, true, stats);
  }
  if (settings.save_warmup)  // a stopped run keeps the iterations it made
    result.warmup_draws.conservativeResize(static_cast<Eigen::Index>(result.warmup_stats.size()),
                                           dimension);
  if (settings.num_warmup > 0) step = step_adaptation.final_step();
  result.step_size = step;
  result.warmup_seconds = seconds_since(warmup_start);

  auto sampling_start = std::chrono::steady_clock::now();
  counting.watching = true;
  result.draws.resize(settings.num_samples, dimension);
  for (int i = 0; i < settings.num_samples; ++i) {
    if (stop_requested()) {
      // Keep the draws made so far.
      result.draws.conservativeResize(i, dimension);
      break;
    }
    TransitionStats t = transition(step);
    DrawStats stats = record(t, step);
    result.stats.push_back(stats);
    result.draws.row(i) = state.position.transpose();
    if (progress) progress(i, false, stats);
  }
  result.sampling_seconds = seconds_since(sampling_start);
  result.gradient_evaluations = counting.count;
  result.non_finite_evaluations = counting.non_finite;
  result.first_non_finite_position = counting.first_non_finite;
  return result;
}

}  // namespace ppl::infer
