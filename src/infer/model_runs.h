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

// Named values cut out of a flat vector, in order: each (name, shape)
// takes the next shape.numel() entries; added to `values`.
void add_unflattened(ad::Var flat, const std::vector<std::pair<std::string, Shape>>& parts,
                     std::map<std::string, ad::Var>& values);

// The log joint of one run under seed, substitute(values) and
// unconstrain(moving), summed as the sites pass (no trace), with the
// log-Jacobians of the bijections built at the sites. `values` may give
// params too. With parallel_scans, scans that qualify are scored in one
// pass; their number goes to scans_run_in_parallel. With `only_plate`, only
// the sites inside that plate count, and no log-Jacobian.
ad::Var run_model_log_joint(const ir::Program& program, const runtime::ModelData& data,
                            ad::Tape& tape, RandomKey key,
                            const std::map<std::string, ad::Var>& values,
                            const std::map<std::string, ad::Var>& moving, bool parallel_scans,
                            int& scans_run_in_parallel, const std::string& only_plate = "");

// The log density of one run of the guide block under seed and
// substitute(values), where `values` gives its sites and params, summed as
// the sites pass, plates' scales included.
ad::Var run_guide_log_density(const ir::Program& program, const runtime::ModelData& data,
                              ad::Tape& tape, RandomKey key,
                              const std::map<std::string, ad::Var>& values);

}  // namespace ppl::infer
