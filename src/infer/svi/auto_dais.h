#pragma once
// auto_dais: differentiable annealed importance sampling, or uncorrected
// Hamiltonian annealing (Geffner and Domke 2021; Zhang et al. 2021), as
// NumPyro's AutoDAIS. z0 is drawn from a base Normal q0 (diagonal or with a
// Cholesky factor), a momentum rho0 from N(0, M) with M diagonal, and K
// steps move them towards the posterior: step k is a leapfrog step of
// size eta_k on the annealed density q0^(1 - beta_k) p^beta_k, then a
// partial refresh rho <- gamma rho + sqrt(1 - gamma^2) N(0, M). Every step
// keeps volume and the refresh keeps N(0, M), so
//   log q(z_K) = log q0(z0) - sum_k [log N(rho'_k; 0, M) - log N(rho_k; 0, M)]
// with rho_k the momentum before step k's leapfrog and rho'_k after it: the
// ELBO counts the momentum terms exactly. With K = 0 it is the base
// Normal's ELBO. Learned: the base's loc and scale, eta0 in (0, eta_max)
// and a slope in beta (eta_k = eta_max sigmoid(logit(eta0 / eta_max) +
// eta_coeff beta_k); NumPyro clips eta0 + eta_coeff beta_k to [0, eta_max]
// instead, where a clipped step size stops learning for good), gamma in
// (0, 1), the schedule's positive increments
// (beta_k their normalized cumulative sums, beta_K = 1) and M. The model's
// gradient enters through ad::gradient_of, so the ELBO's gradient flows
// through every step (its Hessian products by central differences).
#include <functional>
#include <memory>

#include "ad/ops_gradient_field.h"
#include "infer/svi/auto_continuous.h"

namespace ppl::infer {

class AutoDais : public AutoContinuous {
 public:
  // `follows_model`: the steps use the model's own gradient, which a
  // subsampled plate would change from step to step (refused then).
  explicit AutoDais(const AutoGuideInputs& inputs, bool follows_model = true);
  std::string name() const override { return "auto_dais"; }
  nlohmann::json distribution_description() const override;

 protected:
  // The gradient of the log density the steps anneal towards, as a function
  // of z on the draw's tape: the model's (auto_dais) or a surrogate's.
  virtual std::function<ad::Var(ad::Var)> target_gradient(AutoGuideRun& run) const;

 private:
  CoordinateDraw draw_coordinates(AutoGuideRun& run, ad::Tape& tape, RandomKey seed) const override;
  std::unique_ptr<ad::GradientField> log_density_;
};

}  // namespace ppl::infer
