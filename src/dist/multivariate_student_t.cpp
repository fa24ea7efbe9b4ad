#include "dist/multivariate_student_t.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "ad/ops.h"
#include "dist/continuous_common.h"
#include "dist/count_helpers.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

namespace {

const ad::Var& checked_df(const ad::Var& df) {
  if (df.value().size() != 1)
    throw ArgumentError(fmt::format(
        "MultivariateStudentT: df must be one number (shared by the batch), got shape {}",
        df.shape().to_string()));
  check_positive("MultivariateStudentT", "df", df);
  return df;
}

}  // namespace

MultivariateStudentT::MultivariateStudentT(ad::Var df, ad::Var loc, ad::Var scale_tril)
    : Distribution(Shape{}, Shape{}),
      df_(checked_df(df)),
      normal_(loc, scale_tril, MultivariateNormal::Matrix::ScaleTril) {
  batch_shape_ = normal_.batch_shape();
  event_shape_ = normal_.event_shape();
}

ad::Var MultivariateStudentT::log_prob(ad::Var value) const {
  const double d = static_cast<double>(event_shape_[0]);
  const ad::Var nu = ad::reshape(df_, Shape{});
  detail::CenteredValues c = detail::centered_values(*this, value, normal_.loc());
  const ad::Var y =
      ad::solve_lower_triangular(normal_.scale_tril(), ad::transpose(c.flat));  // [D, N]
  const ad::Var squared = ad::sum(ad::square(y), 0);
  const ad::Var lp =
      ad::lgamma(0.5 * (nu + d)) - ad::lgamma(0.5 * nu) - 0.5 * d * ad::log(nu * std::numbers::pi) -
      ad::log_abs_det_triangular(normal_.scale_tril()) - 0.5 * (nu + d) * ad::log1p(squared / nu);
  return ad::reshape(lp, c.out);
}

ad::Var MultivariateStudentT::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const ad::Var normal = normal_.sample(fold_in(key, "normal"), shape) - normal_.loc();
  // One chi-square per draw: w = 2 Gamma(df / 2), the factor sqrt(df / w).
  Shape per_draw(shape.dims().first(shape.rank() - 1));
  Shape with_axis = per_draw;
  with_axis.push_back(1);
  const ad::Var nu = ad::reshape(df_, Shape{});
  const ad::Var w = 2.0 * standard_gamma_rsample(0.5 * nu, fold_in(key, "chi2"), per_draw);
  return normal_.loc() + normal * ad::reshape(ad::sqrt(nu / w), with_axis);
}

std::optional<ad::Var> MultivariateStudentT::mean() const {
  const double df = df_.item();
  if (df > 1) return normal_.mean();
  return tape().constant(
      Array::full(full_shape(*this, Shape{}), std::numeric_limits<double>::quiet_NaN()));
}

std::optional<ad::Var> MultivariateStudentT::variance() const {
  const double df = df_.item();
  if (df > 2)
    return *normal_.variance() * (ad::reshape(df_, Shape{}) / (ad::reshape(df_, Shape{}) - 2.0));
  return tape().constant(
      Array::full(full_shape(*this, Shape{}), std::numeric_limits<double>::infinity()));
}

}  // namespace ppl::dist
