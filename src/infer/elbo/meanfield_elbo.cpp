// TraceMeanField_ELBO: as Trace_ELBO, but a latent site whose guide and
// model distributions have a closed-form KL (at every scan step)
// contributes -KL(q || p) instead of log p - log q.
#include "infer/elbo/elbo_estimator.h"

namespace ppl::infer {

namespace {

class MeanFieldElbo final : public ElboEstimator {
 public:
  std::string name() const override { return "meanfield"; }
  bool uses_analytic_kl() const override { return true; }
};

}  // namespace

std::unique_ptr<ElboEstimator> make_meanfield_elbo(std::optional<double>) {
  return std::make_unique<MeanFieldElbo>();
}

}  // namespace ppl::infer
