#include "infer/elbo/elbo_report.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"

namespace ppl::infer {
namespace {

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / v.size();
}

double standard_error_of(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / (v.size() - 1) / v.size());
}

}  // namespace

ElboReport estimate_elbo(ElboObjective& objective, int particles, RandomKey key) {
  ElboReport r;
  r.particles = particles;
  Eigen::VectorXd sum, sum_squares;
  for (int i = 0; i < particles; ++i) {
    ElboObjective::Evaluation e = objective.evaluate(fold_in(key, static_cast<std::uint64_t>(i)));
    r.particle_elbos.push_back(-e.loss);
    if (i == 0) {
      sum = Eigen::VectorXd::Zero(e.gradient.size());
      sum_squares = sum;
    }
    sum += e.gradient;
    sum_squares += e.gradient.cwiseProduct(e.gradient);
    const ParticleTerms& t = e.particles.front();
    for (const auto& [name, v] : t.log_p) {
      r.sites[name].log_p += v / particles;
      r.sites[name].has_p = true;
    }
    for (const auto& [name, v] : t.log_q) {
      r.sites[name].log_q += v / particles;
      r.sites[name].has_q = true;
    }
    for (const auto& [name, v] : t.kl) {
      r.sites[name].kl += v / particles;
      r.sites[name].has_kl = true;
    }
  }
  r.elbo = mean_of(r.particle_elbos);
  r.standard_error = standard_error_of(r.particle_elbos);
  if (particles > 1 && sum.size() > 0) {
    Eigen::VectorXd mean = sum / particles;
    r.gradient_norm = mean.norm();
    r.gradient_variance =
        ((sum_squares / particles - mean.cwiseProduct(mean)) * particles / (particles - 1.0)).sum();
  }
  return r;
}

std::vector<std::string> param_free_guide_sites(ElboObjective& objective, RandomKey key) {
  ad::Tape& tape = objective.tape();
  tape.clear();
  objective.params().reset();
  ElboObjective::Traces t = objective.run_particle(key);
  std::vector<std::string> names;
  for (const handlers::TraceSite& site : t.guide.sites()) {
    if (!site.is_latent()) continue;
    // A param reaches the site through its density at the draw held fixed,
    // or through a reparameterized draw itself (Delta(m) has a density
    // flat in m at its own point, but its value is m).
    ad::Var lp = tape.constant(0.0);
    for (const handlers::SiteStep& step : site.steps)
      lp = lp + ad::sum(step.distribution->log_prob(tape.constant(step.value.value()))) +
           ad::sum(step.value);
    tape.backward(lp);
    bool depends = false;
    for (const auto& [name, vars] : objective.params().leaves())
      if (tape.adjoint(vars.first).values().abs().maxCoeff() > 0) depends = true;
    if (!depends) names.push_back(site.name);
  }
  return names;
}

std::string ElboComparison::to_string() const {
  switch (verdict) {
    case Verdict::EqualExactly:
      return fmt::format("equal: on common random numbers the two ELBOs agree on every particle "
                         "(largest difference {:.3g})", largest_particle_difference);
    case Verdict::EqualWithinError:
      return fmt::format("equal within Monte Carlo error: difference {:.6g} +- {:.3g} (standard "
                         "error of the paired differences)", difference, standard_error);
    case Verdict::Different:
      return fmt::format("different: difference {:.6g} +- {:.3g}, more than 4 standard errors",
                         difference, standard_error);
  }
  return "";
}

std::string ElboComparison::sites_to_string() const {
  if (differing_sites.empty()) return "";
  std::string names;
  for (const std::string& site : differing_sites) names += (names.empty() ? "" : ", ") + site;
  switch (verdict) {
    case Verdict::EqualExactly:
      return fmt::format("the two divide log p - log q differently among sites ({}); the sums "
                         "agree on every particle", names);
    case Verdict::EqualWithinError:
      return fmt::format("per-site means of log p - log q differ ({}), but their sums agree "
                         "within Monte Carlo error", names);
    case Verdict::Different:
      return fmt::format("sites whose mean log p - log q differ: {}", names);
  }
  return "";
}

ElboComparison compare_elbos(const ElboReport& first, const ElboReport& second) {
  ElboComparison c;
  std::vector<double> differences;
  double scale = 1;
  for (size_t i = 0; i < first.particle_elbos.size() && i < second.particle_elbos.size(); ++i) {
    differences.push_back(first.particle_elbos[i] - second.particle_elbos[i]);
    c.largest_particle_difference = std::max(c.largest_particle_difference, std::abs(differences.back()));
    scale = std::max(scale, std::abs(first.particle_elbos[i]));
  }
  c.difference = mean_of(differences);
  c.standard_error = standard_error_of(differences);
  if (c.largest_particle_difference <= 1e-9 * scale) c.verdict = ElboComparison::Verdict::EqualExactly;
  else if (std::abs(c.difference) <= 4 * c.standard_error) c.verdict = ElboComparison::Verdict::EqualWithinError;
  else c.verdict = ElboComparison::Verdict::Different;
  // Sites present on both sides whose mean log p - log q differ.
  for (const auto& [name, a] : first.sites) {
    auto it = second.sites.find(name);
    double va = a.log_p - a.log_q;
    double vb = it == second.sites.end() ? 0.0 : it->second.log_p - it->second.log_q;
    if (std::abs(va - vb) > 1e-9 * std::max(1.0, std::abs(va))) c.differing_sites.push_back(name);
  }
  for (const auto& [name, b] : second.sites)
    if (!first.sites.count(name) && std::abs(b.log_p - b.log_q) > 1e-12) c.differing_sites.push_back(name);
  return c;
}

std::vector<GuideFinding> model_guide_findings(ElboObjective& objective, RandomKey key) {
  ad::Tape& tape = objective.tape();
  tape.clear();
  objective.params().reset();
  ElboObjective::Traces traces = objective.run_particle(key);
  std::vector<GuideFinding> findings = check_model_guide(traces.model, traces.guide);
  // Read while this particle's tape holds the traces' values.
  std::vector<GuideFinding> auxiliary = auxiliary_jacobian_findings(traces.model, traces.guide);
  std::vector<std::string> param_free = param_free_guide_sites(objective, key);
  for (GuideFinding& f : guide_warnings(traces.guide, param_free)) findings.push_back(std::move(f));
  for (GuideFinding& f : auxiliary) findings.push_back(std::move(f));
  return findings;
}

}  // namespace ppl::infer
