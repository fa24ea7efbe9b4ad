#include "infer/diagnostics/draws_summary.h"

#include <cmath>
#include <limits>

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

}  // namespace

std::vector<io::SiteSummary> summarize_sites(const std::vector<SiteDraws>& sites) {
  std::vector<io::SiteSummary> out;
  for (const SiteDraws& site : sites) {
    io::SiteSummary summary{site.name, site.shape, {}};
    for (int64_t k = 0; k < element_count(site.shape); ++k) {
      Chains chains;
      for (const auto& chain : site.draws) {
        std::vector<double> values;
        values.reserve(chain.size());
        for (const auto& draw : chain) values.push_back(draw[k]);
        chains.push_back(std::move(values));
      }
      const DrawSummary s = summarize(chains);
      summary.elements.push_back({unravel(k, site.shape), s.mean, s.sd, s.median, s.q5, s.q95,
                                  s.ess_bulk, s.ess_tail, s.rhat, s.mcse_mean});
    }
    out.push_back(std::move(summary));
  }
  return out;
}

ConvergenceExtremes convergence_extremes(const std::vector<io::SiteSummary>& summary) {
  ConvergenceExtremes extremes;
  extremes.lowest_ess_bulk = std::numeric_limits<double>::infinity();
  for (const io::SiteSummary& site : summary)
    for (const io::ElementSummary& element : site.elements) {
      if (std::isfinite(element.r_hat) && element.r_hat > extremes.worst_r_hat) {
        extremes.worst_r_hat = element.r_hat;
        extremes.worst_r_hat_site = site.name;
      }
      if (std::isfinite(element.ess_bulk))
        extremes.lowest_ess_bulk = std::min(extremes.lowest_ess_bulk, element.ess_bulk);
    }
  return extremes;
}

}  // namespace ppl::infer
