#pragma once
// Reparameterized draws for distributions whose sampler has no smooth
// transform of parameter-free noise (Gamma and the families built on it):
// the draw x = F^{-1}(u; theta) is held fixed in u, so
// dx/dtheta = -(dF/dtheta)(x) / f(x) (implicit reparameterization,
// Figurnov, Mohamed and Mnih 2018).
#include "ad/tape.h"
#include "core/random_key.h"
#include "core/shape.h"

namespace ppl::dist {

// Standard gamma draws (rate 1) of `shape`, concentration broadcast to it,
// differentiable in the concentration: dF/dalpha of the regularized lower
// incomplete gamma function P(alpha, x) by a central difference of Boost's
// gamma_p, f its density.
ad::Var standard_gamma_rsample(ad::Var concentration, RandomKey key, const Shape& shape);

}  // namespace ppl::dist
