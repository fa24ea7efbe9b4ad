// The ppl command: argument parsing and output only; the work is in src/.
#include <CLI/CLI.hpp>

#include "cli/check_command.h"

int main(int argc, char** argv) {
  CLI::App app{
      "ppl: probabilistic programs in a small language, with NumPyro's semantics.\n"
      "Write a model (and a guide) in a .ppl file; see docs/language.md."};
  app.set_version_flag("--version", std::string(PPL_VERSION));
  app.require_subcommand(1);

  ppl::cli::CheckOptions check_options;
  ppl::cli::add_check_command(app, check_options);

  CLI11_PARSE(app, argc, argv);
  return ppl::cli::exit_code();
}
