// auto_normal: each latent site's unconstrained value drawn from a Normal
// with params of its own, auto_loc.SITE and auto_scale.SITE (NumPyro's
// AutoNormal).
#include "ad/ops.h"
#include "infer/svi/auto_normal_sites.h"

namespace ppl::infer {

namespace {

class AutoNormal final : public AutoNormalSites {
 public:
  using AutoNormalSites::AutoNormalSites;
  std::string name() const override { return "auto_normal"; }
  std::optional<Marginals> coordinate_marginals(const ParamStore& store) const override {
    Marginals m{Eigen::VectorXd(initial_.size()), Eigen::VectorXd(initial_.size())};
    for (const LatentSite& site : sites_) {
      if (!site.subsampled_plate.empty()) return std::nullopt;
      auto loc = param_values(store, param_name("loc") + "." + site.name);
      auto scale = param_values(store, param_name("scale") + "." + site.name);
      if (!loc || !scale) return std::nullopt;
      m.loc.segment(site.offset, site.size) = *loc;
      m.sd.segment(site.offset, site.size) = *scale;
    }
    return m;
  }
  nlohmann::json distribution_description() const override {
    return {{"family", "Normal per coordinate, independent"},
            {"loc", param_name("loc") + ".SITE"},
            {"scale", param_name("scale") + ".SITE"},
            {"subsampled_sites",
             "a site of a subsampled plate has params of the plate's full size along its dim"}};
  }

 private:
  std::pair<ad::Var, ad::Var> site_loc_scale(const LatentSite& site,
                                             AutoGuideRun& run) const override {
    if (!site.subsampled_plate.empty()) return minibatch_loc_scale(site, run);
    return {run.param(param_name("loc") + "." + site.name, dist::Constraint::of(dist::ConstraintKind::Real),
                      [&] { return initial_unconstrained(site); }),
            run.param(param_name("scale") + "." + site.name, dist::Constraint::of(dist::ConstraintKind::Positive),
                      [&] { return Array::full(site.unconstrained_shape, settings_.init_scale); })};
  }

  // A local site of a subsampled plate: full-size params indexed by the
  // minibatch.
  std::pair<ad::Var, ad::Var> minibatch_loc_scale(const LatentSite& site, AutoGuideRun& run) const {
    return {minibatch_param(run, site, param_name("loc") + "." + site.name,
                            dist::Constraint::of(dist::ConstraintKind::Real),
                            [&] { return initial_unconstrained(site); }),
            minibatch_param(run, site, param_name("scale") + "." + site.name,
                            dist::Constraint::of(dist::ConstraintKind::Positive),
                            [&] { return Array::full(site.unconstrained_shape, settings_.init_scale); })};
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoNormal>(inputs);
}

}  // namespace ppl::infer
