// auto_semi_dais: a guide for the global latent sites (--global-guide: an
// autoguide, auto_normal by default, or a guide program) and, for the local
// latent sites of a subsampled plate, annealed importance sampling row by
// row (NumPyro's AutoSemiDAIS; Jankowiak and Phan 2022, a locally enhanced
// bound after Geffner and Domke). Given the globals drawn, each row of the
// minibatch starts from its base, a Normal with params of its own
// (full-size, indexed by the minibatch) or a local guide program
// (--local-guide), and takes K uncorrected Hamiltonian steps on the row's
// conditional density: the model's log joint on the same minibatch, times
// M / N (the plate's scaling undone), with the globals fixed. The momentum
// terms enter log q exactly, as in auto_dais, and the rows' log q counts
// N / M times, as their log p does. The dynamics' params (step size,
// damping, schedule, mass) are per row, or shared with
// --use-global-dais-params. The gradient in the globals and in a local
// guide's params flows through every step (mixed second derivatives by
// central differences, ad::gradient_of).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "ad/ops.h"
#include "ad/ops_gradient_field.h"
#include "core/error.h"
#include "dist/delta.h"
#include "infer/model_runs.h"
#include "infer/svi/annealing.h"
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

// The local sites' values from the rows' coordinates x [rows * width]
// (constrained, added to `values`), and log |det dT/dx|.
ad::Var add_local_values(ad::Var flat, const std::vector<LatentSite>& locals,
                         std::map<std::string, ad::Var>& values) {
  ad::Var log_jacobian = flat.tape().constant(0.0);
  const int64_t rows = locals.empty() ? 0 : locals.front().shape[0];
  const int64_t width = flat.shape().numel() / std::max<int64_t>(rows, 1);
  const ad::Var by_row = ad::reshape(flat, Shape{rows, width});
  int64_t column = 0;
  for (const LatentSite& site : locals) {
    const ad::Var u = site_columns(by_row, site, rows, column);
    const ad::Var y = site.transform->forward(u);
    log_jacobian = log_jacobian + ad::sum(site.transform->log_abs_det_jacobian(u, y));
    values[site.name] = y;
    column += site.size / rows;
  }
  return log_jacobian;
}

// A density of the rows' coordinates x [rows * width] with named parts
// theta: f(x, theta) = (M / N) g(locals = T(x), theta) + log |det dT/dx|,
// where g is one run of a program on the minibatch the context's run key
// draws, whose plate scales N / M the factor undoes.
class RowsLogDensity : public ad::ParametricGradientField {
 public:
  RowsLogDensity(std::vector<LatentSite> locals, double batch_fraction)
      : locals_(std::move(locals)), batch_fraction_(batch_fraction) {}

  // theta's named parts, in order.
  std::vector<std::pair<std::string, Shape>> theta_parts;

  void gradients(const Eigen::VectorXd& x, const Eigen::VectorXd& theta, uint64_t context,
                 Eigen::VectorXd& x_gradient, Eigen::VectorXd& theta_gradient) final {
    tape_.clear();
    const ad::Var flat = tape_.leaf(Array(Shape{x.size()}, x.array()));
    const ad::Var theta_flat = tape_.leaf(Array(Shape{theta.size()}, theta.array()));
    std::map<std::string, ad::Var> values;
    const ad::Var log_jacobian = add_local_values(flat, locals_, values);
    add_unflattened(theta_flat, theta_parts, values);
    const ad::Var log_density =
        batch_fraction_ * run(tape_, values, RandomKey(context)) + log_jacobian;
    const std::vector<Array> g = tape_.gradient(log_density, {flat, theta_flat});
    x_gradient = g[0].values().matrix();
    theta_gradient = g[1].values().matrix();
  }

 protected:
  virtual ad::Var run(ad::Tape& tape, const std::map<std::string, ad::Var>& values,
                      RandomKey key) = 0;

 private:
  std::vector<LatentSite> locals_;
  double batch_fraction_;
  ad::Tape tape_;
};

// The rows' conditional log density: the model's log joint with theta the
// global sites' values (fixed by the global guide's draw).
class LocalLogDensity final : public RowsLogDensity {
 public:
  LocalLogDensity(const ir::Program& program, const runtime::ModelData& data,
                  std::vector<LatentSite> locals, const std::vector<LatentSite>& globals,
                  double batch_fraction)
      : RowsLogDensity(std::move(locals), batch_fraction), program_(program), data_(data) {
    for (const LatentSite& site : globals) theta_parts.emplace_back(site.name, site.shape);
  }

 protected:
  ad::Var run(ad::Tape& tape, const std::map<std::string, ad::Var>& values,
              RandomKey key) override {
    int parallel = 0;
    return run_model_log_joint(program_, data_, tape, key, values, {}, false, parallel);
  }

 private:
  const ir::Program& program_;
  const runtime::ModelData& data_;
};

// The DAIS base of a local guide program (--local-guide): its log density
// with theta its params, as its last draw met them (NumPyro's local_guide:
// the guide's potential divided by N / M).
class LocalGuideLogDensity final : public RowsLogDensity {
 public:
  LocalGuideLogDensity(const ProgramGuide& guide, std::vector<LatentSite> locals,
                       double batch_fraction)
      : RowsLogDensity(std::move(locals), batch_fraction), guide_(guide) {}

 protected:
  ad::Var run(ad::Tape& tape, const std::map<std::string, ad::Var>& values,
              RandomKey key) override {
    return run_guide_log_density(guide_.program(), guide_.data(), tape, key, values);
  }

 private:
  const ProgramGuide& guide_;
};

// "a, b" of a set of names.
std::string listed(const std::set<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

class AutoSemiDais final : public AutoGuide {
 public:
  explicit AutoSemiDais(const AutoGuideInputs& inputs) : AutoGuide(inputs) {
    if (!inputs.program || !inputs.data) throw Error("auto_semi_dais needs the model's program");
    // The local sites' plate: --subsample-plate, else the latent sites' one
    // subsampled plate, else their one plate (NumPyro's choice).
    std::map<std::string, runtime::PlateFrame> plates;
    std::set<std::string> plate_names, subsampled;
    for (const LatentSite& site : sites_)
      for (const runtime::PlateFrame& plate : site.plates) {
        plates[plate.name] = plate;
        plate_names.insert(plate.name);
        if (plate.batch_size != plate.size) subsampled.insert(plate.name);
      }
    if (!settings_.subsample_plate.empty()) {
      if (!plates.count(settings_.subsample_plate))
        throw Error(fmt::format("--subsample-plate '{}': no latent site lies in a plate of that "
                                "name ({})",
                                settings_.subsample_plate,
                                plate_names.empty()
                                    ? std::string("the latent sites lie in no plate")
                                    : "the latent sites' plates: " + listed(plate_names)));
      plate_ = settings_.subsample_plate;
    } else if (subsampled.size() == 1) {
      plate_ = *subsampled.begin();
    } else if (subsampled.size() > 1) {
      throw Error(fmt::format("auto_semi_dais: the latent sites lie in several subsampled plates "
                              "({}); name the local sites' plate with --subsample-plate",
                              listed(subsampled)));
    } else if (plate_names.size() == 1) {
      plate_ = *plate_names.begin();
    } else if (plate_names.empty()) {
      throw Error(
          "auto_semi_dais: the model has no local latent site in a subsampled plate (use "
          "auto_dais, or auto_surrogate_likelihood_dais for a subsampled likelihood)");
    } else {
      throw Error(fmt::format("auto_semi_dais: no plate is subsampled and the latent sites lie "
                              "in several ({}); name the local sites' plate with "
                              "--subsample-plate",
                              listed(plate_names)));
    }
    const runtime::PlateFrame& local_plate = plates.at(plate_);
    std::set<std::string> global_names;
    for (const LatentSite& site : sites_) {
      if (site.moving_support)
        throw Error(
            fmt::format("auto_semi_dais: site '{}' has a support that moves with other "
                        "latent values",
                        site.name));
      const bool local = std::any_of(site.plates.begin(), site.plates.end(),
                                     [&](const runtime::PlateFrame& p) { return p.name == plate_; });
      if (!local) {
        if (!site.subsampled_plate.empty())
          throw Error(fmt::format("auto_semi_dais: site '{}' lies in the subsampled plate '{}', "
                                  "not in the local sites' plate '{}'",
                                  site.name, site.subsampled_plate, plate_));
        global_names.insert(site.name);
        globals_.push_back(site);
        continue;
      }
      if (site.shape.rank() - site.event_rank + local_plate.dim != 0)
        throw Error(fmt::format("auto_semi_dais: the plate '{}' must be the first dim of the "
                                "local site '{}'",
                                plate_, site.name));
      locals_.push_back(site);
    }
    rows_ = local_plate.batch_size;
    plate_size_ = local_plate.size;
    for (const LatentSite& site : locals_) width_ += site.size / rows_;
    if (settings_.dais_steps < 0) throw Error("--dais-steps must be at least 0");
    if (!(settings_.eta_init > 0 && settings_.eta_init < settings_.eta_max))
      throw Error("--eta-init must be positive and below --eta-max");
    if (!(settings_.gamma_init > 0 && settings_.gamma_init < 1))
      throw Error("--gamma-init must lie in (0, 1)");
    const double batch_fraction = static_cast<double>(rows_) / static_cast<double>(plate_size_);
    if (inputs.global_program) {
      if (inputs.global_program->sites != global_names)
        throw Error(fmt::format("--global-guide {}: the guide program samples {}; the model's "
                                "global latent sites are {}",
                                settings_.global_guide, listed(inputs.global_program->sites),
                                global_names.empty() ? "none" : listed(global_names)));
      global_program_ = inputs.global_program;
    } else if (!globals_.empty()) {
      const std::string& name = settings_.global_guide;
      if (!find_autoguide(name) || name.find("dais") != std::string::npos ||
          name == "auto_laplace_approximation")
        throw Error(
            fmt::format("--global-guide '{}': expected an autoguide such as auto_normal, "
                        "auto_multivariate_normal or auto_iaf_normal, guide (the model file's "
                        "guide block) or a guide file",
                        name));
      AutoGuideInputs global{inputs.layout, inputs.initial, settings_, global_names,
                             inputs.potential};
      global.settings.prefix = settings_.prefix + "_global";
      global.data = inputs.data;
      global_guide_ = make_autoguide(name, global);
    }
    if (inputs.local_program) {
      std::set<std::string> local_names;
      for (const LatentSite& site : locals_) local_names.insert(site.name);
      if (inputs.local_program->sites != local_names)
        throw Error(fmt::format("--local-guide {}: the guide program samples {}; the model's "
                                "local latent sites (plate '{}') are {}",
                                settings_.local_guide, listed(inputs.local_program->sites),
                                plate_, listed(local_names)));
      local_program_ = inputs.local_program;
      local_base_ = std::make_unique<LocalGuideLogDensity>(
          dynamic_cast<const ProgramGuide&>(*local_program_->guide), locals_, batch_fraction);
    }
    local_density_ = std::make_unique<LocalLogDensity>(*inputs.program, *inputs.data, locals_,
                                                       globals_, batch_fraction);
  }

  // The global guide program's sites are checked against the model's after
  // the first draw, as a whole guide program's are.
  std::optional<std::set<std::string>> sites_checked_against_model() const override {
    if (global_program_) return global_program_->sites;
    return std::set<std::string>{};
  }

  std::string name() const override { return "auto_semi_dais"; }

  nlohmann::json distribution_description() const override {
    return {{"family",
             "a global autoguide, and per row of the subsampled plate a Normal moved by K "
             "uncorrected Hamiltonian steps on the row's conditional density"},
            {"global_guide", global_program_ ? nlohmann::json(settings_.global_guide)
                             : global_guide_ ? global_guide_->posterior_description()
                                             : nullptr},
            {"local_guide", local_program_ ? nlohmann::json(settings_.local_guide)
                                           : nlohmann::json("Normal(PREFIX_local_z_0_loc, "
                                                            "PREFIX_local_z_0_scale) per row")},
            {"plate", plate_},
            {"K", settings_.dais_steps},
            {"use_global_dais_params", settings_.use_global_dais_params},
            {"params", param_name("local_*") + " (full-size along the plate unless shared)"}};
  }

  handlers::Trace draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                       ParamHandler& params) const override {
    handlers::Trace all;
    std::vector<ad::Var> global_values;
    if (global_guide_ || global_program_) {
      const Guide& global = global_program_ ? *global_program_->guide : *global_guide_;
      all = global.draw(tape, fold_in(seed, "global"), run_key, params);
      for (const LatentSite& site : globals_)
        global_values.push_back(
            ad::reshape(all.site(site.name).value(), Shape{site.shape.numel()}));
    }
    const ad::Var theta = global_values.empty()
                              ? tape.constant(Array::zeros(Shape{0}))
                              : ad::concat(std::span<const ad::Var>(global_values), 0);
    AutoGuideRun run(params, tape, run_key, data_);
    const int64_t k_steps = settings_.dais_steps;
    const Shape rows_by_width{rows_, width_};
    // Per-row params: full-size along the plate, indexed by the minibatch.
    const auto per_row = [&](const std::string& what, const dist::Constraint& constraint,
                             const Shape& row_shape, const std::function<Array()>& batch_initial) {
      if (rows_ == plate_size_) return run.param(param_name("local_" + what), constraint, batch_initial);
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
    RandomStream stream(fold_in(seed, "local"));
    const auto normals = [&] {
      Array out = Array::zeros(rows_by_width);
      for (double& v : out.mutable_values()) v = stream.normal();
      return tape.constant(out);
    };
    const double log_two_pi = std::log(2 * std::numbers::pi);
    // The base: its draw z [rows, width], log q of it, and the gradient in z
    // of its log density at a point.
    ad::Var z, log_q;
    std::function<ad::Var(ad::Var)> base_gradient;
    if (local_program_) {
      LocalBase base = local_guide_base(tape, fold_in(seed, "local_guide"), run_key, params);
      z = base.z;
      log_q = base.log_q;
      const ad::Var theta_params = base.params;
      base_gradient = [this, theta_params, run_key, rows_by_width](ad::Var at) {
        return ad::reshape(ad::gradient_of(*local_base_, ad::reshape(at, Shape{rows_ * width_}),
                                           theta_params, run_key.bits()),
                           rows_by_width);
      };
    } else {
      const ad::Var loc = per_row("z_0_loc", real, Shape{width_}, [&] { return initial_rows(); });
      const ad::Var scale = per_row("z_0_scale", positive, Shape{width_}, [&] {
        return Array::full(rows_by_width, settings_.init_scale);
      });
      const ad::Var n0 = normals();
      z = loc + scale * n0;
      log_q = -0.5 * ad::sum(ad::square(n0)) - ad::sum(ad::log(scale)) -
              0.5 * static_cast<double>(rows_ * width_) * log_two_pi;
      base_gradient = [loc, scale](ad::Var at) { return -(at - loc) / ad::square(scale); };
    }
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
      AnnealingParams params;
      params.eta0 = dynamics("eta0", eta_range, Shape{1}, settings_.eta_init);
      params.eta_coeff = dynamics("eta_coeff", real, Shape{1}, 0.0);
      params.gamma = dynamics("gamma", unit, Shape{1}, settings_.gamma_init);
      params.increments = dynamics("beta_increments", positive, Shape{k_steps}, 1.0);
      params.mass = dynamics("mass_matrix", positive, Shape{width_}, 1.0);
      const auto target = [&](ad::Var at) {
        return ad::reshape(ad::gradient_of(*local_density_, ad::reshape(at, Shape{rows_ * width_}),
                                           theta, run_key.bits()),
                           rows_by_width);
      };
      const AnnealedDraw annealed =
          anneal(z, log_q, params, settings_.eta_max, base_gradient, target, normals);
      z = annealed.z;
      log_q = annealed.log_q;
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
  struct LocalBase {
    ad::Var z, log_q, params;  // params: the local guide's, flat (theta of local_base_)
  };

  // A draw of the local guide program, in the rows' coordinates, with its
  // log density there (log q(T(z)) + log |det dT/dz|) and its params.
  LocalBase local_guide_base(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                             ParamHandler& params) const {
    const handlers::Trace drawn = local_program_->guide->draw(tape, seed, run_key, params);
    std::vector<ad::Var> param_values;
    local_base_->theta_parts.clear();
    for (const handlers::TraceSite& site : drawn.sites()) {
      if (site.kind != runtime::MessageKind::Param) continue;
      const ad::Var value = site.value();
      param_values.push_back(ad::reshape(value, Shape{value.shape().numel()}));
      local_base_->theta_parts.emplace_back(site.name, value.shape());
    }
    std::vector<ad::Var> columns;
    ad::Var log_q = tape.constant(0.0);
    for (const LatentSite& site : locals_) {
      const handlers::SiteStep& step = drawn.site(site.name).steps.front();
      if (!step.distribution->has_rsample())
        throw Error(fmt::format("--local-guide {}: its site '{}' ({}) has no reparameterized "
                                "draws; the annealing differentiates through the base draw",
                                settings_.local_guide, site.name, step.distribution->name()));
      if (!(step.value.shape() == site.shape))
        throw Error(fmt::format("--local-guide {}: it draws '{}' with shape {}, the model's "
                                "minibatch {}; sample it in the subsampled plate '{}'",
                                settings_.local_guide, site.name, step.value.shape().to_string(),
                                site.shape.to_string(), plate_));
      const ad::Var u = site.transform->inverse_var(step.value);
      log_q = log_q + ad::sum(step.distribution->log_prob(step.value)) +
              ad::sum(site.transform->log_abs_det_jacobian(u, step.value));
      columns.push_back(ad::reshape(u, Shape{rows_, site.size / rows_}));
    }
    return {ad::concat(std::span<const ad::Var>(columns), 1), log_q,
            param_values.empty() ? tape.constant(Array::zeros(Shape{0}))
                                 : ad::concat(std::span<const ad::Var>(param_values), 0)};
  }

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
  std::shared_ptr<ProgramGuidePart> global_program_, local_program_;
  std::unique_ptr<LocalLogDensity> local_density_;
  std::unique_ptr<LocalGuideLogDensity> local_base_;
};

}  // namespace

std::unique_ptr<Guide> make_auto_semi_dais(const AutoGuideInputs& inputs) {
  return std::make_unique<AutoSemiDais>(inputs);
}

}  // namespace ppl::infer
