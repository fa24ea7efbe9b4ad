#include "infer/mcmc/nuts.h"

#include <array>
#include <cmath>
#include <vector>
#include <limits>

namespace ppl::infer {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double log_add(double a, double b) {
  if (a == -kInfinity) return b;
  if (b == -kInfinity) return a;
  double high = std::max(a, b);
  return high + std::log1p(std::exp(-std::abs(a - b)));
}

using Segment = TrajectorySegment;

template <class Rho>
bool momenta_agree(const Eigen::VectorXd& v_left, const Eigen::VectorXd& v_right, const Rho& rho) {
  return v_left.dot(rho) > 0 && v_right.dot(rho) > 0;
}

// The generalized no-U-turn criterion over the union of two adjacent
// segments, and across their seam in both directions.
bool keeps_going(const Segment& left, const Segment& right, const Eigen::VectorXd& rho_total) {
  return momenta_agree(left.v_left, right.v_right, rho_total) &&
         momenta_agree(left.v_left, right.v_left, left.rho + right.p_left) &&
         momenta_agree(left.v_right, right.v_right, right.rho + left.p_right);
}

class TreeBuilder {
 public:
  TreeBuilder(double step_size, const EuclideanMetric& metric, const PotentialFunction& potential,
              RandomSource& random, const NutsSettings& settings, double initial_hamiltonian,
              std::vector<std::array<Segment, 2>>& levels)
      : step_size_(step_size),
        metric_(metric),
        potential_(potential),
        random_(random),
        settings_(settings),
        h0_(initial_hamiltonian),
        levels_(levels) {
    if (levels_.size() < static_cast<size_t>(settings.max_tree_depth) + 1)
      levels_.resize(settings.max_tree_depth + 1);
  }

  // Extends the trajectory from `edge` by 2^depth leapfrog steps in
  // `direction`; false when a U-turn or a divergence ends it.
  bool build(int depth, PhasePoint& edge, int direction, Segment& out);

  int n_leapfrog = 0;
  double sum_accept = 0;
  bool divergent = false;

 private:
  double step_size_;
  const EuclideanMetric& metric_;
  const PotentialFunction& potential_;
  RandomSource& random_;
  const NutsSettings& settings_;
  double h0_;
  std::vector<std::array<Segment, 2>>& levels_;  // see NutsWorkspace
};

bool TreeBuilder::build(int depth, PhasePoint& edge, int direction, Segment& out) {
  if (depth == 0) {
    leapfrog(edge, direction * step_size_, metric_, potential_);
    ++n_leapfrog;
    double h = edge.hamiltonian(metric_);
    if (std::isnan(h)) h = kInfinity;
    if (h - h0_ > settings_.max_energy_error) divergent = true;
    out.log_weight = h0_ - h;
    sum_accept += h0_ - h > 0 ? 1.0 : std::exp(h0_ - h);
    out.proposal = edge;
    out.p_left = edge.momentum;
    out.p_right = edge.momentum;
    metric_.velocity(edge.momentum, out.v_left);
    out.v_right = out.v_left;
    out.rho = edge.momentum;
    return !divergent;
  }
  auto& [first, second] = levels_[depth - 1];
  if (!build(depth - 1, edge, direction, first)) return false;
  if (!build(depth - 1, edge, direction, second)) return false;

  // Within a subtree the two halves are merged uniformly by weight.
  out.log_weight = log_add(first.log_weight, second.log_weight);
  bool take_second = random_.uniform() < std::exp(second.log_weight - out.log_weight);
  out.proposal = take_second ? second.proposal : first.proposal;
  out.rho = first.rho + second.rho;

  const Segment& left = direction > 0 ? first : second;
  const Segment& right = direction > 0 ? second : first;
  bool going = keeps_going(left, right, out.rho);
  out.p_left = left.p_left;
  out.v_left = left.v_left;
  out.p_right = right.p_right;
  out.v_right = right.v_right;
  return going;
}

}  // namespace

TransitionStats nuts_transition(PhasePoint& state, double step_size, const EuclideanMetric& metric,
                                const PotentialFunction& potential, RandomSource& random,
                                const NutsSettings& settings, NutsWorkspace& workspace) {
  state.momentum = metric.sample_momentum(random);
  const double h0 = state.hamiltonian(metric);
  TreeBuilder builder(step_size, metric, potential, random, settings, h0, workspace.levels);

  // The whole trajectory so far, and its two edges.
  Segment& trajectory = workspace.trajectory;
  trajectory.p_left = state.momentum;
  trajectory.p_right = state.momentum;
  metric.velocity(state.momentum, trajectory.v_left);
  trajectory.v_right = trajectory.v_left;
  trajectory.rho = state.momentum;
  trajectory.log_weight = 0;
  trajectory.proposal = state;
  PhasePoint& forward_edge = workspace.forward_edge;
  PhasePoint& backward_edge = workspace.backward_edge;
  forward_edge = state;
  backward_edge = state;

  int depth = 0;
  Segment& extension = workspace.extension;
  Eigen::VectorXd& rho = workspace.rho;
  while (depth < settings.max_tree_depth) {
    int direction = random.uniform() > 0.5 ? 1 : -1;
    bool valid = builder.build(depth, direction > 0 ? forward_edge : backward_edge, direction,
                               extension);
    if (!valid) break;
    ++depth;

    // Between the old trajectory and its extension the draw is biased
    // toward the extension (progressive sampling).
    if (extension.log_weight > trajectory.log_weight ||
        random.uniform() < std::exp(extension.log_weight - trajectory.log_weight)) {
      trajectory.proposal = extension.proposal;
    }
    trajectory.log_weight = log_add(trajectory.log_weight, extension.log_weight);

    const Segment& left = direction > 0 ? trajectory : extension;
    const Segment& right = direction > 0 ? extension : trajectory;
    rho = trajectory.rho + extension.rho;
    bool going = keeps_going(left, right, rho);
    // The extension becomes the trajectory's new edge on its side.
    if (direction > 0) {
      trajectory.p_right = extension.p_right;
      trajectory.v_right = extension.v_right;
    } else {
      trajectory.p_left = extension.p_left;
      trajectory.v_left = extension.v_left;
    }
    trajectory.rho = rho;
    if (!going) break;
  }

  TransitionStats stats;
  stats.tree_depth = depth;
  stats.n_leapfrog = builder.n_leapfrog;
  stats.divergent = builder.divergent;
  stats.accept_stat = builder.n_leapfrog > 0 ? builder.sum_accept / builder.n_leapfrog : 0;
  state = trajectory.proposal;
  stats.energy = state.hamiltonian(metric);
  return stats;
}

}  // namespace ppl::infer
