// auto_normal: each latent site's unconstrained value drawn from a Normal
// with params of its own, auto_loc.SITE and auto_scale.SITE (NumPyro's
// AutoNormal).
#include "infer/svi/auto_normal_sites.h"

namespace ppl::infer {

namespace {

class AutoNormal final : public AutoNormalSites {
 public:
  using AutoNormalSites::AutoNormalSites;
  std::string name() const override { return "auto_normal"; }

 private:
  std::pair<ad::Var, ad::Var> site_loc_scale(const LatentSite& site,
                                             AutoGuideRun& run) const override {
    return {run.param(param_name("loc") + "." + site.name, dist::Constraint::of(dist::ConstraintKind::Real),
                      [&] { return initial_unconstrained(site); }),
            run.param(param_name("scale") + "." + site.name, dist::Constraint::of(dist::ConstraintKind::Positive),
                      [&] { return Array::full(site.unconstrained_shape, init_scale_); })};
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoNormal>(inputs);
}

}  // namespace ppl::infer
