#pragma once
// The options every command on a model file shares, declared once: the
// subcommand with its required model argument, --data and --seed.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "cli/option_checks.h"

namespace ppl::cli {

// `name` as a subcommand of `app` whose first argument is the model file.
inline CLI::App* add_model_command(CLI::App& app, const std::string& name,
                                   const std::string& description, std::string& model_path) {
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("model", model_path, "the model file (.ppl)")->required();
  return command;
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
