#pragma once
// `ppl fit MODEL.ppl --data D.json --method nuts|hmc [--chains K] [--threads T]
//  [--warmup W] [--samples S] [--dense-mass] [--target-accept A]
//  [--max-tree-depth D] [--init STRATEGY] [--seed S] [--out FIT.json] [--draws DRAWS.csv]`
// `ppl fit MODEL.ppl --data D.json --guide auto_normal|auto_diagonal_normal|auto_delta|G.ppl
//  [--elbo trace|meanfield|tracegraph|renyi:A] [--steps N] [--optim adam:LR]
//  [--particles K] [--num-samples M] [--init STRATEGY] [--init-scale S] [--rank R] [--prefix P] [--quantiles Q,...] [--laplace-regularization E] [--allow-unbounded-elbo]
//  [--seed S] [--out FIT.json]`
#include <CLI/CLI.hpp>
#include <string>

namespace ppl::cli {

struct FitOptions {
  std::string model_path;
  std::string data_path;
  std::string method = "nuts";
  int chains = 4;
  int threads = 0;  // 0: one per chain, at most the cores
  int threads_per_chain = 0;  // 0: each chain's log density on one thread, unsplit
  bool data_parallel = false;  // under mpirun: every rank runs every chain on its rows
  int warmup = 1000;
  int samples = 1000;
  bool dense_mass = false;
  int thin = 1;                              // keep every thin-th draw
  bool save_warmup = false;                  // keep the warmup's draws too
  double target_accept = 0.8;
  int max_tree_depth = 10;
  double integration_time = 1.0;  // hmc
  double step_size_jitter = 0.0;  // hmc
  unsigned long long seed = 0;
  std::string out_path;
  std::string draws_path;
  bool quiet = false;
  // init_to_* strategy (see infer/init_strategy.h); empty: the method's
  // default, median for auto_delta (as NumPyro's AutoDelta), uniform otherwise.
  std::string init;
  // SVI (with --guide)
  std::string guide;
  std::string elbo = "trace";
  int steps = 10000;
  std::string optim = "adam:0.01";
  int particles = 1;
  int num_samples = 1000;
  double init_scale = 0.1;
  int rank = 0;  // auto_lowrank_multivariate_normal; 0: round(sqrt(D))
  std::string prefix = "auto";  // of the autoguides' param names
  std::vector<double> quantiles{0.05, 0.25, 0.5, 0.75, 0.95};  // the guide's exact quantiles
  double laplace_regularization = 0;  // auto_laplace_approximation
  // The flows: 0 for the guide's default (3 for auto_iaf_normal, 1 for
  // auto_bnaf_normal); auto_iaf_normal's hidden layers (empty: [D, D]),
  // skip connections and nonlinearity; auto_bnaf_normal's hidden factors.
  int num_flows = 0;
  std::vector<int> hidden_dims;
  bool skip_connections = false;
  std::string nonlinearity = "elu";
  std::vector<int> hidden_factors{8, 8};
  // auto_dais (defaults as NumPyro's AutoDAIS).
  int dais_steps = 4;
  std::string base_dist = "diagonal";
  double eta_init = 0.01, eta_max = 0.1, gamma_init = 0.9;
  std::string surrogate, surrogate_data;  // auto_surrogate_likelihood_dais
  std::string global_guide = "auto_normal";  // auto_semi_dais
  std::string local_guide;                   // auto_semi_dais
  std::string inference_data;                // --inference-data FIT.nc
  bool log_likelihood = false;               // FIT.json's log_likelihood
  std::string subsample_plate;               // auto_semi_dais
  bool use_global_dais_params = false;
  bool allow_unbounded_elbo = false;  // do not stop an ELBO that runs away
};

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_fit_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
