#pragma once
// The whole JSON documents the commands write: FIT.json of an MCMC fit and
// of an SVI fit (ppl fit --out), and the output of ppl predict. Each is a
// record of what ran (the files, the settings, the figures of the run) and
// the sections of fit_json.h; the command line fills the record and writes
// the document, and predict reads FIT.json back with fit_json.h.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/cmdstan_csv.h"
#include "io/site_results.h"

namespace ppl::io {

// One MCMC chain's figures after warmup (FIT.json's "sampler").
struct ChainReport {
  double step_size = 0;
  int divergences = 0;
  int max_tree_depth_hits = 0;
  double mean_accept_stat = 0;
  long gradient_evaluations = 0;
  double warmup_seconds = 0, sampling_seconds = 0;
};

struct McmcRunRecord {
  std::string model, data;
  std::string method;  // nuts or hmc
  int chains = 0, warmup = 0, samples = 0;
  bool dense_mass = false;
  double target_accept = 0;
  int max_tree_depth = 0;
  unsigned long long seed = 0;
  std::vector<ChainReport> sampler;  // one per chain with draws
  // Per chain, per draw: the sampler's statistics (FIT.json's sample_stats,
  // under ArviZ's names: lp, acceptance_rate, step_size, tree_depth,
  // n_steps, diverging, energy).
  std::vector<std::vector<CsvDrawStats>> draw_stats;
  int thin = 1;
  bool save_warmup = false;
  // With save_warmup: the warmup's kept iterations, as draws and draw_stats.
  std::vector<SiteDraws> warmup_draws;
  std::vector<std::vector<CsvDrawStats>> warmup_draw_stats;
  // With --log-likelihood: each observed site's log density per element
  // and draw.
  std::vector<SiteDraws> log_likelihood;
  double wall_seconds = 0, slowest_chain_seconds = 0, seconds_per_gradient = 0;
  long gradient_evaluations = 0;
  // An interrupted run says how far it came.
  bool complete = true;
  int draws_per_chain = 0, chains_with_draws = 0;
};

struct SviRunRecord {
  std::string model, data;
  std::string guide, elbo, optim, init;
  int steps = 0, particles = 0, num_samples = 0;
  bool particles_vectorized = false;
  bool steps_replayed = false;
  bool scans_in_one_pass = false;  // the model's scans scored over all steps at once
  double init_scale = 0;
  std::string prefix = "auto";  // of the autoguide's param names
  nlohmann::json guide_posterior;  // an autoguide's description; null for a guide program
  std::optional<GuideQuantiles> guide_quantiles;  // of a Gaussian autoguide
  int rank = 0;                 // auto_lowrank_multivariate_normal's, when given
  // The flows' options (num_flows, hidden_dims, ...), added to settings.
  nlohmann::json guide_settings = nlohmann::json::object();
  unsigned long long seed = 0;
  double final_elbo = 0;  // NaN without steps: null
  double wall_seconds = 0;
  int steps_completed = 0;
  bool complete = true;
  // With --log-likelihood: each observed site's log density per element
  // and draw of the guide.
  std::vector<SiteDraws> log_likelihood;
};

struct PredictRunRecord {
  std::string model, data;
  std::optional<std::string> posterior;  // the fit the draws came from; none: the prior
  unsigned long long seed = 0;
  bool vectorized = false;
  bool posterior_from_guide = false;  // fresh draws from an SVI fit's guide
};

nlohmann::json mcmc_fit_json(const McmcRunRecord& run, const std::vector<SiteSummary>& summary,
                             const std::vector<SiteDraws>& draws);
nlohmann::json svi_fit_json(const SviRunRecord& run, const std::vector<FittedParam>& params,
                            const std::vector<double>& losses,
                            const std::vector<SiteSummary>& summary,
                            const std::vector<SiteDraws>& draws);
nlohmann::json predict_json(const PredictRunRecord& run, const std::vector<SiteSummary>& summary,
                            const std::vector<SiteDraws>& draws);

}  // namespace ppl::io
