#include "infer/svi/guide.h"

#include "handlers/plate.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "runtime/interpreter.h"
#include "runtime/run_program.h"

namespace ppl::infer {

handlers::Trace ProgramGuide::draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                                   ParamHandler& params) const {
  handlers::TraceHandler trace;
  handlers::SeedHandler seeder(seed);
  runtime::run_program(program_, data_, tape, run_key, {&trace, &seeder, &params}, {.guide = true});
  return trace.trace();
}

std::optional<handlers::Trace> ProgramGuide::draw_particles(
    ad::Tape& tape, const ParticleKeys& keys, RandomKey run_key, ParamHandler& params,
    int particle_dim, const std::map<std::string, ad::Var>* given) const {
  const int64_t n = keys.count;
  handlers::PlateHandler particles({"_particles", particle_dim, n, n});
  handlers::TraceHandler trace;
  handlers::SeedHandler seeder(fold_in(keys.guide_key(0), "particles"));
  handlers::SubstituteHandler substitute(given ? *given : std::map<std::string, ad::Var>{});
  runtime::run_program(program_, data_, tape, run_key,
                       {&particles, &trace, &seeder, &params, &substitute},
                       {.guide = true, .vectorized = true});
  return trace.trace();
}

}  // namespace ppl::infer
