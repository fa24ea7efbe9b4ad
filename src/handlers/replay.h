#pragma once
// replay: gives each latent sample site the value it has in a recorded trace
// (a guide's, for the ELBO); inside a scan, the value of the same step.
//   ReplayHandler replay(guide_trace); HandlerScope r(stack, replay); run_model();
#include "handlers/trace.h"

namespace ppl::handlers {

class ReplayHandler : public Handler {
 public:
  explicit ReplayHandler(const Trace& trace) : trace_(trace) {}
  void process(Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample || msg.observed) return;
    const TraceSite* site = trace_.find(msg.name);
    if (!site || site->kind != runtime::MessageKind::Sample) return;
    const SiteStep* step = site->in_scan ? site->step_at(msg.scan_steps) : &site->steps.front();
    if (step) msg.value = step->value;
  }

 private:
  const Trace& trace_;
};

}  // namespace ppl::handlers
