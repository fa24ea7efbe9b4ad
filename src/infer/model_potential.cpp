#include "infer/model_potential.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ad/ops.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "core/random_key.h"
#include "handlers/log_joint.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/trace.h"
#include "handlers/unconstrain.h"
#include "runtime/interpreter.h"
#include "infer/model_runs.h"
#include "runtime/run_program.h"

namespace ppl::infer {
namespace {

// The unconstrained value of a traced site, through the support each of
// its steps has (stacked along time for scan sites).
Array unconstrained_value(const handlers::TraceSite& site) {
  std::vector<Array> steps;
  for (const handlers::SiteStep& step : site.steps)
    steps.push_back(dist::biject_to(step.distribution->support())->inverse(step.value.value()));
  if (!site.in_scan) return steps.front();
  ad::Tape scratch;
  std::vector<ad::Var> values;
  for (const Array& a : steps) values.push_back(scratch.constant(a));
  return ad::stack(std::span<const ad::Var>(values.data(), values.size()), 0).value();
}

// The energy's value, and its gradient with respect to `flat` (zero where
// the energy is not finite, which counts as +inf).
double energy_and_gradient(ad::Tape& tape, ad::Var energy, ad::Var flat,
                           Eigen::VectorXd& gradient) {
  const double potential = energy.item();
  if (!std::isfinite(potential)) {
    gradient.setZero(flat.value().size());
    return std::numeric_limits<double>::infinity();
  }
  tape.backward(energy);
  const Array& g = tape.adjoint(flat);
  gradient = Eigen::Map<const Eigen::VectorXd>(g.data(), g.size());
  return potential;
}

// For an observed site: its first value outside its distribution's
// support where the mask lets it count, named with its element ("2 at
// element [3] is outside Bernoulli's support boolean"); empty if none.
std::string observed_outside_support(const handlers::TraceSite& site) {
  for (const handlers::SiteStep& step : site.steps) {
    const Array& value = step.value.value();
    const dist::Constraint support = step.distribution->support();
    Array ok = support.check(value);
    if (ok.size() != value.size()) continue;  // an event constraint: no single element to name
    for (Eigen::Index i = 0; i < value.size(); ++i) {
      if (ok.values()[i] != 0) continue;
      if (step.mask) {
        Array mask = broadcast_to(step.mask->value(), broadcast_shapes(step.mask->shape(), value.shape()));
        if (mask.size() == value.size() && mask.values()[i] == 0) continue;
      }
      std::vector<int64_t> index(value.shape().rank());
      int64_t rest = i;
      for (int d = value.shape().rank() - 1; d >= 0; --d) {
        index[d] = rest % value.shape()[d];
        rest /= value.shape()[d];
      }
      std::string steps = step.scan_steps.empty() ? "" : fmt::format(" at scan step {}", fmt::join(step.scan_steps, ", "));
      if (std::isnan(value.values()[i]))
        return fmt::format("NaN at element [{}]{}: an observation must be a number (mask the "
                           "missing ones out)",
                           fmt::join(index, ", "), steps);
      return fmt::format("{} at element [{}]{} is outside {}'s support {}", value.values()[i],
                         fmt::join(index, ", "), steps, step.distribution->name(), support.to_string());
    }
  }
  return "";
}

}  // namespace

ModelPotential::ModelPotential(const ir::Program& program, const runtime::ModelData& data,
                               RandomKey key, std::string only_plate)
    : program_(program), data_(data), key_(key), only_plate_(std::move(only_plate)),
      layout_(program, data, key) {
  // Scans in one pass need every latent value before the run.
  if (!program_.model || !runtime::has_scan(program_.model->body) || layout_.any_moving_support())
    parallel_scans_.rule_out();
}

double ModelPotential::operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  if (!parallel_scans_.undecided()) return replay_or_evaluate(q, gradient);
  const double step_by_step = evaluate(q, gradient, false);
  // Decided at the first point where the density and its gradient are finite.
  if (!std::isfinite(step_by_step) || !gradient.allFinite()) return step_by_step;
  Eigen::VectorXd parallel_gradient;
  double parallel = std::numeric_limits<double>::quiet_NaN();
  try {
    parallel = evaluate(q, parallel_gradient, true);
  } catch (const Error&) {
    // The body does not run with a leading time dim.
  }
  parallel_scans_.record(scans_run_in_parallel_ > 0 && same_value(parallel, step_by_step) &&
                         same_gradient(parallel_gradient, gradient));
  return step_by_step;
}

double ModelPotential::replay_or_evaluate(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  const bool parallel = parallel_scans_.on();
  switch (replay_) {
    case ReplayState::Active:
      return replayed(q, gradient);
    case ReplayState::Off:
      return evaluate(q, gradient, parallel);
    case ReplayState::Unrecorded: {
      // Record at the first point of finite density, on a tape of its own.
      const double potential =
          evaluate(replay_tape_, q, gradient, parallel, replay_flat_, replay_energy_);
      if (std::isfinite(potential) && gradient.allFinite()) {
        replay_ = replay_tape_.replayable() ? ReplayState::Verifying : ReplayState::Off;
        if (replay_ == ReplayState::Verifying)
          compiled_tape_ = ad::CompiledTape::compile(replay_tape_, replay_flat_, replay_energy_);
      }
      return potential;
    }
    case ReplayState::Verifying: {
      // The replay must give the interpreter's potential and gradient at new points.
      const double potential = evaluate(q, gradient, parallel);
      // Only points with a finite potential and gradient tell.
      if (!std::isfinite(potential) || !gradient.allFinite()) return potential;
      Eigen::VectorXd replayed_gradient;
      const double replay = replayed(q, replayed_gradient);
      replay_checks_.record(same_value(replay, potential) && same_gradient(replayed_gradient, gradient));
      if (replay_checks_.off()) replay_ = ReplayState::Off;
      if (replay_checks_.on()) replay_ = ReplayState::Active;
      return potential;
    }
  }
  return evaluate(q, gradient, parallel);
}

double ModelPotential::replayed(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  if (compiled_tape_) {
    double potential;
    if (!compiled_tape_->run(q, potential, gradient) || !std::isfinite(potential)) {
      gradient.setZero(q.size());  // as below: outside a domain, or zero density
      return std::numeric_limits<double>::infinity();
    }
    return potential;
  }
  replay_tape_.leaf_values(replay_flat_) = q.array();
  try {
    replay_tape_.replay(replay_energy_);
  } catch (const Error&) {
    replay_tape_.report_failed_check();  // e.g. the Cholesky factor of a matrix that is not PD
  }
  if (replay_tape_.check_failed()) {
    // An argument outside its distribution's domain: zero density, as the
    // interpreter's ArgumentError gives.
    gradient.setZero(q.size());
    return std::numeric_limits<double>::infinity();
  }
  return energy_and_gradient(replay_tape_, replay_energy_, replay_flat_, gradient);
}

double ModelPotential::evaluate(const Eigen::VectorXd& q, Eigen::VectorXd& gradient,
                                bool parallel_scans) {
  ad::Var flat, energy;
  return evaluate(tape_, q, gradient, parallel_scans, flat, energy);
}

double ModelPotential::evaluate(ad::Tape& tape, const Eigen::VectorXd& q,
                                Eigen::VectorXd& gradient, bool parallel_scans, ad::Var& flat,
                                ad::Var& energy) {
  tape.clear();
  scans_run_in_parallel_ = 0;
  flat = tape.leaf(Array(Shape{q.size()}, q.array()));
  double potential;
  try {
    LatentLayout::PointValues point = layout_.point_values(tape, flat);
    ad::Var log_joint = run_model_log_joint(program_, data_, tape, key_, point.constrained,
                                            point.moving, parallel_scans, scans_run_in_parallel_,
                                            only_plate_);
    if (only_plate_.empty()) log_joint = log_joint + point.log_jacobian;
    energy = -log_joint;
    potential = energy_and_gradient(tape, energy, flat, gradient);
  } catch (const runtime::DomainError&) {
    // Parameters outside a distribution's domain: a point of zero density.
    gradient.setZero(q.size());
    return std::numeric_limits<double>::infinity();
  }
  return potential;
}

std::vector<std::vector<double>> ModelPotential::constrained_values(const Eigen::VectorXd& q) {
  if (values_checks_.on())
    if (auto replayed = replayed_values(q)) return *std::move(replayed);
  std::vector<std::vector<double>> values = interpreted_values(q);
  if (values_checks_.undecided()) {
    if (values_outputs_.empty()) {
      record_values(q);
    } else {
      const auto replayed = replayed_values(q);
      bool same = replayed.has_value();
      for (size_t k = 0; same && k < values.size(); ++k)
        for (size_t i = 0; same && i < values[k].size(); ++i)
          same = same_value((*replayed)[k][i], values[k][i]);
      values_checks_.record(same);
    }
  }
  return values;
}

std::vector<std::vector<double>> ModelPotential::interpreted_values(const Eigen::VectorXd& q) {
  tape_.clear();
  LatentLayout::PointValues point =
      layout_.point_values(tape_, tape_.constant(Array(Shape{q.size()}, q.array())));
  handlers::Trace trace =
      traced_model_run(program_, data_, tape_, key_, point.constrained, point.moving);
  std::vector<std::vector<double>> out;
  for (const OutputSite& o : layout_.output_sites()) {
    const Array& v = trace.site(o.name).value().value();
    out.emplace_back(v.data(), v.data() + v.size());
  }
  return out;
}

void ModelPotential::record_values(const Eigen::VectorXd& q) {
  values_tape_.clear();
  values_flat_ = values_tape_.leaf(Array(Shape{q.size()}, q.array()));
  try {
    LatentLayout::PointValues point = layout_.point_values(values_tape_, values_flat_);
    handlers::Trace trace =
        traced_model_run(program_, data_, values_tape_, key_, point.constrained, point.moving);
    for (const OutputSite& o : layout_.output_sites())
      values_outputs_.push_back(trace.site(o.name).value());
  } catch (const Error&) {
    values_checks_.rule_out();
    return;
  }
  if (values_outputs_.empty() || !values_tape_.replayable()) values_checks_.rule_out();
}

std::optional<std::vector<std::vector<double>>> ModelPotential::replayed_values(
    const Eigen::VectorXd& q) {
  values_tape_.leaf_values(values_flat_) = q.array();
  try {
    values_tape_.replay();
  } catch (const Error&) {
    return std::nullopt;
  }
  if (values_tape_.check_failed()) return std::nullopt;
  std::vector<std::vector<double>> out;
  for (const ad::Var& v : values_outputs_) {
    const Array& value = v.value();
    out.emplace_back(value.data(), value.data() + value.size());
  }
  return out;
}

Eigen::VectorXd ModelPotential::unconstrained_prior_draw(RandomKey key) {
  tape_.clear();
  handlers::Trace prior = traced_model_run(program_, data_, tape_, key, {});
  Eigen::VectorXd q(layout_.dimension());
  for (const LatentSite& site : layout_.sites()) {
    const handlers::TraceSite& traced = prior.site(site.name);
    Array x = site.moving_support ? unconstrained_value(traced)
                                  : site.transform->inverse(traced.value().value());
    q.segment(site.offset, site.size) = Eigen::Map<const Eigen::VectorXd>(x.data(), x.size());
  }
  return q;
}

Eigen::VectorXd ModelPotential::with_constrained_values(const Eigen::VectorXd& q,
                                                        const std::map<std::string, Array>& values) {
  tape_.clear();
  LatentLayout::PointValues point = layout_.point_values(tape_, tape_.constant(Array(Shape{q.size()}, q.array())));
  for (const auto& [name, value] : values) {
    point.constrained[name] = tape_.constant(value);
    point.moving.erase(name);
  }
  handlers::Trace trace = traced_model_run(program_, data_, tape_, key_, point.constrained, point.moving);
  Eigen::VectorXd out = q;
  for (const LatentSite& site : layout_.sites()) {
    if (!values.count(site.name)) continue;
    const handlers::TraceSite& traced = trace.site(site.name);
    Array x = site.moving_support ? unconstrained_value(traced)
                                  : site.transform->inverse(traced.value().value());
    if (x.size() != site.size || !x.values().allFinite())
      throw Error(fmt::format("value of '{}' is outside the site's support", site.name));
    out.segment(site.offset, site.size) = x.values().matrix();
  }
  return out;
}

std::vector<std::string> ModelPotential::non_finite_sites(const Eigen::VectorXd& q) {
  tape_.clear();
  std::vector<std::string> names;
  try {
    LatentLayout::PointValues point = layout_.point_values(tape_, tape_.constant(Array(Shape{q.size()}, q.array())));
    handlers::Trace trace = traced_model_run(program_, data_, tape_, key_, point.constrained, point.moving);
    for (const auto& [name, term] : handlers::site_log_densities(trace, tape_)) {
      if (std::isfinite(term.item())) continue;
      const handlers::TraceSite& site = trace.site(name);
      std::string outside = site.observed ? observed_outside_support(site) : "";
      names.push_back(outside.empty() ? name : fmt::format("{} ({})", name, outside));
    }
  } catch (const Error& error) {
    // One entry of a list, "FILE:LINE:COL: message".
    names.push_back(error.place() ? error.place()->to_string() + ": " + error.message()
                                  : error.message());
  }
  return names;
}

std::optional<Array> ModelPotential::prior_mean(const std::string& name, RandomKey key) {
  tape_.clear();
  handlers::Trace prior = traced_model_run(program_, data_, tape_, key, {});
  const handlers::TraceSite& site = prior.site(name);
  if (site.in_scan) return std::nullopt;
  std::optional<ad::Var> mean = site.steps.front().distribution->mean();
  if (!mean) return std::nullopt;
  Array value = site.value().value();
  // Broadcast the mean to the site's shape (plates widen the batch).
  return (tape_.constant(Array::zeros(value.shape())) + *mean).value();
}

}  // namespace ppl::infer
