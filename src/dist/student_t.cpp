#include "dist/student_t.h"

#include <limits>

#include "ad/ops.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

StudentT::StudentT(ad::Var df, ad::Var loc, ad::Var scale)
    : Distribution(broadcast_shapes(broadcast_shapes(df.shape(), loc.shape()), scale.shape()),
                   Shape{}),
      df_(df),
      loc_(loc),
      scale_(scale) {
  check_positive("StudentT", "df", df);
  check_finite("StudentT", "loc", loc);
  check_positive("StudentT", "scale", scale);
}

ad::Var StudentT::log_prob(ad::Var value) const {
  return fused_log_density<StudentTKernel>({value, df_, loc_, scale_});
}

ad::Var StudentT::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<StudentTKernel>({value, df_, loc_, scale_});
}

// loc + scale z sqrt(df / (2 g)), z standard normal, g ~ Gamma(df / 2, 1):
// pathwise in loc and scale, implicit in df through g.
ad::Var StudentT::sample(RandomKey key, const Shape& shape) const {
  ad::Var z = tape().constant(noise(fold_in(key, 1), shape, NormalSampler(0.0, 1.0)));
  ad::Var g = standard_gamma_rsample(df_ * 0.5, fold_in(key, 2), shape);
  return loc_ + scale_ * z * ad::sqrt(df_ / (g * 2.0));
}

std::optional<ad::Var> StudentT::mean() const {
  const Array defined = broadcast_to(greater(df_.value(), Array(1.0)), batch_shape_);
  ad::Var nan = tape().constant(Array::full(batch_shape_, std::numeric_limits<double>::quiet_NaN()));
  return ad::where(tape().constant(defined), broadcast_var(loc_, batch_shape_), nan);
}

std::optional<ad::Var> StudentT::variance() const {
  const double inf = std::numeric_limits<double>::infinity();
  const Array& df = df_.value();
  const Array finite = broadcast_to(greater(df, Array(2.0)), batch_shape_);
  // Where df <= 2 the formula is replaced; 3 stands in so that it stays finite there.
  ad::Var safe_df = ad::where(tape().constant(finite), broadcast_var(df_, batch_shape_),
                              tape().constant(Array::full(batch_shape_, 3.0)));
  ad::Var formula = broadcast_var(ad::square(scale_), batch_shape_) * safe_df / (safe_df - 2.0);
  const Array undefined_value =
      where(broadcast_to(greater(df, Array(1.0)), batch_shape_), Array::full(batch_shape_, inf),
            Array::full(batch_shape_, std::numeric_limits<double>::quiet_NaN()));
  return ad::where(tape().constant(finite), formula, tape().constant(undefined_value));
}

}  // namespace ppl::dist
