#pragma once
// The dimensions of a row-major n-d array, NumPy broadcasting between shapes,
// and the axis arithmetic (strides, splitting at an axis) the array and
// autodiff code is built on.
//
// A Shape keeps its dimensions inline rather than on the heap: shapes are made
// on every array operation, and the autodiff tape must not allocate per node.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>

namespace ppl {

class Shape {
 public:
  static constexpr int kMaxRank = 8;

  Shape() = default;  // rank 0: a scalar
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(std::span<const int64_t> dims);

  int rank() const { return rank_; }
  int64_t operator[](int axis) const { return dims_[axis]; }
  int64_t& operator[](int axis) { return dims_[axis]; }
  const int64_t* begin() const { return dims_.data(); }
  const int64_t* end() const { return dims_.data() + rank_; }
  std::span<const int64_t> dims() const { return {dims_.data(), static_cast<size_t>(rank_)}; }

  void push_back(int64_t dim);
  // Number of elements: the product of the dimensions (1 for a scalar);
  // throws ppl::Error when it overflows.
  int64_t numel() const;
  std::string to_string() const;  // "[3, 2]", "[]" for a scalar

  friend bool operator==(const Shape& a, const Shape& b);

 private:
  std::array<int64_t, kMaxRank> dims_{};
  int rank_ = 0;
};

// Row-major element steps per axis, in a Shape-sized inline array.
using Strides = std::array<int64_t, Shape::kMaxRank>;
Strides row_major_strides(const Shape& shape);
// Strides of `shape` read as broadcast into a shape of rank `out_rank`:
// right-aligned, with step 0 along the axes of size 1 and the missing leading
// axes, so that one element is read for all positions along them.
Strides broadcast_strides(const Shape& shape, int out_rank);

// NumPy broadcasting; throws ppl::Error naming both shapes when they do not
// broadcast.
Shape broadcast_shapes(const Shape& a, const Shape& b);

// Throws ppl::Error when an array of `shape` would not fit in this
// machine's memory (or its element count overflows).
void check_allocation(const Shape& shape);

// An axis in [-rank, rank) turned into [0, rank); throws ppl::Error otherwise.
int normalize_axis(int axis, int rank);

// The shape without `axis`, or with it set to 1 when `keepdims`.
Shape reduced_shape(const Shape& shape, int axis, bool keepdims);

// The array seen as [outer, length, inner] around an axis: for row-major data,
// element (o, k, i) is at o * length * inner + k * inner + i.
struct AxisSplit {
  int64_t outer = 1;
  int64_t length = 1;
  int64_t inner = 1;
};
AxisSplit split_at_axis(const Shape& shape, int axis);

// Calls visit(offset_a, offset_b) for every element of `shape` in row-major
// order, with offsets advanced by the given strides. The workhorse of
// broadcasting, transposition and reduction back to a smaller shape.
template <class Visit>
void for_each_offset(const Shape& shape, const Strides& strides_a, const Strides& strides_b,
                     Visit visit) {
  if (shape.numel() == 0) return;
  const int rank = shape.rank();
  if (rank == 0) {
    visit(int64_t{0}, int64_t{0});
    return;
  }
  const int last = rank - 1;
  const int64_t run = shape[last];
  std::array<int64_t, Shape::kMaxRank> position{};
  int64_t offset_a = 0;
  int64_t offset_b = 0;
  while (true) {
    for (int64_t j = 0; j < run; ++j)
      visit(offset_a + j * strides_a[last], offset_b + j * strides_b[last]);
    // Advance the odometer over all axes but the last.
    int axis = last - 1;
    for (; axis >= 0; --axis) {
      offset_a += strides_a[axis];
      offset_b += strides_b[axis];
      if (++position[axis] < shape[axis]) break;
      offset_a -= strides_a[axis] * shape[axis];
      offset_b -= strides_b[axis] * shape[axis];
      position[axis] = 0;
    }
    if (axis < 0) return;
  }
}

}  // namespace ppl
