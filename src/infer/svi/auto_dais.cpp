#include "infer/svi/auto_dais.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "ad/ops_gradient_field.h"
#include "core/error.h"
#include "infer/model_potential.h"
#include "infer/svi/annealing.h"

namespace ppl::infer {

namespace {

// The log density of the model in unconstrained space (minus the potential).
class LogDensityGradient final : public ad::GradientField {
 public:
  explicit LogDensityGradient(ModelPotential& potential) : potential_(potential) {}
  Eigen::VectorXd gradient(const Eigen::VectorXd& x) override {
    Eigen::VectorXd g(x.size());
    potential_(x, g);
    return -g;
  }

 private:
  ModelPotential& potential_;
};

ad::Var real(AutoGuideRun& run, const std::string& name, const std::function<Array()>& initial) {
  return run.param(name, dist::Constraint::of(dist::ConstraintKind::Real), initial);
}

ad::Var positive(AutoGuideRun& run, const std::string& name,
                 const std::function<Array()>& initial) {
  return run.param(name, dist::Constraint::of(dist::ConstraintKind::Positive), initial);
}

}  // namespace

AutoDais::AutoDais(const AutoGuideInputs& inputs, bool follows_model) : AutoContinuous(inputs) {
  if (!inputs.potential) throw Error("auto_dais needs the model's potential");
  if (follows_model && !inputs.layout.subsampled_plates().empty())
    throw Error(fmt::format(
        "plate {} draws a minibatch, and auto_dais follows the whole model's gradient: use "
        "auto_surrogate_likelihood_dais with a surrogate model (--surrogate), or remove "
        "`subsample`",
        inputs.layout.subsampled_plates().front()));
  log_density_ = std::make_unique<LogDensityGradient>(*inputs.potential);
  if (inputs.sites)
    throw Error("auto_dais follows the whole model's gradient, so it cannot be one part of a list");
  if (settings_.dais_steps < 0) throw Error("--dais-steps must be at least 0");
  if (settings_.base_dist != "diagonal" && settings_.base_dist != "cholesky")
    throw Error(
        fmt::format("--base-dist '{}': expected diagonal or cholesky", settings_.base_dist));
  if (!(settings_.eta_max > 0)) throw Error("--eta-max must be positive");
  if (!(settings_.eta_init > 0 && settings_.eta_init < settings_.eta_max))
    throw Error("--eta-init must be positive and below --eta-max");
  if (!(settings_.gamma_init > 0 && settings_.gamma_init < 1))
    throw Error("--gamma-init must lie in (0, 1)");
  for (const LatentSite& site : sites_)
    if (site.moving_support)
      throw Error(
          fmt::format("site '{}' has a support that moves with other latent values; "
                      "auto_dais steps in one fixed unconstrained space",
                      site.name));
}

nlohmann::json AutoDais::distribution_description() const {
  return {{"family",
           "annealed importance sampling: a base Normal moved by K uncorrected "
           "Hamiltonian steps towards the posterior"},
          {"K", settings_.dais_steps},
          {"base_dist", settings_.base_dist},
          {"base_loc", param_name("z_0_loc")},
          {settings_.base_dist == "diagonal" ? "base_scale" : "base_scale_tril",
           param_name(settings_.base_dist == "diagonal" ? "z_0_scale" : "z_0_scale_tril")},
          {"params",
           {param_name("eta0"), param_name("eta_coeff"), param_name("gamma"),
            param_name("beta_increments"), param_name("mass_matrix")}},
          {"eta_max", settings_.eta_max}};
}

std::function<ad::Var(ad::Var)> AutoDais::target_gradient(AutoGuideRun&) const {
  return [this](ad::Var z) { return ad::gradient_of(*log_density_, z); };
}

AutoContinuous::CoordinateDraw AutoDais::draw_coordinates(AutoGuideRun& run, ad::Tape& tape,
                                                          RandomKey seed) const {
  const int64_t d = dimension();
  const int64_t k_steps = settings_.dais_steps;
  const Shape vector{d};
  const ad::Var loc = real(run, param_name("z_0_loc"), [&] { return initial_loc(); });
  RandomStream stream(seed);
  const auto normals = [&](const Shape& shape) {
    Array out = Array::zeros(shape);
    for (double& v : out.mutable_values()) v = stream.normal();
    return tape.constant(out);
  };
  // The base draw z0 = loc + L n, and the gradient of log q0 at any z.
  ad::Var z, log_q;
  std::function<ad::Var(ad::Var)> base_gradient;
  const ad::Var n0 = normals(vector);
  const double log_two_pi = std::log(2 * std::numbers::pi);
  if (settings_.base_dist == "diagonal") {
    const ad::Var scale = positive(run, param_name("z_0_scale"),
                                   [&] { return Array::full(vector, settings_.init_scale); });
    z = loc + scale * n0;
    log_q = -0.5 * ad::sum(ad::square(n0)) - ad::sum(ad::log(scale)) - 0.5 * d * log_two_pi;
    base_gradient = [loc, scale](ad::Var at) { return -(at - loc) / ad::square(scale); };
  } else {
    const ad::Var scale_tril =
        run.param(param_name("z_0_scale_tril"),
                  dist::Constraint::of(dist::ConstraintKind::LowerCholesky), [&] {
                    Array identity = Array::eye(d);
                    identity.mutable_values() *= settings_.init_scale;
                    return identity;
                  });
    z = loc + ad::matmul(scale_tril, n0);
    log_q = -0.5 * ad::sum(ad::square(n0)) - ad::log_abs_det_triangular(scale_tril) -
            0.5 * d * log_two_pi;
    base_gradient = [loc, scale_tril](ad::Var at) {
      const ad::Var white = ad::solve_lower_triangular(scale_tril, at - loc);
      return -ad::solve(ad::transpose(scale_tril), white);
    };
  }
  if (k_steps == 0) return {z, log_q};
  AnnealingParams dynamics;
  dynamics.eta0 =
      run.param(param_name("eta0"),
                dist::Constraint::interval(tape.constant(0.0), tape.constant(settings_.eta_max)),
                [&] { return Array::full(Shape{}, settings_.eta_init); });
  dynamics.eta_coeff = real(run, param_name("eta_coeff"), [] { return Array::full(Shape{}, 0.0); });
  dynamics.gamma = run.param(
      param_name("gamma"), dist::Constraint::interval(tape.constant(0.0), tape.constant(1.0)),
      [&] { return Array::full(Shape{}, settings_.gamma_init); });
  dynamics.increments = positive(run, param_name("beta_increments"),
                                 [&] { return Array::full(Shape{k_steps}, 1.0); });
  dynamics.mass = positive(run, param_name("mass_matrix"), [&] { return Array::full(vector, 1.0); });
  const AnnealedDraw annealed = anneal(z, log_q, dynamics, settings_.eta_max, base_gradient,
                                       target_gradient(run), [&] { return normals(vector); });
  return {annealed.z, annealed.log_q};
}

std::unique_ptr<Guide> make_auto_dais(const AutoGuideInputs& inputs) {
  if (!inputs.potential) throw Error("auto_dais needs the model's potential");
  return std::make_unique<AutoDais>(inputs);
}

}  // namespace ppl::infer
