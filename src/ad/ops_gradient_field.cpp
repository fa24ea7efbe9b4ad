#include "ad/ops_gradient_field.h"

#include <algorithm>
#include <cstdint>

namespace ppl::ad {

namespace {

// Step of the central difference relative to the point's largest entry:
// truncation (step^2) and rounding (1e-16 / step) errors balance near it.
constexpr double kRelativeStep = 1e-5;

// The central difference's step at x.
double central_step(const Eigen::VectorXd& x) {
  return kRelativeStep * std::max(1.0, x.size() ? x.cwiseAbs().maxCoeff() : 0.0);
}

void gradient_of_backward(Tape& tape, int32_t node) {
  const Node& n = tape.node(node);
  const int32_t x_index = n.operands[0];
  if (!tape.needs_gradient(x_index)) return;
  auto* field = reinterpret_cast<GradientField*>(static_cast<intptr_t>(tape.parameters(n)[0]));
  const Eigen::VectorXd adjoint = tape.adjoint_of(node).values().matrix();
  const double norm = adjoint.norm();
  if (norm == 0) return;
  const Eigen::VectorXd x = tape.value(x_index).values().matrix();
  const Eigen::VectorXd direction = adjoint / norm;
  const double step = central_step(x);
  const Eigen::VectorXd hessian_times_adjoint =
      (field->gradient(x + step * direction) - field->gradient(x - step * direction)) *
      (norm / (2 * step));
  tape.accumulate(x_index, hessian_times_adjoint.array());
}

void parametric_gradient_of_backward(Tape& tape, int32_t node) {
  const Node& n = tape.node(node);
  const int32_t x_index = n.operands[0], theta_index = n.operands[1];
  if (!tape.needs_gradient(x_index) && !tape.needs_gradient(theta_index)) return;
  auto* field =
      reinterpret_cast<ParametricGradientField*>(static_cast<intptr_t>(tape.parameters(n)[0]));
  const Eigen::VectorXd adjoint = tape.adjoint_of(node).values().matrix();
  const double norm = adjoint.norm();
  if (norm == 0) return;
  const Eigen::VectorXd x = tape.value(x_index).values().matrix();
  const Eigen::VectorXd theta = tape.value(theta_index).values().matrix();
  const double step = central_step(x);
  const auto context = static_cast<uint64_t>(tape.parameters(n)[1]);
  Eigen::VectorXd x_up, theta_up, x_down, theta_down;
  field->gradients(x + step * (adjoint / norm), theta, context, x_up, theta_up);
  field->gradients(x - step * (adjoint / norm), theta, context, x_down, theta_down);
  const double scale = norm / (2 * step);
  tape.accumulate(x_index, ((x_up - x_down) * scale).array());
  tape.accumulate(theta_index, ((theta_up - theta_down) * scale).array());
}

}  // namespace

Var gradient_of(ParametricGradientField& field, Var x, Var theta, uint64_t context) {
  Tape& tape = x.tape();
  Eigen::VectorXd x_gradient, theta_gradient;
  field.gradients(x.value().values().matrix(), theta.value().values().matrix(), context,
                  x_gradient, theta_gradient);
  const Var out = tape.record(&parametric_gradient_of_backward, {x, theta});
  tape.push_parameter(static_cast<int64_t>(reinterpret_cast<intptr_t>(&field)));
  tape.push_parameter(static_cast<int64_t>(context));
  tape.node(out.index()).value = Array(x.shape(), x_gradient.array());
  return out;
}

Var gradient_of(GradientField& field, Var x) {
  Tape& tape = x.tape();
  const Eigen::VectorXd at = x.value().values().matrix();
  Array value(x.shape(), field.gradient(at).array());
  const Var out = tape.record(&gradient_of_backward, {x});
  tape.push_parameter(static_cast<int64_t>(reinterpret_cast<intptr_t>(&field)));
  tape.node(out.index()).value = std::move(value);
  return out;
}

}  // namespace ppl::ad
