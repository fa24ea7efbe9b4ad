#include "infer/svi/auto_continuous.h"

#include "ad/ops.h"
#include "dist/delta.h"
#include "dist/multivariate_normal.h"

namespace ppl::infer {

AutoContinuous::AutoContinuous(const AutoGuideInputs& inputs) : AutoGuide(inputs) {
  refuse_subsampled_sites("a guide with one distribution over all coordinates");
}

AutoContinuous::CoordinateDraw AutoContinuous::draw_coordinates(AutoGuideRun& run, ad::Tape&,
                                                                RandomKey seed) const {
  const dist::DistributionPtr q = joint(run);
  const ad::Var z = q->sample(seed, Shape{dimension()});
  return {z, q->log_prob(z)};
}

handlers::Trace AutoContinuous::draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                                     ParamHandler& params) const {
  AutoGuideRun run(params, tape, run_key, data_);
  const auto [z, joint_log_q] = draw_coordinates(run, tape, fold_in(seed, "auto_latent"));
  bool first = true;
  for (const LatentSite& site : sites_) {
    const SliceRange range{site.offset, site.offset + site.size};
    const ad::Var u =
        ad::reshape(ad::slice(z, std::span<const SliceRange>(&range, 1)), site.unconstrained_shape);
    const ad::Var log_q = first ? joint_log_q : tape.constant(0.0);
    first = false;
    if (site.moving_support) {
      // The model's run maps u onto the support the site has there.
      run.sample(site.name,
                 std::make_shared<dist::Delta>(u, log_q, site.unconstrained_shape.rank()), u);
      continue;
    }
    const ad::Var y = site.transform->forward(u);
    const ad::Var site_log_q = log_q - ad::sum(site.transform->log_abs_det_jacobian(u, y));
    run.sample(site.name, std::make_shared<dist::Delta>(y, site_log_q, site.shape.rank()), y);
  }
  return run.take_trace();
}

std::optional<AutoGuide::Marginals> ScaleTrilNormalGuide::coordinate_marginals(
    const ParamStore& store) const {
  auto loc = param_values(store, param_name("loc"));
  auto scale_tril = param_values(store, param_name("scale_tril"));
  if (!loc || !scale_tril) return std::nullopt;
  return Marginals{*loc, factor_sd(*scale_tril, loc->size())};
}

nlohmann::json ScaleTrilNormalGuide::distribution_description() const {
  return {{"family", "MultivariateNormal"},
          {"loc", param_name("loc")},
          {"scale_tril", param_name("scale_tril") + scale_tril_origin()}};
}

dist::DistributionPtr ScaleTrilNormalGuide::scale_tril_normal(
    AutoGuideRun& run, const std::function<Array()>& initial_scale_tril) const {
  const ad::Var loc = loc_param(run);  // registered first, as the params' order is kept
  const ad::Var scale_tril =
      run.param(param_name("scale_tril"), dist::Constraint::of(dist::ConstraintKind::LowerCholesky),
                initial_scale_tril);
  return std::make_shared<dist::MultivariateNormal>(loc, scale_tril,
                                                    dist::MultivariateNormal::Matrix::ScaleTril);
}

}  // namespace ppl::infer
