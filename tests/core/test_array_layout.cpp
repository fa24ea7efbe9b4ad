#include <doctest/doctest.h>

#include <vector>

#include "core/array_layout.h"
#include "core/error.h"

using namespace ppl;

namespace {
const Array kMatrix(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
bool same(const Array& a, const Array& b) { return a.shape() == b.shape() && (a.values() == b.values()).all(); }
}  // namespace

TEST_CASE("reshape keeps the row-major order") {
  CHECK(same(reshape(kMatrix, Shape{3, 2}), Array(Shape{3, 2}, {1, 2, 3, 4, 5, 6})));
  CHECK_THROWS_WITH_AS(reshape(kMatrix, Shape{4}),
                       "cannot reshape an array of shape [2, 3] into shape [4]", Error);
}

TEST_CASE("transpose of a matrix and by a permutation") {
  CHECK(same(transpose(kMatrix), Array(Shape{3, 2}, {1, 4, 2, 5, 3, 6})));
  const Array cube = reshape(Array::arange(24), Shape{2, 3, 4});
  const int permutation[] = {2, 0, 1};
  const Array moved = transpose(cube, permutation);
  CHECK(moved.shape() == Shape{4, 2, 3});
  CHECK(moved.at({3, 1, 2}) == cube.at({1, 2, 3}));
  CHECK(same(transpose(moved, inverse_permutation(permutation)), cube));
}

TEST_CASE("integer indexing, take and gathers") {
  CHECK(same(index(kMatrix, 1), Array::vector({4, 5, 6})));
  CHECK(same(index(kMatrix, -2), Array::vector({1, 2, 3})));
  const int64_t columns[] = {2, 0, 2};
  CHECK(same(take(kMatrix, columns, 1), Array(Shape{2, 3}, {3, 1, 3, 6, 4, 6})));
  const Array gather = take(kMatrix, Array(Shape{2, 2}, {1, 0, 0, 1}), 0);
  CHECK(gather.shape() == Shape{2, 2, 3});
  CHECK(gather.at({0, 0, 2}) == 6);
  CHECK(gather.at({1, 0, 0}) == 1);
  CHECK_THROWS_WITH_AS(index(kMatrix, 2), "index 2 is out of range for axis 0 of size 2", Error);
  CHECK_THROWS_AS(take(kMatrix, Array::vector({0.5}), 0), Error);
  // Negative indices count from the end, in a gather from a vector and along an axis.
  const int64_t from_end[] = {-1, 0, -3};
  CHECK(same(take(Array::vector({7, 8, 9}), from_end, 0), Array::vector({9, 7, 7})));
  CHECK(same(take(kMatrix, from_end, 1), Array(Shape{2, 3}, {3, 1, 1, 6, 4, 4})));
  const int64_t too_far[] = {0, -4};
  CHECK_THROWS_WITH_AS(take(Array::vector({7, 8, 9}), too_far, 0),
                       "index -4 is out of range for axis 0 of size 3", Error);
  const int64_t past[] = {3};
  CHECK_THROWS_WITH_AS(take(kMatrix, past, 1), "index 3 is out of range for axis 1 of size 3", Error);
}

TEST_CASE("scatter_add adds repeated indices up") {
  Array target = Array::zeros(Shape{3});
  const int64_t indices[] = {0, 2, 0};
  scatter_add(target, indices, 0, Array::vector({1, 2, 3}));
  CHECK(same(target, Array::vector({4, 0, 2})));
  const int64_t from_end[] = {-1, -3};
  scatter_add(target, from_end, 0, Array::vector({10, 20}));
  CHECK(same(target, Array::vector({24, 0, 12})));
  const int64_t past[] = {3};
  CHECK_THROWS_WITH_AS(scatter_add(target, past, 0, Array::vector({1})),
                       "index 3 is out of range for axis 0 of size 3", Error);
}

TEST_CASE("start:stop slicing with negative and clamped bounds") {
  const SliceRange ranges[] = {{1, SliceRange::kEnd}, {-2, 10}};
  CHECK(same(slice(kMatrix, ranges), Array(Shape{1, 2}, {5, 6})));
  const SliceRange first_column[] = {{0, 2}, {0, 1}};
  CHECK(same(slice(kMatrix, first_column), Array(Shape{2, 1}, {1, 4})));
  Array target = Array::zeros(Shape{2, 3});
  add_to_slice(target, ranges, Array(Shape{1, 2}, {7, 8}));
  CHECK(same(target, Array(Shape{2, 3}, {0, 0, 0, 0, 7, 8})));
}

TEST_CASE("concat and stack along an axis") {
  const std::vector<Array> parts{kMatrix, Array(Shape{1, 3}, {7, 8, 9})};
  CHECK(same(concat(parts, 0), Array(Shape{3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})));
  const std::vector<Array> columns{kMatrix, Array(Shape{2, 1}, {0, 0})};
  CHECK(same(concat(columns, -1), Array(Shape{2, 4}, {1, 2, 3, 0, 4, 5, 6, 0})));
  const std::vector<Array> rows{Array::vector({1, 2}), Array::vector({3, 4})};
  CHECK(same(stack(rows, 0), Array(Shape{2, 2}, {1, 2, 3, 4})));
  CHECK(same(stack(rows, 1), Array(Shape{2, 2}, {1, 3, 2, 4})));
  CHECK_THROWS_AS(concat(std::vector<Array>{kMatrix, Array::vector({1})}, 0), Error);
}
