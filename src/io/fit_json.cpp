#include "io/fit_json.h"

#include <fmt/format.h>

#include "core/error.h"
#include "io/json_array.h"

namespace ppl::io {

std::vector<SiteValues> read_fit_draws(const nlohmann::json& fit) {
  if (!fit.contains("draws") || !fit["draws"].is_object())
    throw Error("the posterior file has no \"draws\" section (write it with ppl fit --out)");
  std::vector<SiteValues> draws;
  for (const auto& [name, site] : fit["draws"].items()) {
    if (!site.is_object() || !site.contains("shape") || !site.contains("values") ||
        !site["values"].is_array())
      throw Error(fmt::format(
          "the draws of '{}' are not an object with \"shape\" and \"values\" as ppl fit --out "
          "writes them",
          name));
    std::vector<int64_t> dims = site.at("shape").get<std::vector<int64_t>>();
    Shape shape(std::span<const int64_t>(dims.data(), dims.size()));
    const auto& values = site.at("values");
    if (draws.empty()) draws.resize(values.size());
    if (values.size() != draws.size())
      throw Error(fmt::format("posterior site '{}' has {} draws, others {}", name, values.size(),
                              draws.size()));
    for (size_t i = 0; i < values.size(); ++i) {
      Array draw = array_from_json(values[i], fmt::format("posterior site '{}'", name));
      if (draw.size() != shape.numel())
        throw Error(fmt::format("posterior site '{}': a draw has {} values, its shape {} needs {}",
                                name, draw.size(), shape.to_string(), shape.numel()));
      draws[i][name] = Array(shape, draw.values());
    }
  }
  return draws;
}

std::optional<SiteValues> read_fit_params(const nlohmann::json& fit) {
  if (!fit.contains("params") || !fit["params"].is_object()) return std::nullopt;
  SiteValues params;
  for (const auto& [name, param] : fit["params"].items()) {
    std::vector<int64_t> dims = param.at("shape").get<std::vector<int64_t>>();
    Shape shape(std::span<const int64_t>(dims.data(), dims.size()));
    Array value = array_from_json(param.at("value"), fmt::format("fitted param '{}'", name));
    if (value.size() != shape.numel())
      throw Error(fmt::format("fitted param '{}' has {} values, its shape {} needs {}", name,
                              value.size(), shape.to_string(), shape.numel()));
    params[name] = Array(shape, value.values());
  }
  return params;
}

}  // namespace ppl::io
