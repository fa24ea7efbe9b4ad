#pragma once
// A point of phase space with its cached potential and gradient, and the
// leapfrog step that moves it.
#include <Eigen/Dense>

#include "infer/mcmc/metric.h"
#include "infer/mcmc/potential.h"

namespace ppl::infer {

struct PhasePoint {
  Eigen::VectorXd position;
  Eigen::VectorXd momentum;
  Eigen::VectorXd gradient;  // of the potential at position
  double potential = 0;

  double hamiltonian(const EuclideanMetric& metric) const {
    return potential + metric.kinetic_energy(momentum);
  }
};

// Evaluates the potential and gradient at point.position.
void evaluate_potential(PhasePoint& point, const PotentialFunction& potential);

// One leapfrog step of size step_size (negative to go backwards in time).
void leapfrog(PhasePoint& point, double step_size, const EuclideanMetric& metric,
              const PotentialFunction& potential);

}  // namespace ppl::infer
