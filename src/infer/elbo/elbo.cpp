#include "infer/elbo/elbo.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/delta.h"
#include "dist/kl.h"
#include "handlers/plate.h"
#include "handlers/replay.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/unconstrain.h"
#include "infer/draw_dim.h"
#include "infer/elbo/model_guide_checks.h"
#include "runtime/interpreter.h"
#include "runtime/run_program.h"

namespace ppl::infer {
namespace {

bool reparameterized(const handlers::TraceSite& site) {
  for (const handlers::SiteStep& step : site.steps)
    if (!step.distribution->has_rsample()) return false;
  return true;
}

// -KL(q || p) summed over the site's steps, under the model site's mask and
// scale, broadcast to its batch shape; nullopt when a step has no closed form.
std::optional<ad::Var> site_kl(const handlers::TraceSite& p_site, const handlers::TraceSite& q_site,
                               ad::Tape& tape) {
  ad::Var total = tape.constant(0.0);
  for (const handlers::SiteStep& step : p_site.steps) {
    const handlers::SiteStep* q_step =
        q_site.in_scan ? q_site.step_at(step.scan_steps) : &q_site.steps.front();
    if (!q_step) return std::nullopt;
    // The registry's Delta rule leaves out the point's log-density weight,
    // which an autoguide's transformed site carries as its log q.
    if (dynamic_cast<const dist::Delta*>(q_step->distribution.get())) return std::nullopt;
    std::optional<ad::Var> kl = dist::kl_divergence(*q_step->distribution, *step.distribution);
    if (!kl) return std::nullopt;
    const Shape& value_shape = step.value.shape();
    Shape batch;
    for (int i = 0; i < value_shape.rank() - step.distribution->event_shape().rank(); ++i)
      batch.push_back(value_shape[i]);
    // A KL with dims the model's step lacks pairs q's elements with the
    // wrong terms of p (a whole-sequence guide site against one scan step):
    // no closed form then, the site is scored by log p - log q.
    if (!(broadcast_shapes(kl->shape(), batch) == batch)) return std::nullopt;
    ad::Var k = *kl + tape.constant(Array::zeros(batch));
    if (step.mask) k = ad::where(*step.mask, k, tape.constant(0.0));
    ad::Var summed = ad::sum(k);
    total = total + (step.scale == 1.0 ? summed : summed * step.scale);
  }
  return total;
}

// "guide b = 0 under Beta": a site whose term is not finite, with what it
// drew (the extremes of an array) and from what.
std::string describe_non_finite(const std::string& side, const handlers::TraceSite& site) {
  const Array& v = site.value().value();
  std::string value;
  if (v.size() == 1) {
    value = fmt::format("= {:.6g}", v.item());
  } else if (v.size() > 1) {
    double low = v.values()[0], high = low;
    for (Eigen::Index i = 1; i < v.size(); ++i) {
      low = std::min(low, v.values()[i]);
      high = std::max(high, v.values()[i]);
    }
    value = fmt::format("in [{:.6g}, {:.6g}]", low, high);
  }
  const std::string from =
      site.kind == runtime::MessageKind::Sample ? " under " + site.steps.front().distribution->name()
                                                : "";
  return fmt::format("{} {} {}{}", side, site.name, value, from);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

}  // namespace

ElboSettings parse_elbo(const std::string& spec) {
  ElboSettings s;
  s.estimator = make_elbo_estimator(spec)->name();
  return s;
}

ElboObjective::ElboObjective(const ir::Program& program, const runtime::ModelData& data,
                             const Guide& guide, ParamStore& store, ElboSettings settings)
    : program_(program), data_(data), guide_(guide), store_(store), settings_(settings),
      estimator_(make_elbo_estimator(settings.estimator)), params_(store, tape_) {
  if (settings_.particles < 1) throw Error("--particles must be at least 1");
  // One pass needs a loss that is a plain sum over the model's sites, on
  // one particle's trace.
  if (estimator_->name() != "trace" || settings_.particles != 1 || !program_.model ||
      !runtime::has_scan(program_.model->body))
    parallel_scans_.rule_out();
}

void ElboObjective::count_only_plate(const std::string& plate) {
  if (estimator_->name() != "trace" && estimator_->name() != "meanfield")
    throw Error(fmt::format("--elbo {} does not split over rows (its loss is not a sum over the "
                            "sites); use trace or meanfield",
                            estimator_->name()));
  only_plate_ = plate;
  run_particles_one_by_one();
  parallel_scans_.rule_out();
}

ElboObjective::Traces ElboObjective::run_particle(RandomKey key) {
  return run_particle(key, false);
}

ElboObjective::Traces ElboObjective::run_particle(RandomKey key, bool scans_in_one_pass) {
  RandomKey run_key = fold_in(key, "run");
  Traces t;
  t.guide = guide_.draw(tape_, fold_in(key, "guide"), run_key, params_);
  handlers::TraceHandler trace;
  handlers::SeedHandler seed(fold_in(key, "model"));
  const Guide::UnconstrainedValues unconstrained = guide_.unconstrained_values();
  // The guide's latent values by site, a scan site's stacked over its steps,
  // substituted into the model's run: indexed by step in a scan run step by
  // step, whole in a scan scored in one pass. A guide program's draws are
  // otherwise replayed step by step. Sites drawn unconstrained get their
  // value in the model's run, too late for a scan's carries.
  const bool substitute_values = !guide_.replay_by_step() || scans_in_one_pass;
  std::map<std::string, ad::Var> values, unconstrained_values;
  if (substitute_values)
    for (const handlers::TraceSite& site : t.guide.sites())
      if (site.is_latent())
        (unconstrained.sites.count(site.name) ? unconstrained_values : values)[site.name] =
            site.value();
  handlers::ReplayHandler replay(t.guide);
  handlers::SubstituteHandler substitute(values);
  handlers::UnconstrainHandler unconstrain(unconstrained_values, tape_);
  handlers::Handler& given = substitute_values ? static_cast<handlers::Handler&>(substitute)
                                               : static_cast<handlers::Handler&>(replay);
  runtime::RunSettings settings;
  if (block_) settings.minibatch_block = &*block_;
  if (scans_in_one_pass) settings.parallel_scan_values = &values;
  scans_run_in_parallel_ = runtime::run_program(program_, data_, tape_, run_key,
                                                {&trace, &seed, &params_, &given, &unconstrain},
                                                settings)
                               .scans_run_in_parallel;
  t.model = trace.trace();
  if (!unconstrained_values.empty() && unconstrained.with_jacobian) {
    // q is a density over the unconstrained values: log p(T(u)) + log|det J(u)| - log q(u).
    runtime::Message jacobian;
    jacobian.kind = runtime::MessageKind::Factor;
    jacobian.name = kUnconstrainLogJacobian;
    jacobian.value = unconstrain.log_jacobian();
    t.model.add(jacobian);
  }
  return t;
}

ElboObjective::Particle ElboObjective::particle(RandomKey key, bool scans_in_one_pass) {
  return score(run_particle(key, scans_in_one_pass));
}

ElboObjective::Particle ElboObjective::score(const Traces& t) {
  std::map<std::string, ad::Var> model_terms = handlers::site_log_densities(t.model, tape_);
  std::map<std::string, ad::Var> guide_terms = handlers::site_log_densities(t.guide, tape_);
  if (!only_plate_.empty()) {
    // Another shard counts the guide and the sites outside the plate.
    for (const handlers::TraceSite& site : t.guide.sites())
      if (site.is_latent() && !reparameterized(site))
        throw Error(fmt::format("guide site {} is not reparameterized: its score-function term "
                                "needs the whole ELBO, which a split over rows does not have",
                                site.name));
    guide_terms.clear();
    std::erase_if(model_terms, [&](const auto& term) {
      const handlers::TraceSite* site = t.model.find(term.first);
      return !site || site->steps.empty() || !runtime::in_plate(site->steps.front().plates, only_plate_);
    });
  }
  Particle p;
  std::map<std::string, ad::Var> kl;
  if (estimator_->uses_analytic_kl() && only_plate_.empty()) {
    for (const handlers::TraceSite& site : t.model.sites()) {
      const handlers::TraceSite* q = t.guide.find(site.name);
      if (!site.is_latent() || !q || !q->is_latent()) continue;
      if (auto k = site_kl(site, *q, tape_)) kl[site.name] = *k;
    }
  }
  ad::Var elbo = tape_.constant(0.0);
  for (const auto& [name, term] : model_terms) {
    p.terms.log_p[name] = term.item();
    auto k = kl.find(name);
    elbo = elbo + (k == kl.end() ? term : -k->second);
  }
  for (const auto& [name, term] : guide_terms) {
    p.terms.log_q[name] = term.item();
    if (!kl.count(name)) elbo = elbo - term;
  }
  // Only a non-finite ELBO is reported, and it has a non-finite term: the
  // sites are described then, not on every step.
  if (!std::isfinite(elbo.item()))
    for (const auto& [trace, side] : {std::pair{&t.model, "model"}, std::pair{&t.guide, "guide"}})
      for (const handlers::TraceSite& site : trace->sites()) {
        const auto& terms = trace == &t.model ? p.terms.log_p : p.terms.log_q;
        auto it = terms.find(site.name);
        if (it != terms.end() && !std::isfinite(it->second))
          p.terms.non_finite.push_back(describe_non_finite(side, site));
      }
  for (const auto& [name, k] : kl) p.terms.kl[name] = k.item();
  p.elbo = elbo;
  p.terms.elbo = elbo.item();
  p.surrogate = elbo;
  for (const handlers::TraceSite& site : t.guide.sites()) {
    if (!site.is_latent() || reparameterized(site)) continue;
    const double cost = estimator_->score_function_cost(
        {site, t.model, t.guide, model_terms, guide_terms, p.terms.elbo});
    p.surrogate = p.surrogate + guide_terms.at(site.name) * cost;
  }
  return p;
}

void ElboObjective::finish(ad::Var loss, Evaluation& e, const std::vector<Particle>& particles) {
  if (!std::isfinite(e.loss)) {
    std::vector<std::string> bad;
    for (const Particle& p : particles)
      for (const std::string& site : p.terms.non_finite)
        if (std::find(bad.begin(), bad.end(), site) == bad.end()) bad.push_back(site);
    throw Error(fmt::format("the ELBO is not finite ({}); the log density is not finite at: {} (a "
                            "draw on the edge of its support, or one that overflowed: a guide "
                            "parameter at an extreme value)",
                            e.loss,
                            bad.empty() ? "(no single site: the sum overflowed)"
                                        : fmt::format("{}", fmt::join(bad, "; "))));
  }
  tape_.backward(loss);
  last_loss_ = loss;
  e.gradient = params_.gradient();
  if (!e.gradient.allFinite()) {
    std::vector<std::string> bad;
    for (const ParamEntry& entry : store_.entries())
      if (!e.gradient.segment(entry.offset, entry.size).allFinite()) bad.push_back(entry.name);
    throw Error(fmt::format("the ELBO's gradient is not finite for params {}", join(bad)));
  }
}

ElboObjective::Evaluation ElboObjective::evaluate_looped(RandomKey key, bool scans_in_one_pass) {
  tape_.clear();
  params_.reset();
  std::vector<Particle> particles;
  for (int k = 0; k < settings_.particles; ++k)
    particles.push_back(particle(fold_in(key, k), scans_in_one_pass));
  const double n = settings_.particles;
  ad::Var loss;
  Evaluation e;
  std::vector<ad::Var> elbos;
  for (const Particle& p : particles) elbos.push_back(p.elbo);
  if (std::optional<ad::Var> combined = estimator_->combined_loss(elbos)) {
    loss = *combined;
    e.loss = loss.item();
  } else {
    loss = tape_.constant(0.0);
    double sum = 0;
    for (const Particle& p : particles) {
      loss = loss - p.surrogate;
      sum += p.terms.elbo;
    }
    loss = loss * (1.0 / n);
    e.loss = -sum / n;
  }
  finish(loss, e, particles);
  for (Particle& p : particles) e.particles.push_back(std::move(p.terms));
  return e;
}

ElboObjective::Evaluation ElboObjective::evaluate_vectorized(
    RandomKey key, const std::map<std::string, Array>* given_values) {
  tape_.clear();
  params_.reset();
  std::map<std::string, ad::Var> given;
  if (given_values)
    for (const auto& [name, value] : *given_values) given[name] = tape_.constant(value);
  const int n = settings_.particles;
  RandomKey run_key = fold_in(key, "run");
  Traces t;
  std::optional<handlers::Trace> guide =
      guide_.draw_particles(tape_, ParticleKeys{key, n}, run_key, params_, particle_dim_,
                            given_values ? &given : nullptr);
  if (!guide) throw Error("the guide does not draw vectorized particles");
  t.guide = std::move(*guide);
  handlers::PlateHandler particles({"_particles", particle_dim_, n, n});
  handlers::TraceHandler trace;
  handlers::SeedHandler seed(fold_in(key, "model"));
  std::map<std::string, ad::Var> values;
  for (const handlers::TraceSite& site : t.guide.sites())
    if (site.is_latent()) values[site.name] = site.value();
  handlers::SubstituteHandler substitute(values);
  runtime::run_program(program_, data_, tape_, run_key,
                       {&particles, &trace, &seed, &params_, &substitute}, {.vectorized = true});
  t.model = trace.trace();
  Particle total = score(t);
  Evaluation e;
  ad::Var loss = total.surrogate * (-1.0 / n);
  e.loss = -total.terms.elbo / n;
  finish(loss, e, {total});
  return e;
}

ElboObjective::Evaluation ElboObjective::decide_parallel_scans(RandomKey key) {
  Evaluation one_pass;
  bool ran = false;
  try {
    one_pass = evaluate_looped(key, true);
    ran = scans_run_in_parallel_ > 0;
  } catch (const Error&) {
    // The body does not run with a leading time dim, or its ELBO is not
    // finite: the step-by-step run says which.
  }
  Evaluation step_by_step = evaluate_looped(key, false);
  parallel_scans_.record(ran && same_value(one_pass.loss, step_by_step.loss) &&
                         same_gradient(one_pass.gradient, step_by_step.gradient));
  return step_by_step;
}

ElboObjective::Evaluation ElboObjective::evaluate(RandomKey key) {
  if (parallel_scans_.undecided()) return decide_parallel_scans(key);
  bool may_vectorize = settings_.particles > 1 && estimator_->vectorizable() &&
                       !vectorization_.off();
  if (!may_vectorize) return evaluate_looped(key, parallel_scans_.on());
  if (vectorization_.on()) return evaluate_vectorized(key);
  // First evaluation: the particle dim goes left of every batch dim of one
  // particle's sites; keep the vectorized run only if it agrees.
  Evaluation looped = evaluate_looped(key, false);
  tape_.clear();
  params_.reset();
  Traces one = run_particle(fold_in(key, 0));
  particle_dim_ = -(batch_rank_for_draws({&one.model, &one.guide}, data_) + 1);
  bool agreed = false;
  try {
    if (guide_.draws_match_loop()) {
      // The same draws both ways: loss and gradient must agree.
      Evaluation vectorized = evaluate_vectorized(key);
      agreed = same_value(vectorized.loss, looped.loss) &&
               same_gradient(vectorized.gradient, looped.gradient);
    } else {
      // A guide program draws anew when vectorized: give it the loop's draws
      // (constants, so only the loss is comparable), and require pathwise
      // guide sites, where one plate of particles means the same as the
      // loop. A scan site's values keep their scan dims leading.
      // Each particle's latent guide values, read before the tape is cleared.
      struct LatentLayout {
        std::string name;
        Shape shape;
        int event_rank;
        int scan_rank;
      };
      std::vector<LatentLayout> layout;
      std::vector<std::map<std::string, Array>> draws;
      bool eligible = true;
      for (int k = 0; k < settings_.particles && eligible; ++k) {
        tape_.clear();
        params_.reset();
        handlers::Trace guide = run_particle(fold_in(key, k)).guide;
        std::map<std::string, Array> values;
        for (const handlers::TraceSite& site : guide.sites()) {
          if (!site.is_latent()) continue;
          if (!reparameterized(site)) eligible = false;
          values[site.name] = site.value().value();
          if (k == 0)
            layout.push_back({site.name, site.value().shape(),
                              site.steps.front().distribution->event_shape().rank(),
                              scan_rank_of(site)});
        }
        draws.push_back(std::move(values));
      }
      std::map<std::string, Array> given;
      for (const LatentLayout& site : layout) {
        if (!eligible) break;
        int pad = -particle_dim_ - 1 - (site.shape.rank() - site.scan_rank - site.event_rank);
        if (pad < 0) {
          eligible = false;
          break;
        }
        std::vector<const Array*> values;
        for (const auto& particle : draws) {
          auto it = particle.find(site.name);
          if (it == particle.end() || !(it->second.shape() == site.shape)) {
            eligible = false;
            break;
          }
          values.push_back(&it->second);
        }
        if (eligible) given[site.name] = stack_on_draw_dim(values, pad, site.scan_rank);
      }
      if (eligible) {
        Evaluation checked = evaluate_vectorized(key, &given);
        agreed = same_value(checked.loss, looped.loss);
      }
    }
  } catch (const Error&) {
    // A program whose shapes do not allow a particle dim runs particle by particle.
  }
  vectorization_.record(agreed);
  return looped;
}

std::vector<std::string> ElboObjective::initialize(RandomKey key) {
  tape_.clear();
  params_.reset();
  Traces t = run_particle(key);
  const std::optional<std::set<std::string>> checked = guide_.sites_checked_against_model();
  if (checked && checked->empty()) return {};
  std::vector<std::string> errors, warnings;
  for (const GuideFinding& f : check_model_guide(t.model, t.guide))
    if (!checked || checked->count(f.site))
      (f.error ? errors : warnings).push_back(located_message(program_, f));
  if (errors.empty()) return warnings;
  std::string message = "the guide does not fit the model:";
  for (const std::string& e : errors) message += "\n  " + e;
  throw Error(message);
}

}  // namespace ppl::infer
