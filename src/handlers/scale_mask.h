#pragma once
// scale and mask: multiply the log-probabilities of the sites inside by a
// factor, or keep them only where a 0/1 condition holds (it broadcasts
// against each site's log-prob).
//   ScaleHandler annealing(0.1); HandlerScope s(stack, annealing);
#include "ad/ops.h"
#include "handlers/handler.h"

namespace ppl::handlers {

class ScaleHandler : public Handler {
 public:
  explicit ScaleHandler(double factor) : factor_(factor) {}
  void process(Message& msg) override { msg.scale *= factor_; }

 private:
  double factor_;
};

class MaskHandler : public Handler {
 public:
  explicit MaskHandler(ad::Var mask) : mask_(mask) {}
  void process(Message& msg) override {
    msg.mask = msg.mask ? ad::Var(*msg.mask * mask_) : mask_;
  }

 private:
  ad::Var mask_;
};

}  // namespace ppl::handlers
