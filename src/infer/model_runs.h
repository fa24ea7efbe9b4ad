#pragma once
// The traced run of a model that finding its layout, prior draws and
// constrained values need.
#include <map>
#include <string>

#include "ad/tape.h"
#include "core/random_key.h"
#include "handlers/trace.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

// Runs the model under trace, seed, substitute(values) and
// unconstrain(moving); sites that cannot be sampled (ImproperUniform) and
// have no value get one uniform in (-2, 2) in unconstrained space, as
// NumPyro's initialization does.
handlers::Trace traced_model_run(const ir::Program& program, const runtime::ModelData& data,
                                 ad::Tape& tape, RandomKey key,
                                 const std::map<std::string, ad::Var>& values,
                                 const std::map<std::string, ad::Var>& moving = {});

}  // namespace ppl::infer
