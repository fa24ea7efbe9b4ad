#pragma once
// The options every command on a model file shares, declared once: the
// subcommand with its required model argument, --data and --seed.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "cli/option_checks.h"

namespace ppl::cli {

// `name` as a subcommand of `app` whose first argument is the model file.
// The options of a sub-command that reads a model file, with the file as
// its argument. Its run owns them: CLI11 writes into them while parsing.
template <class Options>
std::shared_ptr<Options> model_command_options(CLI::App* command) {
  auto options = std::make_shared<Options>();
  command->add_option("model", options->model_path, "the model file (.ppl)")->required();
  return options;
}

inline CLI::Option* add_data_option(CLI::App* command, std::string& data_path,
                                    const std::string& help = "data as JSON (CmdStan's layout)") {
  return command->add_option("--data", data_path, help);
}

inline CLI::Option* add_seed_option(CLI::App* command, unsigned long long& seed) {
  return command->add_option("--seed", seed, "random seed, 0 to 2^64-1 (default 0)")
      ->check(seed_value());
}

}  // namespace ppl::cli
