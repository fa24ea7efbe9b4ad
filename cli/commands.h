#pragma once
// The sub-commands of ppl, in the order --help lists them: each a name, the
// description --help prints, and the function that adds its options and
// its run to the sub-command made for it.
#include <CLI/CLI.hpp>
#include <vector>

namespace ppl::cli {

struct CommandEntry {
  const char* name;
  const char* description;
  void (*add)(CLI::App* command, int& exit_code);
};

const std::vector<CommandEntry>& commands();

}  // namespace ppl::cli
