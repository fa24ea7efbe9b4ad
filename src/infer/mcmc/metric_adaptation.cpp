#include "infer/mcmc/metric_adaptation.h"

namespace ppl::infer {

MetricEstimator::MetricEstimator(Eigen::Index dimension, bool dense) : dense_(dense) {
  mean_ = Eigen::VectorXd::Zero(dimension);
  if (dense_) sum_products_ = Eigen::MatrixXd::Zero(dimension, dimension);
  else sum_squares_ = Eigen::VectorXd::Zero(dimension);
}

void MetricEstimator::add(const Eigen::VectorXd& position) {
  ++count_;
  Eigen::VectorXd delta = position - mean_;
  mean_ += delta / static_cast<double>(count_);
  if (dense_) sum_products_ += delta * (position - mean_).transpose();
  else sum_squares_ += delta.cwiseProduct(position - mean_);
}

EuclideanMetric MetricEstimator::estimate() const {
  double n = static_cast<double>(count_);
  double shrink = n / (n + 5.0);
  double floor = 1e-3 * (5.0 / (n + 5.0));
  if (dense_) {
    Eigen::MatrixXd covariance = sum_products_ / (n - 1.0);
    Eigen::MatrixXd regularized =
        shrink * covariance +
        floor * Eigen::MatrixXd::Identity(covariance.rows(), covariance.cols());
    return EuclideanMetric::dense(regularized);
  }
  Eigen::VectorXd variance = sum_squares_ / (n - 1.0);
  return EuclideanMetric::diagonal(
      (shrink * variance.array() + floor).matrix());
}

void MetricEstimator::restart() {
  count_ = 0;
  mean_.setZero();
  if (dense_) sum_products_.setZero();
  else sum_squares_.setZero();
}

}  // namespace ppl::infer
