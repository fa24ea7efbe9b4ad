#include "infer/svi/guide_quantiles.h"

#include <algorithm>
#include <cmath>

#include "core/special_functions.h"
#include "infer/diagnostics/convergence.h"

namespace ppl::infer {

std::optional<GuideQuantiles> guide_quantiles(const Guide& guide, const ParamStore& store,
                                              const std::vector<double>& levels) {
  const auto* autoguide = dynamic_cast<const AutoGuide*>(&guide);
  if (!autoguide) return std::nullopt;
  const std::optional<AutoGuide::Marginals> marginals = autoguide->coordinate_marginals(store);
  if (!marginals) return std::nullopt;
  std::vector<double> z;
  for (double q : levels) z.push_back(special::ndtri(q));
  GuideQuantiles out{levels, {}};
  for (const LatentSite& site : autoguide->sites()) {
    const dist::Transform& t = *site.transform;
    if (site.moving_support || t.event_dim() != 0 || t.domain_event_dim() != 0 ||
        !(t.forward_shape(site.unconstrained_shape) == site.unconstrained_shape))
      continue;
    SiteQuantiles s{site.name, std::vector<int64_t>(site.shape.begin(), site.shape.end()),
                    std::vector<std::vector<double>>(site.size)};
    const Eigen::ArrayXd loc = marginals->loc.segment(site.offset, site.size).array();
    const Eigen::ArrayXd sd = marginals->sd.segment(site.offset, site.size).array();
    ad::Tape tape;
    // The whole site at each level: bounds given per element stay aligned.
    for (double zk : z) {
      const Eigen::ArrayXd y =
          t.forward(tape.constant(Array(site.unconstrained_shape, loc + sd * zk))).value().values();
      for (Eigen::Index i = 0; i < site.size; ++i) s.values[i].push_back(y[i]);
    }
    // A decreasing bijection (y = high - exp(u)) turns the levels around.
    for (std::vector<double>& element : s.values)
      if (element.size() > 1 && element.front() > element.back())
        std::reverse(element.begin(), element.end());
    out.sites.push_back(std::move(s));
  }
  return out;
}

GuideQuantiles sampled_guide_quantiles(const std::vector<SiteDraws>& draws,
                                       const std::vector<std::string>& sites,
                                       const std::vector<double>& levels) {
  GuideQuantiles out{levels, {}, "draws", 0};
  for (const SiteDraws& site : draws) {
    if (std::find(sites.begin(), sites.end(), site.name) == sites.end()) continue;
    const std::vector<std::vector<double>>& chain = site.draws.at(0);
    out.draws = static_cast<int>(chain.size());
    const size_t elements = chain.empty() ? 0 : chain[0].size();
    SiteQuantiles s{site.name, site.shape, std::vector<std::vector<double>>(elements)};
    std::vector<double> element(chain.size());
    for (size_t i = 0; i < elements; ++i) {
      for (size_t k = 0; k < chain.size(); ++k) element[k] = chain[k][i];
      for (double q : levels) s.values[i].push_back(quantile(element, q));
    }
    out.sites.push_back(std::move(s));
  }
  return out;
}

}  // namespace ppl::infer
