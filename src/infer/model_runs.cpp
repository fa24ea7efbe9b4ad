#include "infer/model_runs.h"

#include "ad/ops.h"
#include "dist/improper_uniform.h"
#include "dist/transforms.h"
#include "handlers/log_joint.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/unconstrain.h"
#include "runtime/run_program.h"

namespace ppl::infer {

namespace {

// Gives sites that cannot be sampled (ImproperUniform) a value: uniform in
// (-2, 2) in unconstrained space, as NumPyro's initialization does.
class ImproperSiteValues : public handlers::Handler {
 public:
  explicit ImproperSiteValues(RandomKey key) : key_(key) {}
  void process(runtime::Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample || msg.value || msg.observed ||
        !dynamic_cast<const dist::ImproperUniform*>(msg.distribution.get()))
      return;
    dist::TransformPtr t = dist::biject_to(msg.distribution->support());
    Shape shape = t->inverse_shape(handlers::site_shape(msg));
    RandomStream stream(fold_in(key_, msg.name));
    Eigen::ArrayXd u(shape.numel());
    for (Eigen::Index i = 0; i < u.size(); ++i) u[i] = 4.0 * stream.uniform() - 2.0;
    msg.value = t->forward(msg.distribution->tape().constant(Array(shape, u)));
  }

 private:
  RandomKey key_;
};

}  // namespace

handlers::Trace traced_model_run(const ir::Program& program, const runtime::ModelData& data,
                                 ad::Tape& tape, RandomKey key,
                                 const std::map<std::string, ad::Var>& values,
                                 const std::map<std::string, ad::Var>& moving) {
  handlers::TraceHandler trace;
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  handlers::UnconstrainHandler unconstrain(moving, tape);
  ImproperSiteValues improper(fold_in(key, "improper"));
  runtime::run_program(program, data, tape, key,
                       {&trace, &seed, &improper, &substitute, &unconstrain});
  return trace.trace();
}

void add_unflattened(ad::Var flat, const std::vector<std::pair<std::string, Shape>>& parts,
                     std::map<std::string, ad::Var>& values) {
  int64_t offset = 0;
  for (const auto& [name, shape] : parts) {
    const SliceRange range{offset, offset + shape.numel()};
    values[name] = ad::reshape(ad::slice(flat, std::span<const SliceRange>(&range, 1)), shape);
    offset += shape.numel();
  }
}

ad::Var run_model_log_joint(const ir::Program& program, const runtime::ModelData& data,
                            ad::Tape& tape, RandomKey key,
                            const std::map<std::string, ad::Var>& values,
                            const std::map<std::string, ad::Var>& moving, bool parallel_scans,
                            int& scans_run_in_parallel, const std::string& only_plate) {
  handlers::LogJointHandler joint(tape, only_plate);
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  handlers::UnconstrainHandler unconstrain(moving, tape);
  runtime::RunSettings settings;
  if (parallel_scans) settings.parallel_scan_values = &values;
  scans_run_in_parallel = runtime::run_program(program, data, tape, key,
                                               {&joint, &seed, &substitute, &unconstrain}, settings)
                              .scans_run_in_parallel;
  return moving.empty() || !only_plate.empty() ? joint.total()
                                                : joint.total() + unconstrain.log_jacobian();
}

ad::Var run_guide_log_density(const ir::Program& program, const runtime::ModelData& data,
                              ad::Tape& tape, RandomKey key,
                              const std::map<std::string, ad::Var>& values) {
  handlers::LogJointHandler joint(tape);
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  runtime::run_program(program, data, tape, key, {&joint, &seed, &substitute}, {.guide = true});
  return joint.total();
}

}  // namespace ppl::infer
