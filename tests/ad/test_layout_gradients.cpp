#include <doctest/doctest.h>

#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

namespace {
const Array kMatrix = random_array(Shape{3, 4}, -2.0, 2.0, 31);
const Array kCube = random_array(Shape{2, 3, 4}, -2.0, 2.0, 32);
}  // namespace

TEST_CASE("reshape and transpose gradients") {
  check_gradient([](auto v) { return reshape(v[0], Shape{6, 2}); }, {kMatrix});
  check_gradient([](auto v) { return transpose(v[0]); }, {kMatrix});
  const int permutation[] = {2, 0, 1};
  check_gradient([&](auto v) { return transpose(v[0], permutation); }, {kCube});
}

TEST_CASE("indexing, take and gather gradients scatter-add into the source") {
  check_gradient([](auto v) { return index(v[0], 1); }, {kMatrix});
  check_gradient([](auto v) { return index(v[0], -1); }, {kCube});
  const int64_t repeated[] = {2, 0, 2, -1};
  check_gradient([&](auto v) { return take(v[0], repeated, 1); }, {kMatrix});
  const Array gather_indices(Shape{2, 2}, {0, 2, 2, 1});
  check_gradient([&](auto v) { return take(v[0], gather_indices, 0); }, {kMatrix});
  check_gradient([&](auto v) { return take(v[0], gather_indices, -1); }, {kCube});
}

TEST_CASE("slice gradients") {
  const SliceRange ranges[] = {{1, 3}, {-3, SliceRange::kEnd}};
  check_gradient([&](auto v) { return slice(v[0], ranges); }, {kMatrix});
  const SliceRange middle[] = {{0, 1}, {1, 2}};
  check_gradient([&](auto v) { return slice(v[0], middle); }, {kCube});
}

TEST_CASE("concat and stack gradients split the adjoint among the parts") {
  check_gradient([](auto v) { return concat({v[0], v[1]}, 0); },
                 {kMatrix, random_array(Shape{2, 4}, -1, 1, 33)});
  check_gradient([](auto v) { return concat({v[0], v[1], v[0]}, 1); },
                 {kMatrix, random_array(Shape{3, 1}, -1, 1, 34)});
  check_gradient([](auto v) { return stack({v[0], v[1]}, 1); },
                 {kMatrix, random_array(Shape{3, 4}, -1, 1, 35)});
  check_gradient([](auto v) { return stack({v[0], v[0]}, -1); }, {kMatrix});
}
