#pragma once
// Estimates the inverse mass matrix from warmup draws (Welford's running
// moments), regularized toward a small multiple of the identity as Stan does:
// (n / (n + 5)) * estimate + 1e-3 * (5 / (n + 5)) * I.
#include <Eigen/Dense>

#include "infer/mcmc/metric.h"

namespace ppl::infer {

class MetricEstimator {
 public:
  MetricEstimator(Eigen::Index dimension, bool dense);
  void add(const Eigen::VectorXd& position);
  // The regularized estimate from the draws added since the last restart.
  EuclideanMetric estimate() const;
  void restart();
  long count() const { return count_; }

 private:
  bool dense_;
  long count_ = 0;
  Eigen::VectorXd mean_;
  Eigen::VectorXd sum_squares_;   // diagonal case
  Eigen::MatrixXd sum_products_;  // dense case
};

}  // namespace ppl::infer
