#include "dist/matrix_batches.h"

#include <fmt/format.h>

#include <span>
#include <vector>

#include "ad/ops.h"
#include "dist/distribution.h"

namespace ppl::dist {

namespace {

// D of [.., D, D], or an ArgumentError.
int64_t square_side(const Shape& shape) {
  const int rank = shape.rank();
  if (rank < 2 || shape[rank - 1] != shape[rank - 2])
    throw ArgumentError(
        fmt::format("needs square matrices [.., D, D], got shape {}", shape.to_string()));
  return shape[rank - 1];
}

Shape leading_dims(const Shape& shape) { return Shape(shape.dims().first(shape.rank() - 2)); }

}  // namespace

ad::Var matrix_transpose(ad::Var a) {
  std::vector<int> permutation(static_cast<size_t>(a.shape().rank()));
  for (size_t k = 0; k < permutation.size(); ++k) permutation[k] = static_cast<int>(k);
  std::swap(permutation[permutation.size() - 1], permutation[permutation.size() - 2]);
  return ad::transpose(a, std::span<const int>(permutation));
}

ad::Var diagonals(ad::Var matrices) {
  const int64_t d = square_side(matrices.shape());
  Shape flat = leading_dims(matrices.shape());
  flat.push_back(d * d);
  std::vector<int64_t> diagonal;
  for (int64_t i = 0; i < d; ++i) diagonal.push_back(i * d + i);
  return ad::take(ad::reshape(matrices, flat), diagonal, -1);
}

ad::Var log_det_spd_each(ad::Var matrices) {
  const int64_t d = square_side(matrices.shape());
  const Shape leading = leading_dims(matrices.shape());
  const int64_t count = leading.numel();
  const ad::Var flat = ad::reshape(matrices, Shape{count, d, d});
  std::vector<ad::Var> log_dets;
  for (int64_t m = 0; m < count; ++m)
    log_dets.push_back(2.0 * ad::sum(ad::log(diagonals(ad::cholesky(ad::index(flat, m))))));
  return ad::reshape(ad::stack(std::span<const ad::Var>(log_dets), 0), leading);
}

}  // namespace ppl::dist
