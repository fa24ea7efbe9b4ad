#include "dist/student_t.h"

#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/implicit_reparameterization.h"
#include "dist/noise_input.h"

namespace ppl::dist {

// loc + scale z sqrt(df / (2 g)), z standard normal, g ~ Gamma(df / 2, 1):
// pathwise in loc and scale, implicit in df through g.
ad::Var draw(const StudentT& d, RandomKey key, const Shape& shape) {
  const ad::Var& df = d.parameter("df");
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  ad::Var z = noise_input(d.tape(), fold_in(key, 1), shape, NormalSampler(0.0, 1.0));
  ad::Var g = standard_gamma_rsample(df * 0.5, fold_in(key, 2), shape);
  return loc + scale * z * ad::sqrt(df / (g * 2.0));
}

ad::Var mean_of(const StudentT& d) {
  const ad::Var& df = d.parameter("df");
  const ad::Var& loc = d.parameter("loc");
  const Array defined = broadcast_to(greater(df.value(), Array(1.0)), d.batch_shape());
  ad::Var nan =
      d.tape().constant(Array::full(d.batch_shape(), std::numeric_limits<double>::quiet_NaN()));
  return ad::where(d.tape().constant(defined), loc, nan);
}

ad::Var variance_of(const StudentT& d) {
  const ad::Var& df = d.parameter("df");
  const ad::Var& scale = d.parameter("scale");
  const double inf = std::numeric_limits<double>::infinity();
  const Array& df_values = df.value();
  const Array finite = broadcast_to(greater(df_values, Array(2.0)), d.batch_shape());
  // Where df <= 2 the formula is replaced; 3 stands in so that it stays finite there.
  ad::Var safe_df = ad::where(d.tape().constant(finite), df,
                              d.tape().constant(Array::full(d.batch_shape(), 3.0)));
  ad::Var formula = ad::square(scale) * safe_df / (safe_df - 2.0);
  const Array undefined_value =
      where(broadcast_to(greater(df_values, Array(1.0)), d.batch_shape()),
            Array::full(d.batch_shape(), inf),
            Array::full(d.batch_shape(), std::numeric_limits<double>::quiet_NaN()));
  return ad::where(d.tape().constant(finite), formula, d.tape().constant(undefined_value));
}

// F(x) = T_df((x - loc) / scale), T_df the standard Student's t CDF; the
// upper tail by symmetry, T_df(-z).
namespace {
void check_constant_df(const StudentT& d) {
  if (d.tape().needs_gradient(d.parameter("df").index()))
    throw ArgumentError(
        "StudentT: its CDF is differentiable in the value, loc and scale, not in df (that "
        "derivative has no closed form); df must not depend on latent values where the CDF is "
        "used");
}
ad::Var standardized_t(const StudentT& d, ad::Var x) {
  check_constant_df(d);
  return (x - d.parameter("loc")) / d.parameter("scale");
}
}  // namespace
ad::Var log_cdf_of(const StudentT& d, ad::Var x) {
  return ad::log_student_t_cdf(d.parameter("df"), standardized_t(d, x));
}
ad::Var log_survival_of(const StudentT& d, ad::Var x) {
  return ad::log_student_t_cdf(d.parameter("df"), -standardized_t(d, x));
}
ad::Var cdf_of(const StudentT& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
// loc + scale t_q, and by symmetry loc - scale t_s for the survival.
ad::Var icdf_of(const StudentT& d, ad::Var q) {
  check_constant_df(d);
  return d.parameter("loc") + d.parameter("scale") * ad::student_t_quantile(d.parameter("df"), q);
}
ad::Var inverse_survival_of(const StudentT& d, ad::Var s) {
  check_constant_df(d);
  return d.parameter("loc") - d.parameter("scale") * ad::student_t_quantile(d.parameter("df"), s);
}

template class Elementwise<StudentTFamily>;

}  // namespace ppl::dist
