#pragma once
// log_joint: sums every sample and factor site's log density (masked and
// scaled) as it passes, without recording a trace: what a potential energy
// needs from each run of the model. Given a plate's name, it sums only the
// sites inside that plate: one shard's part of a log density whose other
// terms another shard counts (infer/sharded_potential.h).
//   LogJointHandler joint(tape); { HandlerScope j(stack, joint); run(); } joint.total()
#include <string>
#include <utility>

#include "handlers/handler.h"
#include "handlers/trace.h"

namespace ppl::handlers {

class LogJointHandler : public Handler {
 public:
  explicit LogJointHandler(ad::Tape& tape, std::string only_plate = "")
      : total_(tape.constant(0.0)), only_plate_(std::move(only_plate)) {}
  void postprocess(Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample && msg.kind != runtime::MessageKind::Factor) return;
    if (!only_plate_.empty() && !runtime::in_plate(msg.plates, only_plate_)) return;
    total_ = total_ + term_log_density(msg.kind, msg.distribution.get(), *msg.value, msg.mask, msg.scale);
  }
  ad::Var total() const { return total_; }

 private:
  ad::Var total_;
  std::string only_plate_;
};

}  // namespace ppl::handlers
