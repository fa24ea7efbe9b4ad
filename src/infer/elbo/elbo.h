#pragma once
// ELBO estimators over a model and a guide, as in NumPyro:
//   trace       Trace_ELBO: E_q[log p - log q]; pathwise gradients through
//               reparameterized guide sites, score-function terms
//               log q(z) * (log p - log q) for the others
//   meanfield   TraceMeanField_ELBO: as trace, but a latent site whose guide
//               and model distributions have a closed-form KL (at every scan
//               step) contributes -KL(q || p) instead of log p - log q
//   tracegraph  TraceGraph_ELBO: score-function terms weighted only by the
//               costs downstream of the site (model sites run after it in
//               the model, guide sites run after it in the guide: earlier
//               ones cannot depend on it), minus a moving-average baseline
//   renyi:A     RenyiELBO(alpha = A): 1/(1-A) log mean_k exp((1-A) w_k)
//               over the particles' log weights w_k (alpha = 0: the IWAE
//               bound); needs reparameterized guide sites
// Guide factors and observed guide sites are part of log q, exactly as in
// NumPyro's trace-based ELBOs.
//
// Several particles of an autoguide run at once on a particle dim, left of
// every batch dim of the program (NumPyro's vectorized particles), when the
// model allows: the first evaluation runs both ways on the same draws and
// keeps the vectorized run only if its loss and gradient agree with the
// particle-by-particle run. Otherwise, and for user guides and renyi,
// particles run one after the other on one tape.
#include <Eigen/Dense>
#include <map>
#include <string>
#include <vector>

#include "infer/svi/guide.h"
#include "infer/svi/param_store.h"

namespace ppl::infer {

struct ElboSettings {
  enum class Kind { Trace, MeanField, TraceGraph, Renyi };
  Kind kind = Kind::Trace;
  double alpha = 0.0;  // renyi
  int particles = 1;
  std::string to_string() const;
};

// "trace", "meanfield", "tracegraph", "renyi:ALPHA"; throws ppl::Error.
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
  ParamHandler& params() { return params_; }
  // Whether particles run vectorized (known after the first evaluation).
  bool vectorized() const { return vectorization_ == Vectorization::On; }

 private:
  struct Particle {
    ad::Var elbo, surrogate;
    ParticleTerms terms;
  };
  Particle particle(RandomKey key);
  Particle score(const Traces& t);
  Evaluation evaluate_looped(RandomKey key);
  // `given`: stacked values for the guide's sample sites (a check on known draws).
  Evaluation evaluate_vectorized(RandomKey key, const std::map<std::string, Array>* given = nullptr);
  // Loss and gradient of the summed particles; throws naming what is not finite.
  void finish(ad::Var loss, Evaluation& e, const std::vector<Particle>& particles);

  enum class Vectorization { Untried, On, Off };
  Vectorization vectorization_ = Vectorization::Untried;
  int particle_dim_ = -1;

  const ir::Program& program_;
  const runtime::ModelData& data_;
  const Guide& guide_;
  ParamStore& store_;
  ElboSettings settings_;
  ad::Tape tape_;
  ParamHandler params_;
  std::map<std::string, double> baselines_;  // tracegraph, per site
};

}  // namespace ppl::infer
