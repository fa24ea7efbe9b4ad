// TraceGraph_ELBO: score-function terms weighted only by the costs
// downstream of the site (model sites run after it in the model, guide
// sites run after it in the guide: earlier ones cannot depend on it), minus
// a moving-average baseline per site.
#include "infer/elbo/elbo_estimator.h"

namespace ppl::infer {

namespace {

// Sum of the terms of the trace's sites from `name`'s position on.
double downstream(const handlers::Trace& trace, const std::map<std::string, ad::Var>& terms,
                  const std::string& name) {
  bool reached = trace.find(name) == nullptr;  // absent: every site counts
  double sum = 0;
  for (const handlers::TraceSite& site : trace.sites()) {
    if (site.name == name) reached = true;
    auto it = terms.find(site.name);
    if (reached && it != terms.end()) sum += it->second.item();
  }
  return sum;
}

class TraceGraphElbo final : public ElboEstimator {
 public:
  std::string name() const override { return "tracegraph"; }

  double score_function_cost(const ScoreFunctionSite& s) override {
    const double cost = downstream(s.model, s.model_terms, s.site.name) -
                        downstream(s.guide, s.guide_terms, s.site.name);
    auto [baseline, first] = baselines_.try_emplace(s.site.name, cost);
    const double centered = cost - (first ? 0.0 : baseline->second);
    baseline->second = 0.9 * baseline->second + 0.1 * cost;
    return centered;
  }

 private:
  std::map<std::string, double> baselines_;  // per site
};

}  // namespace

std::unique_ptr<ElboEstimator> make_tracegraph_elbo(std::optional<double>) {
  return std::make_unique<TraceGraphElbo>();
}

}  // namespace ppl::infer
