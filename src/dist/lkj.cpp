#include "dist/lkj.h"

#include "ad/ops.h"
#include "dist/matrix_batches.h"

namespace ppl::dist {

LKJ::LKJ(int64_t dimension, ad::Var concentration)
    : Distribution(concentration.shape(), Shape{dimension, dimension}),
      factor_(dimension, concentration) {}

// log det C through the Cholesky factor of each matrix.
ad::Var LKJ::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const ad::Var log_det = log_det_spd_each(value);
  const ad::Var& eta = factor_.concentration();
  return (eta - 1.0) * log_det - lkj_log_normalizer(event_shape_[0], eta);
}

ad::Var LKJ::sample(RandomKey key, const Shape& shape) const {
  const ad::Var lower = factor_.sample(key, shape);
  return ad::matmul(lower, matrix_transpose(lower));
}

}  // namespace ppl::dist
