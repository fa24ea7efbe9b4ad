#pragma once
// `ppl report FIT.json [--predict PRED.json] [--sites a,b] [--pairs a,b] -o report.html`
#include <CLI/CLI.hpp>

namespace ppl::cli {

// Adds the options of the sub-command (cli/commands.cpp makes it) and its
// run, which sets `exit_code`.
void add_report_command(CLI::App* command, int& exit_code);

}  // namespace ppl::cli
