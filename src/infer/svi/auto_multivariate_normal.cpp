// auto_multivariate_normal: one multivariate Normal over every latent
// coordinate, params auto_loc [D] and auto_scale_tril [D, D] (lower
// triangular, positive diagonal, starting at init_scale times the identity):
// NumPyro's AutoMultivariateNormal, which captures correlations between
// sites at O(D^2) params and O(D^3) cost per draw.
#include "infer/svi/auto_continuous.h"

namespace ppl::infer {

namespace {

class AutoMultivariateNormal final : public ScaleTrilNormalGuide {
 public:
  using ScaleTrilNormalGuide::ScaleTrilNormalGuide;
  std::string name() const override { return "auto_multivariate_normal"; }

 private:
  dist::DistributionPtr joint(AutoGuideRun& run) const override {
    return scale_tril_normal(run, [&] {
      Array identity = Array::eye(dimension());
      identity.mutable_values() *= settings_.init_scale;
      return identity;
    });
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_multivariate_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoMultivariateNormal>(inputs);
}

}  // namespace ppl::infer
