#pragma once
// Autoguides built from a model's latent sites (found by ModelPotential), in
// the unconstrained space of each site's support:
//   auto_normal           per site, Normal(loc, scale) with its own params
//                         auto_loc.SITE and auto_scale.SITE
//   auto_diagonal_normal  one Normal(loc, scale) over all sites' coordinates
//                         concatenated: params auto_loc and auto_scale
//   auto_delta            a point mass at auto_loc.SITE, in constrained
//                         space (MAP estimation)
// A site whose support is not the real line is drawn as y = T(u) with
// log q(y) = log N(u; loc, scale) - log|det J_T(u)|; a real site is a plain
// Normal, so TraceMeanField_ELBO can use its analytic KL.
#include <string>
#include <utility>
#include <vector>

#include "infer/model_potential.h"
#include "infer/svi/guide.h"

namespace ppl::infer {

enum class AutoGuideKind { Normal, DiagonalNormal, Delta };

// The autoguides by name, in the order help texts list them: the one list
// the command line, its messages and suggestions read.
const std::vector<std::pair<std::string, AutoGuideKind>>& autoguides();
// "auto_normal, auto_diagonal_normal, auto_delta".
std::string autoguide_names();
// The kind of a name of autoguides(); nullopt otherwise.
std::optional<AutoGuideKind> autoguide_kind(const std::string& name);

class AutoGuide : public Guide {
 public:
  // `initial` is the unconstrained starting point (from an init strategy);
  // init_scale the initial scale of the Normals.
  AutoGuide(AutoGuideKind kind, const ModelPotential& layout, Eigen::VectorXd initial,
            double init_scale);
  std::string name() const override;
  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override;
  bool replay_by_step() const override { return false; }
  // Sites whose support moves with other latent values.
  UnconstrainedValues unconstrained_values() const override;
  std::optional<handlers::Trace> draw_particles(ad::Tape& tape, const std::vector<RandomKey>& seeds,
                                                RandomKey run_key, ParamHandler& params,
                                                int particle_dim,
                                                const std::map<std::string, ad::Var>* given) const override;

 private:
  // The sites' params on the tape: per site (auto_normal) or sliced from
  // the flat vectors (auto_diagonal_normal).
  std::pair<ad::Var, ad::Var> normal_params(const LatentSite& site, ParamHandler& params) const;
  AutoGuideKind kind_;
  std::vector<LatentSite> sites_;
  Eigen::VectorXd initial_;
  double init_scale_;
};

}  // namespace ppl::infer
