#pragma once
// substitute and condition: give sites values from a map of name to value.
// substitute leaves them latent (HMC's proposals, posterior draws); condition
// makes them observed. A value for a scan site is the stacked one; each step
// takes its slice.
//   SubstituteHandler sub({{"mu", tape.constant(0.5)}}); HandlerScope s(stack, sub);
#include <map>
#include <string>

#include "handlers/handler.h"

namespace ppl::handlers {

class SubstituteHandler : public Handler {
 public:
  SubstituteHandler(std::map<std::string, ad::Var> values, bool observe = false)
      : values_(std::move(values)), observe_(observe) {}
  void process(Message& msg) override;

 private:
  std::map<std::string, ad::Var> values_;
  bool observe_;
};

// condition: substitute that observes.
class ConditionHandler : public SubstituteHandler {
 public:
  explicit ConditionHandler(std::map<std::string, ad::Var> values)
      : SubstituteHandler(std::move(values), true) {}
};

}  // namespace ppl::handlers
