// The ppl command: argument parsing and output only; the work is in src/.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "cli/argument_errors.h"
#include "cli/commands.h"
#include "cli/job_ranks.h"
#include "cli/output_files.h"

int main(int argc, char** argv) {
  if (!ppl::cli::start_job_ranks(argc, argv)) return 1;
  // MPI ends after the command, whichever way main returns.
  struct EndRanks {
    ~EndRanks() { ppl::cli::end_job_ranks(); }
  } end_ranks;
  // Only `ppl fit` shares its work among ranks; any other command would run
  // K times and write its outputs K times.
  if (ppl::cli::job_ranks() && ppl::cli::job_ranks()->size() > 1 &&
      (argc < 2 || std::string(argv[1]) != "fit")) {
    if (ppl::cli::writes_results())
      std::cerr << "ppl: error: under mpirun only `ppl fit` runs on several ranks; run `ppl "
                << (argc < 2 ? "" : argv[1]) << "` as one process\n";
    return 1;
  }
  CLI::App app{
      "ppl: probabilistic programs in a small language, with NumPyro's semantics.\n"
      "Write a model (and a guide) in a .ppl file; see docs/language.md."};
  app.set_version_flag("--version", std::string(PPL_VERSION));
  app.require_subcommand(1);

  int exit_code = 0;
  for (const ppl::cli::CommandEntry& command : ppl::cli::commands())
    command.add(app.add_subcommand(command.name, command.description), exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return ppl::cli::report_parse_error(app, error, argc, argv);
  }
  // A result lost on a full disk or a closed pipe is a failure.
  return ppl::cli::checked_standard_output(exit_code);
}
