// libFuzzer target: any bytes as a data JSON file for a program that declares
// every kind of entry (sizes, optional entries, int, real and bool arrays of
// rank 1 to 3, sizes given by other entries). A crash, a hang or a message
// that does not start with the file's name is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "frontend/compile.h"
#include "frontend/lower.h"
#include "io/data_json.h"

namespace {

// The names are those of the project's models and posteriordb programs, so
// their data files are useful seeds.
const char* const kDeclarations = R"(data {
  N: int
  J: int
  K: int
  T: int
  D: int
  y: real[N]?
  x: real[N]?
  X: real[N, K]?
  sigma: real[J]?
  counts: int[N]?
  flags: bool[N]?
  group: int[N]?
  cube: real[T, N, D]?
  scale: real?
  fixed: real[3, 2]?
}
model {
  theta ~ Normal(0, 1)
}
)";

const std::vector<ppl::ir::DataEntry>& declarations() {
  static const std::vector<ppl::ir::DataEntry> entries = [] {
    ppl::frontend::CompiledProgram compiled =
        ppl::frontend::compile_source("declarations.ppl", kDeclarations);
    if (!compiled.ok()) {
      std::fprintf(stderr, "%s", compiled.rendered_diagnostics().c_str());
      std::abort();
    }
    return ppl::frontend::lower(compiled.program).data;
  }();
  return entries;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string source_name = "fuzz.data.json";
  try {
    (void)ppl::io::load_data_json(text, declarations(), source_name);
  } catch (const std::runtime_error& error) {
    if (std::string(error.what()).rfind(source_name + ": ", 0) != 0) {
      std::fprintf(stderr, "message without the file's name: %s\n", error.what());
      std::abort();
    }
  }
  return 0;
}
