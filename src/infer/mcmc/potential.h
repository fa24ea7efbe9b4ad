#pragma once
// What HMC and NUTS need of a model: the potential energy (minus the log
// density, Jacobians included) at a point of unconstrained space, and its
// gradient. The potential may be +inf or NaN where the density is zero or
// undefined; the samplers treat such points as divergent, never crash.
#include <Eigen/Dense>
#include <functional>

namespace ppl::infer {

using PotentialFunction = std::function<double(const Eigen::VectorXd& position,
                                               Eigen::VectorXd& gradient)>;

// Uniform and standard normal draws for a sampler; one per chain.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual double uniform() = 0;  // in (0, 1)
  virtual double normal() = 0;
};

}  // namespace ppl::infer
