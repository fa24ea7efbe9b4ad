#pragma once
// `ppl check FILE [--guide G] [--data D] [--json] [--ir]`
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace ppl::cli {

struct CheckOptions {
  std::string model_path;
  std::string guide_path;
  std::string data_path;
  bool json = false;
  bool ir = false;
};

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_check_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
