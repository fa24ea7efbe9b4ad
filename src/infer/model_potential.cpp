#include "infer/model_potential.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ad/ops.h"
#include "core/error.h"
#include "core/random_key.h"
#include "handlers/log_joint.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "handlers/trace.h"
#include "runtime/interpreter.h"

namespace ppl::infer {
namespace {

// Gives sites that cannot be sampled (ImproperUniform) a value: uniform in
// (-2, 2) in unconstrained space, as NumPyro's initialization does.
class ImproperSiteValues : public handlers::Handler {
 public:
  explicit ImproperSiteValues(RandomKey key) : key_(key) {}
  void process(runtime::Message& msg) override {
    if (msg.kind != runtime::MessageKind::Sample || msg.value || msg.observed ||
        msg.distribution->name() != "ImproperUniform")
      return;
    dist::TransformPtr t = dist::biject_to(msg.distribution->support());
    Shape shape = t->inverse_shape(handlers::site_shape(msg));
    RandomStream stream(fold_in(key_, msg.name));
    Eigen::ArrayXd u(shape.numel());
    for (Eigen::Index i = 0; i < u.size(); ++i) u[i] = 4.0 * stream.uniform() - 2.0;
    msg.value = t->forward(msg.distribution->tape().constant(Array(shape, u)));
  }

 private:
  RandomKey key_;
};

// Runs the model under trace, seed and substitute(values).
handlers::Trace run_model(const ir::Program& program, const runtime::ModelData& data,
                          ad::Tape& tape, RandomKey key,
                          const std::map<std::string, ad::Var>& values) {
  handlers::HandlerStack stack;
  handlers::TraceHandler trace;
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  ImproperSiteValues improper(fold_in(key, "improper"));
  handlers::HandlerScope in_trace(stack, trace);
  handlers::HandlerScope in_seed(stack, seed);
  handlers::HandlerScope in_improper(stack, improper);
  handlers::HandlerScope in_substitute(stack, substitute);
  runtime::Interpreter interpreter(program, data, tape, stack, key);
  interpreter.run_model();
  return trace.trace();
}

// The log joint of one run under seed and substitute(values), summed as the
// sites pass (no trace).
ad::Var run_model_log_joint(const ir::Program& program, const runtime::ModelData& data,
                            ad::Tape& tape, RandomKey key,
                            const std::map<std::string, ad::Var>& values) {
  handlers::HandlerStack stack;
  handlers::LogJointHandler joint(tape);
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  handlers::HandlerScope in_joint(stack, joint);
  handlers::HandlerScope in_seed(stack, seed);
  handlers::HandlerScope in_substitute(stack, substitute);
  runtime::Interpreter interpreter(program, data, tape, stack, key);
  interpreter.run_model();
  return joint.total();
}

}  // namespace

ModelPotential::ModelPotential(const ir::Program& program, const runtime::ModelData& data,
                               RandomKey key)
    : program_(program), data_(data), key_(key) {
  handlers::Trace prior = run_model(program_, data_, tape_, key_, {});
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
      throw Error(fmt::format("site '{}' is a latent discrete variable ({}); HMC and NUTS need "
                              "continuous latent sites: observe it or marginalize it out",
                              site.name, support.to_string()));
    LatentSite latent;
    latent.name = site.name;
    latent.shape = site.value().shape();
    latent.event_rank = d.event_shape().rank();
    for (const runtime::PlateFrame& plate : site.steps.front().plates)
      if (plate.batch_size != plate.size) latent.subsampled_plate = plate.name;
    latent.transform = dist::biject_to(support.copy_to(*bounds_tape_));
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
  tape_.clear();
}

double ModelPotential::operator()(const Eigen::VectorXd& q, Eigen::VectorXd& gradient) {
  tape_.clear();
  ad::Var flat = tape_.leaf(Array(Shape{q.size()}, q.array()));
  std::map<std::string, ad::Var> values;
  ad::Var log_jacobian = tape_.constant(0.0);
  for (const LatentSite& site : sites_) {
    SliceRange range{site.offset, site.offset + site.size};
    ad::Var x = ad::reshape(ad::slice(flat, std::span<const SliceRange>(&range, 1)),
                            site.unconstrained_shape);
    ad::Var y = site.transform->forward(x);
    values[site.name] = y;
    log_jacobian = log_jacobian + ad::sum(site.transform->log_abs_det_jacobian(x, y));
  }
  double potential;
  try {
    ad::Var log_joint = run_model_log_joint(program_, data_, tape_, key_, values) + log_jacobian;
    ad::Var energy = -log_joint;
    potential = energy.item();
    if (!std::isfinite(potential)) {
      gradient.setZero(q.size());
      return std::numeric_limits<double>::infinity();
    }
    tape_.backward(energy);
    const Array& g = tape_.adjoint(flat);
    gradient = Eigen::Map<const Eigen::VectorXd>(g.data(), g.size());
  } catch (const dist::ArgumentError&) {
    // Parameters outside a distribution's domain: a point of zero density.
    gradient.setZero(q.size());
    return std::numeric_limits<double>::infinity();
  }
  return potential;
}

std::vector<std::vector<double>> ModelPotential::constrained_values(const Eigen::VectorXd& q) {
  tape_.clear();
  std::map<std::string, ad::Var> values;
  for (const LatentSite& site : sites_) {
    Array x(site.unconstrained_shape, q.segment(site.offset, site.size).array());
    values[site.name] = site.transform->forward(tape_.constant(x));
  }
  handlers::Trace trace = run_model(program_, data_, tape_, key_, values);
  std::vector<std::vector<double>> out;
  for (const OutputSite& o : outputs_) {
    const Array& v = trace.site(o.name).value().value();
    out.emplace_back(v.data(), v.data() + v.size());
  }
  return out;
}

Eigen::VectorXd ModelPotential::unconstrained_prior_draw(RandomKey key) {
  tape_.clear();
  handlers::Trace prior = run_model(program_, data_, tape_, key, {});
  Eigen::VectorXd q(dimension_);
  for (const LatentSite& site : sites_) {
    Array x = site.transform->inverse(prior.site(site.name).value().value());
    q.segment(site.offset, site.size) = Eigen::Map<const Eigen::VectorXd>(x.data(), x.size());
  }
  return q;
}

std::vector<std::string> ModelPotential::non_finite_sites(const Eigen::VectorXd& q) {
  tape_.clear();
  std::map<std::string, ad::Var> values;
  for (const LatentSite& site : sites_) {
    Array x(site.unconstrained_shape, q.segment(site.offset, site.size).array());
    values[site.name] = site.transform->forward(tape_.constant(x));
  }
  std::vector<std::string> names;
  try {
    handlers::Trace trace = run_model(program_, data_, tape_, key_, values);
    for (const auto& [name, term] : handlers::site_log_densities(trace, tape_))
      if (!std::isfinite(term.item())) names.push_back(name);
  } catch (const Error& error) {
    names.push_back(error.what());
  }
  return names;
}

std::optional<Array> ModelPotential::prior_mean(const std::string& name, RandomKey key) {
  tape_.clear();
  handlers::Trace prior = run_model(program_, data_, tape_, key, {});
  const handlers::TraceSite& site = prior.site(name);
  if (site.in_scan) return std::nullopt;
  std::optional<ad::Var> mean = site.steps.front().distribution->mean();
  if (!mean) return std::nullopt;
  Array value = site.value().value();
  // Broadcast the mean to the site's shape (plates widen the batch).
  return (tape_.constant(Array::zeros(value.shape())) + *mean).value();
}

}  // namespace ppl::infer
