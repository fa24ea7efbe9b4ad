#include "infer/log_likelihood.h"

#include <fmt/format.h>

#include <set>

#include "ad/tape.h"
#include "core/array_layout.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "handlers/trace.h"
#include "infer/model_runs.h"

namespace ppl::infer {
namespace {

// Each observed site's log density per element in one run's trace.
std::map<std::string, Array> scored_elements(const handlers::Trace& trace) {
  std::map<std::string, Array> out;
  for (const handlers::TraceSite& site : trace.sites()) {
    if (site.kind != runtime::MessageKind::Sample || !site.observed) continue;
    std::vector<Array> steps;
    for (const handlers::SiteStep& step : site.steps) {
      Array log_density = step.distribution->log_prob(step.value).value();
      if (step.mask) {
        const Array mask = broadcast_to(step.mask->value(), log_density.shape());
        for (Eigen::Index i = 0; i < log_density.values().size(); ++i)
          if (mask.values()[i] == 0) log_density.mutable_values()[i] = 0;
      }
      steps.push_back(std::move(log_density));
    }
    out[site.name] = site.in_scan ? stack(std::span<const Array>(steps), 0) : steps.front();
  }
  return out;
}

}  // namespace

std::optional<std::string> subsampled_plate(const ir::Program& program,
                                            const runtime::ModelData& data, RandomKey key) {
  ad::Tape tape;
  const handlers::Trace prior = traced_model_run(program, data, tape, fold_in(key, "layout"), {});
  for (const handlers::TraceSite& site : prior.sites())
    for (const runtime::PlateFrame& plate : site.steps.front().plates)
      if (plate.batch_size != plate.size) return plate.name;
  return std::nullopt;
}

std::vector<io::SiteDraws> pointwise_log_likelihood(const ir::Program& program,
                                                    const runtime::ModelData& data,
                                                    const std::vector<io::SiteDraws>& posterior,
                                                    const std::map<std::string, Array>& params,
                                                    RandomKey key) {
  if (posterior.empty()) return {};
  if (const std::optional<std::string> plate = subsampled_plate(program, data, key))
    throw Error(fmt::format("the pointwise log likelihood scores every element of the data at "
                            "each draw, and plate '{}' draws a minibatch instead",
                            *plate));
  // Which posterior sites the model samples (the others are recomputed).
  std::set<std::string> latent;
  {
    ad::Tape tape;
    const handlers::Trace prior = traced_model_run(program, data, tape, fold_in(key, "layout"), {});
    for (const handlers::TraceSite& site : prior.sites())
      if (site.is_latent()) latent.insert(site.name);
  }
  const size_t chains = posterior.front().draws.size();
  const size_t draws = chains ? posterior.front().draws.front().size() : 0;
  std::map<std::string, io::SiteDraws> by_site;
  for (size_t c = 0; c < chains; ++c)
    for (size_t d = 0; d < draws; ++d) {
      ad::Tape tape;
      std::map<std::string, ad::Var> values;
      for (const auto& [name, value] : params) values[name] = tape.constant(value);
      for (const io::SiteDraws& site : posterior) {
        if (!latent.count(site.name)) continue;
        const std::vector<double>& v = site.draws[c][d];
        values[site.name] = tape.constant(
            Array(Shape(std::span<const int64_t>(site.shape.data(), site.shape.size())),
                  Eigen::Map<const Eigen::ArrayXd>(v.data(), static_cast<Eigen::Index>(v.size()))));
      }
      const handlers::Trace trace = traced_model_run(
          program, data, tape, fold_in(fold_in(key, "log_likelihood"), c * draws + d), values);
      for (const auto& [name, pointwise] : scored_elements(trace)) {
        io::SiteDraws& site = by_site[name];
        if (site.name.empty()) {
          site.name = name;
          site.shape.assign(pointwise.shape().begin(), pointwise.shape().end());
          site.draws.assign(chains, {});
        }
        site.draws[c].emplace_back(pointwise.values().begin(), pointwise.values().end());
      }
    }
  std::vector<io::SiteDraws> out;
  for (auto& [name, site] : by_site) out.push_back(std::move(site));
  return out;
}

}  // namespace ppl::infer
