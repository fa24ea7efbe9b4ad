#pragma once
// What a finished MCMC fit warns about, each warning with one line of
// advice: undefined points, divergences, an unadapted or collapsed step
// size, too few draws, R-hat and bulk ESS. The policy lives here; `ppl fit`
// prints the lines.
#include <string>
#include <vector>

#include "infer/mcmc/mcmc_fit.h"
#include "io/fit_documents.h"

namespace ppl::infer {

struct McmcWarningSettings {
  int warmup = 1000;  // iterations per chain
  int chains = 1;
};

// The warnings' texts, without the "warning: " prefix, in the order to print.
std::vector<std::string> mcmc_warnings(const McmcFit& result,
                                       const std::vector<io::SiteSummary>& summary,
                                       const McmcWarningSettings& settings);

// NUTS and HMC move the latent sites only: each param of the model keeps
// its initial value (as under NumPyro's MCMC), which a user fitting it would
// not expect. One warning per param, in the order given.
std::vector<std::string> kept_param_warnings(const std::vector<std::string>& model_params,
                                             SamplerKind sampler);

}  // namespace ppl::infer
