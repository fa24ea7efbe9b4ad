// auto_surrogate_likelihood_dais: auto_dais whose steps follow a surrogate
// model's gradient instead of the model's (NumPyro's
// AutoSurrogateLikelihoodDAIS; Jankowiak and Phan 2022). The surrogate
// (--surrogate FILE) has the model's latent sites and prior and a cheap
// likelihood, e.g. 20 rows of the data with their log likelihood scaled by
// a learnable `param omegas: positive`; its params are fitted with the
// guide's. The ELBO still scores the model itself, which may then be
// subsampled: each step costs the surrogate's gradient, not the model's.
#include <optional>

#include "ad/ops.h"
#include "core/error.h"
#include "infer/model_potential.h"
#include "infer/svi/auto_dais.h"
#include "infer/svi/surrogate_log_density.h"

namespace ppl::infer {

namespace {

class AutoSurrogateLikelihoodDais final : public AutoDais {
 public:
  explicit AutoSurrogateLikelihoodDais(const AutoGuideInputs& inputs)
      : AutoDais(inputs, /*follows_model=*/false),
        surrogate_(std::make_unique<SurrogateLogDensity>(
            *inputs.surrogate->program, *inputs.surrogate->data, inputs.potential->layout())) {}
  std::string name() const override { return "auto_surrogate_likelihood_dais"; }
  nlohmann::json distribution_description() const override {
    nlohmann::json description = AutoDais::distribution_description();
    description["family"] =
        "annealed importance sampling: a base Normal moved by K uncorrected Hamiltonian steps "
        "along the gradient of a surrogate model";
    nlohmann::json params = nlohmann::json::array();
    for (const ParamEntry& param : surrogate_->params()) params.push_back(param.name);
    description["surrogate_params"] = params;
    return description;
  }

 private:
  std::function<ad::Var(ad::Var)> target_gradient(AutoGuideRun& run) const override {
    // The surrogate's params, fitted with the guide's, flattened as theta.
    std::vector<ad::Var> parts;
    for (const ParamEntry& param : surrogate_->params()) {
      const ad::Var value =
          run.param(param.name, param.constraint, [&] { return surrogate_->initial_value(param); });
      parts.push_back(ad::reshape(value, Shape{param.shape.numel()}));
    }
    std::optional<ad::Var> theta;
    if (!parts.empty()) theta = ad::concat(std::span<const ad::Var>(parts), 0);
    SurrogateLogDensity* field = surrogate_.get();
    return [field, theta](ad::Var z) {
      return ad::gradient_of(*field, z, theta ? *theta : z.tape().constant(Array::zeros(Shape{0})));
    };
  }

  std::unique_ptr<SurrogateLogDensity> surrogate_;
};

}  // namespace

std::unique_ptr<Guide> make_auto_surrogate_likelihood_dais(const AutoGuideInputs& inputs) {
  if (!inputs.potential) throw Error("auto_surrogate_likelihood_dais needs the model's potential");
  if (!inputs.surrogate)
    throw Error(
        "auto_surrogate_likelihood_dais follows a surrogate model: give it with "
        "--surrogate FILE.ppl (the model's latent sites and prior, a cheap likelihood)");
  return std::make_unique<AutoSurrogateLikelihoodDais>(inputs);
}

}  // namespace ppl::infer
