#pragma once
// Whether a guide fits its model, from one particle's pair of traces:
// errors (a latent site on one side only, a guide support that reaches
// outside the model's, a shape that differs) and, for `ppl check-elbo`,
// warnings that explain a guide that runs but cannot mean what its author
// likely meant.
#include <string>
#include <vector>

#include "dist/constraint.h"
#include "handlers/trace.h"
#include "ir/ir.h"

namespace ppl::infer {

struct GuideFinding {
  bool error = false;
  std::string site;
  std::string message;      // one sentence
  std::string explanation;  // a paragraph (warnings)
  SourceLocation location;  // the statement it concerns, in the model or guide file
};

// "FILE:LINE:COL: message".
std::string located_message(const ir::Program& program, const GuideFinding& finding);
// "FILE:LINE:COL: error: message" (or "warning"), as compile messages are
// written; the explanation follows on its own indented line.
std::string rendered_finding(const ir::Program& program, const GuideFinding& finding);

// Whether every value in `inner` lies in `outer` (e.g. positive within real).
bool support_within(const dist::Constraint& inner, const dist::Constraint& outer);

// What makes the ELBO meaningless (errors), and guide supports wider than a
// bounded interval of the model (warnings). `model` was run with the
// guide's draws replayed into it.
std::vector<GuideFinding> check_model_guide(const handlers::Trace& model,
                                            const handlers::Trace& guide);

// A warning when the guide draws model sites as a Delta of auxiliary sites
// (guide sites the model does not have) and none of those Deltas has a
// log_density (one left out is the constant 0): the map's Jacobian is then
// missing from log q.
std::vector<GuideFinding> auxiliary_jacobian_findings(const handlers::Trace& model,
                                                     const handlers::Trace& guide);

// Warnings: factor statements in the guide, and guide sites whose
// distribution depends on no param (`param_free` lists them; the caller
// finds them from the gradient).
std::vector<GuideFinding> guide_warnings(const handlers::Trace& guide,
                                         const std::vector<std::string>& param_free);

}  // namespace ppl::infer
