#include "frontend/compile.h"

#include "core/error.h"
#include "core/text_file.h"
#include "frontend/parse.h"

namespace ppl::frontend {
namespace {

void parse_and_check(CompiledProgram& result, bool has_guide_file, const CheckOptions& options) {
  try {
    result.program = parse_program(*result.sources[0]);
    if (has_guide_file) merge_guide_file(result.program, parse_program(*result.sources[1], 1),
                       options.guide_file_replaces_model_guide);
    result.summary = check_program(result.program, options);
  } catch (const Error& error) {
    result.diagnostics = error.diagnostics();
    // An error without a file (raised below the front end) is the model's.
    for (Diagnostic& diagnostic : result.diagnostics)
      if (diagnostic.file.empty()) diagnostic.file = result.sources[0]->file_name();
  }
}

}  // namespace

CompiledProgram compile_files(const std::string& model_path,
                              const std::optional<std::string>& guide_path,
                              const CheckOptions& options) {
  CompiledProgram result;
  std::vector<std::string> paths{model_path};
  if (guide_path) paths.push_back(*guide_path);
  for (const std::string& path : paths) {
    std::string text;
    try {
      text = read_text_file(path);
    } catch (const Error& error) {
      result.diagnostics = error.diagnostics();
      return result;
    }
    result.sources.push_back(std::make_unique<SourceText>(path, std::move(text)));
  }
  parse_and_check(result, guide_path.has_value(), options);
  return result;
}

CompiledProgram compile_source(const std::string& file_name, const std::string& text,
                               const CheckOptions& options) {
  CompiledProgram result;
  result.sources.push_back(std::make_unique<SourceText>(file_name, text));
  parse_and_check(result, false, options);
  return result;
}

namespace {

std::string render_all(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<std::unique_ptr<SourceText>>& sources) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    const SourceText* source = nullptr;
    for (const auto& s : sources)
      if (s->file_name() == d.file) source = s.get();
    out += render(d, source);
  }
  return out;
}

}  // namespace

std::string CompiledProgram::rendered_diagnostics() const { return render_all(diagnostics, sources); }

std::string CompiledProgram::rendered_warnings() const {
  return render_all(summary.warnings, sources);
}

}  // namespace ppl::frontend
