#include <doctest/doctest.h>

#include "core/error.h"
#include "core/shape.h"

using namespace ppl;

TEST_CASE("shapes count elements and print as lists") {
  CHECK(Shape{}.numel() == 1);
  CHECK(Shape{3, 0}.numel() == 0);
  CHECK(Shape{2, 3, 4}.numel() == 24);
  CHECK(Shape{3, 2}.to_string() == "[3, 2]");
  CHECK(Shape{}.to_string() == "[]");
  CHECK_THROWS_AS(Shape{-1}, Error);
  CHECK_THROWS_AS((Shape{1, 1, 1, 1, 1, 1, 1, 1, 1}), Error);
}

TEST_CASE("row-major strides") {
  const Strides strides = row_major_strides(Shape{2, 3, 4});
  CHECK(strides[0] == 12);
  CHECK(strides[1] == 4);
  CHECK(strides[2] == 1);
}

TEST_CASE("broadcasting follows NumPy") {
  CHECK(broadcast_shapes(Shape{3, 1}, Shape{4}) == Shape{3, 4});
  CHECK(broadcast_shapes(Shape{}, Shape{5}) == Shape{5});
  CHECK(broadcast_shapes(Shape{2, 1, 4}, Shape{3, 1}) == Shape{2, 3, 4});
  CHECK(broadcast_shapes(Shape{0}, Shape{1}) == Shape{0});
  CHECK_THROWS_WITH_AS(broadcast_shapes(Shape{3, 2}, Shape{4}),
                       "cannot broadcast shapes [3, 2] and [4]", Error);
}

TEST_CASE("broadcast strides are zero along broadcast axes") {
  const Strides strides = broadcast_strides(Shape{3, 1}, 3);
  CHECK(strides[0] == 0);
  CHECK(strides[1] == 1);
  CHECK(strides[2] == 0);
}

TEST_CASE("axes may count from the end") {
  CHECK(normalize_axis(-1, 3) == 2);
  CHECK(normalize_axis(0, 3) == 0);
  CHECK_THROWS_AS(normalize_axis(3, 3), Error);
  CHECK_THROWS_AS(normalize_axis(-4, 3), Error);
  CHECK(reduced_shape(Shape{2, 3, 4}, 1, false) == Shape{2, 4});
  CHECK(reduced_shape(Shape{2, 3, 4}, 1, true) == Shape{2, 1, 4});
  const AxisSplit split = split_at_axis(Shape{2, 3, 4}, 1);
  CHECK(split.outer == 2);
  CHECK(split.length == 3);
  CHECK(split.inner == 4);
}
