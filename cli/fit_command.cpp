#include "cli/fit_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/command_options.h"
#include "cli/job_ranks.h"
#include "cli/option_checks.h"
#include "cli/progress_text.h"
#include "cli/output_files.h"
#include "cli/program_loading.h"
#include "cli/svi_fit.h"
#include "core/interrupt.h"
#include "infer/arviz_groups.h"
#include "infer/init_strategy.h"
#include "infer/log_likelihood.h"
#include "infer/diagnostics/draws_summary.h"
#include "infer/mcmc/mcmc_fit.h"
#include "infer/mcmc/mcmc_warnings.h"
#include "infer/mcmc/multi_chain.h"
#include "io/cmdstan_csv.h"
#include "io/fit_documents.h"
#include "io/inference_data.h"
#include "infer/elbo/elbo_estimator.h"
#include "infer/svi/autoguide.h"

namespace ppl::cli {
namespace {

// Per-chain progress: one line per chain redrawn on a terminal, a line every
// 10% of the iterations otherwise.
class ChainProgress {
 public:
  ChainProgress(int chains, int total, bool quiet)
      : chains_(chains), total_(total), quiet_(quiet), terminal_(isatty(STDERR_FILENO)),
        lines_(chains), started_(chains), divergences_(chains, 0) {}

  void update(int chain, int iteration, bool warmup, const infer::DrawStats& stats) {
    if (quiet_) return;
    if (!warmup && stats.divergent) ++divergences_[chain];
    int done = (warmup ? iteration : iteration + warmup_) + 1;
    const auto now = std::chrono::steady_clock::now();
    if (done == 1) started_[chain] = now;
    // The chain's remaining time at its pace so far (warmup's steps are
    // often longer than sampling's: an estimate).
    const double elapsed = std::chrono::duration<double>(now - started_[chain]).count();
    const double remaining = done > 1 ? elapsed * (total_ - done) / (done - 1) : -1;
    std::string line = fmt_line(chain, done, warmup, stats.step_size) + eta_text(remaining);
    if (terminal_) {
      lines_[chain] = line;
      if (done % 10 != 0 && done != total_) return;
      std::string screen;
      if (drawn_) screen += "\x1b[" + std::to_string(chains_) + "F";
      for (const std::string& l : lines_) screen += "\x1b[2K" + l + "\n";
      std::cerr << screen << std::flush;
      drawn_ = true;
    } else if (total_ >= 10 && done % (total_ / 10) == 0) {
      std::cerr << line << "\n";
    }
  }
  void set_warmup(int warmup) { warmup_ = warmup; }

 private:
  std::string fmt_line(int chain, int done, bool warmup, double step) const {
    int width = 30;
    int filled = total_ > 0 ? done * width / total_ : width;
    char buffer[200];
    std::snprintf(buffer, sizeof buffer, "chain %d [%s%s] %5d/%d %s  divergences %d  step %.3g",
                  chain + 1, std::string(filled, '#').c_str(),
                  std::string(width - filled, '.').c_str(), done, total_,
                  warmup ? "warmup  " : "sampling", divergences_[chain], step);
    return buffer;
  }
  int chains_, total_;
  bool quiet_, terminal_;
  int warmup_ = 0;
  bool drawn_ = false;
  std::vector<std::string> lines_;
  std::vector<std::chrono::steady_clock::time_point> started_;
  std::vector<int> divergences_;
};

// The CSV of chain c (from 0): the --draws path itself for one chain,
// NAME_1.csv, NAME_2.csv ... for several.
std::string draws_csv_path(const FitOptions& options, int c) {
  std::string path = options.draws_path;
  if (options.chains == 1) return path;
  auto dot = path.rfind(".csv");
  return (dot == std::string::npos ? path : path.substr(0, dot)) + "_" + std::to_string(c + 1) +
         ".csv";
}

// Every file a fit writes and every file it reads, to check the outputs
// before the work starts.
bool check_fit_output_paths(const FitOptions& options) {
  std::vector<std::string> outputs = {options.out_path, options.inference_data};
  if (!options.draws_path.empty())
    for (int c = 0; c < options.chains; ++c) outputs.push_back(draws_csv_path(options, c));
  std::vector<std::string> inputs = {options.model_path, options.data_path};
  const std::string value_prefix = "value:";
  if (options.init.rfind(value_prefix, 0) == 0) inputs.push_back(options.init.substr(value_prefix.size()));
  // A guide given as a file (not an autoguide's name).
  std::error_code error;
  if (!options.guide.empty() && std::filesystem::exists(options.guide, error))
    inputs.push_back(options.guide);
  return check_output_paths(outputs, inputs);
}

int run_fit(const FitOptions& options) {
  auto loaded = load_program(options.model_path, std::nullopt, options.data_path);
  if (!every_rank_ok(loaded.has_value(),
                     "could not load the program or its data (its message is above)"))
    return 1;
  if (!loaded) return 1;
  const infer::SamplerKind sampler =
      options.method == "hmc" ? infer::SamplerKind::StaticHmc : infer::SamplerKind::Nuts;
  std::vector<std::string> model_params;
  for (const frontend::ParamSummary& param : loaded->compiled.summary.params)
    if (param.block == frontend::BlockKind::Model) model_params.push_back(param.name);
  if (writes_results())
    for (const std::string& warning : infer::kept_param_warnings(model_params, sampler))
      std::cerr << "warning: " << warning << "\n";
  try {
    infer::ChainSettings settings;
    settings.kind = sampler;
    settings.num_warmup = options.warmup;
    settings.num_samples = options.samples;
    settings.target_accept = options.target_accept;
    settings.dense_mass = options.dense_mass;
    settings.nuts.max_tree_depth = options.max_tree_depth;
    settings.hmc.integration_time = options.integration_time;
    settings.hmc.step_size_jitter = options.step_size_jitter;
    settings.save_warmup = options.save_warmup;

    infer::McmcRequest request;
    request.chains = options.chains;
    request.threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    request.seed = options.seed;
    request.init = infer::parse_init_strategy(options.init.empty() ? "uniform" : options.init);
    request.settings = settings;
    request.thin = options.thin;
    request.threads_per_chain = options.threads_per_chain;
    request.ranks = job_ranks();
    request.data_parallel = options.data_parallel;
    ChainProgress progress(options.chains, options.warmup + options.samples, options.quiet);
    progress.set_warmup(options.warmup);
    request.progress = [&](int chain, int iteration, bool warmup, const infer::DrawStats& stats) {
      progress.update(chain, iteration, warmup, stats);
    };
    const infer::McmcFit result = infer::run_mcmc(loaded->program, loaded->data, request);
    if (!writes_results()) return 0;  // rank 0 reports and writes
    const bool interrupted = result.interrupted;
    const int kept = result.draws_per_chain;
    const int chains_run = static_cast<int>(result.chains.size());

    // Too few draws for R-hat and ESS: an interrupted run has no summary.
    const std::vector<io::SiteSummary> summary = interrupted && kept < 10
                                                     ? std::vector<io::SiteSummary>{}
                                                     : infer::summarize_sites(result.sites);
    io::McmcRunRecord run;
    run.model = options.model_path;
    run.data = loaded->data_path;
    run.method = options.method;
    run.chains = options.chains;
    run.warmup = options.warmup;
    run.samples = options.samples;
    run.dense_mass = options.dense_mass;
    run.target_accept = options.target_accept;
    run.max_tree_depth = options.max_tree_depth;
    run.seed = options.seed;
    run.sampler = result.reports;
    if (options.log_likelihood)
      run.log_likelihood = infer::pointwise_log_likelihood(loaded->program, loaded->data,
                                                           result.sites, {}, RandomKey(options.seed));
    run.thin = options.thin;
    run.save_warmup = options.save_warmup;
    run.warmup_draws = result.warmup_sites;
    for (int c = 0; c < chains_run; ++c) {
      // The CSV's statistics: the saved warmup's first.
      const std::vector<io::CsvDrawStats> stats = infer::csv_chain(result, c).stats;
      const size_t warm = result.warmup_rows.empty() ? 0 : result.warmup_rows[c].size();
      if (options.save_warmup) run.warmup_draw_stats.emplace_back(stats.begin(), stats.begin() + warm);
      run.draw_stats.emplace_back(stats.begin() + warm, stats.end());
    }
    run.wall_seconds = result.wall_seconds;
    run.slowest_chain_seconds = result.slowest_chain_seconds;
    run.gradient_evaluations = result.gradient_evaluations;
    run.seconds_per_gradient = result.seconds_per_gradient;
    run.complete = !interrupted;
    run.draws_per_chain = kept;
    run.chains_with_draws = chains_run;
    const nlohmann::json fit = io::mcmc_fit_json(run, summary, result.sites);
    if (interrupted) {
      const std::string path = incomplete_output_path(options.out_path);
      std::cerr << "interrupted: stopped after " << kept << " of " << options.samples
                << " draws per chain (" << chains_run << " of " << options.chains << " chains); "
                << (path.empty() ? "the incomplete summary follows on standard output"
                                 : "the incomplete fit (\"complete\": false) goes to " + path)
                << (options.draws_path.empty() ? "" : "; no CSV draws are written") << "\n";
      write_incomplete_fit(fit, path);
      return interrupted_exit_code();
    }

    bool outputs_written = true;
    if (!options.draws_path.empty()) {
      const std::vector<io::CsvSite> csv_sites = infer::csv_sites(result);
      for (int c = 0; c < options.chains; ++c) {
        io::CsvChain chain = infer::csv_chain(result, c);
        chain.settings = {{"model", options.model_path},
                          {"method", "sample (Default)"},
                          {"num_samples", std::to_string(options.samples)},
                          {"num_warmup", std::to_string(options.warmup)},
                          {"save_warmup", options.save_warmup ? "1" : "0"},
                          {"thin", std::to_string(options.thin)},
                          {"engine", options.method == "hmc" ? "static" : "nuts"},
                          {"max_depth", std::to_string(options.max_tree_depth)},
                          {"metric", options.dense_mass ? "dense_e" : "diag_e"},
                          {"delta", std::to_string(options.target_accept)},
                          {"seed", std::to_string(options.seed)}};
        // A failed CSV does not stop the other outputs: the fit is kept.
        outputs_written &= write_file_atomically(draws_csv_path(options, c), [&](std::ostream& out) {
          io::write_cmdstan_csv(out, csv_sites, chain);
        });
      }
    }

    for (const std::string& warning :
         infer::mcmc_warnings(result, summary, {options.warmup, options.chains}))
      std::cerr << "warning: " << warning << "\n";

    outputs_written &= write_fit_output(fit, options.out_path, !options.quiet);
    if (!options.inference_data.empty()) {
      const std::map<std::string, Array> no_params;
      outputs_written &= write_inference_data_file(options.inference_data, !options.quiet, [&] {
        return infer::fit_groups(loaded->program, loaded->data,
                                 {result.sites, run.draw_stats, no_params, result.warmup_sites,
                                  run.warmup_draw_stats},
                                 RandomKey(options.seed));
      });
    }
    return outputs_written ? 0 : 1;
  } catch (const std::exception& error) {
    // Under mpirun every rank meets the same error here: rank 0 tells it.
    if (writes_results()) report_run_error(options.model_path, &*loaded, error);
    return 1;
  }
}

// The options only one method reads, to tell which of them were given.
struct MethodOptions {
  CLI::Option *method, *chains, *threads, *threads_per_chain, *data_parallel, *warmup, *samples, *dense_mass, *target_accept,
      *max_tree_depth, *integration_time, *step_size_jitter, *draws, *thin, *save_warmup;  // MCMC
  CLI::Option *elbo, *steps, *optim, *particles, *num_samples, *init_scale, *rank, *prefix,
      *quantiles,
      *laplace_regularization, *allow_unbounded_elbo, *num_flows, *hidden_dims,
      *skip_connections, *nonlinearity, *hidden_factors, *dais_steps, *base_dist, *eta_init,
      *eta_max, *gamma_init, *surrogate, *surrogate_data, *global_guide,
      *local_guide, *subsample_plate, *use_global_dais_params;  // SVI
};

// An option given that the chosen method would ignore, as a message naming
// what that method uses instead; empty when there is none.
std::string misplaced_option(const FitOptions& options, const MethodOptions& given) {
  auto in = [](CLI::Option* option) { return option->count() > 0; };
  if (options.guide.empty()) {
    const std::string sampler = options.method == "hmc" ? "HMC" : "NUTS";
    const std::string svi = " is an SVI option (with --guide); ";
    if (in(given.num_samples))
      return "--num-samples" + svi + "for " + sampler + ", the number of draws per chain is --samples";
    if (in(given.steps))
      return "--steps" + svi + "for " + sampler + ", the iterations per chain are --warmup and --samples";
    if (in(given.optim))
      return "--optim" + svi + sampler + " adapts its step size during warmup (aiming at --target-accept)";
    if (in(given.elbo))
      return "--elbo" + svi + sampler + " samples the posterior itself; add --guide (e.g. --guide auto_normal) to fit by SVI";
    if (in(given.particles))
      return "--particles" + svi + "for " + sampler + ", more draws come from --chains and --samples";
    if (in(given.init_scale))
      return "--init-scale" + svi + sampler + " starts each chain from --init";
    if (in(given.quantiles))
      return "--quantiles" + svi + "the summary of " + sampler + " draws gives 5%, 50% and 95%";
    if (in(given.prefix))
      return "--prefix" + svi + "it names an autoguide's params";
    if (in(given.rank))
      return "--rank" + svi + "it is the rank of auto_lowrank_multivariate_normal's covariance";
    if (in(given.laplace_regularization))
      return "--laplace-regularization" + svi + "it applies to auto_laplace_approximation's Hessian";
    if (in(given.allow_unbounded_elbo))
      return "--allow-unbounded-elbo" + svi + sampler + " has no ELBO";
    for (CLI::Option* option : {given.num_flows, given.hidden_dims, given.skip_connections,
                                given.nonlinearity, given.hidden_factors})
      if (in(option)) return option->get_name() + svi + "it shapes the flows of a flow autoguide";
    for (CLI::Option* option : {given.dais_steps, given.base_dist, given.eta_init, given.eta_max,
                                given.gamma_init, given.surrogate, given.surrogate_data,
                                given.global_guide, given.local_guide,
                                given.subsample_plate, given.use_global_dais_params})
      if (in(option)) return option->get_name() + svi + "it tunes auto_dais";
    return "";
  }
  const std::string mcmc = " is an MCMC option (NUTS, HMC); with --guide the fit is SVI: ";
  if (in(given.samples))
    return "--samples" + mcmc + "the number of draws from the fitted guide is --num-samples";
  if (in(given.warmup)) return "--warmup" + mcmc + "it runs --steps optimization steps";
  if (in(given.draws))
    return "--draws" + mcmc + "its draws from the fitted guide go to FIT.json (--out)";
  if (in(given.chains))
    return "--chains" + mcmc + "it fits one guide; more particles per step are --particles";
  if (in(given.threads)) return "--threads" + mcmc + "it runs on one thread";
  if (in(given.threads_per_chain))
    return "--threads-per-chain" + mcmc + "it runs on one thread";
  if (in(given.method)) return "--method" + mcmc + "choose its estimator with --elbo";
  for (CLI::Option* option : {given.dense_mass, given.target_accept, given.max_tree_depth,
                              given.integration_time, given.step_size_jitter, given.thin,
                              given.save_warmup})
    if (in(option)) return option->get_name() + mcmc + "tune its optimizer with --optim";
  return "";
}

}  // namespace

void add_fit_command(CLI::App* fit, int& exit_code) {
  const auto shared = model_command_options<FitOptions>(fit);
  FitOptions& options = *shared;
  MethodOptions given;
  add_data_option(fit, options.data_path);
  given.method = fit->add_option("--method", options.method, "nuts (default) or hmc")
      ->check(CLI::IsMember({"nuts", "hmc"}));
  given.chains = fit->add_option("--chains", options.chains, "number of chains (default 4, at most 1024)")
      ->check(integer_in(1, kMaxChains));
  given.threads = fit->add_option("--threads", options.threads,
                                  "threads for the chains (default: the cores, at most 1024)")
      ->check(integer_in(1, kMaxThreads));
  given.threads_per_chain =
      fit->add_option("--threads-per-chain", options.threads_per_chain,
                      "split each chain's log density over the rows of the model's outermost "
                      "data plate, on this many threads (as Stan's reduce_sum); the draws are "
                      "the same for any number")
          ->check(integer_in(1, kMaxThreads));
  given.data_parallel = fit->add_flag(
      "--data-parallel", options.data_parallel,
      "under mpirun: every rank works on its block of the outermost data plate's rows, for "
      "every chain (NUTS, HMC; default: the chains spread over the ranks) or every SVI step");
  given.warmup = fit->add_option("--warmup", options.warmup,
                                 "warmup iterations per chain (default 1000)")
      ->check(integer_in(0, kMaxIterations));
  given.samples = fit->add_option("--samples", options.samples,
                                  "draws per chain after warmup (default 1000)")
      ->check(integer_in(1, kMaxIterations));
  given.thin = fit->add_option("--thin", options.thin,
                                "keep every N-th draw after warmup (default 1), as CmdStan's thin")
                   ->check(integer_in(1, kMaxIterations));
  given.save_warmup = fit->add_flag("--save-warmup", options.save_warmup,
                                    "keep the warmup's draws too (FIT.json's warmup_draws, the "
                                    "CSV's first rows, InferenceData's warmup groups)");
  given.dense_mass = fit->add_flag("--dense-mass", options.dense_mass,
                                   "adapt a dense mass matrix (default diagonal)");
  given.target_accept = fit->add_option("--target-accept", options.target_accept,
                  "target mean acceptance for step size adaptation (default 0.8)")
      ->check(real_in(0.05, false, 0.999, false));
  given.max_tree_depth = fit->add_option("--max-tree-depth", options.max_tree_depth,
                                         "NUTS tree depth limit (default 10)")
      ->check(integer_in(1, 30));
  given.integration_time = fit->add_option("--integration-time", options.integration_time,
                                           "hmc: trajectory length, greater than 0 (default 1)")
      ->check(real_in(0, true, INFINITY, false));
  given.step_size_jitter = fit->add_option("--step-size-jitter", options.step_size_jitter,
                                           "hmc: relative jitter of the step size in [0, 1) (default 0)")
      ->check(real_in(0, false, 1, true));
  add_seed_option(fit, options.seed);
  fit->add_option("--out", options.out_path, "write FIT.json here (settings, summary, draws)");
  given.draws = fit->add_option("--draws", options.draws_path,
                  "write CmdStan CSV draws (NAME_1.csv, NAME_2.csv ... for several chains)");
  fit->add_flag("--quiet", options.quiet, "no progress display and no summary table");
  fit->add_flag("--log-likelihood", options.log_likelihood,
                "FIT.json also holds each observed site's log density per element and draw "
                "(log_likelihood, for LOO and WAIC)");
  fit->add_option("--inference-data", options.inference_data,
                  "write ArviZ's InferenceData here (netCDF-4: posterior, sample_stats, "
                  "log_likelihood, observed_data, constant_data; dims named after plates)");
  fit->add_option("--init", options.init,
                  "start: uniform[:RADIUS] (default, radius 2; median for auto_delta, as "
                  "NumPyro's), median, mean, sample, feasible or value:FILE.json (constrained "
                  "values by site)");
  fit->add_option("--guide", options.guide,
                  "fit by SVI with this guide: " + infer::autoguide_names() +
                      ", a list of parts over the sites (\"auto_delta[coefs] + auto_normal\"; "
                      "one part may be a guide program: \"guide + auto_normal\"), a guide file "
                      "(.ppl), or `guide` for the model file's own guide block");
  given.elbo = fit->add_option("--elbo", options.elbo,
                               "svi: " + infer::elbo_names() + " (default trace)");
  given.steps = fit->add_option("--steps", options.steps, "svi: optimization steps, at least 1 (default 10000)")
      ->check(integer_in(1, kMaxIterations));
  given.optim = fit->add_option("--optim", options.optim,
                  "svi: adam:LR (default adam:0.01), clipped_adam:LR, sgd:LR, sgd_momentum:LR, "
                  "adagrad:LR, rmsprop:LR, optionally ,exp:RATE:STEPS or ,step:FACTOR:STEPS");
  given.particles = fit->add_option("--particles", options.particles,
                                    "svi: particles per ELBO estimate (default 1)")
      ->check(integer_in(1, kMaxIterations));
  given.num_samples = fit->add_option("--num-samples", options.num_samples,
                  "svi: posterior draws from the fitted guide (default 1000)")
      ->check(integer_in(1, kMaxIterations));
  given.init_scale = fit->add_option("--init-scale", options.init_scale,
                  "svi: initial scale of the Gaussian autoguides (default 0.1)")
      ->check(real_in(0, true, INFINITY, false));
  given.rank = fit->add_option("--rank", options.rank,
                               "svi: the rank of auto_lowrank_multivariate_normal's covariance "
                               "factor (default round(sqrt(D)) for D latent coordinates)")
                   ->check(integer_in(1, kMaxIterations));
  given.prefix = fit->add_option("--prefix", options.prefix,
                                 "svi: the start of the autoguide's param names (default auto: "
                                 "auto_loc, auto_scale.SITE)");
  given.quantiles = fit->add_option("--quantiles", options.quantiles,
                                    "svi: levels of the guide's exact quantiles in FIT.json's "
                                    "guide_quantiles (default 0.05,0.25,0.5,0.75,0.95)")
                        ->delimiter(',')
                        ->check(real_in(0, true, 1, true));
  given.laplace_regularization =
      fit->add_option("--laplace-regularization", options.laplace_regularization,
                      "svi: added to the diagonal of auto_laplace_approximation's Hessian where "
                      "it is not positive definite (default 0)")
          ->check(real_in(0, false, INFINITY, false));
  given.num_flows = fit->add_option("--num-flows", options.num_flows,
                                    "svi: flows of auto_iaf_normal (default 3) or "
                                    "auto_bnaf_normal (default 1)")
                        ->check(integer_in(1, 64));
  given.hidden_dims = fit->add_option("--hidden-dims", options.hidden_dims,
                                      "svi: units of auto_iaf_normal's hidden layers, e.g. 16,16 "
                                      "(default D,D for D latent coordinates)")
                          ->delimiter(',')
                          ->check(integer_in(1, 4096));
  given.skip_connections = fit->add_flag("--skip-connections", options.skip_connections,
                                         "svi: auto_iaf_normal's networks add a masked linear "
                                         "map from their inputs to their outputs");
  given.nonlinearity = fit->add_option("--nonlinearity", options.nonlinearity,
                                       "svi: auto_iaf_normal's activation: elu (default), relu, "
                                       "leaky_relu, tanh, softplus, sigmoid");
  given.hidden_factors = fit->add_option("--hidden-factors", options.hidden_factors,
                                         "svi: hidden units per latent coordinate in each of "
                                         "auto_bnaf_normal's hidden layers (default 8,8)")
                             ->delimiter(',')
                             ->check(integer_in(1, 256));
  given.dais_steps = fit->add_option("--dais-steps", options.dais_steps,
                                     "svi: auto_dais's annealing steps K (default 4; 0 is the "
                                     "base Normal alone)")
                         ->check(integer_in(0, 1000));
  given.base_dist = fit->add_option("--base-dist", options.base_dist,
                                    "svi: auto_dais's base Normal: diagonal (default) or cholesky");
  given.eta_init = fit->add_option("--eta-init", options.eta_init,
                                   "svi: auto_dais's initial step size (default 0.01)")
                       ->check(real_in(0, true, INFINITY, false));
  given.eta_max = fit->add_option("--eta-max", options.eta_max,
                                  "svi: auto_dais's largest step size (default 0.1)")
                      ->check(real_in(0, true, INFINITY, false));
  given.gamma_init = fit->add_option("--gamma-init", options.gamma_init,
                                     "svi: auto_dais's initial momentum damping, in (0, 1) "
                                     "(default 0.9)")
                         ->check(real_in(0, true, 1, true));
  given.surrogate = fit->add_option("--surrogate", options.surrogate,
                                    "svi: auto_surrogate_likelihood_dais's surrogate model (a .ppl "
                                    "file with the model's latent sites and a cheap likelihood)");
  given.surrogate_data = fit->add_option("--surrogate-data", options.surrogate_data,
                                         "svi: the surrogate model's data (default: found beside "
                                         "it, as a model's)");
  given.global_guide = fit->add_option("--global-guide", options.global_guide,
                                       "svi: auto_semi_dais's guide for the global sites: an "
                                       "autoguide (default auto_normal), guide (the model "
                                       "file's guide block) or a guide file");
  given.local_guide = fit->add_option("--local-guide", options.local_guide,
                                      "svi: auto_semi_dais's base for the local sites, a guide "
                                      "program (guide or a guide file) sampling them in the "
                                      "subsampled plate (default a Normal per row)");
  given.subsample_plate = fit->add_option("--subsample-plate", options.subsample_plate,
                                          "svi: auto_semi_dais's plate of the local sites "
                                          "(default the one subsampled plate, or the one plate "
                                          "when none is subsampled)");
  given.use_global_dais_params =
      fit->add_flag("--use-global-dais-params", options.use_global_dais_params,
                    "svi: auto_semi_dais's step size, damping, schedule and mass shared by the "
                    "rows instead of one set per row");
  given.allow_unbounded_elbo = fit->add_flag(
      "--allow-unbounded-elbo", options.allow_unbounded_elbo,
      "svi: run every step even when the ELBO runs away (by default the fit stops when, after a "
      "window of 100 steps, the ELBO exceeds 1e10 or grew tenfold in each of the last three "
      "windows: a factor in the guide or an improper model)");
  fit->callback([shared, &options, &exit_code, given]() {
    if (std::string misplaced = misplaced_option(options, given); !misplaced.empty()) {
      std::cerr << "ppl fit: error: " << misplaced << "\n";
      exit_code = 1;
      return;
    }
    if (!check_fit_output_paths(options)) {
      exit_code = 1;
      return;
    }
    if (!options.guide.empty() && !options.data_parallel && several_ranks()) {
      if (writes_results())
        std::cerr << "ppl fit: error: SVI (--guide) runs on one process unless its rows are "
                     "split over the ranks (--data-parallel)\n";
      exit_code = 1;
      return;
    }
    install_stop_handlers();
    exit_code = options.guide.empty() ? run_fit(options) : run_svi_fit(options);
  });
}

}  // namespace ppl::cli
