#include "infer/svi/annealing.h"

#include <vector>

#include "ad/ops.h"

namespace ppl::infer {

AnnealedDraw anneal(ad::Var z, ad::Var log_q, const AnnealingParams& params, double eta_max,
                    const std::function<ad::Var(ad::Var)>& base_gradient,
                    const std::function<ad::Var(ad::Var)>& target_gradient,
                    const std::function<ad::Var()>& normals) {
  const Shape increments = params.increments.shape();
  const int last = increments.rank() - 1;
  // Entry k along the last dim, kept as a dim of size 1.
  const auto entry = [&](ad::Var along, int64_t k) {
    std::vector<SliceRange> ranges;
    for (int i = 0; i < last; ++i) ranges.push_back({0, increments[i]});
    ranges.push_back({k, k + 1});
    return ad::slice(along, std::span<const SliceRange>(ranges));
  };
  const int64_t k_steps = increments[last];
  // eta_k = eta_max sigmoid(logit(eta0 / eta_max) + eta_coeff beta_k): eta0
  // at eta_coeff = 0, always inside (0, eta_max) and differentiable.
  const ad::Var fraction = params.eta0 / eta_max;
  const ad::Var eta_logit = ad::log(fraction) - ad::log1p(-fraction);
  const ad::Var cumulative = ad::cumsum(params.increments, -1);
  const ad::Var betas = cumulative / entry(cumulative, k_steps - 1);
  const ad::Var refresh = ad::sqrt(1.0 - ad::square(params.gamma));
  const ad::Var& mass = params.mass;
  ad::Var rho = ad::sqrt(mass) * normals();
  for (int64_t k = 0; k < k_steps; ++k) {
    const ad::Var beta = entry(betas, k);
    const ad::Var eta = eta_max * ad::sigmoid(eta_logit + params.eta_coeff * beta);
    const ad::Var z_half = z + 0.5 * eta * rho / mass;
    const ad::Var force = (1.0 - beta) * base_gradient(z_half) + beta * target_gradient(z_half);
    const ad::Var rho_after = rho + eta * force;
    z = z_half + 0.5 * eta * rho_after / mass;
    // log q loses log N(rho_after; 0, mass) - log N(rho; 0, mass); the
    // normalizers cancel.
    log_q = log_q + 0.5 * ad::sum(ad::square(rho_after) / mass) -
            0.5 * ad::sum(ad::square(rho) / mass);
    rho = params.gamma * rho_after + refresh * ad::sqrt(mass) * normals();
  }
  return {z, log_q};
}

}  // namespace ppl::infer
