#pragma once
// The gradient of a scalar function computed outside this tape (a model's
// log density, on its own tape) as a value on this tape, so that an
// objective can use it and still be differentiated: its backward step
// multiplies the adjoint by the function's Hessian, as the central
// difference of the exact gradient along the adjoint's direction (relative
// error about 1e-8 for a smooth function). Used by annealed importance
// sampling guides, whose draws take gradient steps on the model's density.
#include <Eigen/Dense>

#include "ad/tape.h"

namespace ppl::ad {

class GradientField {
 public:
  virtual ~GradientField() = default;
  // The gradient of the function at x.
  virtual Eigen::VectorXd gradient(const Eigen::VectorXd& x) = 0;
};

// field.gradient(x) for x of shape [D]; `field` must outlive the tape's
// backward pass. The tape cannot be replayed past it.
Var gradient_of(GradientField& field, Var x);

// A function f(x, theta) of a point and of parameters: its gradients in
// both. `context` is what the caller of gradient_of gave, the same for
// the value and the backward step (a draw's random key).
class ParametricGradientField {
 public:
  virtual ~ParametricGradientField() = default;
  virtual void gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta, uint64_t context,
                         Eigen::VectorXd& x_gradient, Eigen::VectorXd& theta_gradient) = 0;
};

// The gradient in x of f(x, theta), for x [D] and theta [P]: the adjoint a
// goes to x as (d2f/dx2) a and to theta as (d2f/dtheta dx) a, both the
// central difference along a of the gradients.
Var gradient_of(ParametricGradientField& field, Var x, Var theta, uint64_t context = 0);

}  // namespace ppl::ad
