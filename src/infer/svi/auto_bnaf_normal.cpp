// auto_bnaf_normal: block neural autoregressive flows on a standard Normal
// (nn/block_autoregressive_nn.h), NumPyro's AutoBNAFNormal: each flow is a
// monotone network per coordinate given the ones before it, with a gated
// residual on every flow but the last. log |det J| is exact: the product
// of the diagonal blocks' derivatives, in log space.
#include "core/error.h"
#include "infer/nn/block_autoregressive_nn.h"
#include "infer/svi/auto_flow.h"

namespace ppl::infer {

namespace {

class AutoBnafNormal final : public AutoFlow {
 public:
  explicit AutoBnafNormal(const AutoGuideInputs& inputs) : AutoFlow(inputs, 1) {
    if (dimension() == 1)
      throw Error("auto_bnaf_normal: the model has one latent coordinate; a flow over it is one "
                  "monotone map (use auto_normal, or auto_iaf_normal)");
    for (int64_t factor : settings_.hidden_factors)
      if (factor < 1) throw Error("--hidden-factors: each factor must be at least 1");
  }
  std::string name() const override { return "auto_bnaf_normal"; }
  nlohmann::json distribution_description() const override {
    return {{"family", "block neural autoregressive flows on a standard Normal"},
            {"flows", flows_},
            {"hidden_factors", settings_.hidden_factors},
            {"flow", "block-masked dense layers with leaky tanh (tanh(u) + 0.01 u) between them, weight-normalized with "
                     "positive diagonal blocks; the order reversed before every flow after the "
                     "first; a gated residual on every flow but the last"},
            {"params", flow_name(0) + ".layerL.weight, .layerL.scale, .layerL.bias, .gate (flow 0)"}};
  }

 private:
  nn::FlowStep flow(int64_t k, const nn::ParamFn& params, ad::Var x) const override {
    const nn::BlockAutoregressiveNN net{flow_name(k), dimension(), settings_.hidden_factors,
                                        k + 1 < flows_};
    return nn::apply(params, net, x, fold_in(settings_.init_key, static_cast<uint64_t>(k)));
  }
};

}  // namespace

std::unique_ptr<Guide> make_auto_bnaf_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoBnafNormal>(inputs);
}

}  // namespace ppl::infer
