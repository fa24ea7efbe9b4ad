#pragma once
// One run of a program's model or guide block under effect handlers, as
// NumPyro's `with h1, h2, h3: model()`: the handlers are given outermost
// first, every site of the run is a message through them, and what they
// record (a trace, a log joint) is read from them afterwards.
//
//   handlers::TraceHandler trace;
//   handlers::SeedHandler seed(key);
//   run_program(program, data, tape, key, {&trace, &seed});
//   trace.trace()
#include <initializer_list>
#include <map>
#include <string>

#include "ad/tape.h"
#include "core/random_key.h"
#include "handlers/handler.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::runtime {

struct RunSettings {
  bool guide = false;       // the guide block instead of the model
  bool vectorized = false;  // draws or particles stacked on a plate left of the program's dims
  // Latent values known in advance: scans are then scored in one pass.
  const std::map<std::string, ad::Var>* parallel_scan_values = nullptr;
  // Only this block of a subsampled plate's minibatch (a shard of a split ELBO).
  const MinibatchBlock* minibatch_block = nullptr;
};

// Whether `body` holds a scan, which parallel_scan_values may score in one pass.
bool has_scan(const ir::Body& body);

struct RunInfo {
  int scans_run_in_parallel = 0;
};

// `run_key` keys the program's own randomness (subsample indices, init draws).
RunInfo run_program(const ir::Program& program, const ModelData& data, ad::Tape& tape,
                    RandomKey run_key, std::initializer_list<handlers::Handler*> handlers,
                    const RunSettings& settings = {});

}  // namespace ppl::runtime
