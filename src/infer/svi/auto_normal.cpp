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

  // A local site of a subsampled plate (NumPyro's AutoNormal with
  // create_plates): params of the plate's full size along its dim, indexed
  // by the minibatch the model's run draws. They start at the first run's
  // minibatch values, repeated along the plate.
  std::pair<ad::Var, ad::Var> minibatch_loc_scale(const LatentSite& site, AutoGuideRun& run) const {
    const int axis = site.shape.rank() - site.event_rank + site.subsample_dim;
    const int64_t batch = site.unconstrained_shape[axis];
    Shape full = site.unconstrained_shape;
    full[axis] = site.subsample_size;
    const auto initial_loc = [&] {
      ad::Tape scratch;
      std::vector<int64_t> repeated;
      for (int64_t j = 0; j < site.subsample_size; ++j) repeated.push_back(j % batch);
      return ad::take(scratch.constant(initial_unconstrained(site)),
                      std::span<const int64_t>(repeated), axis)
          .value();
    };
    const ad::Var loc = run.param(param_name("loc") + "." + site.name,
                                  dist::Constraint::of(dist::ConstraintKind::Real), initial_loc);
    const ad::Var scale =
        run.param(param_name("scale") + "." + site.name,
                  dist::Constraint::of(dist::ConstraintKind::Positive),
                  [&] { return Array::full(full, settings_.init_scale); });
    const std::vector<int64_t> rows = run.minibatch(site.subsampled_plate, site.subsample_size, batch);
    const std::span<const int64_t> view(rows);
    return {ad::take(loc, view, axis), ad::take(scale, view, axis)};
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoNormal>(inputs);
}

}  // namespace ppl::infer
