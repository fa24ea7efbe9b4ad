#pragma once
// `ppl fit MODEL.ppl --guide auto_normal|auto_diagonal_normal|auto_delta|G.ppl|guide`:
// stochastic variational inference, FIT.json with the fitted params, the
// loss history, and a posterior summary from the guide's draws.
#include "cli/fit_command.h"

namespace ppl::cli {

int run_svi_fit(const FitOptions& options);

}  // namespace ppl::cli
