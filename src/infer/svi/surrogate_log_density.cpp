#include "infer/svi/surrogate_log_density.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/error.h"
#include "handlers/seed.h"
#include "infer/model_runs.h"
#include "runtime/run_program.h"

namespace ppl::infer {

namespace {

// Its params at their declared initial values, from one run.
void register_params(const ir::Program& program, const runtime::ModelData& data,
                     ParamStore& store) {
  ad::Tape tape;
  ParamHandler params(store, tape);
  handlers::SeedHandler seed(RandomKey(0));
  runtime::run_program(program, data, tape, RandomKey(0), {&seed, &params});
}

}  // namespace

SurrogateLogDensity::SurrogateLogDensity(const ir::Program& program, const runtime::ModelData& data,
                                         const LatentLayout& layout)
    : program_(program), data_(data), layout_(layout) {
  const LatentLayout own(program, data, RandomKey(0));
  std::vector<std::string> model_sites, surrogate_sites;
  for (const LatentSite& site : layout.sites())
    model_sites.push_back(
        fmt::format("{} {} {}", site.name, site.shape.to_string(), site.transform->name()));
  for (const LatentSite& site : own.sites())
    surrogate_sites.push_back(
        fmt::format("{} {} {}", site.name, site.shape.to_string(), site.transform->name()));
  if (model_sites != surrogate_sites)
    throw Error(
        fmt::format("the surrogate model's latent sites ({}) are not the model's ({}): "
                    "it needs the same sites, shapes and supports, with a cheaper "
                    "likelihood",
                    fmt::join(surrogate_sites, ", "), fmt::join(model_sites, ", ")));
  register_params(program, data, initial_);
  for (const ParamEntry& param : initial_.entries()) param_shapes_.emplace_back(param.name, param.shape);
}

void SurrogateLogDensity::gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta,
                                    uint64_t, Eigen::VectorXd& x_gradient, Eigen::VectorXd& theta_gradient) {
  tape_.clear();
  const ad::Var flat = tape_.leaf(Array(Shape{x.size()}, x.array()));
  const ad::Var theta_flat = tape_.leaf(Array(Shape{theta.size()}, theta.array()));
  LatentLayout::PointValues point = layout_.point_values(tape_, flat);
  std::map<std::string, ad::Var> values = point.constrained;
  add_unflattened(theta_flat, param_shapes_, values);
  int parallel = 0;
  const ad::Var log_density = run_model_log_joint(program_, data_, tape_, RandomKey(0), values,
                                                  point.moving, false, parallel) +
                              point.log_jacobian;
  const std::vector<Array> g = tape_.gradient(log_density, {flat, theta_flat});
  x_gradient = g[0].values().matrix();
  theta_gradient = g[1].values().matrix();
}

}  // namespace ppl::infer
