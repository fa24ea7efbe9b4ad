#include "core/shape.h"

#include <fmt/format.h>

#include "core/error.h"

#include <unistd.h>

namespace ppl {

Shape::Shape(std::initializer_list<int64_t> dims)
    : Shape(std::span<const int64_t>(dims.begin(), dims.size())) {}

Shape::Shape(std::span<const int64_t> dims) {
  for (int64_t dim : dims) push_back(dim);
}

void Shape::push_back(int64_t dim) {
  if (rank_ == kMaxRank)
    throw Error(fmt::format("arrays have at most {} dimensions", kMaxRank));
  if (dim < 0) throw Error(fmt::format("negative dimension {} in a shape", dim));
  dims_[rank_++] = dim;
}

int64_t Shape::numel() const {
  int64_t n = 1;
  for (int64_t dim : *this)
    if (__builtin_mul_overflow(n, dim, &n))
      throw Error(fmt::format("an array of shape {} has more elements than a 64-bit count holds",
                              to_string()));
  return n;
}

void check_allocation(const Shape& shape) {
  // Refused up front: past the machine's memory the allocation would fail
  // (or the system kill the process) only after a long wait.
  static const double memory_bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
  }();
  const double bytes = static_cast<double>(shape.numel()) * sizeof(double);
  if (memory_bytes > 0 && bytes > memory_bytes)
    throw Error(fmt::format("an array of shape {} would take {:.3g} GB, more than this machine's "
                            "{:.3g} GB of memory",
                            shape.to_string(), bytes / 1e9, memory_bytes / 1e9));
}

std::string Shape::to_string() const { return fmt::format("[{}]", fmt::join(dims(), ", ")); }

bool operator==(const Shape& a, const Shape& b) {
  if (a.rank_ != b.rank_) return false;
  for (int axis = 0; axis < a.rank_; ++axis)
    if (a.dims_[axis] != b.dims_[axis]) return false;
  return true;
}

Strides row_major_strides(const Shape& shape) {
  Strides strides{};
  int64_t step = 1;
  for (int axis = shape.rank() - 1; axis >= 0; --axis) {
    strides[axis] = step;
    step *= shape[axis];
  }
  return strides;
}

Strides broadcast_strides(const Shape& shape, int out_rank) {
  const Strides own = row_major_strides(shape);
  Strides strides{};
  const int lead = out_rank - shape.rank();
  for (int axis = 0; axis < shape.rank(); ++axis)
    strides[lead + axis] = shape[axis] == 1 ? 0 : own[axis];
  return strides;
}

Shape broadcast_shapes(const Shape& a, const Shape& b) {
  if (a == b) return a;
  const int rank = std::max(a.rank(), b.rank());
  Shape out;
  for (int axis = 0; axis < rank; ++axis) {
    const int axis_a = axis - (rank - a.rank());
    const int axis_b = axis - (rank - b.rank());
    const int64_t dim_a = axis_a >= 0 ? a[axis_a] : 1;
    const int64_t dim_b = axis_b >= 0 ? b[axis_b] : 1;
    if (dim_a != dim_b && dim_a != 1 && dim_b != 1)
      throw Error(
          fmt::format("cannot broadcast shapes {} and {}", a.to_string(), b.to_string()));
    out.push_back(dim_a == 1 ? dim_b : dim_a);
  }
  check_allocation(out);
  return out;
}

int normalize_axis(int axis, int rank) {
  if (axis < -rank || axis >= rank)
    throw Error(fmt::format("axis {} is out of range for an array of rank {}", axis, rank));
  return axis < 0 ? axis + rank : axis;
}

Shape reduced_shape(const Shape& shape, int axis, bool keepdims) {
  Shape out;
  for (int k = 0; k < shape.rank(); ++k) {
    if (k != axis)
      out.push_back(shape[k]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

AxisSplit split_at_axis(const Shape& shape, int axis) {
  AxisSplit split;
  for (int k = 0; k < axis; ++k) split.outer *= shape[k];
  split.length = shape[axis];
  for (int k = axis + 1; k < shape.rank(); ++k) split.inner *= shape[k];
  return split;
}

}  // namespace ppl
