#include "infer/svi/autoguide.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string>
#include <type_traits>

#include "ad/ops.h"
#include "core/error.h"
#include "runtime/builtins.h"

namespace ppl::infer {

// Each autoguide's file defines its maker.
std::unique_ptr<Guide> make_auto_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_diagonal_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_delta(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_multivariate_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_lowrank_multivariate_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_laplace_approximation(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_iaf_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_bnaf_normal(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_dais(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_surrogate_likelihood_dais(const AutoGuideInputs& inputs);
std::unique_ptr<Guide> make_auto_semi_dais(const AutoGuideInputs& inputs);

const std::vector<AutoGuideEntry>& autoguides() {
  static const std::vector<AutoGuideEntry> list = {
      {"auto_normal", "a Normal per latent site, in its unconstrained space", &make_auto_normal},
      {"auto_diagonal_normal", "one Normal with a diagonal covariance over all latent coordinates",
       &make_auto_diagonal_normal},
      {"auto_multivariate_normal",
       "one multivariate Normal over all latent coordinates, with a full covariance",
       &make_auto_multivariate_normal},
      {"auto_lowrank_multivariate_normal",
       "one multivariate Normal with a low-rank-plus-diagonal covariance (--rank)",
       &make_auto_lowrank_multivariate_normal},
      {"auto_laplace_approximation",
       "a point fit (MAP in unconstrained space), then a multivariate Normal from the Hessian there",
       &make_auto_laplace_approximation},
      {"auto_delta", "a point mass per latent site: MAP estimation", &make_auto_delta},
      {"auto_iaf_normal",
       "a standard Normal through inverse autoregressive flows (--num-flows, --hidden-dims, "
       "--skip-connections, --nonlinearity)",
       &make_auto_iaf_normal},
      {"auto_bnaf_normal",
       "a standard Normal through block neural autoregressive flows (--num-flows, "
       "--hidden-factors)",
       &make_auto_bnaf_normal},
      {"auto_dais",
       "a base Normal moved towards the posterior by K annealed, uncorrected Hamiltonian steps "
       "(--dais-steps, --base-dist, --eta-init, --eta-max, --gamma-init)",
       &make_auto_dais},
      {"auto_surrogate_likelihood_dais",
       "auto_dais whose steps follow a cheap surrogate model (--surrogate FILE) with learnable "
       "params, so the model itself may be subsampled",
       &make_auto_surrogate_likelihood_dais},
      {"auto_semi_dais",
       "an autoguide for the global sites (--global-guide) and, row by row, annealed "
       "Hamiltonian steps for the local sites of a subsampled plate",
       &make_auto_semi_dais},
  };
  return list;
}

const AutoGuideEntry* find_autoguide(std::string_view name) {
  for (const AutoGuideEntry& entry : autoguides())
    if (entry.name == name) return &entry;
  return nullptr;
}

std::string autoguide_names() {
  std::vector<std::string> names;
  for (const AutoGuideEntry& entry : autoguides()) names.push_back(entry.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

bool names_autoguide(std::string_view spec) {
  return find_autoguide(spec) || spec.find('+') != std::string_view::npos ||
         spec.find('[') != std::string_view::npos;
}

namespace {

bool mentions(std::string_view guide, std::string_view name) {
  return guide.find(name) != std::string_view::npos;
}

const std::vector<int64_t> kDefaultHiddenFactors{8, 8};

}  // namespace

nlohmann::json guide_settings_json(const AutoGuideSettings& settings, std::string_view guide) {
  nlohmann::json out = nlohmann::json::object();
  const bool iaf = mentions(guide, "auto_iaf_normal"), bnaf = mentions(guide, "auto_bnaf_normal");
  if (iaf || bnaf)
    out["num_flows"] = settings.num_flows ? nlohmann::json(*settings.num_flows) : nlohmann::json();
  if (iaf) {
    out["hidden_dims"] =
        settings.hidden_dims ? nlohmann::json(*settings.hidden_dims) : nlohmann::json();
    out["skip_connections"] = settings.skip_connections;
    out["nonlinearity"] = settings.nonlinearity;
  }
  if (bnaf) out["hidden_factors"] = settings.hidden_factors;
  if (mentions(guide, "dais")) {
    if (mentions(guide, "auto_surrogate_likelihood_dais")) {
      out["surrogate"] = settings.surrogate;
      out["surrogate_data"] = settings.surrogate_data;
    }
    if (mentions(guide, "auto_semi_dais")) {
      out["global_guide"] = settings.global_guide;
      out["local_guide"] = settings.local_guide;
      out["subsample_plate"] = settings.subsample_plate;
      out["use_global_dais_params"] = settings.use_global_dais_params;
    }
    out["dais_steps"] = settings.dais_steps;
    out["base_dist"] = settings.base_dist;
    out["eta_init"] = settings.eta_init;
    out["eta_max"] = settings.eta_max;
    out["gamma_init"] = settings.gamma_init;
  }
  return out;
}

namespace {

// A setting's value type: the T of an optional setting.
template <class T>
struct SettingValue {
  using type = T;
};
template <class T>
struct SettingValue<std::optional<T>> {
  using type = T;
};

// Whether a JSON value has the type of T.
template <class T>
bool has_json_type(const nlohmann::json& value) {
  if constexpr (std::is_same_v<T, bool>)
    return value.is_boolean();
  else if constexpr (std::is_integral_v<T>)
    return value.is_number_integer();
  else if constexpr (std::is_floating_point_v<T>)
    return value.is_number();
  else if constexpr (std::is_same_v<T, std::string>)
    return value.is_string();
  else
    return value.is_array();
}

// `field` from settings[key], where it is there with the field's type.
template <class T>
void read_setting(const nlohmann::json& settings, const char* key, T& field) {
  using Value = typename SettingValue<T>::type;
  if (settings.contains(key) && has_json_type<Value>(settings.at(key)))
    field = settings.at(key).get<Value>();
}

}  // namespace

void read_guide_settings(const nlohmann::json& settings, AutoGuideSettings& into) {
  read_setting(settings, "num_flows", into.num_flows);
  read_setting(settings, "hidden_dims", into.hidden_dims);
  read_setting(settings, "skip_connections", into.skip_connections);
  read_setting(settings, "nonlinearity", into.nonlinearity);
  read_setting(settings, "hidden_factors", into.hidden_factors);
  read_setting(settings, "dais_steps", into.dais_steps);
  read_setting(settings, "base_dist", into.base_dist);
  read_setting(settings, "use_global_dais_params", into.use_global_dais_params);
  read_setting(settings, "surrogate", into.surrogate);
  read_setting(settings, "surrogate_data", into.surrogate_data);
  read_setting(settings, "global_guide", into.global_guide);
  read_setting(settings, "local_guide", into.local_guide);
  read_setting(settings, "subsample_plate", into.subsample_plate);
  read_setting(settings, "eta_init", into.eta_init);
  read_setting(settings, "eta_max", into.eta_max);
  read_setting(settings, "gamma_init", into.gamma_init);
}

void check_guide_options(const AutoGuideSettings& settings, std::string_view guide) {
  const bool iaf = mentions(guide, "auto_iaf_normal"), bnaf = mentions(guide, "auto_bnaf_normal");
  const auto refuse = [&](const std::string& option, const std::string& of) {
    throw Error(fmt::format("{} shapes {}; --guide {} has none", option, of, guide));
  };
  if (settings.num_flows && !iaf && !bnaf)
    refuse("--num-flows", "the flows of auto_iaf_normal and auto_bnaf_normal");
  if (!iaf) {
    if (settings.hidden_dims) refuse("--hidden-dims", "auto_iaf_normal's networks");
    if (settings.skip_connections) refuse("--skip-connections", "auto_iaf_normal's networks");
    if (settings.nonlinearity != "elu") refuse("--nonlinearity", "auto_iaf_normal's networks");
  }
  if (!bnaf && settings.hidden_factors != kDefaultHiddenFactors)
    refuse("--hidden-factors", "auto_bnaf_normal's networks");
  if (!mentions(guide, "auto_surrogate_likelihood_dais") &&
      (!settings.surrogate.empty() || !settings.surrogate_data.empty()))
    refuse("--surrogate", "auto_surrogate_likelihood_dais's dynamics");
  if (!mentions(guide, "auto_semi_dais")) {
    if (settings.use_global_dais_params)
      refuse("--use-global-dais-params", "auto_semi_dais's dynamics");
    if (settings.global_guide != "auto_normal") refuse("--global-guide", "auto_semi_dais's guides");
    if (!settings.local_guide.empty()) refuse("--local-guide", "auto_semi_dais's guides");
    if (!settings.subsample_plate.empty()) refuse("--subsample-plate", "auto_semi_dais's local sites");
  }
  if (!mentions(guide, "dais")) {
    const AutoGuideSettings defaults;
    if (settings.dais_steps != defaults.dais_steps) refuse("--dais-steps", "auto_dais's annealing");
    if (settings.base_dist != defaults.base_dist) refuse("--base-dist", "auto_dais's base");
    if (settings.eta_init != defaults.eta_init) refuse("--eta-init", "auto_dais's step size");
    if (settings.eta_max != defaults.eta_max) refuse("--eta-max", "auto_dais's step size");
    if (settings.gamma_init != defaults.gamma_init) refuse("--gamma-init", "auto_dais's damping");
  }
}

std::unique_ptr<Guide> make_autoguide(std::string_view name, const AutoGuideInputs& inputs) {
  if (!find_autoguide(name) && names_autoguide(name)) return make_autoguide_list(name, inputs);
  const AutoGuideEntry* entry = find_autoguide(name);
  if (!entry)
    throw Error(fmt::format("unknown autoguide '{}' (known: {})", name, autoguide_names()));
  return entry->make(inputs);
}

AutoGuide::AutoGuide(const AutoGuideInputs& inputs)
    : settings_(inputs.settings), data_(inputs.data) {
  // The sites covered, their coordinates laid out again one after another.
  Eigen::Index offset = 0;
  std::vector<double> start;
  for (const LatentSite& site : inputs.layout.sites()) {
    if (inputs.sites && !inputs.sites->count(site.name)) continue;
    LatentSite covered = site;
    covered.offset = offset;
    offset += site.size;
    for (Eigen::Index i = 0; i < site.size; ++i) start.push_back(inputs.initial[site.offset + i]);
    sites_.push_back(std::move(covered));
  }
  initial_ = Eigen::Map<const Eigen::VectorXd>(start.data(), static_cast<Eigen::Index>(start.size()));
  if (!(settings_.init_scale > 0)) throw Error("--init-scale must be positive");
}

void AutoGuide::refuse_subsampled_sites(const std::string& guide) const {
  for (const LatentSite& site : sites_)
    if (!site.subsampled_plate.empty())
      throw Error(fmt::format("site '{}' is a local latent of the subsampled plate '{}': {} has "
                              "params for the minibatch only (auto_normal and auto_delta have "
                              "full-size params indexed by the minibatch: use one for the local "
                              "sites, alone or as a part of a list); or write a guide that draws it "
                              "inside the plate (indexing its params by the minibatch)",
                              site.name, site.subsampled_plate, guide));
}

ad::Var AutoGuide::minibatch_param(AutoGuideRun& run, const LatentSite& site,
                                   const std::string& name, const dist::Constraint& constraint,
                                   const std::function<Array()>& batch_initial) const {
  const int axis = site.shape.rank() - site.event_rank + site.subsample_dim;
  const int64_t batch = site.shape[axis];
  const auto initial = [&] {
    ad::Tape scratch;
    std::vector<int64_t> repeated;
    for (int64_t j = 0; j < site.subsample_size; ++j) repeated.push_back(j % batch);
    return ad::take(scratch.constant(batch_initial()), std::span<const int64_t>(repeated), axis)
        .value();
  };
  const ad::Var full = run.param(name, constraint, initial);
  const std::vector<int64_t> rows = run.minibatch(site.subsampled_plate, site.subsample_size, batch);
  return ad::take(full, std::span<const int64_t>(rows), axis);
}

std::optional<Eigen::VectorXd> AutoGuide::param_values(const ParamStore& store,
                                                       const std::string& name) {
  const ParamEntry* entry = store.find(name);
  if (!entry) return std::nullopt;
  return store.constrained(*entry).values().matrix();
}

Eigen::VectorXd AutoGuide::factor_sd(const Eigen::VectorXd& factor, Eigen::Index rows,
                                     const Eigen::VectorXd* diagonal_variance) {
  const Eigen::Index columns = factor.size() / rows;
  Eigen::VectorXd variance(rows);
  for (Eigen::Index i = 0; i < rows; ++i)
    variance[i] = factor.segment(i * columns, columns).squaredNorm() +
                  (diagonal_variance ? (*diagonal_variance)[i] : 0.0);
  return variance.cwiseSqrt();
}

nlohmann::json AutoGuide::posterior_description() const {
  nlohmann::json sites = nlohmann::json::array();
  for (const LatentSite& site : sites_)
    sites.push_back({{"name", site.name},
                     {"shape", std::vector<int64_t>(site.shape.begin(), site.shape.end())},
                     {"unconstrained_shape", std::vector<int64_t>(site.unconstrained_shape.begin(),
                                                                  site.unconstrained_shape.end())},
                     {"offset", site.offset},
                     {"size", site.size},
                     {"bijection", site.transform->name()},
                     {"support", site.transform->codomain().to_string()},
                     // Its bounds move with other latent values: the bijection is the
                     // support's at each draw, the one named here is the first run's.
                     {"moving_support", site.moving_support}});
  return {{"guide", name()},
          {"space",
           "unconstrained: a site's value is bijection(u), u its coordinates (offset, size) in "
           "the distribution's vector, row-major in unconstrained_shape"},
          {"sites", sites},
          {"distribution", distribution_description()}};
}

Array AutoGuide::initial_unconstrained(const LatentSite& site) const {
  return Array(site.unconstrained_shape, initial_.segment(site.offset, site.size).array());
}

Guide::UnconstrainedValues AutoGuide::moving_support_sites(bool with_jacobian) const {
  UnconstrainedValues moving;
  for (const LatentSite& site : sites_)
    if (site.moving_support) moving.sites.insert(site.name);
  moving.with_jacobian = with_jacobian;
  return moving;
}

AutoGuideRun::AutoGuideRun(ParamHandler& params, ad::Tape& tape, RandomKey run_key,
                           const runtime::ModelData* data)
    : hide_params_(handlers::BlockHandler::hide_kind(runtime::MessageKind::Param)),
      params_(params),
      tape_(tape),
      run_key_(run_key),
      data_(data) {
  stack_.push(trace_);
  stack_.push(hide_params_);
  stack_.push(params);
}

ad::Var AutoGuideRun::param(const std::string& name, const dist::Constraint& constraint,
                            const std::function<Array()>& initial) {
  runtime::Message msg;
  msg.kind = runtime::MessageKind::Param;
  msg.name = name;
  msg.constraint = constraint;
  // The initial value, which the param handler reads when the param is new.
  if (!params_.has(name)) msg.value = tape_.constant(initial());
  stack_.apply(msg);
  return *msg.value;
}

std::vector<int64_t> AutoGuideRun::minibatch(const std::string& plate, int64_t size,
                                             int64_t batch) const {
  const Array indices = runtime::minibatch_indices(data_, plate, run_key_, size, batch);
  std::vector<int64_t> out;
  for (double i : indices.values()) out.push_back(static_cast<int64_t>(i));
  return out;
}

void AutoGuideRun::sample(const std::string& name, dist::DistributionPtr distribution,
                          ad::Var value, double scale) {
  runtime::Message msg;
  msg.kind = runtime::MessageKind::Sample;
  msg.name = name;
  msg.distribution = std::move(distribution);
  msg.value = value;
  msg.scale = scale;
  stack_.apply(msg);
}

}  // namespace ppl::infer
