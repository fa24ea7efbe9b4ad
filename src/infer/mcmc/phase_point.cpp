#include "infer/mcmc/phase_point.h"

namespace ppl::infer {

void evaluate_potential(PhasePoint& point, const PotentialFunction& potential) {
  point.gradient.resize(point.position.size());
  point.potential = potential(point.position, point.gradient);
}

void leapfrog(PhasePoint& point, double step_size, const EuclideanMetric& metric,
              const PotentialFunction& potential) {
  point.momentum -= 0.5 * step_size * point.gradient;
  if (metric.is_dense()) {
    point.position += step_size * metric.velocity(point.momentum);
  } else {
    point.position.array() +=
        step_size * metric.inverse_mass_diagonal().array() * point.momentum.array();
  }
  evaluate_potential(point, potential);
  point.momentum -= 0.5 * step_size * point.gradient;
}

}  // namespace ppl::infer
