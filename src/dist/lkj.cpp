#include "dist/lkj.h"

#include <vector>

#include "ad/ops.h"

namespace ppl::dist {

LKJ::LKJ(int64_t dimension, ad::Var concentration)
    : Distribution(concentration.shape(), Shape{dimension, dimension}),
      factor_(dimension, concentration) {}

// log det C = 2 sum_i log L_ii with L = cholesky(C), one matrix at a time.
ad::Var LKJ::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const int64_t d = event_shape_[0];
  const Shape& shape = value.shape();
  const Shape leading(shape.dims().first(shape.rank() - 2));
  const int64_t count = leading.numel();
  const ad::Var matrices = ad::reshape(value, Shape{count, d, d});
  std::vector<int64_t> diagonal;
  for (int64_t i = 0; i < d; ++i) diagonal.push_back(i * d + i);
  std::vector<ad::Var> log_dets;
  for (int64_t m = 0; m < count; ++m) {
    const ad::Var lower = ad::cholesky(ad::index(matrices, m));
    log_dets.push_back(2.0 *
                       ad::sum(ad::log(ad::take(ad::reshape(lower, Shape{d * d}), diagonal, 0))));
  }
  const ad::Var log_det = ad::reshape(ad::stack(std::span<const ad::Var>(log_dets), 0), leading);
  const ad::Var& eta = factor_.concentration();
  return (eta - 1.0) * log_det - lkj_log_normalizer(d, eta);
}

ad::Var LKJ::sample(RandomKey key, const Shape& shape) const {
  const ad::Var lower = factor_.sample(key, shape);
  std::vector<int> swap_last(shape.rank());
  for (int i = 0; i < shape.rank(); ++i) swap_last[i] = i;
  std::swap(swap_last[shape.rank() - 2], swap_last[shape.rank() - 1]);
  return ad::matmul(lower, ad::transpose(lower, std::span<const int>(swap_last)));
}

}  // namespace ppl::dist
