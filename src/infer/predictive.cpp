#include "infer/predictive.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/trace.h"
#include "runtime/interpreter.h"

namespace ppl::infer {
namespace {

void flatten(const nlohmann::json& node, std::vector<double>& out) {
  if (node.is_array()) {
    for (const auto& element : node) flatten(element, out);
  } else {
    out.push_back(node.get<double>());
  }
}

}  // namespace

PosteriorDraws posterior_draws_from_fit(const nlohmann::json& fit) {
  if (!fit.contains("draws") || !fit["draws"].is_object())
    throw Error("the posterior file has no \"draws\" section (write it with ppl fit --out)");
  PosteriorDraws draws;
  for (const auto& [name, site] : fit["draws"].items()) {
    std::vector<int64_t> dims = site.at("shape").get<std::vector<int64_t>>();
    Shape shape(std::span<const int64_t>(dims.data(), dims.size()));
    const auto& values = site.at("values");
    if (draws.empty()) draws.resize(values.size());
    if (values.size() != draws.size())
      throw Error(fmt::format("posterior site '{}' has {} draws, others {}", name, values.size(),
                              draws.size()));
    for (size_t i = 0; i < values.size(); ++i) {
      std::vector<double> flat;
      flatten(values[i], flat);
      if (static_cast<int64_t>(flat.size()) != shape.numel())
        throw Error(fmt::format("posterior site '{}': a draw has {} values, its shape {} needs {}",
                                name, flat.size(), shape.to_string(), shape.numel()));
      draws[i][name] = Array(shape, Eigen::Map<Eigen::ArrayXd>(flat.data(), flat.size()));
    }
  }
  return draws;
}

std::vector<SiteDraws> predict(const ir::Program& program, const runtime::ModelData& data,
                               const PredictiveOptions& options, const PosteriorDraws* posterior) {
  int runs = options.num_samples;
  if (posterior) runs = std::min<int>(runs, static_cast<int>(posterior->size()));
  std::vector<SiteDraws> sites;
  std::map<std::string, size_t> position;
  const RandomKey base(options.seed);
  for (int i = 0; i < runs; ++i) {
    ad::Tape tape;
    handlers::HandlerStack stack;
    RandomKey key = fold_in(fold_in(base, "predictive"), static_cast<std::uint64_t>(i));
    handlers::TraceHandler trace;
    handlers::SeedHandler seed(fold_in(key, "sites"));
    std::map<std::string, ad::Var> substituted;
    if (posterior)
      for (const auto& [name, value] : (*posterior)[i]) substituted[name] = tape.constant(value);
    handlers::SubstituteHandler substitute(substituted);
    handlers::HandlerScope in_trace(stack, trace);
    handlers::HandlerScope in_seed(stack, seed);
    handlers::HandlerScope in_substitute(stack, substitute);
    runtime::Interpreter interpreter(program, data, tape, stack, fold_in(key, "program"));
    interpreter.run_model();

    for (const handlers::TraceSite& site : trace.trace().sites()) {
      bool wanted = site.kind == runtime::MessageKind::Sample ||
                    site.kind == runtime::MessageKind::Deterministic;
      if (!options.sites.empty())
        wanted = std::find(options.sites.begin(), options.sites.end(), site.name) != options.sites.end();
      if (!wanted) continue;
      Array value = site.value().value();
      auto it = position.find(site.name);
      if (it == position.end()) {
        SiteDraws draws;
        draws.name = site.name;
        draws.shape.assign(value.shape().begin(), value.shape().end());
        draws.draws.resize(1);
        position[site.name] = sites.size();
        sites.push_back(std::move(draws));
        it = position.find(site.name);
      }
      SiteDraws& draws = sites[it->second];
      if (static_cast<int64_t>(value.size()) != value.shape().numel() ||
          std::vector<int64_t>(value.shape().begin(), value.shape().end()) != draws.shape)
        throw Error(fmt::format("site '{}' changed shape between draws", site.name));
      draws.draws[0].emplace_back(value.values().data(), value.values().data() + value.size());
    }
  }
  for (const std::string& name : options.sites)
    if (!position.count(name)) throw Error(fmt::format("the model has no site '{}'", name));
  return sites;
}

}  // namespace ppl::infer
