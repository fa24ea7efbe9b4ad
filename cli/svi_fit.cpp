#include "cli/svi_fit.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "cli/guide_selection.h"
#include "cli/job_ranks.h"
#include "cli/output_files.h"
#include "cli/progress_text.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "infer/arviz_groups.h"
#include "infer/elbo/elbo_report.h"
#include "infer/elbo/sharded_elbo.h"
#include "infer/elbo/model_guide_checks.h"
#include "infer/init_strategy.h"
#include "infer/log_likelihood.h"
#include "infer/row_shards.h"
#include "infer/svi/loss_trend.h"
#include "infer/svi/svi_fit.h"
#include "io/fit_documents.h"
#include "io/inference_data.h"

namespace ppl::cli {
namespace {

// Loss, its running mean over the last 100 steps and steps per second: one
// line redrawn on a terminal, a line every 10% of the steps otherwise.
class SviProgressDisplay {
 public:
  SviProgressDisplay(int steps, bool quiet)
      : steps_(steps), quiet_(quiet), terminal_(isatty(STDERR_FILENO)),
        started_(std::chrono::steady_clock::now()) {}
  void update(int step, double loss) {
    window_.push_back(loss);
    window_sum_ += loss;
    if (window_.size() > 100) {
      window_sum_ -= window_.front();
      window_.erase(window_.begin());
    }
    if (quiet_) return;
    int done = step + 1;
    bool last = done == steps_;
    if (terminal_ ? (done % 50 != 0 && !last) : (steps_ >= 10 && done % (steps_ / 10) != 0 && !last))
      return;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    char line[200];
    std::snprintf(line, sizeof line, "step %6d/%d  loss %.6g  mean(100) %.6g  %.0f steps/s", done,
                  steps_, loss, window_sum_ / window_.size(), seconds > 0 ? done / seconds : 0.0);
    const std::string eta = eta_text(last ? -1 : seconds * (steps_ - done) / done);
    std::cerr << (terminal_ ? "\r\x1b[2K" : "") << line << eta << (terminal_ && !last ? "" : "\n")
              << std::flush;
  }

 private:
  int steps_;
  bool quiet_, terminal_;
  std::chrono::steady_clock::time_point started_;
  std::vector<double> window_;
  double window_sum_ = 0;
};

}  // namespace

namespace {

infer::AutoGuideSettings autoguide_settings(const FitOptions& options) {
  infer::AutoGuideSettings settings;
  settings.init_scale = options.init_scale;
  settings.prefix = options.prefix;
  if (options.rank > 0) settings.rank = options.rank;
  settings.laplace_regularization = options.laplace_regularization;
  if (options.num_flows > 0) settings.num_flows = options.num_flows;
  if (!options.hidden_dims.empty())
    settings.hidden_dims = std::vector<int64_t>(options.hidden_dims.begin(), options.hidden_dims.end());
  settings.skip_connections = options.skip_connections;
  settings.nonlinearity = options.nonlinearity;
  settings.hidden_factors.assign(options.hidden_factors.begin(), options.hidden_factors.end());
  settings.dais_steps = options.dais_steps;
  settings.base_dist = options.base_dist;
  settings.eta_init = options.eta_init;
  settings.eta_max = options.eta_max;
  settings.gamma_init = options.gamma_init;
  settings.surrogate = options.surrogate;
  settings.surrogate_data = options.surrogate_data;
  settings.global_guide = options.global_guide;
  settings.local_guide = options.local_guide;
  settings.subsample_plate = options.subsample_plate;
  settings.use_global_dais_params = options.use_global_dais_params;
  return settings;
}

}  // namespace

int run_svi_fit(const FitOptions& options) {
  std::unique_ptr<ModelAndGuide> selected;  // outlives the try: errors quote its source
  try {
    const RandomKey base(options.seed);
    infer::ElboSettings elbo = infer::parse_elbo(options.elbo);
    elbo.particles = options.particles;
    std::unique_ptr<infer::Optimizer> optimizer;
    try {
      optimizer = infer::parse_optimizer(options.optim);
    } catch (const std::invalid_argument& e) {
      throw Error(std::string("--optim: ") + e.what());
    }
    infer::InitStrategy init = infer::parse_init_strategy(
        !options.init.empty() ? options.init : options.guide == "auto_delta" ? "median" : "uniform");
    selected = load_model_and_guide(options.model_path, options.guide, options.data_path,
                                         init, autoguide_settings(options), base);
    if (!every_rank_ok(selected != nullptr,
                       "could not load the program, its guide or its data (its message is above)") ||
        !selected)
      return 1;
    const LoadedProgram* loaded = selected->loaded.get();
    const infer::Guide* guide = selected->guide.get();
    // Refused before the fit, not after it.
    if (options.log_likelihood)
      if (const auto plate = infer::subsampled_plate(loaded->program, loaded->data, base))
        throw Error(fmt::format("--log-likelihood scores every element of the data at each draw; "
                                "plate '{}' draws a minibatch (remove its subsample to keep "
                                "the pointwise log likelihood)",
                                *plate));
    infer::ParamStore store;
    infer::ElboObjective objective(loaded->program, loaded->data, *guide, store, elbo);
    for (const std::string& warning : objective.initialize(fold_in(base, "initialize")))
      if (writes_results()) std::cerr << "warning: " << warning << "\n";
    if (store.values().size() == 0)
      throw Error("the guide and the model have no params to fit");
    if (guide->replay_by_step()) {
      // What check-elbo explains about a guide program: factors in it, and
      // sites no param affects.
      // (The errors among them stopped initialize() already.)
      for (const infer::GuideFinding& f :
           infer::model_guide_findings(objective, fold_in(base, "guide-warnings")))
        if (!f.error && writes_results()) std::cerr << infer::rendered_finding(loaded->program, f);
    }

    SviProgressDisplay display(options.steps, options.quiet);
    infer::RunawayCheck runaway;
    runaway.enabled = !options.allow_unbounded_elbo;
    infer::SviRequest request;
    request.steps = options.steps;
    request.num_samples = options.num_samples;
    request.key = base;
    if (writes_results()) request.progress = [&](int step, double loss) { display.update(step, loss); };
    request.runaway = runaway;
    request.quantile_levels = options.quantiles;
    std::sort(request.quantile_levels.begin(), request.quantile_levels.end());
    // Data-parallel SVI: each rank scores its block of the rows (or of each minibatch).
    std::unique_ptr<infer::ShardedElbo> sharded;
    if (options.data_parallel) {
      infer::Ranks* ranks = job_ranks();
      if (!several_ranks())
        throw Error("data-parallel SVI needs several MPI ranks (mpirun -np K ppl fit ...)");
      const infer::RowShards shards =
          infer::find_row_shards(loaded->program, loaded->data, 0, /*allow_minibatch=*/true);
      sharded = std::make_unique<infer::ShardedElbo>(loaded->program, loaded->data, *guide, store,
                                                     elbo, shards, objective, *ranks);
      sharded->initialize(fold_in(base, "initialize"));
      request.loss = [&](RandomKey key) { return sharded->evaluate(key); };
    }
    infer::SviFit result;
    try {
      result = infer::run_svi_fit(objective, store, *optimizer, request);
    } catch (const infer::RunawayElbo& error) {
      throw error.with_message(error.message() +
                               ". Pass --allow-unbounded-elbo to run every step regardless.");
    }
    if (!writes_results()) return 0;  // rank 0 reports and writes
    const int n = static_cast<int>(result.run.losses.size());
    io::SviRunRecord run;
    run.model = options.model_path;
    run.data = loaded->data_path;
    run.guide = guide->name() == "guide" ? options.guide : guide->name();
    run.elbo = elbo.to_string();
    run.steps = options.steps;
    run.optim = options.optim;
    run.particles = options.particles;
    run.particles_vectorized = result.particles_vectorized;
    run.init = init.to_string();
    run.init_scale = options.init_scale;
    run.prefix = options.prefix;
    run.guide_posterior = result.guide_posterior;
    run.guide_quantiles = result.guide_quantiles;
    run.rank = options.rank;
    run.guide_settings = infer::guide_settings_json(autoguide_settings(options), run.guide);
    run.num_samples = options.num_samples;
    run.seed = options.seed;
    run.final_elbo = result.run.final_elbo();
    run.wall_seconds = result.run.seconds;
    run.steps_replayed = result.steps_replayed;
    run.scans_in_one_pass = result.scans_in_one_pass;
    run.complete = !result.interrupted;
    run.steps_completed = n;
    std::map<std::string, Array> fitted_params;
    for (const io::FittedParam& param : result.params) fitted_params[param.name] = param.value;
    if (options.log_likelihood)
      run.log_likelihood = infer::pointwise_log_likelihood(loaded->program, loaded->data,
                                                           result.draws, fitted_params, base);
    const nlohmann::json fit = io::svi_fit_json(run, result.params, result.run.losses,
                                                infer::summarize_sites(result.draws), result.draws);
    if (result.interrupted) {
      const std::string path = incomplete_output_path(options.out_path);
      std::cerr << "interrupted: stopped after " << n << " of " << options.steps << " steps; "
                << (path.empty() ? "the incomplete summary follows on standard output"
                                 : "the incomplete fit (\"complete\": false, the params so far) goes to " + path)
                << "\n";
      write_incomplete_fit(fit, path);
      return interrupted_exit_code();
    }
    if (const std::optional<std::string> warning = infer::still_falling_warning(result.run.losses))
      std::cerr << "warning: " << *warning << "\n";
    bool written = write_fit_output(fit, options.out_path, !options.quiet);
    if (!options.inference_data.empty()) {
      const std::vector<std::vector<io::CsvDrawStats>> no_sampler;
      const std::vector<io::SiteDraws> no_warmup;
      written &= write_inference_data_file(
          options.inference_data, !options.quiet, [&] {
            return infer::fit_groups(loaded->program, loaded->data,
                                     {result.draws, no_sampler, fitted_params, no_warmup, no_sampler},
                                     base);
          });
      if (const auto plate = infer::subsampled_plate(loaded->program, loaded->data, base))
        std::cerr << "note: " << options.inference_data << " has no log_likelihood group: plate '"
                  << *plate << "' draws a minibatch\n";
    }
    return written ? 0 : 1;
  } catch (const std::exception& error) {
    // Under mpirun every rank meets the same error here: rank 0 tells it.
    if (writes_results())
      report_run_error(options.model_path, selected ? selected->loaded.get() : nullptr, error);
    return 1;
  }
}

}  // namespace ppl::cli
