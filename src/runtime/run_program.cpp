#include "runtime/run_program.h"

#include "runtime/interpreter.h"

namespace ppl::runtime {

bool has_scan(const ir::Body& body) {
  for (const ir::StmtPtr& stmt : body)
    if (stmt->kind == ir::StmtKind::Scan || has_scan(stmt->body) || has_scan(stmt->else_body))
      return true;
  return false;
}

RunInfo run_program(const ir::Program& program, const ModelData& data, ad::Tape& tape,
                    RandomKey run_key, std::initializer_list<handlers::Handler*> handlers,
                    const RunSettings& settings) {
  handlers::HandlerStack stack;
  for (handlers::Handler* handler : handlers)
    if (handler) stack.push(*handler);  // an absent optional handler is nullptr
  Interpreter interpreter(program, data, tape, stack, run_key);
  if (settings.vectorized) interpreter.run_vectorized();
  if (settings.minibatch_block) interpreter.keep_minibatch_block(*settings.minibatch_block);
  if (settings.parallel_scan_values) interpreter.score_scans_in_parallel(*settings.parallel_scan_values);
  if (settings.guide) interpreter.run_guide();
  else interpreter.run_model();
  return {interpreter.scans_run_in_parallel()};
}

}  // namespace ppl::runtime
