// auto_delta: a point mass per latent site at the param auto_loc.SITE, which
// lives on the site's support and is optimized through its bijection: MAP
// estimation (NumPyro's AutoDelta).
#include "dist/delta.h"
#include "infer/svi/autoguide.h"

namespace ppl::infer {

namespace {

class AutoDelta final : public AutoGuide {
 public:
  explicit AutoDelta(const AutoGuideInputs& inputs) : AutoGuide(inputs) {
    refuse_subsampled_sites("auto_delta");
  }
  std::string name() const override { return "auto_delta"; }
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
    AutoGuideRun run(params, tape, run_key);
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
        ad::Var y = run.param(param_name("loc") + "." + site.name, site.transform->codomain(), [&] {
          ad::Tape scratch;
          return site.transform->forward(scratch.constant(initial_unconstrained(site))).value();
        });
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
