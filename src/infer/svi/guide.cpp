#include "infer/svi/guide.h"

#include "handlers/plate.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
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

std::optional<handlers::Trace> ProgramGuide::draw_particles(
    ad::Tape& tape, const std::vector<RandomKey>& seeds, RandomKey run_key, ParamHandler& params,
    int particle_dim, const std::map<std::string, ad::Var>* given) const {
  const int64_t n = static_cast<int64_t>(seeds.size());
  handlers::HandlerStack stack;
  handlers::PlateHandler particles({"_particles", particle_dim, n, n});
  handlers::TraceHandler trace;
  handlers::SeedHandler seeder(fold_in(seeds.front(), "particles"));
  handlers::SubstituteHandler substitute(given ? *given : std::map<std::string, ad::Var>{});
  handlers::HandlerScope in_particles(stack, particles);
  handlers::HandlerScope in_trace(stack, trace);
  handlers::HandlerScope in_seed(stack, seeder);
  handlers::HandlerScope in_params(stack, params);
  handlers::HandlerScope in_substitute(stack, substitute);
  runtime::Interpreter interpreter(program_, data_, tape, stack, run_key);
  interpreter.run_vectorized();
  interpreter.run_guide();
  return trace.trace();
}

}  // namespace ppl::infer
