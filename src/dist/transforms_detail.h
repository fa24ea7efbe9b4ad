#pragma once
// Shape and slicing helpers shared by the transform and wrapper sources; not
// part of the public interface.
#include <cstdint>
#include <string>
#include <vector>

#include "ad/ops.h"
#include "core/array.h"

namespace ppl::dist::detail {

// The shape without its rightmost n dims.
inline Shape drop_right(const Shape& shape, int n) {
  return Shape(shape.dims().first(static_cast<size_t>(shape.rank() - n)));
}

// The shape with its rightmost n dims replaced by `tail`.
inline Shape replace_right(const Shape& shape, int n, std::initializer_list<int64_t> tail) {
  Shape out = drop_right(shape, n);
  for (int64_t d : tail) out.push_back(d);
  return out;
}

inline Shape concat_shapes(const Shape& a, const Shape& b) {
  Shape out = a;
  for (int64_t d : b) out.push_back(d);
  return out;
}

// a[..., start:stop] along the last axis.
inline ad::Var slice_last(ad::Var a, int64_t start, int64_t stop) {
  std::vector<SliceRange> ranges(static_cast<size_t>(a.shape().rank()));
  ranges.back() = SliceRange{start, stop};
  return ad::slice(a, ranges);
}

// a with n axes of length 1 added on the right, to broadcast against n
// event dims.
inline ad::Var with_unit_axes(ad::Var a, int n = 1) {
  Shape shape = a.shape();
  for (int i = 0; i < n; ++i) shape.push_back(1);
  return ad::reshape(a, shape);
}

// Constant zeros of `shape` on a's tape.
inline ad::Var zeros_like_shape(ad::Var a, const Shape& shape) {
  return a.tape().constant(Array::zeros(shape));
}

// The last dim of a shape, or an error naming `what` when the rank is 0.
int64_t last_dim(const Shape& shape, int min_rank, const std::string& what);

// D with D (D + 1) / 2 == n (diagonal = true) or D (D - 1) / 2 == n; throws
// ArgumentError naming `what` otherwise.
int64_t triangle_side(int64_t n, bool diagonal, const std::string& what);

// Index (into a vector of the strictly lower entries row by row, then
// `diagonal_offset` + i for the diagonal, else `zero_slot`) of each entry of
// a D x D matrix, as a [D, D] index array for take.
Array tril_gather_indices(int64_t d, int64_t diagonal_offset, int64_t zero_slot);

}  // namespace ppl::dist::detail
