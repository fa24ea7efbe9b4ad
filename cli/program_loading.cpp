#include "cli/program_loading.h"

#include <filesystem>
#include <iostream>

#include "cli/job_ranks.h"
#include "cli/output_files.h"
#include "cli/summary_table.h"
#include "core/error.h"
#include "core/text_file.h"
#include "frontend/lower.h"
#include "io/data_json.h"

namespace ppl::cli {

std::string default_data_file(const std::string& model_path) {
  // models/eight_schools_noncentered.ppl: eight_schools_noncentered.data.json,
  // then eight_schools.data.json, then eight.data.json, beside the model.
  std::filesystem::path model(model_path);
  std::string stem = model.stem().string();
  while (!stem.empty()) {
    std::filesystem::path candidate = model.parent_path() / (stem + ".data.json");
    if (std::filesystem::is_regular_file(candidate)) return candidate.string();
    size_t cut = stem.rfind('_');
    if (cut == std::string::npos) break;
    stem = stem.substr(0, cut);
  }
  return "";
}

std::optional<LoadedProgram> load_program(const std::string& model_path,
                                          const std::optional<std::string>& guide_path,
                                          const std::string& data_path,
                                          const frontend::CheckOptions& options) {
  LoadedProgram loaded;
  loaded.compiled = frontend::compile_files(model_path, guide_path, options);
  if (!loaded.compiled.ok()) {
    std::cerr << loaded.compiled.rendered_diagnostics();
    return std::nullopt;
  }
  if (writes_results()) std::cerr << loaded.compiled.rendered_warnings();
  loaded.program = frontend::lower(loaded.compiled.program);
  std::string data_file = data_path;
  if (data_file.empty() && !loaded.program.data.empty()) {
    data_file = default_data_file(model_path);
    if (!data_file.empty())
      if (writes_results())  // under mpirun, once
        std::cerr << "note: data from " << data_file << " (give --data to choose another)\n";
  }
  std::optional<runtime::ModelData> data = load_program_data(loaded.program, data_file);
  if (!data) return std::nullopt;
  loaded.data = std::move(*data);
  loaded.data_path = data_file;
  return loaded;
}

std::optional<runtime::ModelData> load_program_data(const ir::Program& program,
                                                    const std::string& data_file) {
  try {
    io::LoadedData data = data_file.empty()
                              ? io::load_data_json("{}", program.data, "(no --data)")
                              : io::load_data_file(data_file, program.data);
    for (const std::string& name : data.undeclared)
      std::cerr << data_file << ": warning: entry '" << name
                << "' is not declared in the program's data block; it is ignored\n";
    return runtime::ModelData::from(data);
  } catch (const Error& error) {
    // The reader's diagnostics name the data file: "FILE: error: ...".
    for (const Diagnostic& diagnostic : error.diagnostics()) std::cerr << render(diagnostic, nullptr);
    return std::nullopt;
  }
}

void report_run_error(const std::string& model_path, const LoadedProgram* loaded,
                      const std::exception& error) {
  // An error raised at a place in the program is rendered like a compile
  // error: the file, the source line and a caret.
  const auto* located = dynamic_cast<const Error*>(&error);
  if (located && located->place()) {
    const Diagnostic& diagnostic = located->diagnostics().front();
    if (loaded)
      for (const auto& source : loaded->compiled.sources) {
        if (source->file_name() != diagnostic.file) continue;
        std::cerr << render(diagnostic, source.get());
        return;
      }
    // Raised before the program was kept (while a guide was built): the
    // file is read again for the quoted line.
    try {
      const SourceText source(diagnostic.file, read_text_file(diagnostic.file));
      std::cerr << render(diagnostic, &source);
    } catch (const Error&) {
      std::cerr << render(diagnostic, nullptr);
    }
    return;
  }
  std::cerr << model_path << ": error: " << error.what() << "\n";
}

bool write_json_output(const nlohmann::json& json, const std::string& path) {
  // Files compact (a fit's draws indented would be several times larger);
  // standard output indented, for reading.
  if (path.empty())
    return write_standard_output([&json](std::ostream& out) { out << json.dump(2) << "\n"; });
  return write_file_atomically(path, [&json](std::ostream& out) { out << json.dump() << "\n"; });
}

bool write_fit_output(const nlohmann::json& fit, const std::string& path, bool show_summary) {
  const std::vector<double> levels{0.05, 0.5, 0.95};
  if (path.empty()) {
    const io::FitDraws draws = io::read_fit_json_draws(fit, "the fit");
    print_table(draws, element_rows(draws, levels), levels,
                "the fit (nothing written: give --out FIT.json to keep its draws)");
    return std::cout.good();
  }
  if (!write_json_output(fit, path)) return false;
  if (show_summary) {
    const io::FitDraws draws = io::read_fit_json_draws(fit, path);
    std::cout << "wrote " << path << "\n\n";
    print_table(draws, element_rows(draws, levels), levels, path);
  }
  return true;
}

bool write_incomplete_fit(const nlohmann::json& fit, const std::string& path) {
  if (!path.empty()) return write_json_output(fit, path);
  nlohmann::json brief = fit;
  brief.erase("draws");
  return write_json_output(brief, "");
}

}  // namespace ppl::cli
