#include "handlers/unconstrain.h"

#include "ad/ops.h"
#include "dist/transforms.h"

namespace ppl::handlers {

void UnconstrainHandler::process(Message& msg) {
  if (msg.kind != runtime::MessageKind::Sample || msg.observed || msg.value) return;
  auto it = unconstrained_.find(msg.name);
  if (it == unconstrained_.end()) return;
  ad::Var u = it->second;
  for (int64_t step : msg.scan_steps) u = ad::index(u, step);
  dist::TransformPtr bijection = dist::biject_to(msg.distribution->support());
  ad::Var y = bijection->forward(u);
  log_jacobian_ = log_jacobian_ + ad::sum(bijection->log_abs_det_jacobian(u, y));
  msg.value = y;
}

}  // namespace ppl::handlers
