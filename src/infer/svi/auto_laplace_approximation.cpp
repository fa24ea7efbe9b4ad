// auto_laplace_approximation: NumPyro's AutoLaplaceApproximation. The fit
// is of a point auto_loc [D] in unconstrained space (a Delta guide, so SVI
// finds the mode of the unconstrained posterior, Jacobians included). After
// the fit, the Hessian H of the potential (minus that log density) at the
// point gives the multivariate Normal with covariance H^-1; its lower
// Cholesky factor becomes the param auto_scale_tril, and the posterior draws
// come from that Normal. H is the central difference of the potential's
// exact (reverse-mode) gradient, column by column: exact to rounding for a
// Gaussian posterior.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "dist/delta.h"
#include "infer/model_potential.h"
#include "infer/svi/auto_continuous.h"

namespace ppl::infer {

namespace {

// The Hessian of `potential` at q, symmetrized.
Eigen::MatrixXd hessian_at(ModelPotential& potential, const Eigen::VectorXd& q) {
  const Eigen::Index d = q.size();
  Eigen::MatrixXd h(d, d);
  Eigen::VectorXd plus(d), minus(d);
  for (Eigen::Index j = 0; j < d; ++j) {
    const double step = 1e-5 * std::max(1.0, std::abs(q[j]));
    Eigen::VectorXd x = q;
    x[j] = q[j] + step;
    const double up = potential(x, plus);
    x[j] = q[j] - step;
    const double down = potential(x, minus);
    if (!std::isfinite(up) || !std::isfinite(down))
      throw Error(fmt::format(
          "auto_laplace_approximation: the log density is not finite next to the fitted point "
          "(coordinate {}), so its Hessian cannot be taken there",
          j));
    h.col(j) = (plus - minus) / (2 * step);
  }
  return (h + h.transpose()) / 2;
}

class AutoLaplaceApproximation final : public ScaleTrilNormalGuide {
 public:
  using ScaleTrilNormalGuide::ScaleTrilNormalGuide;
  std::string name() const override { return "auto_laplace_approximation"; }

  void after_fit(ParamStore& store, const ir::Program& program,
                 const runtime::ModelData& data) const override {
    const ParamEntry* loc = store.find(param_name("loc"));
    if (!loc || store.find(param_name("scale_tril"))) return;
    const Eigen::VectorXd q = store.constrained(*loc).values().matrix();
    ModelPotential potential(program, data, RandomKey(0));
    if (potential.dimension() != q.size())
      throw Error("auto_laplace_approximation: the model's latent coordinates changed");
    Eigen::MatrixXd h = hessian_at(potential, q);
    h.diagonal().array() += settings_.laplace_regularization;
    Eigen::LLT<Eigen::MatrixXd> factor(h);
    if (factor.info() != Eigen::Success) {
      const double smallest = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h).eigenvalues()[0];
      throw Error(fmt::format(
          "auto_laplace_approximation: the Hessian of the negative log joint at the fitted point "
          "is not positive definite (smallest eigenvalue {:.4g}{}): the point is not a maximum "
          "(the fit has not converged) or the posterior is flat along some direction. Fit "
          "longer, or pass --laplace-regularization E to add E to the Hessian's diagonal",
          smallest, settings_.laplace_regularization > 0 ? ", after the regularization" : ""));
    }
    // A lower factor of H^-1 (NumPyro's cholesky(inv(H))).
    const Eigen::MatrixXd covariance = factor.solve(Eigen::MatrixXd::Identity(q.size(), q.size()));
    const Eigen::MatrixXd lower = covariance.llt().matrixL();
    Array scale_tril(Shape{q.size(), q.size()}, Eigen::ArrayXd(q.size() * q.size()));
    for (Eigen::Index i = 0; i < q.size(); ++i)
      for (Eigen::Index j = 0; j < q.size(); ++j)
        scale_tril.mutable_values()[i * q.size() + j] = j <= i ? lower(i, j) : 0.0;
    store.add(param_name("scale_tril"), dist::Constraint::of(dist::ConstraintKind::LowerCholesky),
              scale_tril);
  }

 private:
  std::string scale_tril_origin() const override {
    return " (the lower Cholesky factor of the inverse Hessian at loc)";
  }
  dist::DistributionPtr joint(AutoGuideRun& run) const override {
    if (run.has_param(param_name("scale_tril")))
      return scale_tril_normal(run, [] { return Array(); });
    const ad::Var loc = loc_param(run);
    return std::make_shared<dist::Delta>(loc, loc.tape().constant(0.0), 1);
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_laplace_approximation(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoLaplaceApproximation>(inputs);
}

}  // namespace ppl::infer
