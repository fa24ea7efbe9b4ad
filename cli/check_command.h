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

void add_check_command(CLI::App& app, CheckOptions& options);
// The exit code of the sub-command that ran.
int exit_code();

}  // namespace ppl::cli
