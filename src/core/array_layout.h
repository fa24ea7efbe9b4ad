#pragma once
// Rearranging and selecting elements: reshape, transpose, integer indexing and
// gathers (take), start:stop slicing, concatenation and stacking. Each
// selection has a scatter-add companion that adds values back into the
// selected positions, which is its gradient.
//
// Indices may be negative (counting from the end, as in NumPy); indices out of
// range throw ppl::Error. Index arrays hold integers stored as doubles.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/array.h"

namespace ppl {

Array reshape(const Array& a, const Shape& shape);
// Axes reversed: the matrix transpose for a 2-d array.
Array transpose(const Array& a);
// Axis k of the result is axis permutation[k] of `a`.
Array transpose(const Array& a, std::span<const int> permutation);
// The permutation that undoes `permutation`.
std::vector<int> inverse_permutation(std::span<const int> permutation);

// a[i] along axis 0: the axis is dropped.
Array index(const Array& a, int64_t i);
// The elements at `indices` along `axis`; that axis gets indices.size() entries.
Array take(const Array& a, std::span<const int64_t> indices, int axis = 0);
// The same into `out`, whose buffer is reused when it has the size.
void take_into(const Array& a, std::span<const int64_t> indices, int axis, Array& out);
// Gather with an index array: the result has shape
// a.shape[:axis] + indices.shape + a.shape[axis + 1:].
Array take(const Array& a, const Array& indices, int axis = 0);
// The shape of take(a, indices, axis) for an index array of shape `indices`.
Shape take_shape(const Shape& a, const Shape& indices, int axis);
// Appends the values of an index array as integers; throws on non-integers.
void append_indices(const Array& indices, std::vector<int64_t>& out);
// target[..., indices[j], ...] += values[..., j, ...] along `axis`, repeated
// indices adding up; `values` has take's shape (any shape of as many elements).
void scatter_add(Array& target, std::span<const int64_t> indices, int axis, const Array& values);

// start:stop along one axis, step 1, with NumPy's negative and clamped bounds.
struct SliceRange {
  static constexpr int64_t kEnd = std::numeric_limits<int64_t>::max();
  int64_t start = 0;
  int64_t stop = kEnd;
};
// One range per leading axis; the axes after the given ranges are kept whole.
Array slice(const Array& a, std::span<const SliceRange> ranges);
// The flat offset, in an array of `shape`, of the slice's first element.
int64_t slice_offset(const Shape& shape, std::span<const SliceRange> ranges);
// target[ranges] += values, where values has the shape of slice(target, ranges).
void add_to_slice(Array& target, std::span<const SliceRange> ranges, const Array& values);

Array concat(std::span<const Array> arrays, int axis = 0);
// The arrays, all of one shape, along a new axis.
Array stack(std::span<const Array> arrays, int axis = 0);

}  // namespace ppl
