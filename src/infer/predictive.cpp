#include "infer/predictive.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>
#include <set>

#include "core/error.h"
#include "core/random_key.h"
#include "handlers/plate.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/trace.h"
#include "infer/draw_dim.h"
#include "infer/fast_path.h"
#include "runtime/interpreter.h"
#include "runtime/run_program.h"

namespace ppl::infer {

PosteriorChoice choose_posterior_draws(size_t available, std::optional<int> requested,
                                       std::uint64_t seed) {
  PosteriorChoice choice;
  if (!requested) {
    choice.indices.resize(available);
    std::iota(choice.indices.begin(), choice.indices.end(), size_t{0});
    return choice;
  }
  const size_t wanted = static_cast<size_t>(std::max(0, *requested));
  if (available == 0) return choice;
  RandomStream stream(fold_in(RandomKey(seed), "posterior-draws"));
  auto below = [&stream](size_t n) {  // uniform on 0, ..., n - 1
    return std::min(n - 1, static_cast<size_t>(stream.uniform() * static_cast<double>(n)));
  };
  if (wanted > available) {
    choice.with_replacement = true;
    for (size_t i = 0; i < wanted; ++i) choice.indices.push_back(below(available));
    return choice;
  }
  // The first `wanted` places of a random permutation (Fisher-Yates), then
  // sorted, so that asking for every draw gives them all in file order.
  std::vector<size_t> order(available);
  std::iota(order.begin(), order.end(), size_t{0});
  for (size_t i = 0; i < wanted; ++i) std::swap(order[i], order[i + below(available - i)]);
  order.resize(wanted);
  std::sort(order.begin(), order.end());
  choice.indices = std::move(order);
  return choice;
}

namespace {

// Gives params fixed values (a fit's): the same value at every scan step.
class FixedParams : public handlers::Handler {
 public:
  FixedParams(const std::map<std::string, Array>& values, ad::Tape& tape)
      : values_(values), tape_(tape) {}
  void process(runtime::Message& msg) override {
    if (msg.kind != runtime::MessageKind::Param) return;
    auto it = values_.find(msg.name);
    if (it == values_.end()) return;
    if (msg.value && !(msg.value->shape() == it->second.shape()))
      throw Error(fmt::format("the fitted param '{}' has shape {}, the model's {}", msg.name,
                              it->second.shape().to_string(), msg.value->shape().to_string()));
    msg.value = tape_.constant(it->second);
  }

 private:
  const std::map<std::string, Array>& values_;
  ad::Tape& tape_;
};

bool wanted_site(const handlers::TraceSite& site, const PredictiveOptions& options) {
  if (!options.sites.empty())
    return std::find(options.sites.begin(), options.sites.end(), site.name) != options.sites.end();
  return site.kind == runtime::MessageKind::Sample || site.kind == runtime::MessageKind::Deterministic;
}

// One run of the model under trace, seed, substitute and the fixed params,
// plus a plate of `draws` at `draw_dim` when vectorized (draws > 0).
handlers::Trace run_once(const ir::Program& program, const runtime::ModelData& data,
                         ad::Tape& tape, RandomKey key,
                         const std::map<std::string, ad::Var>& substituted,
                         const std::map<std::string, Array>& params, int64_t draws,
                         int draw_dim) {
  handlers::PlateHandler plate({"_draws", draw_dim, draws, draws});
  handlers::TraceHandler trace;
  handlers::SeedHandler seed(fold_in(key, "sites"));
  handlers::SubstituteHandler substitute(substituted);
  FixedParams fixed_params(params, tape);
  runtime::run_program(program, data, tape, fold_in(key, "program"),
                       {draws > 0 ? &plate : nullptr, &trace, &seed, &substitute, &fixed_params},
                       {.vectorized = draws > 0});
  return trace.trace();
}

// The site's value split into `n` draws of `shape` (stack_on_draw_dim's
// inverse); nullopt when its layout is not [scan dims, n, 1..., step shape]
// for the `scan_rank` leading dims of `shape`.
std::optional<std::vector<std::vector<double>>> unstacked(const Array& value, int64_t n,
                                                          const Shape& shape, int scan_rank) {
  const Shape& s = value.shape();
  if (s.rank() <= scan_rank || s[scan_rank] != n || value.size() != n * shape.numel())
    return std::nullopt;
  int64_t cells = 1;
  for (int i = 0; i < scan_rank; ++i) {
    if (s[i] != shape[i]) return std::nullopt;
    cells *= s[i];
  }
  for (int i = scan_rank; i < shape.rank(); ++i)
    if (s[s.rank() - shape.rank() + i] != shape[i]) return std::nullopt;
  const int64_t block = cells == 0 ? 0 : shape.numel() / cells;
  std::vector<std::vector<double>> out(n);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t c = 0; c < cells; ++c) {
      const double* from = value.data() + (c * n + i) * block;
      out[i].insert(out[i].end(), from, from + block);
    }
  return out;
}

// As unstacked, and a value without the draw dim (a deterministic that
// depends on no draw) repeated `n` times.
std::optional<std::vector<std::vector<double>>> split_draws(const Array& value, int64_t n,
                                                            const Shape& shape, int scan_rank) {
  if (value.shape() == shape)
    return std::vector<std::vector<double>>(n, std::vector<double>(value.data(), value.data() + value.size()));
  return unstacked(value, n, shape, scan_rank);
}

struct VectorizedSite {
  std::string name;
  Shape shape;
  std::vector<std::vector<double>> draws;
};

using LoopedRun = std::function<handlers::Trace(int draw, ad::Tape& tape)>;

// A site's log density, summed over its steps.
double site_sum(const handlers::TraceSite& site) {
  double total = 0;
  for (const handlers::SiteStep& step : site.steps)
    total += step.distribution->log_prob(step.value).value().values().sum();
  return total;
}

// Each draw's sum of a [n, ...] log-prob array; nullopt when it lacks the draw dim.
std::optional<std::vector<double>> per_draw_sums(const Array& lp, int64_t n) {
  if (lp.shape().rank() < 1 || lp.shape()[0] != n) return std::nullopt;
  std::vector<double> out(n);
  int64_t m = lp.size() / n;
  for (int64_t i = 0; i < n; ++i) out[i] = lp.values().segment(i * m, m).sum();
  return out;
}

// The same per draw of a run with `n` draws, on the leading dim of each
// step's log density; nullopt when a step lacks it.
std::optional<std::vector<double>> per_draw_site_sums(const handlers::TraceSite& site, int64_t n) {
  std::vector<double> total(n, 0.0);
  for (const handlers::SiteStep& step : site.steps) {
    auto sums = per_draw_sums(step.distribution->log_prob(step.value).value(), n);
    if (!sums) return std::nullopt;
    for (int64_t i = 0; i < n; ++i) total[i] += (*sums)[i];
  }
  return total;
}

// All draws in one run, on a draw dim left of every batch dim (of each
// step, in a scan), when the model allows: a run over two looped draws, with
// every sample site given their values, must reproduce each site's values
// and each draw's log densities. nullopt otherwise.
std::optional<std::vector<VectorizedSite>> predict_vectorized(
    const ir::Program& program, const runtime::ModelData& data, const PredictiveOptions& options,
    const PosteriorDraws* posterior, int runs, const LoopedRun& looped) {
  ad::Tape reference_tape;
  handlers::Trace t0 = looped(0, reference_tape), t1 = looped(1, reference_tape);
  std::map<std::string, int> pad, scan_rank;
  const int batch_rank = batch_rank_for_draws({&t0}, data);
  for (const handlers::TraceSite& site : t0.sites()) {
    scan_rank[site.name] = scan_rank_of(site);
    if (site.kind == runtime::MessageKind::Sample)
      pad[site.name] = batch_rank - step_batch_rank(site.steps.front());
  }
  const int draw_dim = -(batch_rank + 1);
  try {
    ad::Tape tape;
    std::map<std::string, ad::Var> given;
    for (const handlers::TraceSite& site : t0.sites()) {
      if (!site.is_latent()) continue;
      const handlers::TraceSite* other = t1.find(site.name);
      if (!other || !(other->value().shape() == site.value().shape())) return std::nullopt;
      Array v0 = site.value().value(), v1 = other->value().value();
      given[site.name] =
          tape.constant(stack_on_draw_dim({&v0, &v1}, pad[site.name], scan_rank[site.name]));
    }
    handlers::Trace both =
        run_once(program, data, tape, RandomKey(0), given, options.params, 2, draw_dim);
    if (both.sites().size() != t0.sites().size()) return std::nullopt;
    for (const handlers::TraceSite& site : t0.sites()) {
      const handlers::TraceSite* v = both.find(site.name);
      if (!v || v->kind != site.kind) return std::nullopt;
      if (site.kind == runtime::MessageKind::Deterministic || site.is_latent() || site.observed) {
        const int r = scan_rank[site.name];
        // An observed value may be data or computed from the draws.
        auto split = site.is_latent()
                         ? unstacked(v->value().value(), 2, site.value().shape(), r)
                         : split_draws(v->value().value(), 2, site.value().shape(), r);
        if (!split) return std::nullopt;
        const Array a0 = site.value().value(), a1 = t1.site(site.name).value().value();
        for (Eigen::Index k = 0; k < a0.size(); ++k)
          if (!same_value((*split)[0][k], a0.values()[k]) || !same_value((*split)[1][k], a1.values()[k]))
            return std::nullopt;
      }
      if (site.kind == runtime::MessageKind::Sample) {
        auto sums = per_draw_site_sums(*v, 2);
        if (!sums) return std::nullopt;
        const double l0 = site_sum(site), l1 = site_sum(t1.site(site.name));
        if (!same_value((*sums)[0], l0) || !same_value((*sums)[1], l1)) return std::nullopt;
      }
    }
    // Every draw at once, with fresh randomness.
    ad::Tape full_tape;
    std::map<std::string, ad::Var> substituted;
    if (posterior) {
      for (const auto& [name, value] : (*posterior)[0]) {
        auto it = pad.find(name);
        if (it == pad.end()) continue;  // not a sample site of this model: ignored, as when looped
        std::vector<const Array*> values;
        for (int i = 0; i < runs; ++i) values.push_back(&(*posterior)[i].at(name));
        substituted[name] =
            full_tape.constant(stack_on_draw_dim(values, it->second, scan_rank[name]));
      }
    }
    handlers::Trace all = run_once(program, data, full_tape,
                                   fold_in(RandomKey(options.seed), "predictive-vectorized"),
                                   substituted, options.params, runs, draw_dim);
    std::vector<VectorizedSite> out;
    for (const handlers::TraceSite& site : all.sites()) {
      if (!wanted_site(site, options)) continue;
      const Shape& shape = t0.site(site.name).value().shape();
      // Deterministic and observed values may or may not depend on the draws.
      const int r = scan_rank[site.name];
      auto split = site.kind == runtime::MessageKind::Deterministic || site.observed
                       ? split_draws(site.value().value(), runs, shape, r)
                       : unstacked(site.value().value(), runs, shape, r);
      if (!split) return std::nullopt;
      out.push_back(VectorizedSite{site.name, shape, std::move(*split)});
    }
    return out;
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace

void match_posterior_to_model(const ir::Program& program, const runtime::ModelData& data,
                              PosteriorDraws& draws,
                              std::optional<std::map<std::string, Array>>& params,
                              const std::string& source) {
  static const std::map<std::string, Array> empty;
  const std::map<std::string, Array>& fitted = params ? *params : empty;
  // The model's sites from one run: from the prior, or, where the prior
  // cannot be sampled (an ImproperUniform), from the first posterior draw.
  ad::Tape tape;
  std::optional<handlers::Trace> trace;
  try {
    trace = run_once(program, data, tape, RandomKey(0), {}, fitted, 0, 0);
  } catch (const Error&) {
    if (draws.empty()) throw;
    std::map<std::string, ad::Var> first;
    for (const auto& [name, value] : draws.front()) first[name] = tape.constant(value);
    trace = run_once(program, data, tape, RandomKey(0), first, fitted, 0, 0);
  }
  std::set<std::string> optional_data;
  for (const ir::DataEntry& entry : program.data)
    if (entry.optional) optional_data.insert(entry.name);
  std::set<std::string> latent, known;
  for (const handlers::TraceSite& site : trace->sites()) {
    known.insert(site.name);
    if (site.is_latent() && !optional_data.count(site.name)) latent.insert(site.name);
  }
  const std::string in_source = fmt::format("the posterior in {}", source);
  const std::map<std::string, Array>& first = draws.empty() ? empty : draws.front();
  for (const std::string& name : latent)
    if (!first.count(name))
      throw Error(fmt::format("{} has no draws of latent site '{}'; it was fitted to another model?",
                              in_source, name));
  for (const auto& [name, value] : first)
    if (!known.count(name))
      throw Error(fmt::format("{} has draws of '{}', which is no site, param or deterministic of "
                              "this model; it was fitted to another model?",
                              in_source, name));
  if (params) {
    std::map<std::string, Array> model_params;
    for (const handlers::TraceSite& site : trace->sites()) {
      if (site.kind != runtime::MessageKind::Param) continue;
      auto it = params->find(site.name);
      if (it == params->end())
        throw Error(fmt::format("{} has no fitted value of param '{}'; it was fitted to another "
                                "model?",
                                in_source, site.name));
      model_params.insert(*it);
    }
    *params = std::move(model_params);
  }
  for (auto& draw : draws)
    std::erase_if(draw, [&latent](const auto& entry) { return !latent.count(entry.first); });
}

std::vector<SiteDraws> predict(const ir::Program& program, const runtime::ModelData& data,
                               const PredictiveOptions& options, const PosteriorDraws* posterior,
                               bool* vectorized_out) {
  if (vectorized_out) *vectorized_out = false;
  int runs = options.num_samples;
  if (posterior) runs = std::min<int>(runs, static_cast<int>(posterior->size()));
  std::vector<SiteDraws> sites;
  std::map<std::string, size_t> position;
  const RandomKey base(options.seed);
  auto record = [&](const std::string& name, const Shape& shape, std::vector<double> values) {
    auto it = position.find(name);
    if (it == position.end()) {
      SiteDraws draws;
      draws.name = name;
      draws.shape.assign(shape.begin(), shape.end());
      draws.draws.resize(1);
      it = position.emplace(name, sites.size()).first;
      sites.push_back(std::move(draws));
    }
    SiteDraws& draws = sites[it->second];
    if (std::vector<int64_t>(shape.begin(), shape.end()) != draws.shape)
      throw Error(fmt::format("site '{}' changed shape between draws", name));
    draws.draws[0].push_back(std::move(values));
  };
  auto substitutions = [&](ad::Tape& tape, int i) {
    std::map<std::string, ad::Var> substituted;
    if (posterior)
      for (const auto& [name, value] : (*posterior)[i]) substituted[name] = tape.constant(value);
    return substituted;
  };
  auto looped = [&](int i, ad::Tape& tape) {
    RandomKey key = fold_in(fold_in(base, "predictive"), static_cast<std::uint64_t>(i));
    return run_once(program, data, tape, key, substitutions(tape, i), options.params, 0, 0);
  };
  if (options.vectorize && runs >= 2) {
    if (auto vectorized = predict_vectorized(program, data, options, posterior, runs, looped)) {
      for (const VectorizedSite& v : *vectorized)
        for (const auto& d : v.draws) record(v.name, v.shape, d);
      if (vectorized_out) *vectorized_out = true;
      for (const std::string& name : options.sites)
        if (!position.count(name)) throw Error(fmt::format("the model has no site '{}'", name));
      return sites;
    }
  }
  for (int i = 0; i < runs; ++i) {
    ad::Tape tape;
    handlers::Trace trace = looped(i, tape);
    for (const handlers::TraceSite& site : trace.sites()) {
      if (!wanted_site(site, options)) continue;
      const Array& value = site.value().value();
      record(site.name, value.shape(), std::vector<double>(value.data(), value.data() + value.size()));
    }
  }
  for (const std::string& name : options.sites)
    if (!position.count(name)) throw Error(fmt::format("the model has no site '{}'", name));
  return sites;
}

}  // namespace ppl::infer
