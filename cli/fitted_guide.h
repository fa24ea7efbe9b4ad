#pragma once
#include <map>
#include <vector>
// The posterior of an SVI fit drawn afresh from its guide (NumPyro's
// sample_posterior): the guide rebuilt from FIT.json's settings (guide,
// init_scale, prefix, rank) with its params set to the fitted values.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/random_key.h"
#include "infer/predictive.h"

namespace ppl::cli {

// `n` draws keyed by `key`, the guide built on the fit's own data (its
// latent sites are the fit's). nullopt for a fit that is not SVI, and for
// one whose guide cannot be rebuilt, with the reason in `unavailable` (its
// guide or data file is gone). ppl::Error when a param is missing.
// `chosen` fixes subsampled plates' minibatches (the rows whose local sites
// are drawn).
std::optional<infer::PosteriorDraws> fresh_guide_draws(
    const nlohmann::json& fit, const std::string& model_path, int n, RandomKey key,
    const std::map<std::string, std::vector<int64_t>>& chosen, std::string& unavailable);

}  // namespace ppl::cli
