#pragma once
// Posterior draws read back chain by chain from the files fits write, for
// `ppl summary`: ppl's FIT.json, and CmdStan CSV files (ppl's --draws and
// those Stan writes, one file per chain). Malformed files throw ppl::Error
// naming the file (and for CSV the line).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/site_results.h"

namespace ppl::io {

// A chain's sampler record: counts from FIT.json or from a CSV's sampler
// columns (which also give the energy of every draw).
struct ChainRecord {
  int draws = 0;
  std::optional<int> divergences, max_tree_depth_hits;
  std::optional<int> max_tree_depth;
  // Per draw, empty when the file has none: FIT.json's sample_stats, a
  // CSV's sampler columns.
  std::vector<double> energies, lp, acceptance_rate;
  std::vector<int> tree_depth;
  std::vector<bool> diverging;
};

struct FitDraws {
  std::string method;  // nuts, hmc, svi, predict (ppl predict's output), or "cmdstan csv"
  // Whether the draws are Markov chains, for which MCSE, ESS and R-hat mean
  // something; a guide's or ppl predict's draws are independent.
  bool from_markov_chains() const { return method != "svi" && method != "predict"; }
  std::vector<SiteDraws> sites;  // with lp__ first for a CSV
  std::vector<ChainRecord> chains;
};

// The "draws" of a FIT.json (each site's values split into its "chains").
FitDraws read_fit_json_draws(const nlohmann::json& fit, const std::string& path);

// One chain per file; the files must have the same columns. A site's
// columns (theta.1, L.2.1: 1-based, in any order) become one site of the
// shape their largest indices give; warmup draws saved with save_warmup
// are left out.
FitDraws read_cmdstan_csv_files(const std::vector<std::string>& paths);

}  // namespace ppl::io
