#include "infer/arviz_groups.h"

#include <fmt/format.h>

#include "ad/tape.h"
#include "core/error.h"
#include "handlers/trace.h"
#include "infer/log_likelihood.h"
#include "infer/model_runs.h"

namespace ppl::infer {
namespace {

using Variable = io::InferenceDataVariable;

// The names of the dims of a site's value: the plates' at their axes (not a
// subsampled plate's: its minibatch is not the plate's coordinates), and
// SITE_dim_I elsewhere. `stacked` leading dims (a scan's steps) come first.
std::vector<std::string> dim_names(const std::string& site, int rank,
                                   const std::vector<runtime::PlateFrame>& plates, int event_rank,
                                   int stacked) {
  std::vector<std::string> names;
  for (int axis = 0; axis < rank; ++axis) names.push_back(fmt::format("{}_dim_{}", site, axis));
  for (const runtime::PlateFrame& plate : plates) {
    if (plate.batch_size != plate.size) continue;
    const int axis = rank - event_rank + plate.dim;
    if (axis >= stacked && axis < rank) names[static_cast<size_t>(axis)] = plate.name;
  }
  return names;
}

// What a site's dims are called, from one traced run.
struct SiteLayout {
  std::vector<runtime::PlateFrame> plates;
  int event_rank = 0;
  int stacked = 0;
};

std::map<std::string, SiteLayout> site_layouts(const handlers::Trace& trace) {
  std::map<std::string, SiteLayout> out;
  for (const handlers::TraceSite& site : trace.sites()) {
    const handlers::SiteStep& step = site.steps.front();
    SiteLayout layout;
    layout.plates = step.plates;
    if (step.distribution) layout.event_rank = step.distribution->event_shape().rank();
    layout.stacked = site.in_scan ? 1 : 0;
    out[site.name] = layout;
  }
  return out;
}

// `pointwise`: the value has the site's batch dims only (a log density per
// element).
std::vector<std::string> named_dims(const std::map<std::string, SiteLayout>& layouts,
                                    const std::string& site, int rank, bool pointwise = false) {
  const auto found = layouts.find(site);
  if (found == layouts.end()) return dim_names(site, rank, {}, 0, 0);
  return dim_names(site, rank, found->second.plates, pointwise ? 0 : found->second.event_rank,
                   found->second.stacked);
}

// Draws over chain and draw, then the site's dims.
// `pointwise`: values of the site's batch dims only (its log likelihood).
Variable draws_variable(const io::SiteDraws& site, const std::map<std::string, SiteLayout>& layouts,
                        bool pointwise = false) {
  Variable v;
  v.name = site.name;
  v.dims = {"chain", "draw"};
  const std::vector<std::string> dims =
      named_dims(layouts, site.name, static_cast<int>(site.shape.size()), pointwise);
  v.dims.insert(v.dims.end(), dims.begin(), dims.end());
  v.shape = {static_cast<int64_t>(site.draws.size()),
             site.draws.empty() ? 0 : static_cast<int64_t>(site.draws.front().size())};
  v.shape.insert(v.shape.end(), site.shape.begin(), site.shape.end());
  for (const auto& chain : site.draws)
    for (const std::vector<double>& draw : chain) v.values.insert(v.values.end(), draw.begin(), draw.end());
  return v;
}

Variable array_variable(const std::string& name, const std::vector<std::string>& dims,
                        const Array& value, Variable::Type type = Variable::Type::Double) {
  Variable v;
  v.name = name;
  v.dims = dims;
  v.shape.assign(value.shape().begin(), value.shape().end());
  v.values.assign(value.values().begin(), value.values().end());
  v.type = type;
  return v;
}

// A run of the model under seed, every site its prior draw or its data.
handlers::Trace prior_run(const ir::Program& program, const runtime::ModelData& data,
                          ad::Tape& tape, RandomKey key) {
  return traced_model_run(program, data, tape, key, {});
}

// observed_data: the model's observed sites; constant_data: the data
// entries no observed site is named after.
std::vector<io::InferenceDataGroup> data_groups(const ir::Program& program,
                                                const runtime::ModelData& data,
                                                const handlers::Trace& trace,
                                                const std::map<std::string, SiteLayout>& layouts) {
  io::InferenceDataGroup observed{"observed_data", {}}, constant{"constant_data", {}};
  std::set<std::string> observed_names;
  for (const handlers::TraceSite& site : trace.sites()) {
    if (site.kind != runtime::MessageKind::Sample || !site.observed) continue;
    const Array value = site.value().value();
    observed.variables.push_back(
        array_variable(site.name, named_dims(layouts, site.name, value.shape().rank()), value));
    observed_names.insert(site.name);
  }
  for (size_t i = 0; i < program.data.size() && i < data.entries.size(); ++i) {
    const ir::DataEntry& entry = program.data[i];
    if (!data.entries[i] || observed_names.count(entry.name)) continue;
    const Array& value = *data.entries[i];
    std::vector<std::string> dims;
    for (int axis = 0; axis < value.shape().rank(); ++axis)
      dims.push_back(fmt::format("{}_dim_{}", entry.name, axis));
    constant.variables.push_back(array_variable(
        entry.name, dims, value,
        entry.element_type == ir::ElementType::Real ? Variable::Type::Double
        : entry.element_type == ir::ElementType::Int ? Variable::Type::Integer
                                                     : Variable::Type::Boolean));
  }
  std::vector<io::InferenceDataGroup> out;
  if (!observed.variables.empty()) out.push_back(std::move(observed));
  if (!constant.variables.empty()) out.push_back(std::move(constant));
  return out;
}

io::InferenceDataGroup sample_stats_group(const std::string& name,
                                          const std::vector<std::vector<io::CsvDrawStats>>& sampler) {
  io::InferenceDataGroup group{name, {}};
  const int64_t chains = static_cast<int64_t>(sampler.size());
  const int64_t draws = chains ? static_cast<int64_t>(sampler.front().size()) : 0;
  const auto stat = [&](const std::string& name, Variable::Type type,
                        double (*read)(const io::CsvDrawStats&)) {
    Variable v;
    v.name = name;
    v.dims = {"chain", "draw"};
    v.shape = {chains, draws};
    v.type = type;
    for (const std::vector<io::CsvDrawStats>& chain : sampler)
      for (const io::CsvDrawStats& s : chain) v.values.push_back(read(s));
    group.variables.push_back(std::move(v));
  };
  using T = Variable::Type;
  stat("lp", T::Double, [](const io::CsvDrawStats& s) { return s.lp; });
  stat("acceptance_rate", T::Double, [](const io::CsvDrawStats& s) { return s.accept_stat; });
  stat("step_size", T::Double, [](const io::CsvDrawStats& s) { return s.step_size; });
  stat("tree_depth", T::Integer, [](const io::CsvDrawStats& s) { return double(s.tree_depth); });
  stat("n_steps", T::Integer, [](const io::CsvDrawStats& s) { return double(s.n_leapfrog); });
  stat("diverging", T::Boolean, [](const io::CsvDrawStats& s) { return s.divergent ? 1.0 : 0.0; });
  stat("energy", T::Double, [](const io::CsvDrawStats& s) { return s.energy; });
  return group;
}

}  // namespace

std::vector<io::InferenceDataGroup> fit_groups(const ir::Program& program,
                                               const runtime::ModelData& data,
                                               const FitValues& fit, RandomKey key) {
  ad::Tape tape;
  const handlers::Trace prior = prior_run(program, data, tape, fold_in(key, "layout"));
  const std::map<std::string, SiteLayout> layouts = site_layouts(prior);
  const auto draws_group = [&](const std::string& name, const std::vector<io::SiteDraws>& sites) {
    io::InferenceDataGroup group{name, {}};
    for (const io::SiteDraws& site : sites) group.variables.push_back(draws_variable(site, layouts));
    return group;
  };
  std::vector<io::InferenceDataGroup> groups{draws_group("posterior", fit.posterior)};
  if (!fit.sampler.empty()) groups.push_back(sample_stats_group("sample_stats", fit.sampler));
  io::InferenceDataGroup log_likelihood{"log_likelihood", {}};
  if (!subsampled_plate(program, data, key))  // else no element is one row at every draw
    for (const io::SiteDraws& site :
         pointwise_log_likelihood(program, data, fit.posterior, fit.params, key))
      log_likelihood.variables.push_back(draws_variable(site, layouts, true));
  if (!log_likelihood.variables.empty()) groups.push_back(std::move(log_likelihood));
  for (io::InferenceDataGroup& group : data_groups(program, data, prior, layouts))
    groups.push_back(std::move(group));
  if (!fit.warmup.empty()) groups.push_back(draws_group("warmup_posterior", fit.warmup));
  if (!fit.warmup_sampler.empty())
    groups.push_back(sample_stats_group("warmup_sample_stats", fit.warmup_sampler));
  return groups;
}

std::vector<io::InferenceDataGroup> predict_groups(const ir::Program& program,
                                                   const runtime::ModelData& data,
                                                   const std::vector<io::SiteDraws>& draws,
                                                   const std::set<std::string>& predictive,
                                                   bool from_posterior, RandomKey key) {
  ad::Tape tape;
  const handlers::Trace prior = prior_run(program, data, tape, fold_in(key, "layout"));
  const std::map<std::string, SiteLayout> layouts = site_layouts(prior);
  io::InferenceDataGroup predicted{from_posterior ? "posterior_predictive" : "prior_predictive", {}};
  io::InferenceDataGroup others{"prior", {}};
  for (const io::SiteDraws& site : draws) {
    if (predictive.count(site.name))
      predicted.variables.push_back(draws_variable(site, layouts));
    else
      others.variables.push_back(draws_variable(site, layouts));
  }
  std::vector<io::InferenceDataGroup> groups;
  if (!from_posterior && !others.variables.empty()) groups.push_back(std::move(others));
  if (!predicted.variables.empty()) groups.push_back(std::move(predicted));
  for (io::InferenceDataGroup& group : data_groups(program, data, prior, layouts))
    groups.push_back(std::move(group));
  return groups;
}

}  // namespace ppl::infer
