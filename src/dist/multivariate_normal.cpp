#include "dist/multivariate_normal.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"
#include "core/array_linalg.h"
#include "core/samplers.h"
#include "dist/count_helpers.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {

constexpr double kLogTwoPi = 1.83787706640934548356;

const char* matrix_name(MultivariateNormal::Matrix kind) {
  switch (kind) {
    case MultivariateNormal::Matrix::Covariance: return "covariance_matrix";
    case MultivariateNormal::Matrix::Precision: return "precision_matrix";
    case MultivariateNormal::Matrix::ScaleTril: return "scale_tril";
  }
  return "?";
}

Shape mvn_batch(const ad::Var& loc) {
  const Shape& s = loc.shape();
  if (s.rank() == 0) return s;
  return Shape(std::span<const int64_t>(s.dims().data(), s.rank() - 1));
}

int64_t mvn_dimension(const ad::Var& matrix) {
  const Shape& s = matrix.shape();
  return s.rank() == 2 ? s[1] : 0;
}

// Why a [D, D] matrix's values do not fit `kind`, or an empty string.
std::string matrix_problem(const char* family, const char* name, const Array& value,
                           MultivariateNormal::Matrix kind) {
  const int64_t d = value.shape()[0];
  const ConstMatrixView m = matrix_view(value);
  if (!m.allFinite())
    return fmt::format("{}: {} must be finite", family, name);
  if (kind == MultivariateNormal::Matrix::ScaleTril) {
    for (int64_t i = 0; i < d; ++i) {
      if (!(m(i, i) > 0))
        return fmt::format(
            "{}: {} must have a positive diagonal, got {} at [{}, {}]", family, name, m(i, i), i,
            i);
      for (int64_t j = i + 1; j < d; ++j)
        if (m(i, j) != 0)
          return fmt::format(
              "{}: {} must be lower triangular, got {} at [{}, {}]", family, name, m(i, j), i, j);
    }
    return {};
  }
  const double tolerance = 1e-8 * std::max(1.0, m.cwiseAbs().maxCoeff());
  for (int64_t i = 0; i < d; ++i)
    for (int64_t j = 0; j < i; ++j)
      if (!(std::abs(m(i, j) - m(j, i)) <= tolerance))
        return fmt::format("{}: {} must be symmetric, got {} at [{}, {}] and {} at [{}, {}]",
                           family, name, m(i, j), i, j, m(j, i), j, i);
  const Array factor = cholesky(value);
  if (!factor.values().allFinite())
    return fmt::format("{}: {} must be positive definite", family, name);
  return {};
}

// The mask of a replayed check: 1 where the matrix fits Kind, else 0.
template <MultivariateNormal::Matrix Kind>
Array valid_matrix(const Array& value) {
  return Array(matrix_problem("", "", value, Kind).empty() ? 1.0 : 0.0);
}

template <MultivariateNormal::Matrix Kind>
void record_matrix_check(const ad::Var& matrix) {
  matrix.tape().record_check(
      &detail::replayed_check<decltype([](const Array& v) { return valid_matrix<Kind>(v); })>,
      {matrix});
}

// The matrix's shape and values, in messages naming `family`; the value test
// is also recorded for replays.
void check_matrix(const char* family, const char* name, const ad::Var& matrix,
                  MultivariateNormal::Matrix kind) {
  const Shape& s = matrix.shape();
  if (s.rank() != 2 || s[0] != s[1] || s[0] == 0)
    throw ArgumentError(fmt::format(
        "{}: {} must be one square [D, D] matrix (batches of matrices are not "
        "supported), got shape {}",
        family, name, s.to_string()));
  if (std::string problem = matrix_problem(family, name, matrix.value(), kind); !problem.empty())
    throw ArgumentError(problem);
  // The same test on every replay of the tape, when the matrix varies.
  switch (kind) {
    case MultivariateNormal::Matrix::ScaleTril:
      return record_matrix_check<MultivariateNormal::Matrix::ScaleTril>(matrix);
    case MultivariateNormal::Matrix::Covariance:
      return record_matrix_check<MultivariateNormal::Matrix::Covariance>(matrix);
    case MultivariateNormal::Matrix::Precision:
      return record_matrix_check<MultivariateNormal::Matrix::Precision>(matrix);
  }
}

void check_loc(const ad::Var& loc, const ad::Var& matrix, MultivariateNormal::Matrix kind) {
  const int64_t d = matrix.shape()[0];
  const Shape& l = loc.shape();
  if (l.rank() > 0 && l[l.rank() - 1] != d && l[l.rank() - 1] != 1)
    throw ArgumentError(fmt::format(
        "MultivariateNormal: loc of shape {} does not match a {} of shape {}", l.to_string(),
        matrix_name(kind), matrix.shape().to_string()));
}

// The lower Cholesky factor of the covariance, from the given matrix.
ad::Var covariance_factor(const ad::Var& matrix, MultivariateNormal::Matrix kind) {
  switch (kind) {
    case MultivariateNormal::Matrix::ScaleTril: return matrix;
    case MultivariateNormal::Matrix::Covariance: return ad::cholesky(matrix);
    case MultivariateNormal::Matrix::Precision: {
      // P = Lp Lp^T, covariance = Lp^-T Lp^-1, refactored.
      const int64_t d = matrix.shape()[0];
      ad::Var inverse = ad::solve_lower_triangular(ad::cholesky(matrix), matrix.tape().constant(Array::eye(d)));
      return ad::cholesky(ad::matmul(ad::transpose(inverse), inverse));
    }
  }
  return matrix;
}

}  // namespace

namespace detail {

ad::Var checked_covariance_factor(const char* family, const char* role, const ad::Var& matrix,
                                  MultivariateNormal::Matrix kind) {
  check_matrix(family, role, matrix, kind);
  return covariance_factor(matrix, kind);
}

CenteredValues centered_values(const Distribution& d, ad::Var value, ad::Var loc) {
  check_event_shape(d, value);
  const int64_t dim = d.event_shape()[0];
  const Shape& vs = value.shape();
  Shape out = broadcast_shapes(Shape(std::span<const int64_t>(vs.dims().data(), vs.rank() - 1)), d.batch_shape());
  Shape full = out;
  full.push_back(dim);
  ad::Var centered = broadcast_var(value - loc, full);
  return {ad::reshape(centered, Shape{out.numel(), dim}), out};
}

}  // namespace detail

MultivariateNormal::MultivariateNormal(ad::Var loc, ad::Var matrix, Matrix kind)
    : Distribution(mvn_batch(loc), Shape{mvn_dimension(matrix)}), loc_(loc) {
  scale_tril_ =
      detail::checked_covariance_factor("MultivariateNormal", matrix_name(kind), matrix, kind);
  check_loc(loc, matrix, kind);
}

ad::Var MultivariateNormal::log_prob(ad::Var value) const {
  const int64_t d = event_shape_[0];
  detail::CenteredValues c = detail::centered_values(*this, value, loc_);
  ad::Var z = ad::solve_lower_triangular(scale_tril_, ad::transpose(c.flat));  // [D, N]
  ad::Var mahalanobis = ad::sum(ad::square(z), 0);
  ad::Var lp = -0.5 * mahalanobis - (ad::log_abs_det_triangular(scale_tril_) + 0.5 * d * kLogTwoPi);
  return ad::reshape(lp, c.out);
}

ad::Var MultivariateNormal::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t d = event_shape_[0];
  ad::Var z = noise_input(tape(), key, Shape{shape.numel() / d, d}, NormalSampler(0.0, 1.0));
  return loc_ + ad::reshape(ad::matmul(z, ad::transpose(scale_tril_)), shape);
}

ad::Var MultivariateNormal::covariance_matrix() const {
  return ad::matmul(scale_tril_, ad::transpose(scale_tril_));
}

std::optional<ad::Var> MultivariateNormal::mean() const {
  return broadcast_var(loc_, full_shape(*this, Shape{}));
}

std::optional<ad::Var> MultivariateNormal::variance() const {
  return broadcast_var(ad::sum(ad::square(scale_tril_), -1), full_shape(*this, Shape{}));
}

}  // namespace ppl::dist
