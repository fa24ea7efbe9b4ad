// auto_iaf_normal: inverse autoregressive flows (Kingma et al. 2016) on a
// standard Normal, NumPyro's AutoIAFNormal. Flow k maps x to
// y = exp(s) * x + m with (m, s) a MADE of x (nn/autoregressive_nn.h): y_j
// depends on x_j and the x before it, so the Jacobian is triangular and
// log |det J| = sum s. s is kept in (-5, 3) by a smooth clamp (NumPyro
// clips it hard there while keeping the gradient; a smooth clamp gives the
// same values between the bounds and a gradient everywhere).
#include "ad/ops.h"
#include "core/error.h"
#include "infer/nn/autoregressive_nn.h"
#include "infer/svi/auto_flow.h"

namespace ppl::infer {

namespace {

constexpr double kLogScaleMin = -5, kLogScaleMax = 3;

ad::Var clamp_log_scale(ad::Var s) {
  const ad::Var above_min = kLogScaleMin + ad::softplus(s - kLogScaleMin);
  return kLogScaleMax - ad::softplus(kLogScaleMax - above_min);
}

class AutoIafNormal final : public AutoFlow {
 public:
  explicit AutoIafNormal(const AutoGuideInputs& inputs)
      : AutoFlow(inputs, 3), nonlinearity_(nn::parse_activation(settings_.nonlinearity)),
        hidden_(settings_.hidden_dims.value_or(std::vector<int64_t>{dimension(), dimension()})) {
    for (int64_t units : hidden_)
      if (units < 1) throw Error("--hidden-dims: each hidden layer needs at least 1 unit");
  }
  std::string name() const override { return "auto_iaf_normal"; }
  nlohmann::json distribution_description() const override {
    return {{"family", "inverse autoregressive flows on a standard Normal"},
            {"flows", flows_},
            {"hidden_dims", hidden_},
            {"skip_connections", settings_.skip_connections},
            {"nonlinearity", nn::activation_name(nonlinearity_)},
            {"flow", "y = exp(s) * x + m, (m, s) = MADE(x), s smoothly clamped to (-5, 3); the "
                     "order reversed before every flow after the first"},
            {"params", flow_name(0) + ".layerL.weight, .layerL.bias, .skip.weight (flow 0)"}};
  }

 private:
  nn::FlowStep flow(int64_t k, const nn::ParamFn& params, ad::Var x) const override {
    const nn::AutoregressiveNN net{flow_name(k), dimension(), hidden_, 2, {},
                                   settings_.skip_connections, nonlinearity_};
    const ad::Var out =
        nn::apply(params, net, x, fold_in(settings_.init_key, static_cast<uint64_t>(k)));
    const ad::Var log_scale = clamp_log_scale(ad::index(out, 1));
    return {ad::exp(log_scale) * x + ad::index(out, 0), ad::sum(log_scale)};
  }

  nn::Activation nonlinearity_;
  std::vector<int64_t> hidden_;
};

}  // namespace

std::unique_ptr<Guide> make_auto_iaf_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoIafNormal>(inputs);
}

}  // namespace ppl::infer
