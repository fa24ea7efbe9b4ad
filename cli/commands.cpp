#include "cli/commands.h"

#include "cli/check_command.h"
#include "cli/check_elbo_command.h"
#include "cli/fit_command.h"
#include "cli/predict_command.h"
#include "cli/report_command.h"
#include "cli/summary_command.h"

namespace ppl::cli {

const std::vector<CommandEntry>& commands() {
  static const std::vector<CommandEntry> all{
      {"check",
       "Parse and check a .ppl file: prints its data, sites, params, plates and scans, or the "
       "errors with file:line:col and the source line. Exit code 0 when valid, 1 otherwise.",
       add_check_command},
      {"predict",
       "Draw the model's sites: from the prior, or with --posterior from a fit's posterior: an "
       "MCMC fit's draws, or fresh draws from an SVI fit's guide at its fitted params (any "
       "number, keyed by --seed), checked to belong to this model. "
       "Optional data entries that are absent are sampled; present ones are observed. Writes JSON "
       "with each site's shape, draws and a summary (mean, sd, median, 5% and 95% per element).",
       add_predict_command},
      {"fit",
       "Fit a model by MCMC (--method nuts or hmc): windowed warmup, several chains in "
       "parallel, convergence diagnostics (R-hat, bulk and tail ESS, MCSE), FIT.json and "
       "CmdStan-style CSV draws. With --guide, fit by stochastic variational inference "
       "instead: an autoguide or a guide program, an ELBO, an optimizer; FIT.json holds the "
       "fitted params, the loss history and a posterior summary from the guide's draws. "
       "Options of the other method are refused.",
       add_fit_command},
      {"check-elbo",
       "Check a guide against its model and estimate the ELBO: errors for latent sites missing on "
       "one side, incompatible supports or shapes; warnings that explain factors in the guide and "
       "guide sites no param affects; the ELBO with its Monte Carlo standard error, each site's "
       "E[log p], E[log q] and analytic KL, and the gradient's variance. With --compare, a "
       "second model/guide pair on common random numbers and a verdict: equal or different. "
       "Exit code 1 on errors, 2 with --expect-equal when the verdict is different.",
       add_check_elbo_command},
      {"summary",
       "Summarize posterior draws as CmdStan's stansummary does: per element mean, MCSE, sd, "
       "quantiles, bulk and tail ESS, R-hat (as R's posterior package), and per chain the "
       "divergences, maximum-tree-depth hits and E-BFMI. Reads a FIT.json of ppl fit, or the "
       "CmdStan CSV files of one fit (one per chain: ppl's --draws or Stan's). Elements are "
       "named with 0-based indices, as the language indexes (Stan's theta.1 is theta[0]).",
       add_summary_command},
      {"report",
       "Write one self-contained HTML page (it works offline) about a fit: the summary table; for "
       "MCMC trace, rank and density plots per element, a pair plot with divergent transitions "
       "marked and the energy plot; for SVI the ELBO curve and the guide's marginals; with "
       "--predict, a posterior predictive check of the data against replicated draws. Charts "
       "are drawn by Vega (Debian's libjs-vega), inlined in the page.",
       add_report_command},
  };
  return all;
}

}  // namespace ppl::cli
