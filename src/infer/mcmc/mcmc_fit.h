#pragma once
// A whole MCMC fit of a program, as `ppl fit --method nuts|hmc` runs it:
// the chains on their threads, each with its own potential and initial
// point, then every draw mapped to the constrained values of the latent and
// deterministic sites. A run stopped by a signal keeps the chains that
// reached sampling, each cut to as many draws as the shortest of them.
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "infer/diagnostics/draws_summary.h"
#include "infer/init_strategy.h"
#include "infer/latent_layout.h"
#include "infer/mcmc/multi_chain.h"
#include "infer/ranks.h"
#include "io/cmdstan_csv.h"
#include "io/fit_documents.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

struct McmcRequest {
  int chains = 4;
  int threads = 1;
  uint64_t seed = 0;
  InitStrategy init;
  ChainSettings settings;
  ChainProgress progress;  // may be empty
  // Keep every thin-th iteration after warmup (and of the warmup, when
  // settings.save_warmup), as CmdStan's thin.
  int thin = 1;
  // Each chain's log density split over the rows of the model's outermost
  // data plate (infer/sharded_potential.h) on this many threads; 0: not split.
  int threads_per_chain = 0;
  // The job's MPI ranks, if any. Without data_parallel the chains are spread
  // over them (chain c on rank c mod K); with it every rank runs every chain,
  // one chain at a time, on its own block of the shards. Either way every
  // rank ends with every chain's result; only rank 0 maps the draws to
  // constrained values (`sites`, `rows`).
  Ranks* ranks = nullptr;
  bool data_parallel = false;
};

// One chain's figures after warmup.
using ChainReport = io::ChainReport;

struct McmcFit {
  std::vector<OutputSite> outputs;     // latent sites, then deterministic ones
  std::vector<ChainResult> chains;     // the chains with draws, in chain order
  std::vector<ChainReport> reports;    // one per chain of `chains`
  std::vector<SiteDraws> sites;        // constrained draws per output site
  // Per chain, per draw: every output's elements in `outputs` order (a CSV row).
  std::vector<std::vector<std::vector<double>>> rows;
  // The same of the warmup's kept iterations, with save_warmup; else empty.
  std::vector<SiteDraws> warmup_sites;
  std::vector<std::vector<std::vector<double>>> warmup_rows;
  int thin = 1;
  bool interrupted = false;
  int draws_per_chain = 0;             // kept: ceil(samples / thin) unless interrupted
  double wall_seconds = 0;
  long gradient_evaluations = 0;       // over all chains
  int divergences = 0;                 // over all chains, after warmup
  double slowest_chain_seconds = 0;
  // Wall time per gradient evaluation on one thread: the wall time times the
  // threads the chains used, over every chain's evaluations.
  double seconds_per_gradient = 0;
  // Evaluations after warmup where the log density was NaN or infinite, and
  // the sites to blame at the first of them.
  long non_finite_evaluations = 0;
  std::vector<std::string> first_non_finite_sites;
};

// ppl::Error for a model without continuous latent sites or with a
// subsampled plate (its potential would change between steps), and for
// threads_per_chain or data_parallel on a model whose rows cannot be split.
McmcFit run_mcmc(const ir::Program& program, const runtime::ModelData& data,
                 const McmcRequest& request);

// The columns of the CmdStan CSV of a fit: its output sites.
std::vector<io::CsvSite> csv_sites(const McmcFit& fit);
// Chain c's draws (the saved warmup's first), sampler statistics, step
// size, metric and timing as a CmdStan CSV holds them (its settings lines
// are the caller's).
io::CsvChain csv_chain(const McmcFit& fit, int c);

}  // namespace ppl::infer
