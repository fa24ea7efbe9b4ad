#include "infer/init_strategy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "core/error.h"
#include "io/fit_json.h"
#include "runtime/interpreter.h"

namespace ppl::infer {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

Eigen::VectorXd candidate(ModelPotential& potential, const InitStrategy& strategy, RandomKey key) {
  const Eigen::Index d = potential.dimension();
  RandomStream stream(fold_in(key, "uniform"));
  Eigen::VectorXd uniform(d);
  for (Eigen::Index i = 0; i < d; ++i)
    uniform[i] = strategy.radius * (2.0 * stream.uniform() - 1.0);
  switch (strategy.kind) {
    case InitStrategy::Kind::Uniform:
      return uniform;
    case InitStrategy::Kind::Feasible:
      return Eigen::VectorXd::Zero(d);
    case InitStrategy::Kind::Sample:
      return potential.unconstrained_prior_draw(fold_in(key, "sample"));
    case InitStrategy::Kind::Median:
    case InitStrategy::Kind::Mean: {
      // Medians commute with the elementwise bijections, so the median of
      // unconstrained draws is the bijection of the constrained median.
      const int draws = 15;
      std::vector<Eigen::VectorXd> samples;
      for (int k = 0; k < draws; ++k)
        samples.push_back(potential.unconstrained_prior_draw(fold_in(key, k)));
      Eigen::VectorXd q(d);
      for (Eigen::Index i = 0; i < d; ++i) {
        std::vector<double> column;
        for (const auto& s : samples) column.push_back(s[i]);
        q[i] = median(column);
      }
      if (strategy.kind == InitStrategy::Kind::Mean) {
        for (const LatentSite& site : potential.layout().sites()) {
          if (site.moving_support) continue;  // its bijection depends on the other sites
          std::optional<Array> mean = potential.prior_mean(site.name, fold_in(key, "mean"));
          if (!mean) continue;
          Array u = site.transform->inverse(*mean);
          if (u.size() == site.size && u.values().allFinite())
            q.segment(site.offset, site.size) = u.values().matrix();
        }
      }
      return q;
    }
    case InitStrategy::Kind::Value: {
      for (const LatentSite& site : potential.layout().sites()) {
        auto it = strategy.values.find(site.name);
        if (it != strategy.values.end() && !(it->second.shape() == site.shape))
          throw Error(fmt::format("init value of '{}' has shape {}, the site has shape {}",
                                  site.name, it->second.shape().to_string(), site.shape.to_string()));
      }
      try {
        return potential.with_constrained_values(uniform, strategy.values);
      } catch (const runtime::DomainError&) {
        throw;
      } catch (const Error& error) {
        throw error.with_message(fmt::format("init {}", error.message()));
      }
    }
  }
  return uniform;
}

}  // namespace

std::string InitStrategy::to_string() const {
  switch (kind) {
    case Kind::Uniform: return fmt::format("init_to_uniform(radius={})", radius);
    case Kind::Median: return "init_to_median";
    case Kind::Mean: return "init_to_mean";
    case Kind::Sample: return "init_to_sample";
    case Kind::Feasible: return "init_to_feasible";
    case Kind::Value: return "init_to_value";
  }
  return "";
}

InitStrategy parse_init_strategy(const std::string& spec) {
  InitStrategy s;
  std::string name = spec, argument;
  if (auto colon = spec.find(':'); colon != std::string::npos) {
    name = spec.substr(0, colon);
    argument = spec.substr(colon + 1);
  }
  if (name.rfind("init_to_", 0) == 0) name = name.substr(8);
  if (name == "uniform") {
    s.kind = InitStrategy::Kind::Uniform;
    if (!argument.empty()) {
      try {
        s.radius = std::stod(argument);
      } catch (const std::exception&) {
        throw Error(fmt::format("--init {}: the radius '{}' is not a number", spec, argument));
      }
      if (!(s.radius > 0)) throw Error(fmt::format("--init {}: the radius must be positive", spec));
    }
  } else if (name == "median") {
    s.kind = InitStrategy::Kind::Median;
  } else if (name == "mean") {
    s.kind = InitStrategy::Kind::Mean;
  } else if (name == "sample") {
    s.kind = InitStrategy::Kind::Sample;
  } else if (name == "feasible") {
    s.kind = InitStrategy::Kind::Feasible;
  } else if (name == "value") {
    s.kind = InitStrategy::Kind::Value;
    s.values = io::read_site_values_file(argument);
  } else {
    throw Error(fmt::format("--init '{}': expected uniform[:RADIUS], median, mean, sample, "
                            "feasible or value:FILE.json", spec));
  }
  return s;
}

Eigen::VectorXd initial_point(ModelPotential& potential, const InitStrategy& strategy,
                              RandomKey key) {
  for (const auto& [name, value] : strategy.values) {
    bool known = std::any_of(potential.layout().sites().begin(), potential.layout().sites().end(),
                             [&](const LatentSite& s) { return s.name == name; });
    if (!known) throw Error(fmt::format("init value for '{}', which is not a latent site of the model", name));
  }
  Eigen::VectorXd q, gradient;
  for (int attempt = 0; attempt < 100; ++attempt) {
    try {
      q = candidate(potential, strategy, fold_in(key, attempt));
    } catch (const runtime::DomainError&) {
      continue;  // a prior draw outside an argument's domain: zero density, draw again
    }
    if (std::isfinite(potential(q, gradient)) && gradient.allFinite()) return q;
  }
  std::string sites;
  for (const std::string& s : potential.non_finite_sites(q)) sites += (sites.empty() ? "" : ", ") + s;
  throw Error(fmt::format("no initial point with a finite log density after 100 tries of {}; "
                          "the log density is not finite at: {}",
                          strategy.to_string(), sites.empty() ? "(its gradient is not finite)" : sites));
}

}  // namespace ppl::infer
