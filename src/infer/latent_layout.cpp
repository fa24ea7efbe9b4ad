#include "infer/latent_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ad/ops.h"
#include "core/error.h"
#include "handlers/trace.h"
#include "infer/draw_dim.h"
#include "infer/model_runs.h"
#include "runtime/interpreter.h"

namespace ppl::infer {

namespace {

// Whether a bound of the support depends on a leaf of its tape.
bool bounds_depend_on_leaves(const dist::Constraint& support) {
  for (const auto& bound : {support.lower, support.upper})
    if (bound && bound->tape().needs_gradient(bound->index())) return true;
  return false;
}

}  // namespace

LatentLayout::LatentLayout(const ir::Program& program, const runtime::ModelData& data,
                           RandomKey key) {
  ad::Tape tape;
  // A prior draw may put an argument outside its domain (a latent used as a
  // scale drawn negative): a point of zero density, not an error; another
  // draw gives the sites' layout.
  std::optional<handlers::Trace> first;
  for (int attempt = 0; !first; ++attempt) {
    try {
      tape.clear();
      first = traced_model_run(program, data, tape, attempt == 0 ? key : fold_in(key, attempt), {});
    } catch (const runtime::DomainError& error) {
      if (attempt == 99)
        throw error.with_message(fmt::format("100 draws from the prior all put a distribution's "
                                             "argument outside its domain; the last: {}",
                                             error.message()));
    }
  }
  const handlers::Trace& prior = *first;
  // The same run with the latent values as leaves tells which supports
  // have bounds computed from them.
  std::map<std::string, ad::Var> leaves;
  for (const handlers::TraceSite& site : prior.sites())
    if (site.is_latent()) leaves[site.name] = tape.leaf(site.value().value());
  std::set<std::string> moving;
  try {
    handlers::Trace again = traced_model_run(program, data, tape, key, leaves);
    for (const handlers::TraceSite& site : again.sites())
      if (site.is_latent())
        for (const handlers::SiteStep& step : site.steps)
          if (bounds_depend_on_leaves(step.distribution->support())) moving.insert(site.name);
  } catch (const Error&) {
    // The same values ran once; a run that fails now tells nothing more.
  }
  for (const handlers::TraceSite& site : prior.sites()) {
    for (const runtime::PlateFrame& plate : site.steps.front().plates) {
      if (plate.batch_size == plate.size) continue;
      std::string described = fmt::format("{} ({} of {})", plate.name, plate.batch_size, plate.size);
      if (std::find(subsampled_plates_.begin(), subsampled_plates_.end(), described) ==
          subsampled_plates_.end())
        subsampled_plates_.push_back(described);
    }
    if (site.kind == runtime::MessageKind::Deterministic) {
      outputs_.push_back({site.name, site.value().shape()});
      continue;
    }
    if (!site.is_latent()) continue;
    const dist::Distribution& d = *site.steps.front().distribution;
    dist::Constraint support = d.support();
    if (support.is_discrete())
      throw Error(ir::place(program, site.location),
                  fmt::format("site '{}' is a latent discrete variable ({}); NUTS, HMC and the "
                              "autoguides need continuous latent sites: observe it, marginalize "
                              "it out, or fit with a guide program that samples it",
                              site.name, support.to_string()));
    LatentSite latent;
    latent.name = site.name;
    latent.shape = site.value().shape();
    latent.scan_rank = scan_rank_of(site);
    latent.event_rank = d.event_shape().rank();
    latent.plates = site.steps.front().plates;
    for (const runtime::PlateFrame& plate : site.steps.front().plates)
      if (plate.batch_size != plate.size) {
        latent.subsampled_plate = plate.name;
        latent.subsample_dim = plate.dim;
        latent.subsample_size = plate.size;
      }
    latent.transform = dist::biject_to(support.copy_to(*bounds_tape_));
    latent.moving_support = moving.count(site.name) > 0;
    latent.unconstrained_shape = latent.transform->inverse_shape(latent.shape);
    latent.offset = dimension_;
    latent.size = latent.unconstrained_shape.numel();
    dimension_ += latent.size;
    sites_.push_back(latent);
    outputs_.push_back({site.name, latent.shape});
  }
  // Latent sites first, then deterministic ones, each in the model's order.
  std::stable_partition(outputs_.begin(), outputs_.end(), [&](const OutputSite& o) {
    return std::any_of(sites_.begin(), sites_.end(),
                       [&](const LatentSite& s) { return s.name == o.name; });
  });
}

bool LatentLayout::any_moving_support() const {
  return std::any_of(sites_.begin(), sites_.end(), [](const LatentSite& s) { return s.moving_support; });
}

LatentLayout::PointValues LatentLayout::point_values(ad::Tape& tape, ad::Var flat) const {
  PointValues p;
  p.log_jacobian = tape.constant(0.0);
  for (const LatentSite& site : sites_) {
    SliceRange range{site.offset, site.offset + site.size};
    ad::Var x = ad::reshape(ad::slice(flat, std::span<const SliceRange>(&range, 1)),
                            site.unconstrained_shape);
    if (site.moving_support) {
      p.moving[site.name] = x;
      continue;
    }
    ad::Var y = site.transform->forward(x);
    p.constrained[site.name] = y;
    p.log_jacobian = p.log_jacobian + ad::sum(site.transform->log_abs_det_jacobian(x, y));
  }
  return p;
}

}  // namespace ppl::infer
