#include "dist/chi2.h"

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

// 2 Gamma(df / 2, 1).
ad::Var draw(const Chi2& d, RandomKey key, const Shape& shape) {
  return 2.0 * standard_gamma_rsample(0.5 * d.parameter("df"), key, shape);
}

ad::Var mean_of(const Chi2& d) { return d.parameter("df"); }
ad::Var variance_of(const Chi2& d) { return 2.0 * d.parameter("df"); }

template class Elementwise<Chi2Family>;

}  // namespace ppl::dist
