#pragma once
// block: hides sites from the handlers outside it (all sites, or those named,
// or all but those exposed).
//   BlockHandler block(BlockHandler::hide({"x"})); HandlerScope b(stack, block);
#include <set>
#include <string>

#include "handlers/handler.h"

namespace ppl::handlers {

class BlockHandler : public Handler {
 public:
  static BlockHandler hide_all() { return BlockHandler(true, {}); }
  static BlockHandler hide(std::set<std::string> names) { return BlockHandler(false, std::move(names)); }
  static BlockHandler expose(std::set<std::string> names) {
    BlockHandler b(true, std::move(names));
    b.expose_ = true;
    return b;
  }
  void process(Message& msg) override {
    bool listed = names_.count(msg.name) > 0;
    if (expose_ ? !listed : (hide_all_ || listed)) msg.stop = true;
  }

 private:
  BlockHandler(bool hide_all, std::set<std::string> names)
      : hide_all_(hide_all), names_(std::move(names)) {}
  bool hide_all_;
  bool expose_ = false;
  std::set<std::string> names_;
};

}  // namespace ppl::handlers
