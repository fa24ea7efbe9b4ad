#pragma once
// Compile a program from source, load its data, and run it under handlers.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "frontend/compile.h"
#include "frontend/lower.h"
#include "handlers/seed.h"
#include "handlers/trace.h"
#include "infer/predictive.h"
#include "io/data_json.h"
#include "runtime/interpreter.h"

namespace ppl::test {

struct LoadedProgram {
  ir::Program program;
  runtime::ModelData data;
};

inline LoadedProgram load(const std::string& source, const std::string& data_json = "{}",
                          const frontend::CheckOptions& options = {}) {
  frontend::CompiledProgram compiled = frontend::compile_source("test.ppl", source, options);
  INFO(compiled.rendered_diagnostics());
  REQUIRE(compiled.ok());
  LoadedProgram loaded;
  loaded.program = frontend::lower(compiled.program);
  loaded.data = runtime::ModelData::from(
      io::load_data_json(data_json, loaded.program.data, "test.json"));
  return loaded;
}

// The text of a program in models/.
inline std::string model_source(const std::string& model) {
  std::ifstream in(std::string(PPL_SOURCE_DIR) + "/models/" + model);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The deep Markov model on T = 3 steps of N = 2 binary sequences with D = 2
// features, Z = 2 latent dims and H = 3 hidden units: z is [T, N, Z].
inline LoadedProgram small_deep_markov_model() {
  return load(model_source("seed004_dmm.ppl"),
              R"({"T": 3, "N": 2, "D": 2, "Z": 2, "H": 3,
                  "x": [[[1, 0], [0, 0]], [[1, 1], [0, 1]], [[0, 1], [1, 0]]]})");
}

inline LoadedProgram load_file(const std::string& model, const std::string& data_file = "") {
  frontend::CompiledProgram compiled =
      frontend::compile_files(std::string(PPL_SOURCE_DIR) + "/models/" + model, std::nullopt);
  INFO(compiled.rendered_diagnostics());
  REQUIRE(compiled.ok());
  LoadedProgram loaded;
  loaded.program = frontend::lower(compiled.program);
  loaded.data = runtime::ModelData::from(
      data_file.empty() ? io::load_data_json("{}", loaded.program.data, "none")
                        : io::load_data_file(std::string(PPL_SOURCE_DIR) + "/models/" + data_file,
                                             loaded.program.data));
  return loaded;
}

// Runs the model (or guide) under seed and trace, inside `extra` handlers
// (pushed outermost first, all inside the trace).
inline handlers::Trace run_traced(const LoadedProgram& p, ad::Tape& tape, uint64_t seed,
                                  std::vector<handlers::Handler*> extra = {}, bool guide = false) {
  handlers::HandlerStack stack;
  handlers::TraceHandler trace;
  handlers::SeedHandler seeder{RandomKey(seed)};
  stack.push(trace);
  stack.push(seeder);
  for (handlers::Handler* h : extra) stack.push(*h);
  runtime::Interpreter interpreter(p.program, p.data, tape, stack, RandomKey(seed + 1));
  if (guide) interpreter.run_guide();
  else interpreter.run_model();
  return trace.trace();
}

// Predictive draws of `p` run all at once, checked to have run vectorized
// and to give the sites and shapes of draws run one at a time (the values
// differ: the randomness is drawn afresh).
inline std::vector<infer::SiteDraws> vectorized_predictions(const LoadedProgram& p,
                                                            infer::PredictiveOptions options) {
  bool vectorized = false;
  auto at_once = infer::predict(p.program, p.data, options, nullptr, &vectorized);
  CHECK(vectorized);
  options.vectorize = false;
  auto looped = infer::predict(p.program, p.data, options);
  REQUIRE(at_once.size() == looped.size());
  for (size_t k = 0; k < at_once.size(); ++k) {
    INFO(at_once[k].name);
    CHECK(at_once[k].name == looped[k].name);
    CHECK(at_once[k].shape == looped[k].shape);
  }
  return at_once;
}

}  // namespace ppl::test
