#include "cli/check_command.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/guide_selection.h"
#include "cli/program_loading.h"
#include "frontend/compile.h"
#include "frontend/summary_report.h"
#include "frontend/lower.h"
#include "infer/elbo/elbo_report.h"
#include "ir/printer.h"

namespace ppl::cli {
namespace {


// The checks fit and check-elbo make by running one particle of the guide
// against the model (sites on one side only, supports, shapes; factors in
// the guide, sites no param reaches). They need the data; 0 when they pass.
int check_guide_against_model(const CheckOptions& options,
                              const frontend::CompiledProgram& compiled) {
  bool needs_data = std::any_of(compiled.program.data.begin(), compiled.program.data.end(),
                                [](const ast::DataDecl& d) { return !d.optional; });
  if (needs_data && options.data_path.empty()) {
    std::cerr << options.model_path
              << ": note: give --data to also run the guide against the model (supports, "
                 "shapes, sites on one side only), as fit and check-elbo do\n";
    return 0;
  }
  try {
    const RandomKey key(0);
    auto selected = load_model_and_guide(options.model_path,
                                         options.guide_path.empty() ? "guide" : options.guide_path,
                                         options.data_path, infer::InitStrategy{}, {}, key);
    if (!selected) return 1;
    infer::ParamStore store;
    infer::ElboObjective objective(selected->loaded->program, selected->loaded->data,
                                   *selected->guide, store, infer::ElboSettings{});
    int errors = 0;
    for (const infer::GuideFinding& f : infer::model_guide_findings(objective, key)) {
      std::cerr << infer::rendered_finding(selected->loaded->program, f);
      errors += f.error;
    }
    return errors ? 1 : 0;
  } catch (const std::exception& error) {
    report_run_error(options.model_path, nullptr, error);
    return 1;
  }
}

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
  std::cerr << compiled.rendered_warnings();
  const bool guide_run = compiled.summary.has_model && compiled.summary.has_guide;
  if (guide_run && check_guide_against_model(options, compiled) != 0) return 1;
  // The guide run above has read the data; otherwise check them here.
  if (!guide_run && !options.data_path.empty() &&
      !load_program_data(frontend::lower(compiled.program), options.data_path))
    return 1;
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

void add_check_command(CLI::App* check, int& exit_code) {
  auto shared = std::make_shared<CheckOptions>();
  CheckOptions& options = *shared;
  check->add_option("file", options.model_path, "the model file (.ppl)")->required();
  check->add_option("--guide", options.guide_path,
                    "a guide in its own .ppl file, checked against the model");
  check->add_option("--data", options.data_path,
                    "data as JSON: checked against the data block; with a guide, also run the guide "
                    "against the model as fit does");
  check->add_flag("--json", options.json, "print the summary (or the errors) as JSON");
  check->add_flag("--ir", options.ir, "print the lowered intermediate representation");
  check->callback([shared, &exit_code]() { exit_code = run_check(*shared); });
}

}  // namespace ppl::cli
