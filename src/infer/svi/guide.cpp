#include "infer/svi/guide.h"

#include "handlers/seed.h"
#include "runtime/interpreter.h"

namespace ppl::infer {

handlers::Trace ProgramGuide::draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                                   ParamHandler& params) const {
  handlers::HandlerStack stack;
  handlers::TraceHandler trace;
  handlers::SeedHandler seeder(seed);
  handlers::HandlerScope in_trace(stack, trace);
  handlers::HandlerScope in_seed(stack, seeder);
  handlers::HandlerScope in_params(stack, params);
  runtime::Interpreter interpreter(program_, data_, tape, stack, run_key);
  interpreter.run_guide();
  return trace.trace();
}

}  // namespace ppl::infer
