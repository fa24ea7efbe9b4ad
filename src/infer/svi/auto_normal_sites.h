#pragma once
// The autoguides that draw each latent site from a Normal in the site's
// unconstrained space (auto_normal, auto_diagonal_normal); they differ only
// in where each site's loc and scale come from (site_loc_scale). A site
// whose support is not the real line is drawn as y = T(u) with
// log q(y) = log N(u; loc, scale) - log|det J_T(u)|; a real site is a plain
// Normal, so TraceMeanField_ELBO can use its analytic KL.
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "infer/svi/autoguide.h"

namespace ppl::infer {

class AutoNormalSites : public AutoGuide {
 public:
  using AutoGuide::AutoGuide;
  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override;
  // Sites whose support moves with other latent values.
  UnconstrainedValues unconstrained_values() const override;
  std::optional<handlers::Trace> draw_particles(ad::Tape& tape, const ParticleKeys& keys,
                                                RandomKey run_key, ParamHandler& params,
                                                int particle_dim,
                                                const std::map<std::string, ad::Var>* given) const override;

 protected:
  // N / M for a site of a subsampled plate (its log q counts for the whole
  // plate, as its log p does), else 1.
  static double site_scale(const LatentSite& site);
  // A site's loc and scale on the tape, of its unconstrained shape.
  virtual std::pair<ad::Var, ad::Var> site_loc_scale(const LatentSite& site,
                                                      AutoGuideRun& run) const = 0;
};

}  // namespace ppl::infer
