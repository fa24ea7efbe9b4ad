#include "cli/argument_errors.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>
#include <vector>

#include "frontend/messages.h"

namespace ppl::cli {
namespace {

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  auto suggestion = frontend::messages::closest(name, candidates);
  return suggestion ? "; did you mean '" + *suggestion + "'?" : "";
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

int report_parse_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const std::vector<std::string> commands = command_names(app);
  // No command, or a word that is none of them.
  const CLI::App* chosen = nullptr;
  for (const CLI::App* sub : app.get_subcommands()) chosen = sub;
  if (!chosen && dynamic_cast<const CLI::RequiredError*>(&error)) {
    std::string first = argc > 1 ? argv[1] : "";
    if (first.size() > 1 && first[0] == '-')
      std::cerr << "ppl: error: unknown option '" << first << "'; give a command first: "
                << joined(commands) << " (ppl --help)\n";
    else if (first.empty() || first[0] == '-')
      std::cerr << "ppl: error: give a command: " << joined(commands) << " (ppl --help)\n";
    else
      std::cerr << "ppl: error: unknown command '" << first << "'" << did_you_mean(first, commands)
                << "\n  the commands are " << joined(commands) << "\n";
    return error.get_exit_code();
  }
  // Arguments before the command belong to none: options follow the command.
  if (dynamic_cast<const CLI::ExtrasError*>(&error) && !app.remaining().empty()) {
    const std::string first = app.remaining().front();
    std::cerr << "ppl: error: unknown option '" << first << "' before the command; options follow "
              << "it: ppl " << (chosen ? chosen->get_name() : "COMMAND") << " MODEL.ppl "
              << first << " ...\n";
    return error.get_exit_code();
  }
  if (chosen && dynamic_cast<const CLI::ExtrasError*>(&error)) {
    std::vector<std::string> options;
    for (const CLI::Option* option : chosen->get_options())
      for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
    const std::string prefix = "ppl " + chosen->get_name() + ": error: ";
    const std::vector<std::string> extras = chosen->remaining();
    auto is_option = [](const std::string& a) {
      return a.size() > 1 && a[0] == '-' && !std::isdigit(static_cast<unsigned char>(a[1])) &&
             a[1] != '.';
    };
    auto option = std::find_if(extras.begin(), extras.end(), is_option);
    if (option != extras.end()) {
      const std::string name = option->substr(0, option->find('='));
      std::cerr << prefix << "unknown option '" << name << "'" << did_you_mean(name, options)
                << "\n  see ppl " << chosen->get_name() << " --help for its options\n";
    } else if (!extras.empty()) {
      std::cerr << prefix << "unexpected argument '" << extras.front()
                << "' (a second model file, or the value of an option that takes none)\n";
    } else {
      return app.exit(error);
    }
    return error.get_exit_code();
  }
  // --help and --version end the parse with exit code 0.
  if (chosen && error.get_exit_code() != 0) {
    std::string what = error.what();
    const std::string required = " is required";
    if (what.size() > required.size() && what[0] != '-' &&
        what.compare(what.size() - required.size(), required.size(), required) == 0)
      what = "give the model file: ppl " + chosen->get_name() + " MODEL.ppl";  // the positional
    if (const auto* mismatch = dynamic_cast<const CLI::ArgumentMismatch*>(&error);
        mismatch && what.find(" missing") != std::string::npos)
      what = what.substr(0, what.find(':')) + " needs a value";
    std::cerr << "ppl " << chosen->get_name() << ": error: " << what << "\n  see ppl "
              << chosen->get_name() << " --help\n";
    return error.get_exit_code();
  }
  return app.exit(error);
}

}  // namespace ppl::cli
