#pragma once
// The ELBO of a model and a guide, as in NumPyro: particles drawn from the
// guide, the model replayed on each, scored by an ELBO estimator
// (elbo_estimator.h: trace, meanfield, tracegraph, renyi:ALPHA).
// Guide factors and observed guide sites are part of log q, exactly as in
// NumPyro's trace-based ELBOs.
//
// Several particles of an autoguide run at once on a particle dim, left of
// every batch dim of the program (NumPyro's vectorized particles), when the
// model allows: the first evaluation runs both ways on the same draws and
// keeps the vectorized run only if its loss and gradient agree with the
// particle-by-particle run. Otherwise, and for user guides and renyi,
// particles run one after the other on one tape.
//
// With one particle of the trace ELBO, the model's scans are scored in one
// pass over their steps (runtime/parallel_scan.cpp) on the guide's values
// stacked over time, once the first evaluation has given the step-by-step
// loss and gradient that way too (infer/fast_path.h). The guide still runs
// step by step: its draws at step t depend on its own at t - 1.
#include <Eigen/Dense>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "infer/elbo/elbo_estimator.h"
#include "infer/fast_path.h"
#include "infer/svi/guide.h"
#include "infer/svi/param_store.h"

namespace ppl::infer {

struct ElboSettings {
  std::string estimator = "trace";  // an --elbo value, as the estimator names itself
  int particles = 1;
  std::string to_string() const { return estimator; }
};

// Settings for an --elbo value ("trace", "renyi:0.5"); throws ppl::Error
// for one no estimator takes.
ElboSettings parse_elbo(const std::string& spec);

// One particle's figures, per site, for reports.
struct ParticleTerms {
  double elbo = 0;
  std::map<std::string, double> log_p;  // model sample and factor sites
  std::map<std::string, double> log_q;  // guide sample and factor sites
  std::map<std::string, double> kl;     // meanfield: sites with an analytic KL
  // The sites whose term is not finite, each with its value and distribution
  // ("guide b = 0 under Beta"), for the message that stops the fit.
  std::vector<std::string> non_finite;
};

// The model-side term an autoguide adds for sites it draws unconstrained
// (Guide::unconstrained_values): the log-Jacobian of their bijections.
inline constexpr const char* kUnconstrainLogJacobian = "_unconstrain_log_jacobian";

class ElboObjective {
 public:
  ElboObjective(const ir::Program& program, const runtime::ModelData& data, const Guide& guide,
                ParamStore& store, ElboSettings settings);

  struct Evaluation {
    double loss = 0;            // minus the ELBO estimate
    Eigen::VectorXd gradient;   // of the loss, w.r.t. store.values()
    std::vector<ParticleTerms> particles;
  };
  // `settings.particles` particles keyed from `key`; `particles` holds each
  // one's terms when they ran one by one (empty when vectorized). Throws ppl::Error
  // naming the sites whose log density is not finite when the loss is not,
  // and the params whose gradient is not finite.
  Evaluation evaluate(RandomKey key);

  // Runs one particle and checks the guide against the model (user guides);
  // registers every param. Throws ppl::Error with every error found;
  // returns the warnings.
  std::vector<std::string> initialize(RandomKey key);

  // One particle's traces (for reports and checks), on the objective's tape.
  struct Traces {
    handlers::Trace guide, model;
  };
  Traces run_particle(RandomKey key);
  ad::Tape& tape() { return tape_; }
  const Guide& guide() const { return guide_; }
  const ir::Program& program() const { return program_; }
  const runtime::ModelData& data() const { return data_; }
  ParamHandler& params() { return params_; }
  // Whether particles run vectorized (known after the first evaluation).
  bool vectorized() const { return vectorization_.on(); }
  // Whether the model's scans are scored in one pass (known after the first
  // evaluation).
  bool scans_in_one_pass() const { return parallel_scans_.on(); }
  // The loss of the last evaluate() on tape(), until the tape is cleared.
  ad::Var last_loss() const { return last_loss_; }

  // Makes this objective one shard of a split ELBO (elbo/sharded_elbo.h) past
  // the first: its ELBO counts only the model's sites inside `plate`, no
  // guide term and no Jacobian; particles run one by one. ppl::Error for an
  // estimator whose loss is not a sum over sites (renyi, tracegraph).
  void count_only_plate(const std::string& plate);
  // Particles one by one, never vectorized (whose draws may differ from the
  // loop's): every shard of a split ELBO scores the same particles.
  void run_particles_one_by_one() { vectorization_.rule_out(); }
  // The model runs keep only this block of its plate's minibatch (a shard of
  // a split ELBO over a subsampled plate).
  void keep_minibatch_block(runtime::MinibatchBlock block) {
    block_ = std::move(block);
    parallel_scans_.rule_out();
  }

 private:
  struct Particle {
    ad::Var elbo, surrogate;
    ParticleTerms terms;
  };
  // With scans_in_one_pass, the model's scans are scored in one pass where
  // they qualify.
  Particle particle(RandomKey key, bool scans_in_one_pass);
  Traces run_particle(RandomKey key, bool scans_in_one_pass);
  // The first evaluation of a model with scans: runs it both ways and keeps
  // one pass only if it agrees; returns the step-by-step evaluation.
  Evaluation decide_parallel_scans(RandomKey key);
  Particle score(const Traces& t);
  Evaluation evaluate_looped(RandomKey key, bool scans_in_one_pass);
  // `given`: stacked values for the guide's sample sites (a check on known draws).
  Evaluation evaluate_vectorized(RandomKey key, const std::map<std::string, Array>* given = nullptr);
  // Loss and gradient of the summed particles; throws naming what is not finite.
  void finish(ad::Var loss, Evaluation& e, const std::vector<Particle>& particles);

  FastPathDecision vectorization_;  // checked at the first evaluation
  FastPathDecision parallel_scans_;  // checked at the first evaluation
  int scans_run_in_parallel_ = 0;  // by the last model run
  std::string only_plate_;          // count_only_plate
  std::optional<runtime::MinibatchBlock> block_;
  int particle_dim_ = -1;
  ad::Var last_loss_;

  const ir::Program& program_;
  const runtime::ModelData& data_;
  const Guide& guide_;
  ParamStore& store_;
  ElboSettings settings_;
  std::unique_ptr<ElboEstimator> estimator_;
  ad::Tape tape_;
  ParamHandler params_;
};

}  // namespace ppl::infer
