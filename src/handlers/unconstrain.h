#pragma once
// unconstrain: gives latent sites their value from an unconstrained one
// through the bijection of the support the site has in this very run, and
// sums the bijections' log-Jacobians. A support whose bounds are computed
// from other latent values (beta ~ Uniform(0, 1 - alpha)) moves with them,
// so its bijection must be built at the site, not once for the whole fit.
// A value for a scan site is the stacked one; each step takes its slice.
//   UnconstrainHandler u({{"beta", tape.leaf(0.3)}}, tape); HandlerScope s(stack, u);
//   run(); u.log_jacobian()
#include <map>
#include <string>

#include "handlers/handler.h"

namespace ppl::handlers {

class UnconstrainHandler : public Handler {
 public:
  UnconstrainHandler(std::map<std::string, ad::Var> unconstrained, ad::Tape& tape)
      : unconstrained_(std::move(unconstrained)), log_jacobian_(tape.constant(0.0)) {}
  void process(Message& msg) override;
  // log |det J| of every bijection applied so far.
  ad::Var log_jacobian() const { return log_jacobian_; }

 private:
  std::map<std::string, ad::Var> unconstrained_;
  ad::Var log_jacobian_;
};

}  // namespace ppl::handlers
