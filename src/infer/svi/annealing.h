#pragma once
// The annealing of DAIS (uncorrected Hamiltonian annealing: Geffner and
// Domke 2021; Zhang et al. 2021), shared by auto_dais (one chain, z [D])
// and auto_semi_dais (a chain per row, z [rows, width]): K leapfrog steps
// from a base draw towards the target along a learned schedule, each
// followed by a partial momentum refreshment, with the momentum terms that
// make log q exact.
//
//   AnnealedDraw out = anneal(z0, log_q0, params, eta_max, base_gradient,
//                             target_gradient, [&] { return normals(); });
#include <functional>

#include "ad/tape.h"

namespace ppl::infer {

// The dynamics' params, each broadcasting against z: the step size's start
// eta0 in (0, eta_max) and its slope eta_coeff in the schedule, the damping
// gamma in (0, 1), the schedule's K positive increments along the last dim,
// and the diagonal mass.
struct AnnealingParams {
  ad::Var eta0, eta_coeff, gamma, increments, mass;
};

struct AnnealedDraw {
  ad::Var z;      // after the K steps
  ad::Var log_q;  // the base's log q less the momentum terms
};

// `base_gradient` and `target_gradient` give the gradient in z of the
// base's and the target's log densities at a point; `normals` draws
// standard normals of z's shape (the momenta).
AnnealedDraw anneal(ad::Var z, ad::Var log_q, const AnnealingParams& params, double eta_max,
                    const std::function<ad::Var(ad::Var)>& base_gradient,
                    const std::function<ad::Var(ad::Var)>& target_gradient,
                    const std::function<ad::Var()>& normals);

}  // namespace ppl::infer
