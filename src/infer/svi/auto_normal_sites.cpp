#include "infer/svi/auto_normal_sites.h"

#include "ad/ops.h"
#include "ad/random_input.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"
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

// The Normal over a site's unconstrained value, one event.
dist::DistributionPtr unconstrained_normal(ad::Var loc, ad::Var scale, const LatentSite& site) {
  return dist::to_event(std::make_shared<dist::Normal>(loc, scale), site.unconstrained_shape.rank());
}

}  // namespace

Guide::UnconstrainedValues AutoNormalSites::unconstrained_values() const {
  return moving_support_sites(/*with_jacobian=*/true);
}

double AutoNormalSites::site_scale(const LatentSite& site) {
  if (site.subsampled_plate.empty()) return 1.0;
  const int axis = site.shape.rank() - site.event_rank + site.subsample_dim;
  return static_cast<double>(site.subsample_size) / static_cast<double>(site.shape[axis]);
}

std::optional<handlers::Trace> AutoNormalSites::draw_particles(
    ad::Tape& tape, const ParticleKeys& keys, RandomKey run_key, ParamHandler& params,
    int particle_dim, const std::map<std::string, ad::Var>*) const {
  // A moving support's bijection is applied in the model's run, particle by
  // particle; a minibatch is drawn per run.
  for (const LatentSite& site : sites_)
    if (site.moving_support || !site.subsampled_plate.empty()) return std::nullopt;
  const int64_t n = keys.count;
  AutoGuideRun run(params, tape, run_key, data_);
  for (const LatentSite& site : sites_) {
    // The particle dim at particle_dim of each step's batch dims (after a
    // scan site's scan dims, infer/draw_dim.h).
    const int r = site.scan_rank;
    const int step_batch_rank = site.shape.rank() - r - site.event_rank;
    int pad = -particle_dim - 1 - step_batch_rank;
    if (pad < 0) return std::nullopt;
    Shape scan_dims;
    for (int i = 0; i < r; ++i) scan_dims.push_back(site.shape[i]);
    const Shape lead = with_draw_dim(n, pad, scan_dims, r);
    auto [loc, scale] = site_loc_scale(site, run);
    // Every particle's standard noise in one input of the tape, each drawn
    // as the loop's particle draws it (Normal's sample: loc + scale * noise),
    // so a replayed step redraws them all from its key.
    const Shape unconstrained = site.unconstrained_shape;
    const std::string name = site.name;
    const int count = keys.count;
    ad::Var noise = ad::random_input(tape, keys.step, [count, unconstrained, name, pad, r](RandomKey step) {
      const ParticleKeys at{step, count};
      std::vector<Array> draws;
      for (int k = 0; k < at.count; ++k)
        draws.push_back(dist::noise(fold_in(at.guide_key(k), name), unconstrained, NormalSampler(0.0, 1.0)));
      std::vector<const Array*> parts;
      for (const Array& draw : draws) parts.push_back(&draw);
      return stack_on_draw_dim(parts, pad, r);
    });
    // loc and scale with a dim of 1 at the particle dim, to broadcast against the noise.
    const Shape broadcastable = with_draw_dim(1, pad, unconstrained, r);
    loc = ad::reshape(loc, broadcastable);
    scale = ad::reshape(scale, broadcastable);
    ad::Var u = loc + scale * noise;
    if (dynamic_cast<const dist::IdentityTransform*>(site.transform.get())) {
      run.sample(site.name, site_normal(loc, scale, site), u);
    } else {
      // log q per step and particle: the Normal over a step's unconstrained
      // value less the log-Jacobian summed over that value.
      const int step_unconstrained_rank = site.unconstrained_shape.rank() - r;
      dist::DistributionPtr base =
          dist::to_event(std::make_shared<dist::Normal>(loc, scale), step_unconstrained_rank);
      ad::Var y = site.transform->forward(u);
      ad::Var ladj = site.transform->log_abs_det_jacobian(u, y);
      const int64_t cells = lead.numel();
      ad::Var per_cell =
          ad::reshape(ad::sum(ad::reshape(ladj, Shape{cells, ladj.shape().numel() / cells}), 1), lead);
      run.sample(site.name,
                 std::make_shared<dist::Delta>(y, base->log_prob(u) - per_cell, site.shape.rank() - r),
                 y);
    }
  }
  return run.take_trace();
}

handlers::Trace AutoNormalSites::draw(ad::Tape& tape, RandomKey seed, RandomKey run_key,
                                      ParamHandler& params) const {
  AutoGuideRun run(params, tape, run_key, data_);
  for (const LatentSite& site : sites_) {
    auto [loc, scale] = site_loc_scale(site, run);
    dist::DistributionPtr base = unconstrained_normal(loc, scale, site);
    ad::Var u = base->sample(fold_in(seed, site.name), site.unconstrained_shape);
    if (site.moving_support) {
      // The value stays unconstrained; the model's run applies the bijection
      // of the support the site has there (unconstrained_values()).
      run.sample(site.name,
                 std::make_shared<dist::Delta>(u, base->log_prob(u), site.unconstrained_shape.rank()), u);
    } else if (dynamic_cast<const dist::IdentityTransform*>(site.transform.get())) {
      run.sample(site.name, site_normal(loc, scale, site), u, site_scale(site));
    } else {
      ad::Var y = site.transform->forward(u);
      ad::Var log_q = base->log_prob(u) - ad::sum(site.transform->log_abs_det_jacobian(u, y));
      run.sample(site.name, std::make_shared<dist::Delta>(y, log_q, site.shape.rank()), y,
                 site_scale(site));
    }
  }
  return run.take_trace();
}

}  // namespace ppl::infer
