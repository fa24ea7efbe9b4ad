#include "infer/svi/auto_flow.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/noise_input.h"

namespace ppl::infer {

AutoFlow::AutoFlow(const AutoGuideInputs& inputs, int64_t default_flows)
    : AutoContinuous(inputs), flows_(settings_.num_flows.value_or(default_flows)) {
  if (flows_ < 1) throw Error("--num-flows must be at least 1");
}

std::string AutoFlow::flow_name(int64_t k) const {
  return fmt::format("{}_arn__{}", settings_.prefix, k);
}

AutoContinuous::CoordinateDraw AutoFlow::draw_coordinates(AutoGuideRun& run, ad::Tape& tape,
                                                          RandomKey seed) const {
  const int64_t d = dimension();
  // The base has no params: a standard normal draw, a random input of the
  // tape so that a replayed step draws it anew (ad/random_input.h).
  const ad::Var base = dist::noise_input(tape, seed, Shape{d}, NormalSampler(0.0, 1.0));
  const ad::Var base_log_density =
      -0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi) - 0.5 * ad::sum(ad::square(base));
  const nn::ParamFn params = [&](const std::string& name, const std::function<Array()>& initial) {
    return run.param(name, dist::Constraint::of(dist::ConstraintKind::Real), initial);
  };
  std::vector<int64_t> reversed(d);
  for (int64_t i = 0; i < d; ++i) reversed[i] = d - 1 - i;
  ad::Var x = base;
  ad::Var log_det = tape.constant(0.0);
  for (int64_t k = 0; k < flows_; ++k) {
    if (k > 0) x = ad::take(x, std::span<const int64_t>(reversed));
    const nn::FlowStep step = flow(k, params, x);
    x = step.value;
    log_det = log_det + step.log_abs_det;
  }
  return {x, base_log_density - log_det};
}

}  // namespace ppl::infer
