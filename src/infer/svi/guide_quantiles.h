#pragma once
// Quantiles of each latent site's elements under a fitted Gaussian
// autoguide, exact (NumPyro's AutoNormal.quantiles, AutoContinuous.quantiles):
// coordinate u of the unconstrained vector is Normal(loc, sd) in the
// guide's marginal, and a site whose bijection T acts element by element
// (exp, sigmoid, softplus, ...) has the quantile T(loc + sd ndtri(q)) (T
// monotone; a decreasing T takes the 1 - q quantile of u). Sites whose
// bijection couples elements (simplex, Cholesky factors) or whose support
// moves with other latent values are left out.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infer/svi/autoguide.h"
#include "io/site_results.h"

namespace ppl::infer {

using io::GuideQuantiles;
using io::SiteDraws;
using io::SiteQuantiles;

// At `levels` (ascending); nullopt when the guide has no Gaussian marginals
// (auto_delta, a flow, a guide program, a list).
std::optional<GuideQuantiles> guide_quantiles(const Guide& guide, const ParamStore& store,
                                              const std::vector<double>& levels);

// Each element's quantiles among fresh draws of a guide (NumPy's default
// quantile: linear interpolation between order statistics), for the sites
// named; method "draws".
GuideQuantiles sampled_guide_quantiles(const std::vector<SiteDraws>& draws,
                                       const std::vector<std::string>& sites,
                                       const std::vector<double>& levels);

}  // namespace ppl::infer
