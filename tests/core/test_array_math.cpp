#include <doctest/doctest.h>

#include <cmath>

#include "core/array_math.h"
#include "core/broadcast.h"
#include "core/error.h"

using namespace ppl;

namespace {
bool same(const Array& a, const Array& b) {
  return a.shape() == b.shape() && a.values().isApprox(b.values(), 1e-12);
}
}  // namespace

TEST_CASE("arrays are built from shapes and values") {
  const Array a(Shape{2, 2}, {1, 2, 3, 4});
  CHECK(a.at({1, 0}) == 3);
  CHECK(a.at({-1, -1}) == 4);
  CHECK(a.to_string() == "[[1, 2], [3, 4]]");
  CHECK(Array(2.5).item() == 2.5);
  CHECK(Array(2.5).rank() == 0);
  CHECK(same(Array::arange(3), Array::vector({0, 1, 2})));
  CHECK(same(Array::arange(1.0, 2.0, 0.5), Array::vector({1.0, 1.5})));
  CHECK(same(Array::full(Shape{2}, 7), Array::vector({7, 7})));
  CHECK(Array::eye(2).at({1, 1}) == 1);
  CHECK(Array::eye(2).at({0, 1}) == 0);
  CHECK_THROWS_AS(Array(Shape{3}, {1, 2}), Error);
  CHECK_THROWS_AS(a.item(), Error);
}

TEST_CASE("elementwise arithmetic broadcasts") {
  const Array column(Shape{3, 1}, {1, 2, 3});
  const Array row = Array::vector({10, 20, 30, 40});
  const Array total = column + row;
  CHECK(total.shape() == Shape{3, 4});
  CHECK(total.at({2, 1}) == 23);
  CHECK(same(2.0 * Array::vector({1, 2}), Array::vector({2, 4})));
  CHECK(same(Array::vector({1, 2}) - 1.0, Array::vector({0, 1})));
  CHECK(same(1.0 / Array::vector({2, 4}), Array::vector({0.5, 0.25})));
  CHECK(same(pow(Array::vector({2, 3}), 2.0), Array::vector({4, 9})));
  CHECK(same(-Array::vector({1, -2}), Array::vector({-1, 2})));
  CHECK_THROWS_WITH_AS(Array::zeros(Shape{3, 2}) + Array::zeros(Shape{4}),
                       "cannot broadcast shapes [3, 2] and [4]", Error);
}

TEST_CASE("elementwise functions") {
  const Array x = Array::vector({-1.0, 0.0, 2.0});
  CHECK(same(relu(x), Array::vector({0, 0, 2})));
  CHECK(same(abs(x), Array::vector({1, 0, 2})));
  CHECK(same(square(x), Array::vector({1, 0, 4})));
  CHECK(sigmoid(x).at({1}) == 0.5);
  CHECK(softplus(x).at({1}) == doctest::Approx(std::log(2.0)));
  CHECK(log_sigmoid(x).at({2}) == doctest::Approx(-std::log1p(std::exp(-2.0))));
  CHECK(lgamma(Array::vector({5.0})).item() == doctest::Approx(std::log(24.0)));
  CHECK(digamma(Array::vector({1.0})).item() == doctest::Approx(-0.5772156649015329));
  CHECK(trigamma(Array::vector({1.0})).item() == doctest::Approx(M_PI * M_PI / 6));
  CHECK(std::isinf(lgamma(Array::vector({0.0})).item()));
  CHECK(std::isnan(relu(Array::vector({NAN})).item()));
}

TEST_CASE("comparisons give 0/1 masks and where selects") {
  const Array a = Array::vector({1, 5, 3});
  const Array b = Array::vector({2, 2, 3});
  CHECK(same(less(a, b), Array::vector({1, 0, 0})));
  CHECK(same(greater_equal(a, b), Array::vector({0, 1, 1})));
  CHECK(same(equal(a, b), Array::vector({0, 0, 1})));
  CHECK(same(where(less(a, b), a, Array(0.0)), Array::vector({1, 0, 0})));
}

TEST_CASE("broadcast_to and sum_to_shape are each other's adjoints") {
  const Array column(Shape{2, 1}, {1, 2});
  const Array wide = broadcast_to(column, Shape{3, 2, 2});
  CHECK(wide.shape() == Shape{3, 2, 2});
  CHECK(wide.at({2, 1, 0}) == 2);
  CHECK(same(sum_to_shape(wide, Shape{2, 1}), Array(Shape{2, 1}, {6, 12})));
  CHECK(same(sum_to_shape(wide, Shape{}), Array(18.0)));
  CHECK_THROWS_AS(broadcast_to(column, Shape{3}), Error);
}

TEST_CASE("summing down to a shape's last dims adds whole rows, into a running sum") {
  // [3, 2, 2] down to [2, 2] and to [1, 2, 2]: the three [2, 2] blocks added.
  const Array blocks(Shape{3, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400});
  CHECK(same(sum_to_shape(blocks, Shape{2, 2}), Array(Shape{2, 2}, {111, 222, 333, 444})));
  CHECK(same(sum_to_shape(blocks, Shape{1, 2, 2}), Array(Shape{1, 2, 2}, {111, 222, 333, 444})));
  // [3, 2, 2] down to [2]: the last dim only.
  CHECK(same(sum_to_shape(blocks, Shape{2}), Array::vector({1 + 3 + 10 + 30 + 100 + 300, 2 + 4 + 20 + 40 + 200 + 400})));
  // Not the last dims ([2, 1]): the general path.
  CHECK(same(sum_to_shape(blocks, Shape{2, 1}), Array(Shape{2, 1}, {1 + 2 + 10 + 20 + 100 + 200, 3 + 4 + 30 + 40 + 300 + 400})));
  // Into a running sum, which keeps what it held.
  Array running(Shape{2}, {0.5, -0.5});
  add_summed_to_shape(blocks, running);
  CHECK(same(running, Array::vector({444.5, 665.5})));
  CHECK_THROWS_AS(add_summed_to_shape(blocks, running = Array::vector({0, 0, 0})), Error);
}

TEST_CASE("tanh is within 2 ulp of std::tanh, odd, and exact at the ends") {
  // A grid across both branches (|x| < 0.625 and beyond) and tiny values.
  std::vector<double> xs;
  for (int i = -40000; i <= 40000; ++i) xs.push_back(i * 5e-4);
  for (int e = -300; e <= 0; e += 3) xs.push_back(std::ldexp(1.37, e));
  for (double x : {0.6249999999999999, 0.625, 0.6250000000000001, 19.06, 400.0}) xs.push_back(x);
  const Array x(Shape{static_cast<int64_t>(xs.size())}, Eigen::Map<const Eigen::ArrayXd>(xs.data(), xs.size()));
  const Array y = tanh(x), minus = tanh(-x);
  double worst = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const double expected = std::tanh(xs[i]);
    const double ulp = std::nextafter(std::abs(expected), 2.0) - std::abs(expected);
    worst = std::max(worst, std::abs(y.values()[i] - expected) / ulp);
    CHECK(minus.values()[i] == -y.values()[i]);
  }
  CHECK(worst <= 2.0);
  const Array ends = tanh(Array::vector({-0.0, INFINITY, -INFINITY, NAN}));
  CHECK(std::signbit(ends.values()[0]));
  CHECK(ends.values()[0] == 0.0);
  CHECK(ends.values()[1] == 1.0);
  CHECK(ends.values()[2] == -1.0);
  CHECK(std::isnan(ends.values()[3]));
}
