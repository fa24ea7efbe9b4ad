// libFuzzer target: any bytes as a .ppl program through parse, check and
// lower. A crash, a hang or a diagnostic without a line and column is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "frontend/compile.h"
#include "frontend/lower.h"

namespace {

void require_located(const std::vector<ppl::Diagnostic>& diagnostics) {
  for (const ppl::Diagnostic& diagnostic : diagnostics) {
    // The one message about the whole file names the file alone.
    const bool whole_file = diagnostic.message == "the file has no model and no guide block";
    if (diagnostic.file.empty() || (!diagnostic.location.known() && !whole_file)) {
      std::fprintf(stderr, "diagnostic without a location: %s\n", diagnostic.message.c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ppl::frontend::CompiledProgram compiled = ppl::frontend::compile_source("fuzz.ppl", text);
  require_located(compiled.diagnostics);
  require_located(compiled.summary.warnings);
  // Rendering quotes the source line under a caret: it must cope with any line.
  (void)compiled.rendered_diagnostics();
  (void)compiled.rendered_warnings();
  if (compiled.ok()) (void)ppl::frontend::lower(compiled.program);
  return 0;
}
