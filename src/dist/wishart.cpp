#include "dist/wishart.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "core/samplers.h"
#include "dist/count_helpers.h"
#include "dist/matrix_batches.h"

namespace ppl::dist {

namespace {

constexpr double kLogTwo = 0.69314718055994530942;

const char* role_of(MultivariateNormal::Matrix kind) {
  switch (kind) {
    case MultivariateNormal::Matrix::Covariance:
      return "scale_matrix";
    case MultivariateNormal::Matrix::Precision:
      return "rate_matrix";
    case MultivariateNormal::Matrix::ScaleTril:
      return "scale_tril";
  }
  return "?";
}

// concentration: one number above D - 1, on every replay too.
void check_concentration(const char* family, const ad::Var& concentration, int64_t d) {
  if (concentration.value().size() != 1)
    throw ArgumentError(
        fmt::format("{}: concentration must be one number (shared by the batch), got shape {}",
                    family, concentration.shape().to_string()));
  const double lowest = static_cast<double>(d - 1);
  if (!(concentration.item() > lowest) || !std::isfinite(concentration.item()))
    throw ArgumentError(
        fmt::format("{}: concentration must be finite and greater than D - 1 = {}, got {}", family,
                    lowest, concentration.item()));
  ad::Tape& tape = concentration.tape();
  tape.record_check(&detail::replayed_check<decltype([](const Array& nu, const Array& lowest) {
    return greater(nu, lowest) * less(nu, Array(INFINITY));
  })>,
                    {concentration, tape.constant(lowest)});
}

// log Gamma_D(a) = D (D - 1)/4 log pi + sum_{j<D} lgamma(a - j/2).
ad::Var log_multivariate_gamma(const ad::Var& a, int64_t d) {
  ad::Var total =
      a.tape().constant(0.25 * static_cast<double>(d * (d - 1)) * std::log(std::numbers::pi));
  for (int64_t j = 0; j < d; ++j) total = total + ad::lgamma(a - 0.5 * static_cast<double>(j));
  return total;
}

}  // namespace

Wishart::Wishart(ad::Var concentration, ad::Var matrix, MultivariateNormal::Matrix kind,
                 Values values)
    : Distribution(Shape{}, Shape{}), concentration_(concentration), values_(values) {
  const std::string family = name();
  scale_tril_ = detail::checked_covariance_factor(family.c_str(), role_of(kind), matrix, kind);
  const int64_t d = scale_tril_.shape()[0];
  event_shape_ = Shape{d, d};
  check_concentration(family.c_str(), concentration, d);
  concentration_ = ad::reshape(concentration, Shape{});
}

ad::Var Wishart::scale_matrix() const {
  return ad::matmul(scale_tril_, ad::transpose(scale_tril_));
}

ad::Var Wishart::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const int64_t d = event_shape_[0];
  const double dd = static_cast<double>(d);
  const ad::Var& nu = concentration_;
  ad::Tape& t = tape();
  // S^-1 = L^-T L^-1; tr(S^-1 X) as the sum of S^-1 * X (X symmetric).
  const ad::Var inverse_factor = ad::solve_lower_triangular(scale_tril_, t.constant(Array::eye(d)));
  const ad::Var precision = ad::matmul(ad::transpose(inverse_factor), inverse_factor);
  const ad::Var normalizer = 0.5 * nu * dd * kLogTwo +
                             nu * ad::log_abs_det_triangular(scale_tril_) +
                             log_multivariate_gamma(0.5 * nu, d);
  if (values_ == Values::Matrices) {
    const ad::Var trace = ad::sum(ad::sum(precision * value, -1), -1);
    return 0.5 * (nu - dd - 1.0) * log_det_spd_each(value) - 0.5 * trace - normalizer;
  }
  const ad::Var matrices = ad::matmul(value, matrix_transpose(value));
  const ad::Var trace = ad::sum(ad::sum(precision * matrices, -1), -1);
  Eigen::ArrayXd offsets(d);  // -(j + 1)
  for (int64_t j = 0; j < d; ++j) offsets[j] = -static_cast<double>(j + 1);
  const ad::Var powers = nu + t.constant(Array(Shape{d}, offsets));
  return ad::sum(powers * ad::log(diagonals(value)), -1) + dd * kLogTwo - 0.5 * trace - normalizer;
}

ad::Var Wishart::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t d = event_shape_[0];
  const double nu = concentration_.item();
  std::vector<GammaSampler> chi2;  // Chi2(k) = Gamma(k/2, rate 1/2)
  for (int64_t j = 0; j < d; ++j) chi2.emplace_back(0.5 * (nu - static_cast<double>(j)), 0.5);
  const int64_t count = shape.numel() / (d * d);
  RandomStream stream(key);
  Eigen::ArrayXd bartlett = Eigen::ArrayXd::Zero(shape.numel());
  for (int64_t m = 0; m < count; ++m) {
    double* a = bartlett.data() + m * d * d;
    for (int64_t i = 0; i < d; ++i) {
      a[i * d + i] = std::sqrt(chi2[static_cast<size_t>(i)](stream));
      for (int64_t j = 0; j < i; ++j) a[i * d + j] = stream.normal();
    }
  }
  const ad::Var factors =
      ad::matmul(scale_tril_, tape().constant(Array(shape, std::move(bartlett))));
  if (values_ == Values::CholeskyFactors) return factors;
  return ad::matmul(factors, matrix_transpose(factors));
}

// nu - j for each column j.
ad::Var Wishart::chi2_degrees() const {
  const int64_t d = event_shape_[0];
  return concentration_ - tape().constant(Array::arange(0.0, static_cast<double>(d)));
}

std::optional<ad::Var> Wishart::mean() const {
  if (values_ == Values::Matrices) return concentration_ * scale_matrix();
  // E sqrt(Chi2(k)) = sqrt(2) Gamma((k + 1)/2) / Gamma(k/2).
  const ad::Var k = chi2_degrees();
  const ad::Var root_mean =
      std::sqrt(2.0) * ad::exp(ad::lgamma(0.5 * (k + 1.0)) - ad::lgamma(0.5 * k));
  return scale_tril_ * ad::reshape(root_mean, Shape{1, event_shape_[0]});
}

std::optional<ad::Var> Wishart::variance() const {
  const int64_t d = event_shape_[0];
  if (values_ == Values::CholeskyFactors) {
    Eigen::ArrayXd below(d * d);
    for (int64_t i = 0; i < d; ++i)
      for (int64_t j = 0; j < d; ++j) below[i * d + j] = j < i ? 1.0 : 0.0;
    const ad::Var second_moments =
        tape().constant(Array(Shape{d, d}, std::move(below))) +
        tape().constant(Array::eye(d)) * ad::reshape(chi2_degrees(), Shape{1, d});
    return ad::matmul(ad::square(scale_tril_), second_moments) - ad::square(*mean());
  }
  const ad::Var s = scale_matrix();
  const ad::Var diagonal = diagonals(s);
  const ad::Var outer = ad::reshape(diagonal, Shape{d, 1}) * ad::reshape(diagonal, Shape{1, d});
  return concentration_ * (ad::square(s) + outer);
}

}  // namespace ppl::dist
