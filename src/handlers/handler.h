#pragma once
// Effect handlers: one stack, a message and two hooks. apply_stack sends a
// message to the handlers from the innermost (last pushed) outwards, calling
// process() until one sets `stop`; if no handler gave the site a value, the
// default runs (a sample site draws from its distribution with its key);
// then postprocess() runs in the opposite order, from the outermost the
// message reached back to the innermost.
//
// A handler is pushed for the duration of a scope with HandlerScope:
//   TraceHandler trace;
//   HandlerScope in_trace(stack, trace);
//   run_model(...);
#include <vector>

#include "runtime/message.h"

namespace ppl::handlers {

using runtime::Message;

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void process(Message&) {}
  virtual void postprocess(Message&) {}
};

class HandlerStack {
 public:
  void push(Handler& handler) { handlers_.push_back(&handler); }
  void pop() { handlers_.pop_back(); }
  // Runs the message through the stack; afterwards msg.value is set.
  void apply(Message& msg);
  size_t depth() const { return handlers_.size(); }

 private:
  std::vector<Handler*> handlers_;  // outermost first
};

// Pushes a handler for the lifetime of the scope.
class HandlerScope {
 public:
  HandlerScope(HandlerStack& stack, Handler& handler) : stack_(stack) { stack_.push(handler); }
  ~HandlerScope() { stack_.pop(); }
  HandlerScope(const HandlerScope&) = delete;
  HandlerScope& operator=(const HandlerScope&) = delete;

 private:
  HandlerStack& stack_;
};

// The shape a draw of msg.distribution takes inside msg.plates: the batch
// shape broadcast with the plates' sizes at their dims, then the event shape.
// Throws ppl::Error naming the site and the plate when a size disagrees.
Shape site_shape(const Message& msg);

}  // namespace ppl::handlers
