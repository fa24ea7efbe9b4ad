#pragma once
// The front end in one call: read, parse and check a model file (and a
// separate guide file), keeping the sources so diagnostics can quote them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "frontend/ast.h"
#include "frontend/checker.h"

namespace ppl::frontend {

struct CompiledProgram {
  std::vector<std::unique_ptr<SourceText>> sources;
  ast::Program program;
  ProgramSummary summary;
  std::vector<Diagnostic> diagnostics;  // empty when the program is valid

  bool ok() const { return diagnostics.empty(); }
  // Every diagnostic, quoting the line from whichever source it points into.
  std::string rendered_diagnostics() const;
  // The checker's warnings (summary.warnings), rendered the same way.
  std::string rendered_warnings() const;
};

// Unreadable files become diagnostics too.
CompiledProgram compile_files(const std::string& model_path,
                              const std::optional<std::string>& guide_path,
                              const CheckOptions& options = {});
CompiledProgram compile_source(const std::string& file_name, const std::string& text,
                               const CheckOptions& options = {});

}  // namespace ppl::frontend
