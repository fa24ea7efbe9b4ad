#pragma once
// An ELBO estimator: how one particle's traces become its ELBO term and its
// surrogate (whose gradient is the estimator's), and how particles combine
// into the loss. ElboObjective (elbo.h) runs the particles; each estimator
// is a class of its own file, registered by name in elbo_registry.cpp:
//   trace       Trace_ELBO (trace_elbo.cpp)
//   meanfield   TraceMeanField_ELBO (meanfield_elbo.cpp)
//   tracegraph  TraceGraph_ELBO (tracegraph_elbo.cpp)
//   renyi:A     RenyiELBO(alpha = A) (renyi_elbo.cpp)
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ad/tape.h"
#include "handlers/trace.h"

namespace ppl::infer {

// A guide site whose draw is not reparameterized: its score-function term is
// log q(z) times a cost, which the estimator chooses.
struct ScoreFunctionSite {
  const handlers::TraceSite& site;
  const handlers::Trace& model;
  const handlers::Trace& guide;
  const std::map<std::string, ad::Var>& model_terms;  // log p per site
  const std::map<std::string, ad::Var>& guide_terms;  // log q per site
  double elbo;                                        // the particle's ELBO
};

class ElboEstimator {
 public:
  virtual ~ElboEstimator() = default;
  // As --elbo takes it and FIT.json records it: "trace", "renyi:0.5".
  virtual std::string name() const = 0;
  // Whether a latent site whose guide and model distributions have a
  // closed-form KL contributes -KL(q || p) in place of log p - log q.
  virtual bool uses_analytic_kl() const { return false; }
  // The cost that multiplies log q(z) of a site without a reparameterized
  // draw (Trace_ELBO: the whole ELBO); may throw ppl::Error.
  virtual double score_function_cost(const ScoreFunctionSite& s) { return s.elbo; }
  // The loss of several particles from their ELBO terms; nullopt: minus the
  // mean of their surrogates (and of their ELBOs for the value).
  virtual std::optional<ad::Var> combined_loss(const std::vector<ad::Var>& elbos) const {
    return std::nullopt;
  }
  // Whether particles may run at once on a particle dim (the loss is a mean).
  virtual bool vectorizable() const { return true; }
};

struct ElboEntry {
  std::string name;      // before the colon of --elbo NAME:ARGUMENT
  std::string argument;  // the argument's name ("ALPHA"), empty when none
  std::string summary;   // one line for --help and the docs
  // `argument` parsed as a number when the entry takes one; ppl::Error for a bad one.
  std::unique_ptr<ElboEstimator> (*make)(std::optional<double> argument);
};

// The ELBO estimators, in the order help texts list them.
const std::vector<ElboEntry>& elbo_estimators();
// "trace, meanfield, tracegraph or renyi:ALPHA".
std::string elbo_names();
// The estimator of an --elbo value ("trace", "renyi:0.5"); ppl::Error
// naming the known ones otherwise.
std::unique_ptr<ElboEstimator> make_elbo_estimator(std::string_view spec);

}  // namespace ppl::infer
