// RenyiELBO(alpha): 1/(1-alpha) log mean_k exp((1-alpha) w_k) over the
// particles' log weights w_k (alpha = 0: the IWAE bound; alpha = 1: the
// ELBO); needs reparameterized guide sites.
#include <fmt/format.h>

#include <cmath>
#include <span>

#include "ad/ops.h"
#include "core/error.h"
#include "infer/elbo/elbo_estimator.h"

namespace ppl::infer {

namespace {

class RenyiElbo final : public ElboEstimator {
 public:
  explicit RenyiElbo(double alpha) : alpha_(alpha) {}
  std::string name() const override { return fmt::format("renyi:{}", alpha_); }

  double score_function_cost(const ScoreFunctionSite& s) override {
    throw Error(fmt::format("--elbo renyi needs reparameterized guide sites; '{}' draws from a "
                            "distribution without one (use --elbo trace)",
                            s.site.name));
  }

  std::optional<ad::Var> combined_loss(const std::vector<ad::Var>& elbos) const override {
    if (alpha_ == 1.0) return std::nullopt;
    std::vector<ad::Var> weights;
    for (const ad::Var& elbo : elbos) weights.push_back(elbo * (1.0 - alpha_));
    ad::Var stacked = ad::stack(std::span<const ad::Var>(weights.data(), weights.size()), 0);
    const double n = static_cast<double>(elbos.size());
    return (ad::logsumexp(stacked) - std::log(n)) * (-1.0 / (1.0 - alpha_));
  }

  bool vectorizable() const override { return false; }

 private:
  double alpha_;
};

}  // namespace

std::unique_ptr<ElboEstimator> make_renyi_elbo(std::optional<double> alpha) {
  return std::make_unique<RenyiElbo>(alpha.value_or(0.0));
}

}  // namespace ppl::infer
