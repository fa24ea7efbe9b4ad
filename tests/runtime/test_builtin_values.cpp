// Values of built-ins written in the language, against NumPy's and SciPy's
// documented results (NumPy 2.1: round halves to even, sign keeps NaN;
// SciPy 1.14: xlogy(0, 0) = 0) and closed forms.
#include <cmath>
#include <limits>
#include <numbers>

#include "runtime_test_support.h"

using namespace ppl;

namespace {

Array value_of(const std::string& expression) {
  auto p = test::load("model {\n  deterministic out = " + expression + "\n}\n");
  ad::Tape tape;
  return test::run_traced(p, tape, 1).site("out").value().value();
}
Eigen::ArrayXd values_of(const std::string& expression) { return value_of(expression).values(); }

void check_values(const std::string& expression, std::initializer_list<double> expected) {
  INFO(expression);
  const Eigen::ArrayXd got = values_of(expression);
  REQUIRE(got.size() == static_cast<Eigen::Index>(expected.size()));
  Eigen::Index i = 0;
  for (double e : expected) {
    if (std::isnan(e))
      CHECK(std::isnan(got[i]));
    else
      CHECK(got[i] == doctest::Approx(e).epsilon(1e-14));
    ++i;
  }
}

}  // namespace

TEST_CASE("round halves to even, as NumPy's does; ceil and sign are NumPy's") {
  check_values("round([0.5, 1.5, 2.5, -0.5, -2.5, 2.6])", {0.0, 2.0, 2.0, -0.0, -2.0, 3.0});
  check_values("ceil([2.1, -2.1, 3.0])", {3.0, -2.0, 3.0});
  check_values("sign([-3.0, 0.0, 7.5])", {-1.0, 0.0, 1.0});
}

TEST_CASE("isnan and isfinite give 1 where the test holds") {
  check_values("isnan([1.0, 0.0 / 0.0, 1.0 / 0.0])", {0.0, 1.0, 0.0});
  check_values("isfinite([1.0, 0.0 / 0.0, -1.0 / 0.0])", {1.0, 0.0, 0.0});
}

TEST_CASE("logarithms in other bases and near one") {
  check_values("log2([8.0, 0.5])", {3.0, -1.0});
  check_values("log10([1000.0, 0.01])", {3.0, -2.0});
  // log(1 - 1e-20) = -1e-20 to full precision, where log(1 - x) gives 0.
  check_values("log1m([1e-20, 0.5])", {-1e-20, std::log(0.5)});
  check_values("log1m_exp([-1e-20, -50.0])", {std::log(1e-20), -std::exp(-50.0)});
}

TEST_CASE("xlogy is 0 where x is 0, even at y = 0") {
  check_values("xlogy([0.0, 2.0, 0.0], [0.0, 3.0, 5.0])", {0.0, 2.0 * std::log(3.0), 0.0});
}

TEST_CASE("betaln, lbeta and lchoose against closed forms") {
  // B(2, 3) = 1! 2! / 4! = 1 / 12; (10 choose 3) = 120.
  check_values("betaln(2.0, 3.0)", {-std::log(12.0)});
  check_values("lbeta(2.0, 3.0)", {-std::log(12.0)});
  check_values("lchoose(10.0, 3.0)", {std::log(120.0)});
}

TEST_CASE("Phi and ndtr are one function, inv_Phi and ndtri its inverse") {
  check_values("Phi([0.0, 1.959963984540054])", {0.5, 0.975});
  check_values("ndtr(0.0) - Phi(0.0)", {0.0});
  check_values("inv_Phi([0.5, 0.975])", {0.0, 1.959963984540054});
  check_values("ndtri(Phi(-1.25))", {-1.25});
}

TEST_CASE("NumPy 2's short names are the same functions as the arc- names") {
  check_values("atan2(1.0, -1.0) - arctan2(1.0, -1.0)", {0.0});
  check_values("arctan2([1.0, -1.0], [-1.0, -1.0])",
               {3.0 * std::numbers::pi / 4.0, -3.0 * std::numbers::pi / 4.0});
  check_values("asin(0.5) - arcsin(0.5)", {0.0});
  check_values("logaddexp(log(2.0), log(3.0))", {std::log(5.0)});
}

TEST_CASE("sort puts NaN last, argsort is stable, argmax and argmin take the first") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  check_values("sort([3.0, 0.0 / 0.0, 1.0, 2.0])", {1.0, 2.0, 3.0, nan});
  check_values("sort([[3.0, 1.0], [0.0, 2.0]], axis=0)", {0.0, 1.0, 3.0, 2.0});
  check_values("argsort([2.0, 1.0, 2.0, 1.0])", {1.0, 3.0, 0.0, 2.0});
  check_values("argmax([1.0, 5.0, 5.0])", {1.0});
  check_values("argmin([[4.0, 1.0], [0.0, 7.0]], axis=1)", {1.0, 0.0});
  check_values("argmax([[4.0, 1.0], [0.0, 7.0]])", {3.0});
  check_values("argmax([1.0, 0.0 / 0.0, 9.0])", {1.0});
}

TEST_CASE("median of odd and even lengths, along an axis, and with NaN") {
  check_values("median([5.0, 1.0, 3.0])", {3.0});
  check_values("median([4.0, 1.0, 3.0, 2.0])", {2.5});
  check_values("median([[1.0, 9.0], [3.0, 5.0], [2.0, 4.0]], axis=0)", {2.0, 5.0});
  check_values("median([1.0, 0.0 / 0.0, 3.0])", {std::numeric_limits<double>::quiet_NaN()});
}

TEST_CASE("diff, repeat and tile have NumPy's results and shapes") {
  check_values("diff([1.0, 4.0, 9.0, 16.0])", {3.0, 5.0, 7.0});
  check_values("diff([1.0, 4.0, 9.0, 16.0], n=2)", {2.0, 2.0});
  check_values("diff([[1.0, 2.0], [5.0, 9.0]], axis=0)", {4.0, 7.0});
  check_values("repeat([1.0, 2.0], 2)", {1.0, 1.0, 2.0, 2.0});
  check_values("repeat([[1.0, 2.0], [3.0, 4.0]], [1, 2], axis=0)", {1.0, 2.0, 3.0, 4.0, 3.0, 4.0});
  check_values("repeat([[1.0, 2.0], [3.0, 4.0]], 2)", {1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0});
  check_values("tile([1.0, 2.0], 2)", {1.0, 2.0, 1.0, 2.0});
  const Array tiled = value_of("tile([1.0, 2.0], [2, 2])");
  CHECK(tiled.shape() == Shape{2, 4});
  check_values("tile([1.0, 2.0], [2, 2])", {1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0});
}

TEST_CASE("cumprod along an axis and flattened, as NumPy's") {
  check_values("cumprod([1.0, 2.0, 3.0, 4.0])", {1.0, 2.0, 6.0, 24.0});
  check_values("cumprod([[1.0, 2.0], [3.0, 4.0]], axis=0)", {1.0, 2.0, 3.0, 8.0});
  check_values("cumprod([[1.0, 2.0], [3.0, 4.0]], axis=1)", {1.0, 2.0, 3.0, 12.0});
  check_values("cumprod([[1.0, 2.0], [3.0, 4.0]])", {1.0, 2.0, 6.0, 24.0});
  check_values("cumprod([-2.0, 0.0, 5.0])", {-2.0, 0.0, 0.0});
}

TEST_CASE("expand_dims and squeeze move axes of length 1") {
  CHECK(value_of("expand_dims([1.0, 2.0], 0)").shape() == Shape{1, 2});
  CHECK(value_of("expand_dims([1.0, 2.0], -1)").shape() == Shape{2, 1});
  CHECK(value_of("squeeze(zeros([1, 3, 1]))").shape() == Shape{3});
  CHECK(value_of("squeeze(zeros([1, 3, 1]), axis=2)").shape() == Shape{1, 3});
  CHECK_THROWS_WITH(value_of("squeeze(zeros([1, 3]), axis=1)"), doctest::Contains("axis 1 has length 3, not 1"));
}

TEST_CASE("the _like constructors, linspace, any and all") {
  check_values("zeros_like([[1.0, 2.0]])", {0.0, 0.0});
  check_values("ones_like([1.0, 2.0, 3.0])", {1.0, 1.0, 1.0});
  check_values("full_like([1.0, 2.0], 7)", {7.0, 7.0});
  check_values("linspace(0, 1, 5)", {0.0, 0.25, 0.5, 0.75, 1.0});
  check_values("any([[0.0, 0.0], [0.0, 2.0]], axis=1)", {0.0, 1.0});
  check_values("all([[1.0, 3.0], [0.0, 2.0]], axis=1)", {1.0, 0.0});
  check_values("any([0.0, 0.0 / 0.0])", {1.0});
}

TEST_CASE("linear algebra: solve, inv, det, log_abs_det, outer, diag, trace, tril, triu, quad_form") {
  // A = [[2, 1], [1, 3]]: det 5, inverse [[0.6, -0.2], [-0.2, 0.4]].
  const std::string a = "[[2.0, 1.0], [1.0, 3.0]]";
  check_values("solve(" + a + ", [3.0, 5.0])", {0.8, 1.4});
  check_values("inv(" + a + ")", {0.6, -0.2, -0.2, 0.4});
  check_values("inverse(" + a + ")", {0.6, -0.2, -0.2, 0.4});
  check_values("det(" + a + ")", {5.0});
  check_values("det([[0.0, 1.0], [1.0, 0.0]])", {-1.0});
  check_values("log_abs_det([[0.0, 2.0], [3.0, 0.0]])", {std::log(6.0)});
  check_values("outer([1.0, 2.0], [3.0, 4.0, 5.0])", {3.0, 4.0, 5.0, 6.0, 8.0, 10.0});
  check_values("diag([1.0, 2.0])", {1.0, 0.0, 0.0, 2.0});
  check_values("diag(" + a + ")", {2.0, 3.0});
  check_values("diagonal([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])", {1.0, 5.0});
  check_values("trace(" + a + ")", {5.0});
  check_values("tril([[1.0, 2.0], [3.0, 4.0]])", {1.0, 0.0, 3.0, 4.0});
  check_values("triu([[1.0, 2.0], [3.0, 4.0]], 1)", {0.0, 2.0, 0.0, 0.0});
  check_values("tril([[1.0, 2.0], [3.0, 4.0]], -1)", {0.0, 0.0, 3.0, 0.0});
  // [1, 2] A [1, 2]^T = 2 + 2 + 2 + 12.
  check_values("quad_form(" + a + ", [1.0, 2.0])", {18.0});
}
