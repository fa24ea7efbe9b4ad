#pragma once
// A fit's or a prediction's values as ArviZ's InferenceData groups
// (io/inference_data writes them). Dims are named after the plates: inside
// `plate school in J` a site's dim is "school"; other dims are SITE_dim_I,
// as ArviZ names them, and draws run over "chain" and "draw".
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/array.h"
#include "core/random_key.h"
#include "io/cmdstan_csv.h"
#include "io/inference_data.h"
#include "io/site_results.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

// A fit's groups: posterior (its draws of the latent and deterministic
// sites), sample_stats (MCMC, from `sampler`, per chain per draw: lp,
// acceptance_rate, step_size, tree_depth, n_steps, diverging, energy),
// log_likelihood (each observed site's log density per element and draw,
// for LOO and WAIC; none for a model with a subsampled plate), observed_data and constant_data (the other data
// entries); with a saved warmup, warmup_posterior and warmup_sample_stats.
// `params` (an SVI fit's, constrained) are set in the runs that score the
// draws.
struct FitValues {
  const std::vector<io::SiteDraws>& posterior;
  const std::vector<std::vector<io::CsvDrawStats>>& sampler;  // empty for SVI
  const std::map<std::string, Array>& params;
  const std::vector<io::SiteDraws>& warmup;                    // empty unless saved
  const std::vector<std::vector<io::CsvDrawStats>>& warmup_sampler;
};
std::vector<io::InferenceDataGroup> fit_groups(const ir::Program& program,
                                               const runtime::ModelData& data,
                                               const FitValues& fit, RandomKey key);

// A prediction's groups: the `predictive` sites (those the model observes
// when their data is given) in prior_predictive, or posterior_predictive
// with `from_posterior`; without it the other sites in prior; then
// observed_data and constant_data.
std::vector<io::InferenceDataGroup> predict_groups(const ir::Program& program,
                                                   const runtime::ModelData& data,
                                                   const std::vector<io::SiteDraws>& draws,
                                                   const std::set<std::string>& predictive,
                                                   bool from_posterior, RandomKey key);

}  // namespace ppl::infer
