// gradient_of: a gradient computed off the tape, differentiated on it. For
// f(x) = x'Ax / 2 + sum cos(x) the gradient is Ax - sin(x) and the Hessian
// A - diag(cos(x)), so d/dx sum(w * grad f(x)) = (A - diag(cos x)) w.
#include <doctest/doctest.h>

#include <cmath>

#include "ad/ops.h"
#include "ad/ops_gradient_field.h"

using namespace ppl;

namespace {

class QuadraticPlusCosine final : public ad::GradientField {
 public:
  explicit QuadraticPlusCosine(Eigen::MatrixXd a) : a_(std::move(a)) {}
  Eigen::VectorXd gradient(const Eigen::VectorXd& x) override {
    ++calls;
    return a_ * x - x.array().sin().matrix();
  }
  int calls = 0;

 private:
  Eigen::MatrixXd a_;
};

}  // namespace

TEST_CASE("gradient_of: the value is the field's gradient, the adjoint its Hessian times the adjoint") {
  Eigen::MatrixXd a(3, 3);
  a << 2.0, 0.5, -0.3, 0.5, 1.5, 0.2, -0.3, 0.2, 3.0;
  QuadraticPlusCosine field(a);
  const Eigen::Vector3d x0(0.4, -1.3, 2.2), w(1.0, -2.0, 0.5);
  ad::Tape tape;
  const ad::Var x = tape.leaf(Array(Shape{3}, x0.array()));
  const ad::Var g = ad::gradient_of(field, x);
  const Eigen::VectorXd expected_value = a * x0 - x0.array().sin().matrix();
  for (int i = 0; i < 3; ++i) CHECK(g.value().values()[i] == doctest::Approx(expected_value[i]).epsilon(1e-14));
  const ad::Var loss = ad::sum(g * tape.constant(Array(Shape{3}, w.array())));
  const Array gradient = tape.gradient(loss, {x})[0];
  Eigen::MatrixXd hessian = a;
  hessian.diagonal() -= x0.array().cos().matrix();
  const Eigen::VectorXd expected = hessian * w;
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(gradient.values()[i] == doctest::Approx(expected[i]).epsilon(1e-8));
  }
  CHECK(field.calls == 3);  // the value, then two for the Hessian-vector product
  CHECK_FALSE(tape.replayable());
}

namespace {

// f(x, theta) = theta0 sum(sin x) + theta1 |x|^2 / 2: grad_x = theta0 cos x +
// theta1 x, d2f/dx2 = diag(theta1 - theta0 sin x), d2f/dtheta dx rows cos x
// and x.
class Parametric final : public ad::ParametricGradientField {
 public:
  void gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta, uint64_t,
                 Eigen::VectorXd& gx, Eigen::VectorXd& gtheta) override {
    gx = theta[0] * x.array().cos().matrix() + theta[1] * x;
    gtheta = Eigen::Vector2d(x.array().sin().sum(), 0.5 * x.squaredNorm());
  }
};

}  // namespace

TEST_CASE("gradient_of with parameters: the adjoint reaches x and theta through the mixed partials") {
  Parametric field;
  const Eigen::Vector3d x0(0.3, -0.8, 1.7), w(0.5, 1.5, -1.0);
  const Eigen::Vector2d theta0(1.3, 0.4);
  ad::Tape tape;
  const ad::Var x = tape.leaf(Array(Shape{3}, x0.array()));
  const ad::Var theta = tape.leaf(Array(Shape{2}, theta0.array()));
  const ad::Var loss = ad::sum(ad::gradient_of(field, x, theta) * tape.constant(Array(Shape{3}, w.array())));
  const std::vector<Array> g = tape.gradient(loss, {x, theta});
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    const double expected = (theta0[1] - theta0[0] * std::sin(x0[i])) * w[i];
    CHECK(g[0].values()[i] == doctest::Approx(expected).epsilon(1e-8));
  }
  CHECK(g[1].values()[0] == doctest::Approx((x0.array().cos() * w.array()).sum()).epsilon(1e-8));
  CHECK(g[1].values()[1] == doctest::Approx(x0.dot(w)).epsilon(1e-8));
}
