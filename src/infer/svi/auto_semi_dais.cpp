// auto_semi_dais: an autoguide for the global latent sites (--global-guide,
// auto_normal by default) and, for the local latent sites of a subsampled
// plate, annealed importance sampling row by row (NumPyro's AutoSemiDAIS;
// Jankowiak and Phan 2022, a locally enhanced bound after Geffner and
// Domke). Given the globals drawn, each row of the minibatch starts from a
// Normal with params of its own (full-size, indexed by the minibatch) and
// takes K uncorrected Hamiltonian steps on the row's conditional density:
// the model's log joint on the same minibatch, times M / N (the plate's
// scaling undone), with the globals fixed. The momentum terms enter log q
// exactly, as in auto_dais, and the rows' log q counts N / M times, as
// their log p does. The dynamics' params (step size, damping, schedule,
// mass) are per row, or shared with --use-global-dais-params. The
// gradient in the globals flows through every step (mixed second
// derivatives by central differences, ad::gradient_of).
#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "ad/ops.h"
#include "ad/ops_gradient_field.h"
#include "core/error.h"
#include "dist/delta.h"
#include "infer/model_runs.h"
#include "infer/svi/autoguide.h"

namespace ppl::infer {

namespace {

// A local site's columns of the rows' coordinates [rows, width], from
// `column` on, in the site's unconstrained shape.
ad::Var site_columns(ad::Var by_row, const LatentSite& site, int64_t rows, int64_t column) {
  const SliceRange ranges[2] = {{0, rows}, {column, column + site.size / rows}};
  return ad::reshape(ad::slice(by_row, std::span<const SliceRange>(ranges, 2)),
                     site.unconstrained_shape);
}

// The rows' conditional log density: f(x, theta) = (M / N) log p(locals =
// T(x), globals = theta) + log |det dT/dx|, on the minibatch the context's
// run key draws.
class LocalLogDensity final : public ad::ParametricGradientField {
 public:
  LocalLogDensity(const ir::Program& program, const runtime::ModelData& data,
                  std::vector<LatentSite> locals, std::vector<LatentSite> globals,
                  double batch_fraction)
      : program_(program),
        data_(data),
        locals_(std::move(locals)),
        batch_fraction_(batch_fraction) {
    for (const LatentSite& site : globals) global_shapes_.emplace_back(site.name, site.shape);
  }

  void gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta, uint64_t context,
                 Eigen::VectorXd& x_gradient, Eigen::VectorXd& theta_gradient) override {
    tape_.clear();
    const ad::Var flat = tape_.leaf(Array(Shape{x.size()}, x.array()));
    const ad::Var global_flat = tape_.leaf(Array(Shape{theta.size()}, theta.array()));
    std::map<std::string, ad::Var> values;
    ad::Var log_jacobian = tape_.constant(0.0);
    const int64_t rows = locals_.empty() ? 0 : locals_.front().shape[0];
    const ad::Var by_row = ad::reshape(flat, Shape{rows, x.size() / std::max<int64_t>(rows, 1)});
    int64_t column = 0;
    for (const LatentSite& site : locals_) {
      const ad::Var u = site_columns(by_row, site, rows, column);
      const ad::Var y = site.transform->forward(u);
      log_jacobian = log_jacobian + ad::sum(site.transform->log_abs_det_jacobian(u, y));
      values[site.name] = y;
      column += site.size / rows;
    }
    add_unflattened(global_flat, global_shapes_, values);
    int parallel = 0;
    const ad::Var log_density =
        batch_fraction_ * run_model_log_joint(program_, data_, tape_, RandomKey(context), values,
                                              {}, false, parallel) +
        log_jacobian;
    const std::vector<Array> g = tape_.gradient(log_density, {flat, global_flat});
    x_gradient = g[0].values().matrix();
    theta_gradient = g[1].values().matrix();
  }

 private:
  const ir::Program& program_;
  const runtime::ModelData& data_;
  std::vector<LatentSite> locals_;
  std::vector<std::pair<std::string, Shape>> global_shapes_;  // theta's parts, in order
  double batch_fraction_;
  ad::Tape tape_;
};

class AutoSemiDais final : public AutoGuide {
 public:
  explicit AutoSemiDais(const AutoGuideInputs& inputs) : AutoGuide(inputs) {
    if (!inputs.program || !inputs.data) throw Error("auto_semi_dais needs the model's program");
    std::set<std::string> global_names;
    for (const LatentSite& site : sites_) {
      if (site.moving_support)
        throw Error(
            fmt::format("auto_semi_dais: site '{}' has a support that moves with other "
                        "latent values",
                        site.name));
      if (site.subsampled_plate.empty()) {
        global_names.insert(site.name);
        globals_.push_back(site);
        continue;
      }
      if (!plate_.empty() && site.subsampled_plate != plate_)
        throw Error("auto_semi_dais: the local sites lie in two subsampled plates");
      plate_ = site.subsampled_plate;
      if (site.shape.rank() - site.event_rank + site.subsample_dim != 0)
        throw Error(
            fmt::format("auto_semi_dais: the subsampled plate must be the first dim of "
                        "the local site '{}'",
                        site.name));
      locals_.push_back(site);
    }
    if (locals_.empty())
      throw Error(
          "auto_semi_dais: the model has no local latent site in a subsampled plate (use "
          "auto_dais, or auto_surrogate_likelihood_dais for a subsampled likelihood)");
    rows_ = locals_.front().shape[0];
    plate_size_ = locals_.front().subsample_size;
    for (const LatentSite& site : locals_) width_ += site.size / rows_;
    if (settings_.dais_steps < 0) throw Error("--dais-steps must be at least 0");
    if (!(settings_.eta_init > 0 && settings_.eta_init < settings_.eta_max))
      throw Error("--eta-init must be positive and below --eta-max");
    if (!(settings_.gamma_init > 0 && settings_.gamma_init < 1))
      throw Error("--gamma-init must lie in (0, 1)");
    if (!globals_.empty()) {
      const std::string& name = settings_.global_guide;
      if (!find_autoguide(name) || name.find("dais") != std::string::npos ||
          name == "auto_laplace_approximation")
        throw Error(
            fmt::format("--global-guide '{}': expected an autoguide such as auto_normal, "
                        "auto_multivariate_normal or auto_iaf_normal",
                        name));
      AutoGuideInputs global{inputs.layout, inputs.initial, settings_, global_names,
                             inputs.potential};
      global.settings.prefix = settings_.prefix + "_global";
      global_guide_ = make_autoguide(name, global);
    }
    local_density_ = std::make_unique<LocalLogDensity>(
        *inputs.program, *inputs.data, locals_, globals_,
        static_cast<double>(rows_) / static_cast<double>(plate_size_));
  }

  std::string name() const override { return "auto_semi_dais"; }

  nlohmann::json distribution_description() const override {
    return {{"family",
             "a global autoguide, and per row of the subsampled plate a Normal moved by K "
             "uncorrected Hamiltonian steps on the row's conditional density"},
            {"global_guide", global_guide_ ? global_guide_->posterior_description() : nullptr},
            {"plate", plate_},
            {"K", settings_.dais_steps},
            {"use_global_dais_params", settings_.use_global_dais_params},
            {"params", param_name("local_*") + " (full-size along the plate unless shared)"}};
  }

  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override {
    handlers::Trace all;
    std::vector<ad::Var> global_values;
    if (global_guide_) {
      all = global_guide_->draw(tape, fold_in(seed, "global"), run_key, params);
      for (const LatentSite& site : globals_)
        global_values.push_back(
            ad::reshape(all.site(site.name).value(), Shape{site.shape.numel()}));
    }
    const ad::Var theta = global_values.empty()
                              ? tape.constant(Array::zeros(Shape{0}))
                              : ad::concat(std::span<const ad::Var>(global_values), 0);
    AutoGuideRun run(params, tape, run_key);
    const int64_t k_steps = settings_.dais_steps;
    const Shape rows_by_width{rows_, width_};
    // Per-row params: full-size along the plate, indexed by the minibatch.
    const auto per_row = [&](const std::string& what, const dist::Constraint& constraint,
                             const Shape& row_shape, const std::function<Array()>& batch_initial) {
      std::vector<int64_t> dims{rows_};
      dims.insert(dims.end(), row_shape.begin(), row_shape.end());
      LatentSite pseudo;
      pseudo.shape = Shape(std::span<const int64_t>(dims.data(), dims.size()));
      pseudo.event_rank = row_shape.rank();
      pseudo.subsampled_plate = plate_;
      pseudo.subsample_dim = -1;
      pseudo.subsample_size = plate_size_;
      return minibatch_param(run, pseudo, param_name("local_" + what), constraint, batch_initial);
    };
    const dist::Constraint real = dist::Constraint::of(dist::ConstraintKind::Real);
    const dist::Constraint positive = dist::Constraint::of(dist::ConstraintKind::Positive);
    const ad::Var loc = per_row("z_0_loc", real, Shape{width_}, [&] { return initial_rows(); });
    const ad::Var scale = per_row("z_0_scale", positive, Shape{width_},
                                  [&] { return Array::full(rows_by_width, settings_.init_scale); });
    RandomStream stream(fold_in(seed, "local"));
    const auto normals = [&] {
      Array out = Array::zeros(rows_by_width);
      for (double& v : out.mutable_values()) v = stream.normal();
      return tape.constant(out);
    };
    const ad::Var n0 = normals();
    ad::Var z = loc + scale * n0;
    const double log_two_pi = std::log(2 * std::numbers::pi);
    ad::Var log_q = -0.5 * ad::sum(ad::square(n0)) - ad::sum(ad::log(scale)) -
                    0.5 * static_cast<double>(rows_ * width_) * log_two_pi;
    if (k_steps > 0) {
      // The dynamics' params, per row [rows, ...] or shared.
      const auto dynamics = [&](const std::string& what, const dist::Constraint& constraint,
                                const Shape& shape, double initial) {
        if (settings_.use_global_dais_params)
          return run.param(param_name("local_" + what), constraint,
                           [&] { return Array::full(shape, initial); });
        std::vector<int64_t> full{rows_};
        full.insert(full.end(), shape.begin(), shape.end());
        const Shape batch(std::span<const int64_t>(full.data(), full.size()));
        return per_row(what, constraint, shape, [&, batch] { return Array::full(batch, initial); });
      };
      const dist::Constraint eta_range =
          dist::Constraint::interval(tape.constant(0.0), tape.constant(settings_.eta_max));
      const dist::Constraint unit =
          dist::Constraint::interval(tape.constant(0.0), tape.constant(1.0));
      const ad::Var eta0 = dynamics("eta0", eta_range, Shape{1}, settings_.eta_init);
      const ad::Var eta_coeff = dynamics("eta_coeff", real, Shape{1}, 0.0);
      const ad::Var gamma = dynamics("gamma", unit, Shape{1}, settings_.gamma_init);
      const ad::Var increments = dynamics("beta_increments", positive, Shape{k_steps}, 1.0);
      const ad::Var mass = dynamics("mass_matrix", positive, Shape{width_}, 1.0);
      const ad::Var fraction = eta0 / settings_.eta_max;
      const ad::Var eta_logit = ad::log(fraction) - ad::log1p(-fraction);
      const ad::Var cumulative = ad::cumsum(increments, -1);
      const SliceRange last[2] = {{0, increments.shape().rank() == 2 ? rows_ : 1},
                                  {k_steps - 1, k_steps}};
      const ad::Var betas =
          increments.shape().rank() == 2
              ? cumulative / ad::slice(cumulative, std::span<const SliceRange>(last, 2))
              : cumulative / ad::index(cumulative, k_steps - 1);
      const ad::Var refresh = ad::sqrt(1.0 - ad::square(gamma));
      const auto log_momentum = [&](ad::Var rho) {
        return -0.5 * ad::sum(ad::square(rho) / mass + ad::log(mass)) -
               0.5 * static_cast<double>(rows_ * width_) * log_two_pi;
      };
      ad::Var rho = ad::sqrt(mass) * normals();
      for (int64_t k = 0; k < k_steps; ++k) {
        const SliceRange column[2] = {{0, rows_}, {k, k + 1}};
        const ad::Var beta = betas.shape().rank() == 2
                                 ? ad::slice(betas, std::span<const SliceRange>(column, 2))
                                 : ad::index(betas, k);
        const ad::Var eta = settings_.eta_max * ad::sigmoid(eta_logit + eta_coeff * beta);
        const ad::Var z_half = z + 0.5 * eta * rho / mass;
        const ad::Var base_gradient = -(z_half - loc) / ad::square(scale);
        const ad::Var target =
            ad::reshape(ad::gradient_of(*local_density_, ad::reshape(z_half, Shape{rows_ * width_}),
                                        theta, run_key.bits()),
                        rows_by_width);
        const ad::Var rho_after = rho + eta * ((1.0 - beta) * base_gradient + beta * target);
        z = z_half + 0.5 * eta * rho_after / mass;
        log_q = log_q - (log_momentum(rho_after) - log_momentum(rho));
        rho = gamma * rho_after + refresh * ad::sqrt(mass) * normals();
      }
    }
    // The rows' values by site; their log q counts N / M times.
    const double scale_up = static_cast<double>(plate_size_) / static_cast<double>(rows_);
    int64_t column = 0;
    bool first = true;
    for (const LatentSite& site : locals_) {
      const ad::Var u = site_columns(z, site, rows_, column);
      const ad::Var y = site.transform->forward(u);
      const ad::Var site_log_q = (first ? log_q : tape.constant(0.0)) -
                                 ad::sum(site.transform->log_abs_det_jacobian(u, y));
      first = false;
      run.sample(site.name, std::make_shared<dist::Delta>(y, site_log_q, site.shape.rank()), y,
                 scale_up);
      column += site.size / rows_;
    }
    all.append(run.take_trace());
    return all;
  }

 private:
  // The rows' starting points [rows, width], from the initial point.
  Array initial_rows() const {
    Array out = Array::zeros(Shape{rows_, width_});
    int64_t column = 0;
    for (const LatentSite& site : locals_) {
      const int64_t width = site.size / rows_;
      const Array start = initial_unconstrained(site);
      for (int64_t r = 0; r < rows_; ++r)
        for (int64_t c = 0; c < width; ++c)
          out.mutable_values()[r * width_ + column + c] = start.values()[r * width + c];
      column += width;
    }
    return out;
  }

  std::vector<LatentSite> locals_, globals_;
  std::string plate_;
  int64_t rows_ = 0, plate_size_ = 0, width_ = 0;
  std::unique_ptr<Guide> global_guide_;
  std::unique_ptr<LocalLogDensity> local_density_;
};

}  // namespace

std::unique_ptr<Guide> make_auto_semi_dais(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoSemiDais>(inputs);
}

}  // namespace ppl::infer
