#pragma once
// block: hides sites from the handlers outside it (all sites, or those named,
// or all but those exposed, or every message of one kind).
//   BlockHandler block(BlockHandler::hide({"x"})); HandlerScope b(stack, block);
//   BlockHandler params(BlockHandler::hide_kind(runtime::MessageKind::Param));
#include <optional>
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
  static BlockHandler hide_kind(runtime::MessageKind kind) {
    BlockHandler b(false, {});
    b.hidden_kind_ = kind;
    return b;
  }
  void process(Message& msg) override {
    if (hidden_kind_) {
      if (msg.kind == *hidden_kind_) msg.stop = true;
      return;
    }
    bool listed = names_.count(msg.name) > 0;
    if (expose_ ? !listed : (hide_all_ || listed)) msg.stop = true;
  }

 private:
  BlockHandler(bool hide_all, std::set<std::string> names)
      : hide_all_(hide_all), names_(std::move(names)) {}
  bool hide_all_;
  bool expose_ = false;
  std::set<std::string> names_;
  std::optional<runtime::MessageKind> hidden_kind_;
};

}  // namespace ppl::handlers
