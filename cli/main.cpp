// The ppl command: argument parsing and output only; the work is in src/.
#include <CLI/CLI.hpp>

#include "cli/argument_errors.h"
#include "cli/check_command.h"
#include "cli/check_elbo_command.h"
#include "cli/fit_command.h"
#include "cli/output_files.h"
#include "cli/predict_command.h"
#include "cli/summary_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "ppl: probabilistic programs in a small language, with NumPyro's semantics.\n"
      "Write a model (and a guide) in a .ppl file; see docs/language.md."};
  app.set_version_flag("--version", std::string(PPL_VERSION));
  app.require_subcommand(1);

  ppl::cli::CheckOptions check_options;
  ppl::cli::add_check_command(app, check_options);
  int predict_exit_code = 0;
  ppl::cli::PredictOptions predict_options;
  ppl::cli::add_predict_command(app, predict_options, predict_exit_code);

  int fit_exit_code = 0;
  ppl::cli::FitOptions fit_options;
  ppl::cli::add_fit_command(app, fit_options, fit_exit_code);

  int check_elbo_exit_code = 0;
  ppl::cli::CheckElboOptions check_elbo_options;
  ppl::cli::add_check_elbo_command(app, check_elbo_options, check_elbo_exit_code);

  int summary_exit_code = 0;
  ppl::cli::SummaryOptions summary_options;
  ppl::cli::add_summary_command(app, summary_options, summary_exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return ppl::cli::report_parse_error(app, error, argc, argv);
  }
  int exit_code = ppl::cli::exit_code();
  if (app.got_subcommand("check-elbo")) exit_code = check_elbo_exit_code;
  if (app.got_subcommand("predict")) exit_code = predict_exit_code;
  if (app.got_subcommand("fit")) exit_code = fit_exit_code;
  if (app.got_subcommand("summary")) exit_code = summary_exit_code;
  // A result lost on a full disk or a closed pipe is a failure.
  return ppl::cli::checked_standard_output(exit_code);
}
