#pragma once
// The log density of a surrogate model, for auto_surrogate_likelihood_dais
// (Jankowiak and Phan 2022): a program with the model's latent sites and
// prior and a cheap likelihood (a fixed subset of the data whose log
// likelihood is scaled by learnable weights), whose params the guide fits.
// Its gradients in the model's unconstrained coordinates and in the
// constrained values of its params, each evaluation on a tape of its own.
#include <string>
#include <vector>

#include "ad/ops_gradient_field.h"
#include "infer/latent_layout.h"
#include "infer/svi/param_store.h"
#include "ir/ir.h"
#include "runtime/model_data.h"

namespace ppl::infer {

class SurrogateLogDensity final : public ad::ParametricGradientField {
 public:
  // ppl::Error when the surrogate's latent sites differ from the layout's
  // (names, shapes, supports). `program`, `data` and `layout` must outlive it.
  SurrogateLogDensity(const ir::Program& program, const runtime::ModelData& data,
                      const LatentLayout& layout);
  // The surrogate's params, as its param statements declare them, and
  // their initial values; theta is their constrained values flattened one
  // after another in this order.
  const std::vector<ParamEntry>& params() const { return initial_.entries(); }
  Array initial_value(const ParamEntry& param) const { return initial_.constrained(param); }
  void gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta, uint64_t,
                 Eigen::VectorXd& x_gradient, Eigen::VectorXd& theta_gradient) override;

 private:
  const ir::Program& program_;
  const runtime::ModelData& data_;
  const LatentLayout& layout_;
  ParamStore initial_;  // the params at their declared initial values
  std::vector<std::pair<std::string, Shape>> param_shapes_;  // theta's parts, in order
  ad::Tape tape_;
};

}  // namespace ppl::infer
