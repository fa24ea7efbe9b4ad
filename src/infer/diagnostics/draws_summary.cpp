#include "infer/diagnostics/draws_summary.h"

#include <cmath>

#include "infer/diagnostics/convergence.h"

namespace ppl::infer {
namespace {

int64_t element_count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::vector<int64_t> unravel(int64_t offset, const std::vector<int64_t>& shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    index[d] = offset % shape[d];
    offset /= shape[d];
  }
  return index;
}

// JSON has no NaN: undefined diagnostics are written as null.
nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json nest(const std::vector<double>& flat, const std::vector<int64_t>& shape,
                    size_t dim, size_t& position) {
  if (dim == shape.size()) return flat[position++];
  nlohmann::json array = nlohmann::json::array();
  for (int64_t i = 0; i < shape[dim]; ++i) array.push_back(nest(flat, shape, dim + 1, position));
  return array;
}

}  // namespace

nlohmann::json summarize_sites(const std::vector<SiteDraws>& sites, bool with_diagnostics) {
  nlohmann::json out = nlohmann::json::object();
  for (const SiteDraws& site : sites) {
    nlohmann::json elements = nlohmann::json::array();
    for (int64_t k = 0; k < element_count(site.shape); ++k) {
      Chains chains;
      for (const auto& chain : site.draws) {
        std::vector<double> values;
        values.reserve(chain.size());
        for (const auto& draw : chain) values.push_back(draw[k]);
        chains.push_back(std::move(values));
      }
      DrawSummary s = summarize(chains);
      nlohmann::json element = {{"index", unravel(k, site.shape)},
                                {"mean", number_or_null(s.mean)},
                                {"sd", number_or_null(s.sd)},
                                {"median", number_or_null(s.median)},
                                {"q5", number_or_null(s.q5)},
                                {"q95", number_or_null(s.q95)}};
      if (with_diagnostics) {
        element["ess_bulk"] = number_or_null(s.ess_bulk);
        element["ess_tail"] = number_or_null(s.ess_tail);
        element["r_hat"] = number_or_null(s.rhat);
        element["mcse_mean"] = number_or_null(s.mcse_mean);
      }
      elements.push_back(element);
    }
    out[site.name] = {{"shape", site.shape}, {"elements", elements}};
  }
  return out;
}

nlohmann::json draws_json(const std::vector<SiteDraws>& sites) {
  nlohmann::json out = nlohmann::json::object();
  for (const SiteDraws& site : sites) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& chain : site.draws) {
      for (const auto& draw : chain) {
        size_t position = 0;
        values.push_back(nest(draw, site.shape, 0, position));
      }
    }
    out[site.name] = {{"shape", site.shape}, {"chains", site.draws.size()}, {"values", values}};
  }
  return out;
}

}  // namespace ppl::infer
