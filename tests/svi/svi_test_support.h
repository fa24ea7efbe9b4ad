#pragma once
// Fit a compiled program by SVI with an autoguide or its guide block.
#include <functional>
#include <memory>

#include "../runtime/runtime_test_support.h"
#include "infer/elbo/elbo.h"
#include "infer/init_strategy.h"
#include "infer/svi/autoguide.h"
#include "infer/svi/svi.h"

namespace ppl::test {

struct SviFit {
  std::unique_ptr<infer::ModelPotential> potential;
  std::unique_ptr<infer::Guide> guide;
  infer::ParamStore store;
  std::unique_ptr<infer::ElboObjective> objective;
  std::vector<double> losses;

  double param(const std::string& name) const { return store.constrained(*store.find(name)).item(); }
  // Minus the mean loss over the last `tail` steps.
  double final_elbo(size_t tail) const {
    double s = 0;
    for (size_t i = losses.size() - tail; i < losses.size(); ++i) s += losses[i];
    return -s / tail;
  }
};

// A model file and a guide file of models/ compiled together, with data as
// JSON text.
inline LoadedProgram load_pair_with_data(const std::string& model, const std::string& guide,
                                         const std::string& data_json) {
  frontend::CompiledProgram compiled =
      frontend::compile_files(std::string(PPL_SOURCE_DIR) + "/models/" + model,
                              std::string(PPL_SOURCE_DIR) + "/models/" + guide);
  INFO(compiled.rendered_diagnostics());
  REQUIRE(compiled.ok());
  LoadedProgram p;
  p.program = frontend::lower(compiled.program);
  p.data = runtime::ModelData::from(io::load_data_json(data_json, p.program.data, "test.json"));
  return p;
}

// The same with the data from a file of models/ (none when empty).
inline LoadedProgram load_pair(const std::string& model, const std::string& guide,
                               const std::string& data_file = "") {
  return load_pair_with_data(model, guide,
                             data_file.empty() ? "{}" : model_source(data_file));
}

// An objective for `p` (which must outlive it) with an autoguide of the
// settings given, or the program's guide block when `autoguide` is empty;
// `steps` optimizer steps.
// `complete` may add to the autoguide's inputs (guide programs).
inline std::unique_ptr<SviFit> fit_with(
    const LoadedProgram& p, std::optional<std::string> autoguide,
    const infer::AutoGuideSettings& settings, int steps, const std::string& optim = "adam:0.01",
    infer::ElboSettings elbo = {}, uint64_t seed = 0,
    const std::function<void(infer::AutoGuideInputs&)>& complete = nullptr) {
  auto f = std::make_unique<SviFit>();
  RandomKey key(seed);
  if (autoguide) {
    f->potential = std::make_unique<infer::ModelPotential>(p.program, p.data, fold_in(key, "model"));
    Eigen::VectorXd start = infer::initial_point(*f->potential, infer::InitStrategy{}, fold_in(key, "init"));
    infer::AutoGuideInputs inputs{f->potential->layout(), start, settings, std::nullopt,
                                  f->potential.get()};
    inputs.program = &p.program;
    inputs.data = &p.data;
    if (complete) complete(inputs);
    f->guide = infer::make_autoguide(*autoguide, inputs);
  } else {
    f->guide = std::make_unique<infer::ProgramGuide>(p.program, p.data);
  }
  f->objective = std::make_unique<infer::ElboObjective>(p.program, p.data, *f->guide, f->store, elbo);
  f->objective->initialize(fold_in(key, "initialize"));
  if (steps > 0) {
    auto optimizer = infer::parse_optimizer(optim);
    f->losses = infer::run_svi(*f->objective, f->store, *optimizer, steps, fold_in(key, "svi")).losses;
  }
  return f;
}

// The same with the default settings, or a rank for
// auto_lowrank_multivariate_normal.
inline std::unique_ptr<SviFit> fit(const LoadedProgram& p, std::optional<std::string> autoguide,
                                   int steps, const std::string& optim = "adam:0.01",
                                   infer::ElboSettings elbo = {}, uint64_t seed = 0,
                                   std::optional<int64_t> rank = std::nullopt) {
  infer::AutoGuideSettings settings;
  settings.rank = rank;
  return fit_with(p, std::move(autoguide), settings, steps, optim, elbo, seed);
}

// From `n` fresh one-particle draws of a fitted guide, log w = log p - log q
// per draw: the ELBO (the mean of log w) and its standard error, and the
// importance-sampling estimate of log Z (log of the mean of w) and its
// standard error (delta method).
struct ImportanceEstimate {
  double elbo, elbo_se, log_z, log_z_se;
};
inline ImportanceEstimate importance_estimate(const LoadedProgram& p, SviFit& f, int n) {
  infer::ElboObjective one(p.program, p.data, *f.guide, f.store, {});
  std::vector<double> log_w(n);
  double mean_log_w = 0;
  for (int k = 0; k < n; ++k) mean_log_w += (log_w[k] = -one.evaluate(RandomKey(1000 + k)).loss) / n;
  const double top = *std::max_element(log_w.begin(), log_w.end());
  double spread = 0, mean_w = 0, square_w = 0;
  for (double lw : log_w) {
    spread += (lw - mean_log_w) * (lw - mean_log_w) / (n - 1);
    const double w = std::exp(lw - top);
    mean_w += w / n;
    square_w += w * w / n;
  }
  return {mean_log_w, std::sqrt(spread / n), top + std::log(mean_w),
          std::sqrt((square_w - mean_w * mean_w) / n) / mean_w};
}

// The message of the ppl::Error that `f` throws, or "no error".
template <class F>
std::string error_message(F f) {
  try {
    f();
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

// The ELBO of a fitted guide, estimated from `particles` fresh particles.
inline double fresh_elbo(const LoadedProgram& p, SviFit& f, int particles, RandomKey key) {
  infer::ElboSettings many;
  many.particles = particles;
  infer::ElboObjective estimate(p.program, p.data, *f.guide, f.store, many);
  return -estimate.evaluate(key).loss;
}

}  // namespace ppl::test
