#include "dist/low_rank_multivariate_normal.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/count_helpers.h"
#include "dist/multivariate_normal.h"
#include "dist/noise_input.h"

namespace ppl::dist {

namespace {

constexpr double kLogTwoPi = 1.83787706640934548356;

Shape low_rank_batch(const ad::Var& loc) {
  const Shape& s = loc.shape();
  if (s.rank() == 0) return s;
  return Shape(std::span<const int64_t>(s.dims().data(), s.rank() - 1));
}

int64_t low_rank_dimension(const ad::Var& cov_factor) {
  return cov_factor.shape().rank() == 2 ? cov_factor.shape()[0] : 0;
}

}  // namespace

LowRankMultivariateNormal::LowRankMultivariateNormal(ad::Var loc, ad::Var cov_factor, ad::Var cov_diag)
    : Distribution(low_rank_batch(loc), Shape{low_rank_dimension(cov_factor)}),
      loc_(loc),
      cov_factor_(cov_factor),
      cov_diag_(cov_diag) {
  const Shape& w = cov_factor.shape();
  if (w.rank() != 2 || w[0] == 0 || w[1] == 0)
    throw ArgumentError(fmt::format(
        "LowRankMultivariateNormal: cov_factor must be one [D, R] matrix (batches are not supported), got shape {}",
        w.to_string()));
  const int64_t d = w[0];
  if (loc.shape().rank() == 0 || loc.shape()[loc.shape().rank() - 1] != d)
    throw ArgumentError(fmt::format("LowRankMultivariateNormal: loc must end with the dimension {}, got shape {}", d,
                                    loc.shape().to_string()));
  if (!(cov_diag.shape() == Shape{d}))
    throw ArgumentError(fmt::format("LowRankMultivariateNormal: cov_diag must have shape [{}], got shape {}", d,
                                    cov_diag.shape().to_string()));
  check_argument("LowRankMultivariateNormal", "cov_factor", cov_factor, domain::finite, "finite");
  check_argument("LowRankMultivariateNormal", "cov_diag", cov_diag, domain::positive_finite,
                 "positive and finite");
}

ad::Var LowRankMultivariateNormal::log_prob(ad::Var value) const {
  const int64_t d = event_shape_[0];
  const int64_t r = cov_factor_.shape()[1];
  ad::Tape& t = tape();
  detail::CenteredValues c = detail::centered_values(*this, value, loc_);  // [N, D]
  ad::Var inverse_diag = 1.0 / cov_diag_;                                   // [D]
  // C = I + W^T D^-1 W, [R, R]
  ad::Var capacitance =
      t.constant(Array::eye(r)) + ad::matmul(ad::transpose(cov_factor_) * inverse_diag, cov_factor_);
  ad::Var capacitance_factor = ad::cholesky(capacitance);
  ad::Var scaled = c.flat * inverse_diag;                       // D^-1 (x - m), [N, D]
  ad::Var projected = ad::matmul(scaled, cov_factor_);          // [N, R]
  ad::Var u = ad::solve_lower_triangular(capacitance_factor, ad::transpose(projected));  // [R, N]
  ad::Var mahalanobis = ad::sum(c.flat * scaled, -1) - ad::sum(ad::square(u), 0);
  ad::Var log_det = 2.0 * ad::log_abs_det_triangular(capacitance_factor) + ad::sum(ad::log(cov_diag_));
  ad::Var lp = -0.5 * (mahalanobis + log_det + static_cast<double>(d) * kLogTwoPi);
  return ad::reshape(lp, c.out);
}

ad::Var LowRankMultivariateNormal::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t d = event_shape_[0];
  const int64_t r = cov_factor_.shape()[1];
  const int64_t n = shape.numel() / d;
  std::vector<RandomKey> keys = split(key, 2);
  ad::Var e1 = noise_input(tape(), keys[0], Shape{n, r}, NormalSampler(0.0, 1.0));
  ad::Var e2 = noise_input(tape(), keys[1], Shape{n, d}, NormalSampler(0.0, 1.0));
  ad::Var draws = ad::matmul(e1, ad::transpose(cov_factor_)) + ad::sqrt(cov_diag_) * e2;
  return loc_ + ad::reshape(draws, shape);
}

ad::Var LowRankMultivariateNormal::covariance_matrix() const {
  const int64_t d = event_shape_[0];
  ad::Var diag = tape().constant(Array::eye(d)) * cov_diag_;
  return ad::matmul(cov_factor_, ad::transpose(cov_factor_)) + diag;
}

std::optional<ad::Var> LowRankMultivariateNormal::mean() const {
  return broadcast_var(loc_, full_shape(*this, Shape{}));
}

std::optional<ad::Var> LowRankMultivariateNormal::variance() const {
  return broadcast_var(ad::sum(ad::square(cov_factor_), -1) + cov_diag_,
                       full_shape(*this, Shape{}));
}

}  // namespace ppl::dist
