#pragma once
// `ppl check-elbo MODEL.ppl [--guide G] [--data D] [--particles N] [--seed S]
//  [--elbo E] [--compare MODEL2.ppl [--guide2 G2] [--data2 D2]] [--expect-equal] [--json]`
#include <CLI/CLI.hpp>
#include <string>

namespace ppl::cli {

struct CheckElboOptions {
  std::string model_path, guide, data_path;
  std::string compare_path, guide2, data2_path;
  int particles = 1000;
  unsigned long long seed = 0;
  std::string elbo = "trace";
  bool expect_equal = false;
  bool json = false;
};

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_check_elbo_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
