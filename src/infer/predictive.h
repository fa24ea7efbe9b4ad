#pragma once
// Predictive: draws of a model's sites, from the prior (every latent site
// sampled) or from the posterior (latent sites set to each posterior draw in
// turn, the rest sampled), all draws at once where the model allows. Optional data entries that are absent are
// sampled; present ones are observed.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
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
};

// One map of site name to value per posterior draw.
using PosteriorDraws = std::vector<std::map<std::string, Array>>;

// The draws of a FIT.json ("draws": {"name": {"shape": [...], "values": [...]}}).
PosteriorDraws posterior_draws_from_fit(const nlohmann::json& fit);

// Runs the model num_samples times (or once per posterior draw).
// `vectorized`, when given, tells whether the draws ran at once.
std::vector<SiteDraws> predict(const ir::Program& program, const runtime::ModelData& data,
                               const PredictiveOptions& options,
                               const PosteriorDraws* posterior = nullptr,
                               bool* vectorized = nullptr);

}  // namespace ppl::infer
