// elu and leaky_relu: values against their definitions (jax.nn's), gradients
// against finite differences away from the kink at 0, and no NaN in the
// gradient where exp would overflow.
#include <doctest/doctest.h>

#include <cmath>

#include "ad/ops_activation.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

TEST_CASE("elu and leaky_relu follow their definitions") {
  Tape tape;
  const Array x(Shape{5}, {-3.0, -0.5, 0.0, 0.25, 4.0});
  const Var e = elu(tape.constant(x));
  const Var e2 = elu(tape.constant(x), 2.0);
  const Var l = leaky_relu(tape.constant(x));
  for (int i = 0; i < 5; ++i) {
    const double v = x.values()[i];
    CAPTURE(v);
    CHECK(e.value().values()[i] == doctest::Approx(v > 0 ? v : std::expm1(v)).epsilon(1e-15));
    CHECK(e2.value().values()[i] == doctest::Approx(v > 0 ? v : 2 * std::expm1(v)).epsilon(1e-15));
    CHECK(l.value().values()[i] == doctest::Approx(v > 0 ? v : 0.01 * v).epsilon(1e-15));
  }
}

TEST_CASE("elu and leaky_relu gradients match finite differences") {
  Array away = random_array(Shape{2, 3}, 0.3, 2.0, 4);
  away.mutable_values() *= Eigen::ArrayXd::LinSpaced(6, -1, 1).sign();
  check_gradient([](auto v) { return elu(v[0]); }, {away});
  check_gradient([](auto v) { return elu(v[0], 0.7); }, {away});
  check_gradient([](auto v) { return leaky_relu(v[0]); }, {away});
  check_gradient([](auto v) { return leaky_relu(v[0], 0.2); }, {away});
}

TEST_CASE("elu's gradient stays finite for large inputs") {
  Tape tape;
  const Var x = tape.leaf(Array(Shape{2}, {800.0, -800.0}));
  const std::vector<Array> g = tape.gradient(sum(elu(x)), {x});
  CHECK(g[0].values()[0] == 1.0);
  CHECK(g[0].values()[1] == 0.0);
}
