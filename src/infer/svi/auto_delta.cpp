// auto_delta: a point mass per latent site at the param auto_loc.SITE, which
// lives on the site's support and is optimized through its bijection: MAP
// estimation (NumPyro's AutoDelta). A local site of a subsampled plate has
// a point for every row of the plate.
#include <fmt/format.h>

#include "core/error.h"
#include "dist/delta.h"
#include "infer/svi/autoguide.h"

namespace ppl::infer {

namespace {

class AutoDelta final : public AutoGuide {
 public:
  explicit AutoDelta(const AutoGuideInputs& inputs) : AutoGuide(inputs) {
    for (const LatentSite& site : sites_)
      if (site.moving_support && !site.subsampled_plate.empty())
        throw Error(fmt::format("site '{}' of the subsampled plate '{}' has a support that moves "
                                "with other latent values; auto_delta cannot index its point by "
                                "the minibatch (write a guide that draws it inside the plate)",
                                site.name, site.subsampled_plate));
  }
  std::string name() const override { return "auto_delta"; }
  bool is_point() const override { return true; }
  nlohmann::json distribution_description() const override {
    return {{"family", "Delta per site"},
            {"value", param_name("loc") + ".SITE, on the site's support (constrained)"}};
  }

  // Sites whose support moves with other latent values; a point has no
  // density, so no Jacobian.
  UnconstrainedValues unconstrained_values() const override {
    return moving_support_sites(/*with_jacobian=*/false);
  }

  handlers::Trace draw(ad::Tape& tape, RandomKey, RandomKey run_key,
                       ParamHandler& params) const override {
    AutoGuideRun run(params, tape, run_key, data_);
    for (const LatentSite& site : sites_) {
      if (site.moving_support) {
        // The point stays unconstrained; the model's run maps it onto the
        // support the site has there.
        ad::Var u = run.param(param_name("loc") + "." + site.name,
                              dist::Constraint::of(dist::ConstraintKind::Real),
                              [&] { return initial_unconstrained(site); });
        run.sample(site.name,
                   std::make_shared<dist::Delta>(u, tape.constant(0.0), site.unconstrained_shape.rank()),
                   u);
      } else {
        const auto initial = [&] {
          ad::Tape scratch;
          return site.transform->forward(scratch.constant(initial_unconstrained(site))).value();
        };
        // A local site of a subsampled plate: a point per row of the whole
        // plate, indexed by the minibatch.
        const std::string name = param_name("loc") + "." + site.name;
        ad::Var y = site.subsampled_plate.empty()
                        ? run.param(name, site.transform->codomain(), initial)
                        : minibatch_param(run, site, name, site.transform->codomain(), initial);
        run.sample(site.name, std::make_shared<dist::Delta>(y, tape.constant(0.0), site.shape.rank()), y);
      }
    }
    return run.take_trace();
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_delta(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoDelta>(inputs);
}

}  // namespace ppl::infer
