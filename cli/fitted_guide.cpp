#include "cli/fitted_guide.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "cli/guide_selection.h"
#include "core/error.h"
#include "infer/elbo/elbo.h"
#include "infer/svi/svi.h"
#include "io/fit_json.h"

namespace ppl::cli {

std::optional<infer::PosteriorDraws> fresh_guide_draws(
    const nlohmann::json& fit, const std::string& model_path, int n, RandomKey key,
    const std::map<std::string, std::vector<int64_t>>& chosen, std::string& unavailable) {
  if (fit.value("method", "") != "svi") return std::nullopt;
  if (!fit.contains("settings") || !fit["settings"].is_object() ||
      !fit["settings"].contains("guide") || !fit["settings"]["guide"].is_string())
    throw Error("the SVI fit's settings name no guide");
  const nlohmann::json& settings = fit["settings"];
  const std::string guide = settings["guide"].get<std::string>();
  if (!infer::names_autoguide(guide) && guide != "guide" && !std::filesystem::exists(guide)) {
    unavailable = fmt::format("the fit's guide file '{}' is gone", guide);
    return std::nullopt;
  }
  // auto_semi_dais's guide programs, when given as files.
  for (const char* key : {"global_guide", "local_guide"}) {
    if (!settings.contains(key) || !settings.at(key).is_string()) continue;
    const std::string file = settings.at(key).get<std::string>();
    if (file.empty() || file == "guide" || infer::find_autoguide(file)) continue;
    if (!std::filesystem::exists(file)) {
      unavailable = fmt::format("the fit's guide file '{}' ({}) is gone", file, key);
      return std::nullopt;
    }
  }
  const std::string data_path =
      fit.contains("data") && fit.at("data").is_string() ? fit.at("data").get<std::string>() : "";
  if (!data_path.empty() && !std::filesystem::exists(data_path)) {
    unavailable = fmt::format("the fit's data file '{}' is gone", data_path);
    return std::nullopt;
  }
  infer::AutoGuideSettings autoguide;
  autoguide.init_scale = settings.value("init_scale", 0.1);
  autoguide.prefix = settings.value("prefix", std::string("auto"));
  if (settings.contains("rank") && settings.at("rank").is_number_integer())
    autoguide.rank = settings.at("rank").get<int64_t>();
  infer::read_guide_settings(settings, autoguide);
  // The start does not matter: every param is set to its fitted value.
  auto selected = load_model_and_guide(model_path, guide, data_path, infer::InitStrategy{},
                                       autoguide, fold_in(key, "guide"));
  if (!selected) throw Error("the model or its data did not load");
  selected->loaded->data.chosen_minibatches = chosen;
  if (selected->local_guide) selected->local_guide->data.chosen_minibatches = chosen;
  const LoadedProgram& p = *selected->loaded;
  infer::ParamStore store;
  infer::ElboObjective objective(p.program, p.data, *selected->guide, store, {});
  objective.initialize(fold_in(key, "initialize"));
  // The fitted values, in each param's unconstrained space.
  const std::optional<io::SiteValues> fitted = io::read_fit_params(fit);
  for (const infer::ParamEntry& entry : store.entries()) {
    auto it = fitted ? fitted->find(entry.name) : io::SiteValues::const_iterator();
    if (!fitted || it == fitted->end())
      throw Error(fmt::format("the fit has no value for the guide's param '{}'", entry.name));
    if (!(it->second.shape() == entry.shape))
      throw Error(fmt::format("the fit's param '{}' has shape {}, the guide's {}", entry.name,
                              it->second.shape().to_string(), entry.shape.to_string()));
    store.values().segment(entry.offset, entry.size) =
        entry.transform->inverse(it->second).values().matrix();
  }
  selected->guide->after_fit(store, p.program, p.data);
  // Deterministic sites are the model's to compute from the latent ones.
  std::set<std::string> deterministic;
  // Kept in a variable: a range-for over a member of a temporary would read
  // it after its end.
  const infer::ElboObjective::Traces particle = objective.run_particle(key);
  for (const handlers::TraceSite& site : particle.model.sites())
    if (site.kind == runtime::MessageKind::Deterministic) deterministic.insert(site.name);
  infer::PosteriorDraws draws(n);
  for (const infer::SiteDraws& site : infer::guide_posterior_draws(objective, n, key)) {
    if (deterministic.count(site.name)) continue;
    const Shape shape(std::span<const int64_t>(site.shape.data(), site.shape.size()));
    for (int i = 0; i < n; ++i) {
      const std::vector<double>& v = site.draws[0][i];
      draws[i][site.name] = Array(
          shape, Eigen::Map<const Eigen::ArrayXd>(v.data(), static_cast<Eigen::Index>(v.size())));
    }
  }
  return draws;
}

}  // namespace ppl::cli
