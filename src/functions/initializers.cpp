// Random initial values of params: init_normal, init_uniform.
#include "core/samplers.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

ir::BuiltinImplementation initial_draws(bool normal) {
  return [normal](const BuiltinCall& c) {
    Shape shape = shape_of(c.x());
    Eigen::ArrayXd values =
        normal ? sample(c.context.init_key, NormalSampler(0.0, c.arg(1).item()), shape.numel())
               : sample(c.context.init_key, UniformSampler(c.arg(1).item(), c.arg(2).item()),
                        shape.numel());
    return c.tape().constant(Array(shape, values));
  };
}

}  // namespace

void add_initializers(FunctionList& list) {
  list.push_back({.name = "init_normal",
                  .params = {required_param("shape"), default_param("scale", 1)},
                  .result = ir::ResultRule::NewArray,
                  .only_in_param_init = true,
                  .summary = "random Normal(0, scale) array; only as a param's initial value",
                  .implementation = initial_draws(true)});
  list.push_back({.name = "init_uniform",
                  .params = {required_param("shape"), default_param("low", -1), default_param("high", 1)},
                  .result = ir::ResultRule::NewArray,
                  .only_in_param_init = true,
                  .summary = "random Uniform(low, high) array; only as a param's initial value",
                  .implementation = initial_draws(false)});
}

}  // namespace ppl::functions
