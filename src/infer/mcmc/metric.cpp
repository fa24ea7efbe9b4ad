#include "infer/mcmc/metric.h"

namespace ppl::infer {

EuclideanMetric EuclideanMetric::diagonal(const Eigen::VectorXd& inverse_mass) {
  EuclideanMetric metric;
  metric.inverse_diagonal_ = inverse_mass;
  return metric;
}

EuclideanMetric EuclideanMetric::dense(const Eigen::MatrixXd& inverse_mass) {
  EuclideanMetric metric;
  metric.dense_ = true;
  metric.inverse_dense_ = inverse_mass;
  metric.inverse_diagonal_ = inverse_mass.diagonal();
  metric.inverse_cholesky_upper_ = inverse_mass.llt().matrixU();
  return metric;
}

EuclideanMetric EuclideanMetric::identity(Eigen::Index dimension, bool dense) {
  if (dense) return EuclideanMetric::dense(Eigen::MatrixXd::Identity(dimension, dimension));
  return EuclideanMetric::diagonal(Eigen::VectorXd::Ones(dimension));
}

double EuclideanMetric::kinetic_energy(const Eigen::VectorXd& momentum) const {
  if (dense_) return 0.5 * momentum.dot(inverse_dense_ * momentum);
  return 0.5 * (momentum.array().square() * inverse_diagonal_.array()).sum();
}

Eigen::VectorXd EuclideanMetric::velocity(const Eigen::VectorXd& momentum) const {
  Eigen::VectorXd out;
  velocity(momentum, out);
  return out;
}

void EuclideanMetric::velocity(const Eigen::VectorXd& momentum, Eigen::VectorXd& out) const {
  if (dense_)
    out.noalias() = inverse_dense_ * momentum;
  else
    out = inverse_diagonal_.cwiseProduct(momentum);
}

Eigen::VectorXd EuclideanMetric::sample_momentum(RandomSource& random) const {
  Eigen::VectorXd z(inverse_diagonal_.size());
  for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = random.normal();
  if (dense_) return inverse_cholesky_upper_.triangularView<Eigen::Upper>().solve(z);
  return z.cwiseQuotient(inverse_diagonal_.cwiseSqrt());
}

}  // namespace ppl::infer
