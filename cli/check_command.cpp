#include "cli/check_command.h"

#include <iostream>

#include "frontend/compile.h"
#include "frontend/summary_report.h"
#include "frontend/lower.h"
#include "ir/printer.h"

namespace ppl::cli {
namespace {

int last_exit_code = 0;

int run_check(const CheckOptions& options) {
  std::optional<std::string> guide;
  if (!options.guide_path.empty()) guide = options.guide_path;
  frontend::CompiledProgram compiled = frontend::compile_files(options.model_path, guide);
  if (!compiled.ok()) {
    if (options.json) {
      nlohmann::json errors = nlohmann::json::array();
      for (const Diagnostic& d : compiled.diagnostics)
        errors.push_back({{"file", d.file},
                          {"line", d.location.line},
                          {"column", d.location.column},
                          {"message", d.message},
                          {"notes", d.notes}});
      std::cout << nlohmann::json{{"ok", false}, {"errors", errors}}.dump(2) << "\n";
    }
    std::cerr << compiled.rendered_diagnostics();
    return 1;
  }
  if (options.ir) {
    std::cout << ir::print(frontend::lower(compiled.program));
    return 0;
  }
  if (options.json) {
    std::cout << frontend::summary_json(compiled.summary).dump(2) << "\n";
  } else {
    std::cout << frontend::summary_text(compiled.summary);
  }
  return 0;
}

}  // namespace

void add_check_command(CLI::App& app, CheckOptions& options) {
  CLI::App* check = app.add_subcommand(
      "check",
      "Parse and check a .ppl file: prints its data, sites, params, plates and scans, or the "
      "errors with file:line:col and the source line. Exit code 0 when valid, 1 otherwise.");
  check->add_option("file", options.model_path, "the model file (.ppl)")->required();
  check->add_option("--guide", options.guide_path,
                    "a guide in its own .ppl file, checked against the model");
  check->add_flag("--json", options.json, "print the summary (or the errors) as JSON");
  check->add_flag("--ir", options.ir, "print the lowered intermediate representation");
  check->callback([&options]() { last_exit_code = run_check(options); });
}

int exit_code() { return last_exit_code; }

}  // namespace ppl::cli
