#pragma once
// seed: gives every sample site without a value a random key derived from
// the run's key, the site's name and its steps inside scans, so a site's draw
// does not depend on which other sites ran before it, and every scan step
// draws afresh.
//   SeedHandler seed(RandomKey(1234)); HandlerScope s(stack, seed); ...
#include "handlers/handler.h"

namespace ppl::handlers {

class SeedHandler : public Handler {
 public:
  explicit SeedHandler(RandomKey key) : key_(key) {}
  void process(Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample || msg.value || msg.key) return;
    RandomKey key = fold_in(key_, msg.name);
    for (int64_t step : msg.scan_steps) key = fold_in(key, static_cast<std::uint64_t>(step));
    msg.key = key;
  }

 private:
  RandomKey key_;
};

}  // namespace ppl::handlers
