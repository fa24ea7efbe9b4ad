#pragma once
// The autoguides with one distribution over every latent site's
// unconstrained coordinates, concatenated in the layout's order (NumPyro's
// AutoContinuous): auto_multivariate_normal,
// auto_lowrank_multivariate_normal and the Laplace approximation. A draw z
// of the joint is split by site, and each site's value is T(u) of its part
// u. The sites share one density, which does not factor by site: log q(z)
// goes into the first site's log q, and each site adds -log |det J_T(u)|,
// so the trace's log q sums to log q of the constrained values.
#include "dist/distribution.h"
#include "infer/svi/autoguide.h"

namespace ppl::infer {

class AutoContinuous : public AutoGuide {
 public:
  explicit AutoContinuous(const AutoGuideInputs& inputs);
  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override;
  // Sites whose support moves with other latent values stay unconstrained
  // in the guide; the model's run adds their Jacobian.
  UnconstrainedValues unconstrained_values() const override {
    return moving_support_sites(/*with_jacobian=*/true);
  }

 protected:
  // A draw z [D] of the coordinates and log q(z).
  struct CoordinateDraw {
    ad::Var z, log_q;
  };
  // From joint() unless a guide draws otherwise (a flow).
  virtual CoordinateDraw draw_coordinates(AutoGuideRun& run, ad::Tape& tape, RandomKey seed) const;
  // The joint over the D concatenated coordinates (event shape [D]), its
  // params read through `run`; a guide that overrides draw_coordinates has
  // none (nullptr).
  virtual dist::DistributionPtr joint(AutoGuideRun& run) const { return nullptr; }
  // PREFIX_loc [D], starting at the initial point.
  ad::Var loc_param(AutoGuideRun& run) const {
    return run.param(param_name("loc"), dist::Constraint::of(dist::ConstraintKind::Real),
                     [&] { return initial_loc(); });
  }
  // D, and the starting point of the coordinates as an array [D].
  int64_t dimension() const { return initial_.size(); }
  Array initial_loc() const { return Array(Shape{dimension()}, initial_.array()); }
};

// The guides whose joint is MultivariateNormal(PREFIX_loc, scale_tril =
// PREFIX_scale_tril): auto_multivariate_normal (the factor fitted) and
// auto_laplace_approximation (the factor from the Hessian after the fit).
// Their marginals and description are the same.
class ScaleTrilNormalGuide : public AutoContinuous {
 public:
  using AutoContinuous::AutoContinuous;
  // nullopt until both params are in the store.
  std::optional<Marginals> coordinate_marginals(const ParamStore& store) const override;
  nlohmann::json distribution_description() const override;

 protected:
  // The joint, the factor registered from `initial_scale_tril` when new.
  dist::DistributionPtr scale_tril_normal(AutoGuideRun& run,
                                          const std::function<Array()>& initial_scale_tril) const;
  // How the factor is found, for the description ("" when fitted).
  virtual std::string scale_tril_origin() const { return ""; }
};

}  // namespace ppl::infer
