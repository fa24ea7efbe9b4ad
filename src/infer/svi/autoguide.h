#pragma once
// Autoguides: guides built from a model's latent sites (found by
// ModelPotential), in the unconstrained space of each site's support. Each
// autoguide is a class of its own file, registered here by name; the command
// line's --guide, its help, messages and suggestions all read autoguides().
//   auto_normal           per site, Normal(loc, scale) with its own params
//                         auto_loc.SITE and auto_scale.SITE (auto_normal.cpp)
//   auto_diagonal_normal  one Normal(loc, scale) over all sites' coordinates
//                         concatenated: params auto_loc and auto_scale
//                         (auto_diagonal_normal.cpp)
//   auto_multivariate_normal, auto_lowrank_multivariate_normal
//                         one joint over all coordinates (auto_continuous.h)
//   auto_delta            a point mass at auto_loc.SITE, in constrained
//                         space: MAP estimation (auto_delta.cpp)
//   auto_iaf_normal, auto_bnaf_normal
//                         a standard Normal through normalizing flows
//                         (auto_iaf_normal.cpp, auto_bnaf_normal.cpp)
#include <Eigen/Dense>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "handlers/block.h"
#include "handlers/handler.h"
#include "handlers/trace.h"
#include "infer/latent_layout.h"
#include "infer/svi/guide.h"

namespace ppl::infer {

// The autoguides' options: the initial scale of those that have one, and
// the rank of auto_lowrank_multivariate_normal (round(sqrt(D)) when absent).
struct AutoGuideSettings {
  // Param names start with it: PREFIX_loc, PREFIX_scale.SITE (NumPyro's prefix).
  std::string prefix = "auto";
  double init_scale = 0.1;
  std::optional<int64_t> rank;
  // auto_laplace_approximation: added to the Hessian's diagonal.
  double laplace_regularization = 0;
  // The flows: how many (absent: 3 for auto_iaf_normal, 1 for
  // auto_bnaf_normal), auto_iaf_normal's hidden layers (absent: [D, D]),
  // skip connections and nonlinearity, auto_bnaf_normal's hidden factors.
  std::optional<int64_t> num_flows;
  std::optional<std::vector<int64_t>> hidden_dims;
  bool skip_connections = false;
  std::string nonlinearity = "elu";
  std::vector<int64_t> hidden_factors{8, 8};
  // Draws the networks' initial weights.
  RandomKey init_key{0};
  // auto_dais: annealing steps, the base Normal's covariance (diagonal or
  // cholesky), the step size's start and bound, the damping's start.
  int64_t dais_steps = 4;
  std::string base_dist = "diagonal";
  double eta_init = 0.01, eta_max = 0.1, gamma_init = 0.9;
  // auto_surrogate_likelihood_dais: the surrogate model's file and its data
  // file (empty: found beside it, as a model's).
  std::string surrogate, surrogate_data;
  // auto_semi_dais: the guide of the global sites (an autoguide, `guide`
  // or a guide file), the guide program of the local sites' DAIS base
  // (`guide` or a guide file; empty: a Normal per row), and whether the
  // dynamics' params are shared by the rows.
  std::string global_guide = "auto_normal";
  std::string local_guide;
  // auto_semi_dais: the plate of the local sites (NumPyro's subsample_plate;
  // empty: the one subsampled plate, or the one plate when none is).
  std::string subsample_plate;
  bool use_global_dais_params = false;
};

// A surrogate model, compiled, with its data.
struct SurrogateModel {
  const ir::Program* program;
  const runtime::ModelData* data;
};

class ModelPotential;

// A guide program as a part of a larger guide, and the model's latent sites
// it samples, as written (for-loop sites by their prefix).
struct ProgramGuidePart {
  std::unique_ptr<Guide> guide;
  std::set<std::string> sites;
};

// What an autoguide is built from: the model's latent sites, the
// unconstrained starting point (from an init strategy) and the options.
struct AutoGuideInputs {
  const LatentLayout& layout;
  Eigen::VectorXd initial;
  AutoGuideSettings settings;
  // The latent sites it covers (a part of an autoguide list); all when absent.
  std::optional<std::set<std::string>> sites;
  // The model's potential, for guides whose draws follow its gradient
  // (auto_dais); it must outlive the guide.
  ModelPotential* potential = nullptr;
  // auto_surrogate_likelihood_dais's surrogate model.
  const SurrogateModel* surrogate = nullptr;
  // The model itself, for guides that run it (auto_semi_dais).
  const ir::Program* program = nullptr;
  const runtime::ModelData* data = nullptr;
  // auto_semi_dais's guide programs (--global-guide, --local-guide).
  std::shared_ptr<ProgramGuidePart> global_program = nullptr, local_program = nullptr;
};

// One draw of an autoguide. Every site is a message through a handler
// stack, as in a program guide's run (NumPyro's autoguides call param and
// sample): trace, then a block that hides params from it, then the
// ParamHandler. A param is a param message the ParamHandler answers; a
// sample site, its distribution and drawn value, is recorded by the trace,
// which holds the latent sites only.
//   AutoGuideRun run(params, tape, run_key, data_);
//   ad::Var loc = run.param("auto_loc.mu", real, initial);
//   run.sample("mu", normal, value);
//   return run.take_trace();
class AutoGuideRun {
 public:
  // `tape` holds this draw's values; `run_key` is the key the model's run
  // shares (its minibatches), `data` the model's data (its chosen
  // minibatches).
  AutoGuideRun(ParamHandler& params, ad::Tape& tape, RandomKey run_key,
               const runtime::ModelData* data);
  AutoGuideRun(const AutoGuideRun&) = delete;
  AutoGuideRun& operator=(const AutoGuideRun&) = delete;
  // The constrained value of a param, registered with initial() when new
  // (computed only then).
  ad::Var param(const std::string& name, const dist::Constraint& constraint,
                const std::function<Array()>& initial);
  // Whether the store holds the param (one a guide adds after the fit).
  bool has_param(const std::string& name) const { return params_.has(name); }
  // A latent site: q's distribution and the value drawn from it; `scale`
  // multiplies its log q (N / M for a site of a subsampled plate).
  void sample(const std::string& name, dist::DistributionPtr distribution, ad::Var value,
              double scale = 1.0);
  // The minibatch the model's run draws in a subsampled plate of size `size`.
  std::vector<int64_t> minibatch(const std::string& plate, int64_t size, int64_t batch) const;
  // The draw's trace, moved out at the end of the draw.
  handlers::Trace take_trace() { return trace_.take(); }

 private:
  handlers::HandlerStack stack_;
  handlers::TraceHandler trace_;
  handlers::BlockHandler hide_params_;
  ParamHandler& params_;
  ad::Tape& tape_;
  RandomKey run_key_;
  const runtime::ModelData* data_;
};

// The base of the autoguides: the latent sites and where each starts.
class AutoGuide : public Guide {
 public:
  explicit AutoGuide(const AutoGuideInputs& inputs);
  bool replay_by_step() const override { return false; }
  // {guide, sites: [{name, shape, unconstrained_shape, offset, size,
  // bijection, support}], distribution: distribution_description()}.
  nlohmann::json posterior_description() const override;
  // Each unconstrained coordinate's marginal under the guide at the store's
  // params, loc and sd, in the layout of sites(); nullopt for guides that
  // are not Gaussian (auto_delta) or whose params do not follow the layout
  // (sites of a subsampled plate).
  struct Marginals {
    Eigen::VectorXd loc, sd;
  };
  virtual std::optional<Marginals> coordinate_marginals(const ParamStore& store) const {
    return std::nullopt;
  }
  const std::vector<LatentSite>& sites() const { return sites_; }
  // A point mass (MAP, auto_delta): no spread, so no quantiles to report.
  virtual bool is_point() const { return false; }

 protected:
  // The family over the unconstrained coordinates and the params holding
  // its arguments.
  virtual nlohmann::json distribution_description() const = 0;
  // A param's values at the store's params (constrained), row-major;
  // nullopt when the store does not hold it.
  static std::optional<Eigen::VectorXd> param_values(const ParamStore& store,
                                                     const std::string& name);
  // sd of each coordinate of a multivariate Normal from its covariance
  // factor F [D, R] (covariance F F^T), plus diag when given.
  static Eigen::VectorXd factor_sd(const Eigen::VectorXd& factor, Eigen::Index rows,
                                   const Eigen::VectorXd* diagonal_variance = nullptr);
  // A param's name: the prefix, an underscore, `what` (auto_loc).
  std::string param_name(const std::string& what) const { return settings_.prefix + "_" + what; }
  // ppl::Error naming a site of a subsampled plate: for guides whose params
  // cannot follow the minibatch.
  void refuse_subsampled_sites(const std::string& guide) const;
  // The initial unconstrained value of a site.
  Array initial_unconstrained(const LatentSite& site) const;
  // A param of a local site of a subsampled plate (NumPyro's autoguides with
  // create_plates): the plate's full size along its dim, started from
  // `batch_initial` (the minibatch's shape) repeated along it; the rows of
  // the minibatch the model's run draws.
  ad::Var minibatch_param(AutoGuideRun& run, const LatentSite& site, const std::string& name,
                          const dist::Constraint& constraint,
                          const std::function<Array()>& batch_initial) const;
  // The sites whose support moves with other latent values (their guide
  // values stay unconstrained); `with_jacobian` when q is a density.
  UnconstrainedValues moving_support_sites(bool with_jacobian) const;

  std::vector<LatentSite> sites_;
  Eigen::VectorXd initial_;
  AutoGuideSettings settings_;
  const runtime::ModelData* data_;  // the model's (its chosen minibatches); may be null
};

struct AutoGuideEntry {
  std::string name;
  std::string summary;  // one line for --help and the docs
  std::unique_ptr<Guide> (*make)(const AutoGuideInputs& inputs);
};

// A guide made of parts, each an autoguide over some latent sites
// (NumPyro's AutoGuideList): "auto_delta[coefs] + auto_normal". A part
// NAME[site, ...] covers the sites listed; at most one part without a list
// covers every other site. No site may be in two parts and every latent site
// must be in one. Parts with one param vector for all their sites
// (auto_diagonal_normal, auto_multivariate_normal...) after the first take
// the prefix auto_part2, auto_part3... so that their params stay apart.
// One part may be a guide program instead: `guide` (the model file's guide
// block) or a guide file, covering the latent sites it samples
// ("guide + auto_normal"). (auto_guide_list.cpp)
std::unique_ptr<Guide> make_autoguide_list(std::string_view spec, const AutoGuideInputs& inputs,
                                           std::optional<ProgramGuidePart> program = std::nullopt);
// The part of the list `spec` that is a guide program, nullopt when all are
// autoguides; ppl::Error for a part that is neither, or for two programs.
std::optional<std::string> program_part_of_list(std::string_view spec);
// Whether `spec` names an autoguide or a list of them.
bool names_autoguide(std::string_view spec);

// The options of the flows and of auto_dais as FIT.json's settings record
// them (empty when `guide` has none of those), and read back into `into`.
nlohmann::json guide_settings_json(const AutoGuideSettings& settings, std::string_view guide);
void read_guide_settings(const nlohmann::json& settings, AutoGuideSettings& into);
// ppl::Error naming a flow or DAIS option given for a guide that has no use
// for it.
void check_guide_options(const AutoGuideSettings& settings, std::string_view guide);

// The autoguides, in the order help texts list them.
const std::vector<AutoGuideEntry>& autoguides();
// nullptr for an unknown name.
const AutoGuideEntry* find_autoguide(std::string_view name);
// "auto_normal, auto_diagonal_normal, auto_delta".
std::string autoguide_names();
// The autoguide of that name; ppl::Error for an unknown name or when the
// model has sites it cannot guide.
std::unique_ptr<Guide> make_autoguide(std::string_view name, const AutoGuideInputs& inputs);

}  // namespace ppl::infer
