#pragma once
// Predictive: draws of a model's sites, from the prior (every latent site
// sampled) or from the posterior (latent sites set to each posterior draw in
// turn, the rest sampled), all draws at once where the model allows. Optional
// data entries that are absent are sampled; present ones are observed. A
// fit's params (SVI) replace the params' initial values.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/array.h"
#include "infer/diagnostics/draws_summary.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

struct PredictiveOptions {
  int num_samples = 1000;
  std::uint64_t seed = 0;
  std::vector<std::string> sites;  // empty: every sample and deterministic site
  // All draws in one run on a draw dim where the model allows it (checked
  // against two draws run one by one); otherwise draw by draw.
  bool vectorize = true;
  // Values of the model's params (an SVI fit's, constrained); params not
  // named here keep their initial values.
  std::map<std::string, Array> params;
};

// One map of site name to value per posterior draw.
using PosteriorDraws = std::vector<std::map<std::string, Array>>;

// Checks that a posterior was fitted to this model and keeps what predict
// sets from it. Throws ppl::Error, naming `source`, for a latent site of the
// model without draws, a posterior site that is no site, param or
// deterministic of the model, and (when `params` is given) a param of the
// model without a fitted value. Afterwards `draws` holds only the model's
// latent sites (deterministic sites are recomputed from each draw, absent
// optional data entries sampled afresh) and `params` only the model's params.
void match_posterior_to_model(const ir::Program& program, const runtime::ModelData& data,
                              PosteriorDraws& draws,
                              std::optional<std::map<std::string, Array>>& params,
                              const std::string& source);

// Which posterior draws a predictive runs on. Without `requested`, every
// draw once in file order. Otherwise a random choice by `seed` across all
// draws (every chain): without replacement, in file order, when `requested`
// is at most `available`; with replacement when it is more.
struct PosteriorChoice {
  std::vector<size_t> indices;
  bool with_replacement = false;
};
PosteriorChoice choose_posterior_draws(size_t available, std::optional<int> requested,
                                       std::uint64_t seed);

// Runs the model num_samples times (or once per posterior draw).
// `vectorized`, when given, tells whether the draws ran at once.
std::vector<SiteDraws> predict(const ir::Program& program, const runtime::ModelData& data,
                               const PredictiveOptions& options,
                               const PosteriorDraws* posterior = nullptr,
                               bool* vectorized = nullptr);

}  // namespace ppl::infer
