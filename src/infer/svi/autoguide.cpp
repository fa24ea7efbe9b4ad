#include "infer/svi/autoguide.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/delta.h"
#include "dist/independent.h"
#include "dist/normal.h"
#include "infer/draw_dim.h"

namespace ppl::infer {

namespace {

// A real site's guide distribution with the model site's batch and event
// dims, so TraceMeanField_ELBO finds the Normal || Normal KL per element.
dist::DistributionPtr site_normal(ad::Var loc, ad::Var scale, const LatentSite& site) {
  dist::DistributionPtr normal = std::make_shared<dist::Normal>(loc, scale);
  return site.event_rank > 0 ? dist::to_event(normal, site.event_rank) : normal;
}

}  // namespace

const std::vector<std::pair<std::string, AutoGuideKind>>& autoguides() {
  static const std::vector<std::pair<std::string, AutoGuideKind>> list = {
      {"auto_normal", AutoGuideKind::Normal},
      {"auto_diagonal_normal", AutoGuideKind::DiagonalNormal},
      {"auto_delta", AutoGuideKind::Delta},
  };
  return list;
}

std::string autoguide_names() {
  std::string text;
  for (const auto& [name, kind] : autoguides()) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::optional<AutoGuideKind> autoguide_kind(const std::string& name) {
  for (const auto& [known, kind] : autoguides())
    if (known == name) return kind;
  return std::nullopt;
}

AutoGuide::AutoGuide(AutoGuideKind kind, const ModelPotential& layout, Eigen::VectorXd initial,
                     double init_scale)
    : kind_(kind), sites_(layout.sites()), initial_(std::move(initial)), init_scale_(init_scale) {
  if (!(init_scale > 0)) throw Error("--init-scale must be positive");
  for (const LatentSite& site : sites_)
    if (!site.subsampled_plate.empty())
      throw Error(fmt::format("site '{}' is a local latent of the subsampled plate '{}': an autoguide "
                              "has params for the minibatch only; write a guide that draws it "
                              "inside the plate (indexing its params by the minibatch)",
                              site.name, site.subsampled_plate));
}

Guide::UnconstrainedValues AutoGuide::unconstrained_values() const {
  UnconstrainedValues moving;
  for (const LatentSite& site : sites_)
    if (site.moving_support) moving.sites.insert(site.name);
  moving.with_jacobian = kind_ != AutoGuideKind::Delta;
  return moving;
}

std::string AutoGuide::name() const {
  for (const auto& [name, kind] : autoguides())
    if (kind == kind_) return name;
  return "";
}

std::pair<ad::Var, ad::Var> AutoGuide::normal_params(const LatentSite& site,
                                                     ParamHandler& params) const {
  const dist::Constraint real = dist::Constraint::of(dist::ConstraintKind::Real);
  const dist::Constraint positive = dist::Constraint::of(dist::ConstraintKind::Positive);
  if (kind_ == AutoGuideKind::Normal) {
    Array initial_u(site.unconstrained_shape, initial_.segment(site.offset, site.size).array());
    return {params.get("auto_loc." + site.name, real, initial_u),
            params.get("auto_scale." + site.name, positive,
                       Array::full(site.unconstrained_shape, init_scale_))};
  }
  Shape flat{initial_.size()};
  ad::Var loc = params.get("auto_loc", real, Array(flat, initial_.array()));
  ad::Var scale = params.get("auto_scale", positive, Array::full(flat, init_scale_));
  SliceRange range{site.offset, site.offset + site.size};
  return {ad::reshape(ad::slice(loc, std::span<const SliceRange>(&range, 1)), site.unconstrained_shape),
          ad::reshape(ad::slice(scale, std::span<const SliceRange>(&range, 1)), site.unconstrained_shape)};
}

std::optional<handlers::Trace> AutoGuide::draw_particles(ad::Tape& tape,
                                                         const std::vector<RandomKey>& seeds,
                                                         RandomKey, ParamHandler& params,
                                                         int particle_dim,
                                                         const std::map<std::string, ad::Var>*) const {
  if (kind_ == AutoGuideKind::Delta) return std::nullopt;
  // A moving support's bijection is applied in the model's run, particle by particle.
  for (const LatentSite& site : sites_)
    if (site.moving_support) return std::nullopt;
  const int64_t n = static_cast<int64_t>(seeds.size());
  handlers::Trace trace;
  for (const LatentSite& site : sites_) {
    // [n, 1 ..., site shape]: the particle dim at particle_dim of the batch.
    int pad = -particle_dim - 1 - (site.shape.rank() - site.event_rank);
    if (pad < 0) return std::nullopt;
    Shape lead = with_draw_dim(n, pad, Shape{});
    Shape u_shape = with_draw_dim(n, pad, site.unconstrained_shape);
    auto [loc, scale] = normal_params(site, params);
    auto base = dist::to_event(std::make_shared<dist::Normal>(loc, scale),
                               site.unconstrained_shape.rank());
    std::vector<ad::Var> draws;
    for (const RandomKey& seed : seeds)
      draws.push_back(base->sample(fold_in(seed, site.name), site.unconstrained_shape));
    ad::Var u = ad::reshape(ad::stack(std::span<const ad::Var>(draws.data(), draws.size()), 0), u_shape);
    runtime::Message msg;
    msg.kind = runtime::MessageKind::Sample;
    msg.name = site.name;
    if (dynamic_cast<const dist::IdentityTransform*>(site.transform.get())) {
      msg.distribution = site_normal(loc, scale, site);
      msg.value = u;
    } else {
      ad::Var y = site.transform->forward(u);
      ad::Var ladj = site.transform->log_abs_det_jacobian(u, y);
      ad::Var per_particle = ad::reshape(ad::sum(ad::reshape(ladj, Shape{n, ladj.shape().numel() / n}), 1), lead);
      msg.distribution = std::make_shared<dist::Delta>(y, base->log_prob(u) - per_particle, site.shape.rank());
      msg.value = y;
    }
    trace.add(msg);
  }
  return trace;
}

handlers::Trace AutoGuide::draw(ad::Tape& tape, RandomKey seed, RandomKey, ParamHandler& params) const {
  handlers::Trace trace;
  for (const LatentSite& site : sites_) {
    runtime::Message msg;
    msg.kind = runtime::MessageKind::Sample;
    msg.name = site.name;
    if (site.moving_support) {
      // The value stays unconstrained; the model's run applies the bijection
      // of the support the site has there (unconstrained_values()).
      Array initial_u(site.unconstrained_shape, initial_.segment(site.offset, site.size).array());
      ad::Var u, log_q;
      if (kind_ == AutoGuideKind::Delta) {
        u = params.get("auto_loc." + site.name, dist::Constraint::of(dist::ConstraintKind::Real),
                       initial_u);
        log_q = tape.constant(0.0);
      } else {
        auto [loc, scale] = normal_params(site, params);
        auto base = dist::to_event(std::make_shared<dist::Normal>(loc, scale),
                                   site.unconstrained_shape.rank());
        u = base->sample(fold_in(seed, site.name), site.unconstrained_shape);
        log_q = base->log_prob(u);
      }
      msg.distribution = std::make_shared<dist::Delta>(u, log_q, site.unconstrained_shape.rank());
      msg.value = u;
      trace.add(msg);
      continue;
    }
    if (kind_ == AutoGuideKind::Delta) {
      Array initial_u(site.unconstrained_shape, initial_.segment(site.offset, site.size).array());
      // The point lives on the site's support, optimized through its bijection.
      ad::Tape scratch;
      Array initial_y = site.transform->forward(scratch.constant(initial_u)).value();
      ad::Var y = params.get("auto_loc." + site.name, site.transform->codomain(), initial_y);
      msg.distribution = std::make_shared<dist::Delta>(y, tape.constant(0.0), site.shape.rank());
      msg.value = y;
      trace.add(msg);
      continue;
    }
    auto [loc, scale] = normal_params(site, params);
    auto base = dist::to_event(std::make_shared<dist::Normal>(loc, scale),
                               site.unconstrained_shape.rank());
    ad::Var u = base->sample(fold_in(seed, site.name), site.unconstrained_shape);
    if (dynamic_cast<const dist::IdentityTransform*>(site.transform.get())) {
      msg.distribution = site_normal(loc, scale, site);
      msg.value = u;
    } else {
      ad::Var y = site.transform->forward(u);
      ad::Var log_q = base->log_prob(u) - ad::sum(site.transform->log_abs_det_jacobian(u, y));
      msg.distribution = std::make_shared<dist::Delta>(y, log_q, site.shape.rank());
      msg.value = y;
    }
    trace.add(msg);
  }
  return trace;
}

}  // namespace ppl::infer
