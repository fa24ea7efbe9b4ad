#include <doctest/doctest.h>

#include <cmath>

#include "core/array_reduce.h"
#include "core/error.h"

using namespace ppl;

namespace {
const Array kMatrix(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
bool same(const Array& a, const Array& b) {
  return a.shape() == b.shape() && a.values().isApprox(b.values(), 1e-12);
}
}  // namespace

TEST_CASE("reductions over all elements give rank-0 arrays") {
  CHECK(sum(kMatrix).rank() == 0);
  CHECK(sum(kMatrix).item() == 21);
  CHECK(mean(kMatrix).item() == 3.5);
  CHECK(prod(kMatrix).item() == 720);
  CHECK(max(kMatrix).item() == 6);
  CHECK(min(kMatrix).item() == 1);
  CHECK(logsumexp(kMatrix).item() == doctest::Approx(std::log(std::exp(1) + std::exp(2) + std::exp(3) +
                                                              std::exp(4) + std::exp(5) + std::exp(6))));
}

TEST_CASE("reductions over an axis, negative axes and keepdims") {
  CHECK(same(sum(kMatrix, 0), Array::vector({5, 7, 9})));
  CHECK(same(sum(kMatrix, -1), Array::vector({6, 15})));
  CHECK(same(sum(kMatrix, 1, true), Array(Shape{2, 1}, {6, 15})));
  CHECK(same(mean(kMatrix, 0), Array::vector({2.5, 3.5, 4.5})));
  CHECK(same(prod(kMatrix, 1), Array::vector({6, 120})));
  CHECK(same(max(kMatrix, 0), Array::vector({4, 5, 6})));
  CHECK(same(min(kMatrix, 1), Array::vector({1, 4})));
  CHECK_THROWS_AS(sum(kMatrix, 2), Error);
}

TEST_CASE("max and logsumexp propagate NaN and handle infinities") {
  const Array with_nan = Array::vector({1.0, NAN, 3.0});
  CHECK(std::isnan(max(with_nan).item()));
  CHECK(std::isnan(min(with_nan).item()));
  const double inf = INFINITY;
  CHECK(logsumexp(Array::vector({-inf, -inf})).item() == -inf);
  CHECK(logsumexp(Array::vector({inf, 1.0})).item() == inf);
  CHECK(logsumexp(Array::vector({1000.0, 1000.0})).item() == doctest::Approx(1000 + std::log(2.0)));
}

TEST_CASE("cumulative sums along an axis") {
  CHECK(same(cumsum(kMatrix, 1), Array(Shape{2, 3}, {1, 3, 6, 4, 9, 15})));
  CHECK(same(cumsum(kMatrix, 0), Array(Shape{2, 3}, {1, 2, 3, 5, 7, 9})));
  CHECK(same(reverse_cumsum(kMatrix, 1), Array(Shape{2, 3}, {6, 5, 3, 15, 11, 6})));
}

TEST_CASE("softmax rows sum to one and log_softmax is its log") {
  const Array s = softmax(kMatrix);
  CHECK(same(sum(s, -1), Array::vector({1, 1})));
  CHECK(s.at({0, 2}) == doctest::Approx(std::exp(3) / (std::exp(1) + std::exp(2) + std::exp(3))));
  CHECK(log_softmax(kMatrix).values().isApprox(s.values().log()));
}
