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
