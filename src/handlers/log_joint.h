#pragma once
// log_joint: sums every sample and factor site's log density (masked and
// scaled) as it passes, without recording a trace: what a potential energy
// needs from each run of the model.
//   LogJointHandler joint(tape); { HandlerScope j(stack, joint); run(); } joint.total()
#include "handlers/handler.h"
#include "handlers/trace.h"

namespace ppl::handlers {

class LogJointHandler : public Handler {
 public:
  explicit LogJointHandler(ad::Tape& tape) : total_(tape.constant(0.0)) {}
  void postprocess(Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample && msg.kind != runtime::MessageKind::Factor) return;
    total_ = total_ + term_log_density(msg.kind, msg.distribution.get(), *msg.value, msg.mask, msg.scale);
  }
  ad::Var total() const { return total_; }

 private:
  ad::Var total_;
};

}  // namespace ppl::handlers
