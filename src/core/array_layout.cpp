#include "core/array_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace ppl {

namespace {

// A negative index counted from the end, or the error for one out of range.
[[gnu::noinline]] int64_t resolve_other_index(int64_t i, int64_t size, int axis) {
  if (i < -size || i >= size)
    throw Error(fmt::format("index {} is out of range for axis {} of size {}", i, axis, size));
  return i + size;
}

// The position of index i along an axis of `size`; inline for the usual
// index in [0, size), which gathers and scatters meet at every element.
inline int64_t resolve_index(int64_t i, int64_t size, int axis) {
  if (i >= 0 && i < size) [[likely]]
    return i;
  return resolve_other_index(i, size, axis);
}

struct ResolvedSlice {
  Shape shape;       // of the selection
  int64_t base = 0;  // offset of its first element in the sliced array
};

ResolvedSlice resolve_slice(const Shape& shape, std::span<const SliceRange> ranges) {
  if (static_cast<int>(ranges.size()) > shape.rank())
    throw Error(fmt::format("{} slice ranges for an array of shape {}", ranges.size(),
                            shape.to_string()));
  const Strides strides = row_major_strides(shape);
  ResolvedSlice resolved;
  for (int axis = 0; axis < shape.rank(); ++axis) {
    const int64_t dim = shape[axis];
    int64_t start = 0;
    int64_t stop = dim;
    if (axis < static_cast<int>(ranges.size())) {
      const auto clamp = [dim](int64_t bound) {
        if (bound < 0) bound += dim;
        return std::clamp<int64_t>(bound, 0, dim);
      };
      start = clamp(ranges[axis].start);
      stop = ranges[axis].stop == SliceRange::kEnd ? dim : clamp(ranges[axis].stop);
    }
    resolved.shape.push_back(std::max<int64_t>(0, stop - start));
    resolved.base += start * strides[axis];
  }
  return resolved;
}

void check_same_rank(std::span<const Array> arrays, const char* what) {
  if (arrays.empty()) throw Error(fmt::format("{} needs at least one array", what));
  for (const Array& a : arrays)
    if (a.rank() != arrays[0].rank())
      throw Error(fmt::format("cannot {} arrays of shapes {} and {}", what,
                              arrays[0].shape().to_string(), a.shape().to_string()));
}

}  // namespace

Array reshape(const Array& a, const Shape& shape) {
  Array out = a;
  out.set_shape(shape);
  return out;
}

Array transpose(const Array& a) {
  std::vector<int> reversed(a.rank());
  for (int k = 0; k < a.rank(); ++k) reversed[k] = a.rank() - 1 - k;
  return transpose(a, reversed);
}

Array transpose(const Array& a, std::span<const int> permutation) {
  const int rank = a.rank();
  if (static_cast<int>(permutation.size()) != rank)
    throw Error(fmt::format("a permutation of {} axes cannot transpose an array of shape {}",
                            permutation.size(), a.shape().to_string()));
  const Strides own = row_major_strides(a.shape());
  Strides source_strides{};
  Shape shape;
  std::array<bool, Shape::kMaxRank> used{};
  for (int k = 0; k < rank; ++k) {
    const int axis = normalize_axis(permutation[k], rank);
    if (used[axis]) throw Error(fmt::format("axis {} repeats in a transpose permutation", axis));
    used[axis] = true;
    shape.push_back(a.shape()[axis]);
    source_strides[k] = own[axis];
  }
  Array out;
  out.resize(shape);
  const double* source = a.data();
  double* target = out.data();
  for_each_offset(shape, source_strides, row_major_strides(shape),
                  [&](int64_t from, int64_t to) { target[to] = source[from]; });
  return out;
}

std::vector<int> inverse_permutation(std::span<const int> permutation) {
  const int rank = static_cast<int>(permutation.size());
  std::vector<int> inverse(rank);
  for (int k = 0; k < rank; ++k) inverse[normalize_axis(permutation[k], rank)] = k;
  return inverse;
}

Array index(const Array& a, int64_t i) {
  const int64_t indices[] = {i};
  Array out = take(a, indices, 0);
  out.set_shape(reduced_shape(a.shape(), 0, /*keepdims=*/false));
  return out;
}

Array take(const Array& a, std::span<const int64_t> indices, int axis) {
  Array out;
  take_into(a, indices, axis, out);
  return out;
}

void take_into(const Array& a, std::span<const int64_t> indices, int axis, Array& out) {
  axis = normalize_axis(axis, a.rank());
  const AxisSplit split = split_at_axis(a.shape(), axis);
  const auto count = static_cast<int64_t>(indices.size());
  Shape shape = a.shape();
  shape[axis] = count;
  out.resize(shape);
  if (split.inner == 1 && split.outer == 1) {  // a gather from a vector
    for (int64_t j = 0; j < count; ++j)
      out.data()[j] = a.data()[resolve_index(indices[j], split.length, axis)];
    return;
  }
  for (int64_t j = 0; j < count; ++j) {
    const int64_t k = resolve_index(indices[j], split.length, axis);
    for (int64_t o = 0; o < split.outer; ++o) {
      const double* from = a.data() + (o * split.length + k) * split.inner;
      std::copy(from, from + split.inner, out.data() + (o * count + j) * split.inner);
    }
  }
}

Array take(const Array& a, const Array& indices, int axis) {
  std::vector<int64_t> resolved;
  append_indices(indices, resolved);
  Array out = take(a, resolved, axis);
  out.set_shape(take_shape(a.shape(), indices.shape(), normalize_axis(axis, a.rank())));
  return out;
}

Shape take_shape(const Shape& a, const Shape& indices, int axis) {
  Shape shape;
  for (int k = 0; k < axis; ++k) shape.push_back(a[k]);
  for (int64_t dim : indices) shape.push_back(dim);
  for (int k = axis + 1; k < a.rank(); ++k) shape.push_back(a[k]);
  return shape;
}

void append_indices(const Array& indices, std::vector<int64_t>& out) {
  for (double value : indices.values()) {
    if (value != std::trunc(value))  // also rejects NaN and inf
      throw Error(fmt::format("index arrays must hold integers, got {}", value));
    out.push_back(static_cast<int64_t>(value));
  }
}

void scatter_add(Array& target, std::span<const int64_t> indices, int axis, const Array& values) {
  axis = normalize_axis(axis, target.rank());
  const AxisSplit split = split_at_axis(target.shape(), axis);
  const auto count = static_cast<int64_t>(indices.size());
  if (values.size() != split.outer * count * split.inner)
    throw Error(fmt::format("cannot scatter values of shape {} into {} positions of shape {}",
                            values.shape().to_string(), count, target.shape().to_string()));
  if (split.inner == 1 && split.outer == 1) {  // a scatter into a vector
    for (int64_t j = 0; j < count; ++j)
      target.data()[resolve_index(indices[j], split.length, axis)] += values.data()[j];
    return;
  }
  for (int64_t j = 0; j < count; ++j) {
    const int64_t k = resolve_index(indices[j], split.length, axis);
    for (int64_t o = 0; o < split.outer; ++o) {
      const double* from = values.data() + (o * count + j) * split.inner;
      double* to = target.data() + (o * split.length + k) * split.inner;
      for (int64_t i = 0; i < split.inner; ++i) to[i] += from[i];
    }
  }
}

int64_t slice_offset(const Shape& shape, std::span<const SliceRange> ranges) {
  return resolve_slice(shape, ranges).base;
}

Array slice(const Array& a, std::span<const SliceRange> ranges) {
  const ResolvedSlice resolved = resolve_slice(a.shape(), ranges);
  Array out;
  out.resize(resolved.shape);
  const double* source = a.data() + resolved.base;
  double* target = out.data();
  for_each_offset(resolved.shape, row_major_strides(a.shape()),
                  row_major_strides(resolved.shape),
                  [&](int64_t from, int64_t to) { target[to] = source[from]; });
  return out;
}

void add_to_slice(Array& target, std::span<const SliceRange> ranges, const Array& values) {
  const ResolvedSlice resolved = resolve_slice(target.shape(), ranges);
  if (!(values.shape() == resolved.shape))
    throw Error(fmt::format("cannot add values of shape {} to a slice of shape {}",
                            values.shape().to_string(), resolved.shape.to_string()));
  const double* source = values.data();
  double* destination = target.data() + resolved.base;
  for_each_offset(resolved.shape, row_major_strides(target.shape()),
                  row_major_strides(resolved.shape),
                  [&](int64_t to, int64_t from) { destination[to] += source[from]; });
}

namespace {

// The arrays side by side along `axis` of `shape`, array i spanning
// length_of(arrays[i]) indices of that axis: the copy behind concatenate and
// stack.
template <class LengthOf>
Array join_along(std::span<const Array> arrays, const Shape& shape, int axis, LengthOf length_of) {
  Array out;
  out.resize(shape);
  const AxisSplit split = split_at_axis(shape, axis);
  double* to = out.data();
  for (int64_t o = 0; o < split.outer; ++o)
    for (const Array& a : arrays) {
      const int64_t block = length_of(a) * split.inner;
      const double* from = a.data() + o * block;
      to = std::copy(from, from + block, to);
    }
  return out;
}

}  // namespace

Array concat(std::span<const Array> arrays, int axis) {
  check_same_rank(arrays, "concatenate");
  const Shape& first = arrays[0].shape();
  axis = normalize_axis(axis, first.rank());
  Shape shape = first;
  shape[axis] = 0;
  for (const Array& a : arrays) {
    for (int k = 0; k < first.rank(); ++k)
      if (k != axis && a.shape()[k] != first[k])
        throw Error(fmt::format("cannot concatenate arrays of shapes {} and {} along axis {}",
                                first.to_string(), a.shape().to_string(), axis));
    shape[axis] += a.shape()[axis];
  }
  return join_along(arrays, shape, axis, [axis](const Array& a) { return a.shape()[axis]; });
}

Array stack(std::span<const Array> arrays, int axis) {
  check_same_rank(arrays, "stack");
  const Shape& first = arrays[0].shape();
  for (const Array& a : arrays)
    if (!(a.shape() == first))
      throw Error(fmt::format("cannot stack arrays of shapes {} and {}", first.to_string(),
                              a.shape().to_string()));
  axis = normalize_axis(axis, first.rank() + 1);
  Shape shape;
  for (int k = 0; k < axis; ++k) shape.push_back(first[k]);
  shape.push_back(static_cast<int64_t>(arrays.size()));
  for (int k = axis; k < first.rank(); ++k) shape.push_back(first[k]);
  return join_along(arrays, shape, axis, [](const Array&) { return int64_t{1}; });
}

}  // namespace ppl
