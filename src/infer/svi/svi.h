#pragma once
// Stochastic variational inference: the optimizer follows the gradient of
// the ELBO objective in the params' unconstrained space, one fresh set of
// particles per step; then posterior draws from the fitted guide.
#include <functional>
#include <vector>

#include "infer/diagnostics/draws_summary.h"
#include "infer/elbo/elbo.h"
#include "infer/optim/optimizer.h"

namespace ppl::infer {

struct SviResult {
  std::vector<double> losses;  // one per step
  double seconds = 0;
  // The fit's ELBO: minus the mean loss over the last 10% of the steps
  // (NaN without steps).
  double final_elbo() const;
};

// Called after every step with the step index (0-based) and its loss.
using SviProgress = std::function<void(int step, double loss)>;

// When a loss has run away, checked after every window of steps on the
// ELBO of the window (minus its mean loss). The ELBO of a proper model and a
// normalized guide is at most the log evidence: above `bound` it has no such
// reading; nor has one that is positive and grew tenfold in each of the last
// three windows to above 1e6. Typical causes are a factor in the guide (it
// enters the ELBO as -E_q[factor], which the params can push to infinity) and
// an improper model.
struct RunawayCheck {
  bool enabled = true;
  int window = 100;
  double bound = 1e10;
};

// The error of a runaway ELBO: its message names the step, the ELBO and the
// likely causes.
class RunawayElbo : public Error {
 public:
  using Error::Error;
};

// The loss and gradient of one step from its key: the objective's own
// evaluate, or another estimate of the same ELBO (elbo/sharded_elbo.h).
using ElboLoss = std::function<ElboObjective::Evaluation(RandomKey)>;

// Throws ppl::Error (naming the step and the sites or params) when the loss
// or its gradient is not finite, and RunawayElbo when the ELBO runs away.
// `loss`, when given, replaces objective.evaluate.
SviResult run_svi(ElboObjective& objective, ParamStore& store, Optimizer& optimizer, int steps,
                  RandomKey key, const SviProgress& progress = nullptr,
                  const RunawayCheck& runaway = {}, const ElboLoss& loss = nullptr);

// `n` draws of the guide at the current params: every latent site of the
// guide and every deterministic site of the model (run on the guide's draws).
std::vector<SiteDraws> guide_posterior_draws(ElboObjective& objective, int n, RandomKey key);

}  // namespace ppl::infer
