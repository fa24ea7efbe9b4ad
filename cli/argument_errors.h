#pragma once
// Messages for command lines CLI11 cannot parse, in ppl's words: an unknown
// command or option is named, with the closest known one ("did you mean").
#include <CLI/CLI.hpp>

namespace ppl::cli {

// Prints the message for a parse error of `app` and returns the exit code.
int report_parse_error(const CLI::App& app, const CLI::ParseError& error, int argc,
                       char** argv);

}  // namespace ppl::cli
