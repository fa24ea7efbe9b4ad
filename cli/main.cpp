// The ppl command: argument parsing and output only; the work is in src/.
#include <CLI/CLI.hpp>

#include "cli/argument_errors.h"
#include "cli/commands.h"
#include "cli/output_files.h"

int main(int argc, char** argv) {
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
