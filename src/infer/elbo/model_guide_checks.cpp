#include "infer/elbo/model_guide_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ad/dependence.h"
#include "dist/delta.h"
#include "handlers/handler.h"

namespace ppl::infer {
namespace {

using dist::ConstraintKind;

double lowest(const std::optional<ad::Var>& bound, double otherwise) {
  return bound ? bound->value().values().minCoeff() : otherwise;
}
double highest(const std::optional<ad::Var>& bound, double otherwise) {
  return bound ? bound->value().values().maxCoeff() : otherwise;
}

// The interval [low, high] a scalar continuous support spans, or nullopt
// for supports that are not intervals of the real line.
std::optional<std::pair<double, double>> as_interval(const dist::Constraint& c) {
  const double inf = INFINITY;
  switch (c.kind) {
    case ConstraintKind::Real: return std::pair{-inf, inf};
    case ConstraintKind::Positive:
    case ConstraintKind::SoftplusPositive:
    case ConstraintKind::Nonnegative: return std::pair{0.0, inf};
    case ConstraintKind::UnitInterval: return std::pair{0.0, 1.0};
    case ConstraintKind::Interval: return std::pair{lowest(c.lower, -inf), highest(c.upper, inf)};
    case ConstraintKind::GreaterThan: return std::pair{lowest(c.lower, -inf), inf};
    case ConstraintKind::LessThan: return std::pair{-inf, highest(c.upper, inf)};
    default: return std::nullopt;
  }
}

}  // namespace

bool support_within(const dist::Constraint& inner, const dist::Constraint& outer) {
  if (inner.to_string() == outer.to_string()) return true;
  if (inner.is_discrete() != outer.is_discrete()) return false;
  if (outer.kind == ConstraintKind::RealVector && !inner.is_discrete()) return true;
  auto a = as_interval(inner), b = as_interval(outer);
  if (a && b) return a->first >= b->first && a->second <= b->second;
  if (inner.kind == ConstraintKind::IntegerInterval || inner.kind == ConstraintKind::Boolean) {
    double low = inner.kind == ConstraintKind::Boolean ? 0 : lowest(inner.lower, 0);
    if (outer.kind == ConstraintKind::NonnegativeInteger) return low >= 0;
    if (outer.kind == ConstraintKind::PositiveInteger) return low >= 1;
  }
  return false;
}

std::string located_message(const ir::Program& program, const GuideFinding& finding) {
  return fmt::format("{}: {}", ir::where(program, finding.location), finding.message);
}

std::string rendered_finding(const ir::Program& program, const GuideFinding& finding) {
  std::string out = fmt::format("{}{}: {}\n",
                                finding.location.known() ? ir::where(program, finding.location) + ": " : "",
                                finding.error ? "error" : "warning", finding.message);
  if (!finding.explanation.empty()) out += "  " + finding.explanation + "\n";
  return out;
}

std::vector<GuideFinding> check_model_guide(const handlers::Trace& model,
                                            const handlers::Trace& guide) {
  std::vector<GuideFinding> findings;
  for (const handlers::TraceSite& site : model.sites()) {
    if (!site.is_latent()) continue;
    const handlers::TraceSite* q = guide.find(site.name);
    if (!q || !q->is_latent()) {
      findings.push_back({true, site.name,
                          fmt::format("model site '{}' has no latent site in the guide; "
                                      "every latent site of the model needs one of the same name",
                                      site.name), "", site.location});
      continue;
    }
    for (const handlers::SiteStep& step : site.steps) {
      const handlers::SiteStep* q_step = q->in_scan ? q->step_at(step.scan_steps) : &q->steps.front();
      if (!q_step) {
        findings.push_back({true, site.name,
                            fmt::format("model site '{}' runs at scan steps the guide's does not",
                                        site.name), "", q->location});
        break;
      }
      const dist::Distribution& p = *step.distribution;
      const dist::Distribution& qd = *q_step->distribution;
      if (!dynamic_cast<const dist::Delta*>(&qd) && !support_within(qd.support(), p.support())) {
        // A bounded interval (a Uniform prior as a box) can hold a guide
        // whose tails rarely leave it; any other support (positive, unit
        // interval, simplex...) needs a guide distribution on that support.
        bool box = p.support().kind == ConstraintKind::Interval && !qd.support().is_discrete();
        findings.push_back(
            {!box, site.name,
             fmt::format("guide site '{}' draws from {} with support {}, but the model's '{}' is {} "
                         "with support {}: {}",
                         site.name, qd.name(), qd.support().to_string(), site.name, p.name(),
                         p.support().to_string(),
                         box ? "a draw outside the interval has log p = -inf and stops the fit"
                             : "the guide proposes values the model cannot have"),
             "", q->location});
        break;
      }
      runtime::Message expected;
      expected.name = site.name;
      expected.distribution = step.distribution;
      expected.plates = step.plates;
      Shape model_shape = handlers::site_shape(expected);
      const Shape& guide_shape = q_step->value.shape();
      if (!(model_shape == guide_shape)) {
        findings.push_back({true, site.name,
                            fmt::format("site '{}' has shape {} in the guide but {} in the model",
                                        site.name, guide_shape.to_string(),
                                        model_shape.to_string()), "", q->location});
        break;
      }
    }
  }
  // A guide site the model does not have is auxiliary: it enters log q
  // (NumPyro's Trace_ELBO sums over the guide's whole trace).
  for (const handlers::TraceSite& site : guide.sites()) {
    if (!site.is_latent()) continue;
    const handlers::TraceSite* p = model.find(site.name);
    if (p && p->observed)
      findings.push_back({true, site.name,
                          fmt::format("guide site '{}' is observed in the model; the guide must not "
                                      "sample observed sites", site.name), "", site.location});
  }
  return findings;
}

std::vector<GuideFinding> auxiliary_jacobian_findings(const handlers::Trace& model,
                                                     const handlers::Trace& guide) {
  std::vector<ad::Var> auxiliary_values;
  std::vector<std::string> auxiliary;
  for (const handlers::TraceSite& site : guide.sites())
    if (site.is_latent() && !model.find(site.name)) {
      auxiliary.push_back(site.name);
      auxiliary_values.push_back(site.value());
    }
  if (auxiliary.empty()) return {};
  std::vector<std::string> mapped;
  SourceLocation first;
  bool log_density_given = false;
  for (const handlers::TraceSite& site : guide.sites()) {
    const handlers::TraceSite* p = model.find(site.name);
    if (!site.is_latent() || !p || !p->is_latent()) continue;
    const auto* delta = dynamic_cast<const dist::Delta*>(site.steps.front().distribution.get());
    if (!delta || !ad::depends_on(delta->v(), auxiliary_values)) continue;
    if (mapped.empty()) first = site.location;
    mapped.push_back(site.name);
    // A log_density left out is the constant 0; one written is an
    // expression (it may be constant in u: a linear map's Jacobian).
    const ad::Var& log_density = delta->log_density();
    if (!ad::is_recorded_constant(log_density) || log_density.value().values().abs().maxCoeff() > 0)
      log_density_given = true;
  }
  if (mapped.empty() || log_density_given) return {};
  auto quoted = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const std::string& n : names) out.push_back("'" + n + "'");
    return fmt::format("{}", fmt::join(out, ", "));
  };
  return {{false, mapped.front(),
           fmt::format("the guide draws {} as a Delta of the auxiliary site{} {} with no "
                       "log_density: the objective is not an ELBO",
                       quoted(mapped), auxiliary.size() == 1 ? "" : "s", quoted(auxiliary)),
           fmt::format(
               "log q sums the density of every guide site, so it counts q({0}) but not the "
               "density of {1}. A value computed from the auxiliary sites has density q({0}) / "
               "|det J|, J the Jacobian of the map from {0} to {1}, and the term -log |det J| "
               "is missing: the estimate is the ELBO plus E[log |det J|], which can exceed the "
               "log evidence and rewards maps that stretch. Supply it as the Delta's "
               "log_density (x ~ Delta(f(u1, u2), log_density=-log|det J|), on one of the "
               "sites), or draw {1} from a normalized distribution instead: "
               "TransformedDistribution(base, [bijections]) of the auxiliary distribution. (A map "
               "that preserves volume, |det J| = 1, needs no term: this warning then does not "
               "apply.)",
               fmt::join(auxiliary, ", "), fmt::join(mapped, ", ")),
           first}};
}

std::vector<GuideFinding> guide_warnings(const handlers::Trace& guide,
                                         const std::vector<std::string>& param_free) {
  std::vector<GuideFinding> findings;
  for (const handlers::TraceSite& site : guide.sites()) {
    if (site.kind != runtime::MessageKind::Factor) continue;
    findings.push_back(
        {false, site.name,
         fmt::format("the guide has a factor '{}'", site.name),
         "A factor in a guide adds its value to log q, so it enters the ELBO as a term "
         "-E_q[factor]; it does not change the distribution the guide samples from. The guide's "
         "draws still come from its sample statements alone, so params that appear only in the "
         "factor shape the ELBO but not the approximate posterior, and the ELBO is no longer a "
         "bound computed with the guide's real density. To shape q, put the params into the "
         "distributions of the guide's sample statements instead (e.g. x ~ Normal(0, sig1_q)).",
         site.location});
  }
  for (const std::string& name : param_free) {
    findings.push_back(
        {false, name,
         fmt::format("guide site '{}' draws from a distribution that depends on no param", name),
         "Its distribution is fixed: no optimization step can move it toward the posterior, so "
         "the ELBO measures how far this fixed distribution is from the posterior rather than "
         "a fitted approximation. Give its distribution learnable params (param loc = 0.0, "
         "param scale: positive = 1.0, then ~ Normal(loc, scale)) unless it is meant to be "
         "fixed.",
         guide.find(name) ? guide.find(name)->location : SourceLocation{}});
  }
  return findings;
}

}  // namespace ppl::infer
