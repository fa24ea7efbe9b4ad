#include "infer/svi/autoguide.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/delta.h"
#include "dist/independent.h"
#include "dist/normal.h"

namespace ppl::infer {

std::optional<AutoGuideKind> autoguide_kind(const std::string& name) {
  if (name == "auto_normal") return AutoGuideKind::Normal;
  if (name == "auto_diagonal_normal") return AutoGuideKind::DiagonalNormal;
  if (name == "auto_delta") return AutoGuideKind::Delta;
  return std::nullopt;
}

AutoGuide::AutoGuide(AutoGuideKind kind, const ModelPotential& layout, Eigen::VectorXd initial,
                     double init_scale)
    : kind_(kind), sites_(layout.sites()), initial_(std::move(initial)), init_scale_(init_scale) {
  if (!(init_scale > 0)) throw Error("--init-scale must be positive");
}

std::string AutoGuide::name() const {
  switch (kind_) {
    case AutoGuideKind::Normal: return "auto_normal";
    case AutoGuideKind::DiagonalNormal: return "auto_diagonal_normal";
    case AutoGuideKind::Delta: return "auto_delta";
  }
  return "";
}

handlers::Trace AutoGuide::draw(ad::Tape& tape, RandomKey seed, RandomKey, ParamHandler& params) const {
  const dist::Constraint real = dist::Constraint::of(dist::ConstraintKind::Real);
  const dist::Constraint positive = dist::Constraint::of(dist::ConstraintKind::Positive);
  handlers::Trace trace;
  std::optional<ad::Var> flat_loc, flat_scale;
  if (kind_ == AutoGuideKind::DiagonalNormal) {
    Shape flat{initial_.size()};
    flat_loc = params.get("auto_loc", real, Array(flat, initial_.array()));
    flat_scale = params.get("auto_scale", positive, Array::full(flat, init_scale_));
  }
  for (const LatentSite& site : sites_) {
    runtime::Message msg;
    msg.kind = runtime::MessageKind::Sample;
    msg.name = site.name;
    Array initial_u(site.unconstrained_shape, initial_.segment(site.offset, site.size).array());
    if (kind_ == AutoGuideKind::Delta) {
      // The point lives on the site's support, optimized through its bijection.
      ad::Tape scratch;
      Array initial_y = site.transform->forward(scratch.constant(initial_u)).value();
      ad::Var y = params.get("auto_loc." + site.name, site.transform->codomain(), initial_y);
      msg.distribution = std::make_shared<dist::Delta>(y, tape.constant(0.0), site.shape.rank());
      msg.value = y;
      trace.add(msg);
      continue;
    }
    ad::Var loc, scale;
    if (kind_ == AutoGuideKind::Normal) {
      loc = params.get("auto_loc." + site.name, real, initial_u);
      scale = params.get("auto_scale." + site.name, positive,
                         Array::full(site.unconstrained_shape, init_scale_));
    } else {
      SliceRange range{site.offset, site.offset + site.size};
      loc = ad::reshape(ad::slice(*flat_loc, std::span<const SliceRange>(&range, 1)),
                        site.unconstrained_shape);
      scale = ad::reshape(ad::slice(*flat_scale, std::span<const SliceRange>(&range, 1)),
                          site.unconstrained_shape);
    }
    auto base = dist::to_event(std::make_shared<dist::Normal>(loc, scale),
                               site.unconstrained_shape.rank());
    ad::Var u = base->sample(fold_in(seed, site.name), site.unconstrained_shape);
    if (site.transform->name() == "Identity") {
      msg.distribution = base;
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
