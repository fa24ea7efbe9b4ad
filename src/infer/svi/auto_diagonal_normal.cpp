// auto_diagonal_normal: one Normal over the concatenated unconstrained
// coordinates of every latent site, params auto_loc and auto_scale; each
// site reads its slice (NumPyro's AutoDiagonalNormal).
#include "ad/ops.h"
#include "infer/svi/auto_normal_sites.h"

namespace ppl::infer {

namespace {

class AutoDiagonalNormal final : public AutoNormalSites {
 public:
  explicit AutoDiagonalNormal(const AutoGuideInputs& inputs) : AutoNormalSites(inputs) {
    refuse_subsampled_sites("auto_diagonal_normal");
  }
  std::string name() const override { return "auto_diagonal_normal"; }
  std::optional<Marginals> coordinate_marginals(const ParamStore& store) const override {
    auto loc = param_values(store, param_name("loc"));
    auto scale = param_values(store, param_name("scale"));
    if (!loc || !scale) return std::nullopt;
    return Marginals{*loc, *scale};
  }
  nlohmann::json distribution_description() const override {
    return {{"family", "Normal per coordinate, independent"},
            {"loc", param_name("loc")},
            {"scale", param_name("scale")}};
  }

 private:
  std::pair<ad::Var, ad::Var> site_loc_scale(const LatentSite& site,
                                             AutoGuideRun& run) const override {
    const Shape flat{initial_.size()};
    ad::Var loc = run.param(param_name("loc"), dist::Constraint::of(dist::ConstraintKind::Real),
                            [&] { return Array(flat, initial_.array()); });
    ad::Var scale = run.param(param_name("scale"), dist::Constraint::of(dist::ConstraintKind::Positive),
                              [&] { return Array::full(flat, settings_.init_scale); });
    const SliceRange range{site.offset, site.offset + site.size};
    auto site_part = [&](ad::Var all) {
      return ad::reshape(ad::slice(all, std::span<const SliceRange>(&range, 1)),
                         site.unconstrained_shape);
    };
    return {site_part(loc), site_part(scale)};
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_diagonal_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoDiagonalNormal>(inputs);
}

}  // namespace ppl::infer
