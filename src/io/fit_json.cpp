#include "io/fit_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <fstream>

#include "core/error.h"
#include "io/json_array.h"

namespace ppl::io {

namespace {

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// How deep a JSON value's arrays nest, along their first elements (a
// number: 0, [1, 2]: 1, [[1], [2]]: 2).
int nesting(const nlohmann::json& value) {
  return value.is_array() ? 1 + (value.empty() ? 0 : nesting(value.front())) : 0;
}

// Whether a site's "values" are chain by chain (values[chain][draw], each
// draw nested by shape): every entry a list whose first entry, if any, is a
// draw of the site's rank. Older files list the draws themselves.
bool chain_by_chain(const nlohmann::json& values, size_t rank) {
  for (const nlohmann::json& chain : values)
    if (!chain.is_array() || (!chain.empty() && nesting(chain.front()) != static_cast<int>(rank)))
      return false;
  return true;
}

// `integers`: every value is a whole number, written without a fraction.
nlohmann::json nest(const std::vector<double>& flat, const std::vector<int64_t>& shape,
                    size_t dim, size_t& position, bool integers) {
  if (dim == shape.size()) {
    const double v = flat[position++];
    return integers ? nlohmann::json(static_cast<int64_t>(v)) : nlohmann::json(v);
  }
  nlohmann::json array = nlohmann::json::array();
  for (int64_t i = 0; i < shape[dim]; ++i)
    array.push_back(nest(flat, shape, dim + 1, position, integers));
  return array;
}

// Whether every draw of a site is a whole number (a count, an indicator):
// such a site's draws are written as integers.
bool whole_numbers(const SiteDraws& site) {
  for (const auto& chain : site.draws)
    for (const std::vector<double>& draw : chain)
      for (double v : draw)
        if (!(std::abs(v) < 9007199254740992.0) || v != std::floor(v)) return false;
  return !site.draws.empty();
}

}  // namespace

nlohmann::json summary_json(const std::vector<SiteSummary>& summary, bool with_diagnostics) {
  nlohmann::json out = nlohmann::json::object();
  for (const SiteSummary& site : summary) {
    nlohmann::json elements = nlohmann::json::array();
    for (const ElementSummary& e : site.elements) {
      nlohmann::json element = {{"index", e.index},
                                {"mean", number_or_null(e.mean)},
                                {"sd", number_or_null(e.sd)},
                                {"median", number_or_null(e.median)},
                                {"q5", number_or_null(e.q5)},
                                {"q95", number_or_null(e.q95)}};
      if (with_diagnostics) {
        element["ess_bulk"] = number_or_null(e.ess_bulk);
        element["ess_tail"] = number_or_null(e.ess_tail);
        element["r_hat"] = number_or_null(e.r_hat);
        element["mcse_mean"] = number_or_null(e.mcse_mean);
      }
      elements.push_back(element);
    }
    out[site.name] = {{"shape", site.shape}, {"elements", elements}};
  }
  return out;
}

nlohmann::json params_json(const std::vector<FittedParam>& params) {
  nlohmann::json out = nlohmann::json::object();
  for (const FittedParam& param : params) {
    const std::vector<int64_t> shape(param.value.shape().begin(), param.value.shape().end());
    const std::vector<double> values(param.value.data(), param.value.data() + param.value.size());
    size_t position = 0;
    out[param.name] = {{"shape", shape},
                       {"constraint", param.constraint},
                       {"value", nest(values, shape, 0, position, false)}};
  }
  return out;
}

nlohmann::json loss_history_json(const std::vector<double>& losses) {
  const int n = static_cast<int>(losses.size());
  const int every = std::max(1, n / 1000);
  nlohmann::json steps = nlohmann::json::array(), loss = nlohmann::json::array();
  for (int i = 0; i < n; i += every) {
    steps.push_back(i + 1);
    loss.push_back(losses[i]);
  }
  return {{"every", every}, {"step", steps}, {"loss", loss}};
}

std::vector<int64_t> shape_in_fit(const nlohmann::json& holder, const std::string& what) {
  const auto refuse = [&] {
    return Error(fmt::format("{}: \"shape\" is not a list of sizes", what));
  };
  if (!holder.is_object() || !holder.contains("shape") || !holder["shape"].is_array()) throw refuse();
  std::vector<int64_t> dims;
  for (const nlohmann::json& size : holder["shape"]) {
    if (!size.is_number_integer() || size.get<int64_t>() < 0 || size.get<int64_t>() > (1LL << 40))
      throw refuse();
    dims.push_back(size.get<int64_t>());
  }
  return dims;
}

nlohmann::json site_order_json(const std::vector<SiteDraws>& sites) {
  nlohmann::json names = nlohmann::json::array();
  for (const SiteDraws& site : sites) names.push_back(site.name);
  return names;
}

nlohmann::json draws_json(const std::vector<SiteDraws>& sites) {
  nlohmann::json out = nlohmann::json::object();
  for (const SiteDraws& site : sites) {
    nlohmann::json values = nlohmann::json::array();
    const bool integers = whole_numbers(site);
    for (const auto& chain : site.draws) {
      nlohmann::json draws = nlohmann::json::array();
      for (const auto& draw : chain) {
        size_t position = 0;
        draws.push_back(nest(draw, site.shape, 0, position, integers));
      }
      values.push_back(std::move(draws));
    }
    out[site.name] = {{"shape", site.shape}, {"chains", site.draws.size()}, {"values", values}};
  }
  return out;
}

std::vector<size_t> draws_per_chain(const nlohmann::json& fit, const std::string& path) {
  std::optional<std::vector<size_t>> lengths;
  for (const auto& [name, site] : fit.at("draws").items()) {
    const std::vector<int64_t> dims = shape_in_fit(site, fmt::format("{}: the draws of '{}'", path, name));
    const nlohmann::json& values = site.at("values");
    std::vector<size_t> these;
    if (chain_by_chain(values, dims.size())) {
      for (const nlohmann::json& chain : values) these.push_back(chain.size());
    } else {
      const int64_t chains = site.contains("chains") && site["chains"].is_number_integer()
                                 ? site["chains"].get<int64_t>()
                                 : 1;
      if (chains < 1 || values.size() % static_cast<size_t>(chains) != 0)
        throw Error(fmt::format("{}: {} draws of '{}' do not split into {} chains", path,
                                values.size(), name, chains));
      these.assign(static_cast<size_t>(chains), values.size() / static_cast<size_t>(chains));
    }
    if (lengths && *lengths != these)
      throw Error(fmt::format("{}: the draws of '{}' are split into chains unlike the other sites'",
                              path, name));
    lengths = these;
  }
  if (!lengths || lengths->empty()) return {1};  // no site: one empty chain
  for (size_t n : *lengths)
    if (n != lengths->front())
      throw Error(fmt::format("{}: the chains hold different numbers of draws", path));
  return *lengths;
}

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
    std::vector<int64_t> dims = shape_in_fit(site, fmt::format("the draws of '{}'", name));
    Shape shape(std::span<const int64_t>(dims.data(), dims.size()));
    // values[chain][draw], each nested by shape; older files hold the draws
    // of all chains in one list.
    std::vector<const nlohmann::json*> values;
    if (chain_by_chain(site.at("values"), dims.size())) {
      for (const nlohmann::json& chain : site.at("values"))
        for (const nlohmann::json& draw : chain) values.push_back(&draw);
    } else {
      for (const nlohmann::json& draw : site.at("values")) values.push_back(&draw);
    }
    if (draws.empty()) draws.resize(values.size());
    if (values.size() != draws.size())
      throw Error(fmt::format("posterior site '{}' has {} draws, others {}", name, values.size(),
                              draws.size()));
    for (size_t i = 0; i < values.size(); ++i) {
      Array draw = array_from_json(*values[i], fmt::format("posterior site '{}'", name));
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
    if (!param.is_object() || !param.contains("value"))
      throw Error(fmt::format("fitted param '{}' has no \"value\"", name));
    std::vector<int64_t> dims = shape_in_fit(param, fmt::format("fitted param '{}'", name));
    Shape shape(std::span<const int64_t>(dims.data(), dims.size()));
    Array value = array_from_json(param.at("value"), fmt::format("fitted param '{}'", name));
    if (value.size() != shape.numel())
      throw Error(fmt::format("fitted param '{}' has {} values, its shape {} needs {}", name,
                              value.size(), shape.to_string(), shape.numel()));
    params[name] = Array(shape, value.values());
  }
  return params;
}

SiteValues read_site_values_file(const std::string& path) {
  std::ifstream in(path);
  if (path.empty() || !in) throw Error(fmt::format("--init value:FILE: cannot read '{}'", path));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
  if (!j.is_object()) throw Error(fmt::format("{}: expected a JSON object of site values", path));
  SiteValues values;
  for (const auto& [site, value] : j.items())
    values[site] = array_from_json(value, fmt::format("init value of '{}'", site));
  return values;
}

}  // namespace ppl::io
