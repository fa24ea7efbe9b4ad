#include "dist/student_t.h"

#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

// loc + scale z sqrt(df / (2 g)), z standard normal, g ~ Gamma(df / 2, 1):
// pathwise in loc and scale, implicit in df through g.
ad::Var draw(const StudentT& d, RandomKey key, const Shape& shape) {
  const ad::Var& df = d.parameter("df");
  const ad::Var& loc = d.parameter("loc");
  const ad::Var& scale = d.parameter("scale");
  ad::Var z = d.tape().constant(noise(fold_in(key, 1), shape, NormalSampler(0.0, 1.0)));
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

template class Elementwise<StudentTFamily>;

}  // namespace ppl::dist
