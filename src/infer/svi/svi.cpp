#include "infer/svi/svi.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"

namespace ppl::infer {

SviResult run_svi(ElboObjective& objective, ParamStore& store, Optimizer& optimizer, int steps,
                  RandomKey key, const SviProgress& progress) {
  SviResult result;
  result.losses.reserve(steps);
  auto started = std::chrono::steady_clock::now();
  for (int step = 0; step < steps; ++step) {
    ElboObjective::Evaluation e;
    try {
      e = objective.evaluate(fold_in(key, static_cast<std::uint64_t>(step)));
    } catch (const Error& error) {
      throw Error(fmt::format("step {}: {}", step + 1, error.what()));
    }
    optimizer.step(store.values(), e.gradient);
    result.losses.push_back(e.loss);
    if (progress) progress(step, e.loss);
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::vector<SiteDraws> guide_posterior_draws(ElboObjective& objective, int n, RandomKey key) {
  std::vector<SiteDraws> sites;
  std::map<std::string, size_t> index;
  for (int i = 0; i < n; ++i) {
    objective.tape().clear();
    objective.params().reset();
    ElboObjective::Traces t = objective.run_particle(fold_in(key, static_cast<std::uint64_t>(i)));
    auto record = [&](const handlers::TraceSite& site) {
      const Array& v = site.value().value();
      auto [it, inserted] = index.try_emplace(site.name, sites.size());
      if (inserted) {
        SiteDraws d;
        d.name = site.name;
        d.shape.assign(v.shape().begin(), v.shape().end());
        d.draws.resize(1);
        sites.push_back(std::move(d));
      }
      sites[it->second].draws[0].emplace_back(v.data(), v.data() + v.size());
    };
    for (const handlers::TraceSite& site : t.guide.sites())
      if (site.is_latent() && t.model.find(site.name))
        record(site);
    for (const handlers::TraceSite& site : t.model.sites())
      if (site.kind == runtime::MessageKind::Deterministic) record(site);
  }
  return sites;
}

}  // namespace ppl::infer
