#pragma once
// plate: marks the sites inside as conditionally independent along a batch
// dim. Sites get the frame (their draws take the plate's size at its dim);
// with subsampling, their log-probabilities are scaled by size / batch size
// so the log likelihood stays unbiased.
//   PlateHandler school({"school", -1, 8, 8}); HandlerScope p(stack, school);
#include "handlers/handler.h"

namespace ppl::handlers {

class PlateHandler : public Handler {
 public:
  explicit PlateHandler(runtime::PlateFrame frame) : frame_(std::move(frame)) {}
  void process(Message& msg) override {
    msg.plates.push_back(frame_);
    const int64_t batch = frame_.scale_batch_size > 0 ? frame_.scale_batch_size : frame_.batch_size;
    if (batch != frame_.size && msg.kind != runtime::MessageKind::Param)
      msg.scale *= static_cast<double>(frame_.size) / static_cast<double>(batch);
  }
  const runtime::PlateFrame& frame() const { return frame_; }

 private:
  runtime::PlateFrame frame_;
};

}  // namespace ppl::handlers
