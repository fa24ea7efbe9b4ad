#pragma once
// The Euclidean metric of HMC: kinetic energy 0.5 p' M^-1 p with an inverse
// mass matrix M^-1 that is diagonal or dense.
#include <Eigen/Dense>

#include "infer/mcmc/potential.h"

namespace ppl::infer {

class EuclideanMetric {
 public:
  static EuclideanMetric diagonal(const Eigen::VectorXd& inverse_mass);
  static EuclideanMetric dense(const Eigen::MatrixXd& inverse_mass);
  static EuclideanMetric identity(Eigen::Index dimension, bool dense);

  bool is_dense() const { return dense_; }
  double kinetic_energy(const Eigen::VectorXd& momentum) const;
  Eigen::VectorXd velocity(const Eigen::VectorXd& momentum) const;  // M^-1 p
  // M^-1 p into `out`, which keeps its buffer when already sized.
  void velocity(const Eigen::VectorXd& momentum, Eigen::VectorXd& out) const;
  Eigen::VectorXd sample_momentum(RandomSource& random) const;      // p ~ N(0, M)
  const Eigen::VectorXd& inverse_mass_diagonal() const { return inverse_diagonal_; }
  const Eigen::MatrixXd& inverse_mass_dense() const { return inverse_dense_; }

 private:
  bool dense_ = false;
  Eigen::VectorXd inverse_diagonal_;
  Eigen::MatrixXd inverse_dense_;
  Eigen::MatrixXd inverse_cholesky_upper_;  // U with M^-1 = U'U; p = U^-1 z has covariance M
};

}  // namespace ppl::infer
