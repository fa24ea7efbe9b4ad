#include "handlers/substitute.h"

#include "ad/ops.h"

namespace ppl::handlers {

void SubstituteHandler::process(Message& msg) {
  if (msg.kind != runtime::MessageKind::Sample && msg.kind != runtime::MessageKind::Param) return;
  if (msg.observed && !observe_) return;
  auto it = values_.find(msg.name);
  if (it == values_.end()) return;
  ad::Var value = it->second;
  for (int64_t step : msg.scan_steps) value = ad::index(value, step);
  msg.value = value;
  if (observe_) msg.observed = true;
}

}  // namespace ppl::handlers
