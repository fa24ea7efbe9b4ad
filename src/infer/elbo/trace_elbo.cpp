// Trace_ELBO: E_q[log p - log q]; pathwise gradients through reparameterized
// guide sites, score-function terms log q(z) (log p - log q) for the others.
// Every default of ElboEstimator is this estimator's.
#include "infer/elbo/elbo_estimator.h"

namespace ppl::infer {

namespace {

class TraceElbo final : public ElboEstimator {
 public:
  std::string name() const override { return "trace"; }
};

}  // namespace

std::unique_ptr<ElboEstimator> make_trace_elbo(std::optional<double>) {
  return std::make_unique<TraceElbo>();
}

}  // namespace ppl::infer
