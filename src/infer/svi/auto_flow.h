#pragma once
// The normalizing-flow autoguides (auto_iaf_normal, auto_bnaf_normal): a
// standard Normal x0 over the D unconstrained coordinates through K flows,
// the order of the coordinates reversed before every flow after the first
// so each can depend on every other; log q(z) = log N(x0; 0, I) - the sum of
// the flows' log |det J|. Their params are PREFIX_arn__K.* per flow.
#include "infer/nn/dense.h"
#include "infer/nn/flow_step.h"
#include "infer/svi/auto_continuous.h"

namespace ppl::infer {

class AutoFlow : public AutoContinuous {
 public:
  // --num-flows, or `default_flows` when it is not given.
  AutoFlow(const AutoGuideInputs& inputs, int64_t default_flows);

 protected:
  // Flow k of x; its params are read through `params`, which names them,
  // and first drawn from settings_.init_key.
  virtual nn::FlowStep flow(int64_t k, const nn::ParamFn& params, ad::Var x) const = 0;
  // The params of flow k are named NAME.*.
  std::string flow_name(int64_t k) const;

  int64_t flows_;

 private:
  CoordinateDraw draw_coordinates(AutoGuideRun& run, ad::Tape& tape, RandomKey seed) const override;
};

}  // namespace ppl::infer
