#pragma once
// `ppl summary FILE... [--quantiles Q,...] [--json | --csv]`: CmdStan's
// stansummary for ppl's FIT.json and for CmdStan CSV files (one per chain).
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace ppl::cli {

struct SummaryOptions {
  std::vector<std::string> files;
  std::vector<double> quantiles{0.05, 0.5, 0.95};
  bool json = false;
  bool csv = false;
};

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_summary_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
