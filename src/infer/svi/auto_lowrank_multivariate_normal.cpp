// auto_lowrank_multivariate_normal: one multivariate Normal over every latent
// coordinate with covariance W W^T + diag(s^2) (NumPyro's
// AutoLowRankMultivariateNormal): params auto_loc [D], auto_cov_factor
// [D, rank] (starting at zero) and auto_scale [D] (starting at init_scale);
// W is auto_cov_factor scaled row by row by auto_scale, as in NumPyro. The
// rank defaults to round(sqrt(D)); O(D rank) params.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/low_rank_multivariate_normal.h"
#include "infer/svi/auto_continuous.h"

namespace ppl::infer {

namespace {

class AutoLowRankMultivariateNormal final : public AutoContinuous {
 public:
  explicit AutoLowRankMultivariateNormal(const AutoGuideInputs& inputs)
      : AutoContinuous(inputs),
        rank_(inputs.settings.rank
                  ? *inputs.settings.rank
                  : std::max<int64_t>(1, std::llround(std::sqrt(double(dimension()))))) {
    if (rank_ < 1 || rank_ > dimension())
      throw Error(fmt::format("--rank must be between 1 and the {} latent coordinates, got {}",
                              dimension(), rank_));
  }
  std::string name() const override { return "auto_lowrank_multivariate_normal"; }
  std::optional<Marginals> coordinate_marginals(const ParamStore& store) const override {
    auto loc = param_values(store, param_name("loc"));
    auto factor = param_values(store, param_name("cov_factor"));
    auto scale = param_values(store, param_name("scale"));
    if (!loc || !factor || !scale) return std::nullopt;
    // W = cov_factor with row i times scale[i]; cov_diag = scale^2.
    const Eigen::Index d = loc->size(), r = factor->size() / d;
    Eigen::VectorXd w = *factor;
    for (Eigen::Index i = 0; i < d; ++i) w.segment(i * r, r) *= (*scale)[i];
    const Eigen::VectorXd diagonal = scale->cwiseAbs2();
    return Marginals{*loc, factor_sd(w, d, &diagonal)};
  }
  nlohmann::json distribution_description() const override {
    return {{"family", "LowRankMultivariateNormal"},
            {"loc", param_name("loc")},
            {"cov_factor",
             param_name("cov_factor") + " with row i times " + param_name("scale") + "[i]"},
            {"cov_diag", param_name("scale") + " squared"}};
  }

 private:
  dist::DistributionPtr joint(AutoGuideRun& run) const override {
    const ad::Var loc = loc_param(run);
    const ad::Var factor =
        run.param(param_name("cov_factor"), dist::Constraint::of(dist::ConstraintKind::Real), [&] {
          return Array::zeros(Shape{dimension(), rank_});
        });
    const ad::Var scale =
        run.param(param_name("scale"), dist::Constraint::of(dist::ConstraintKind::Positive),
                  [&] { return Array::full(Shape{dimension()}, settings_.init_scale); });
    const ad::Var scaled_factor = factor * ad::reshape(scale, Shape{dimension(), 1});
    return std::make_shared<dist::LowRankMultivariateNormal>(loc, scaled_factor, ad::square(scale));
  }

  int64_t rank_;
};

}  // namespace

std::unique_ptr<Guide> make_auto_lowrank_multivariate_normal(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoLowRankMultivariateNormal>(inputs);
}

}  // namespace ppl::infer
