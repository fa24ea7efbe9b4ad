#include "handlers/trace.h"

#include <fmt/format.h>

#include <algorithm>

#include "ad/ops.h"
#include "core/error.h"
#include "dist/masked_values.h"

namespace ppl::handlers {

ad::Var TraceSite::value() const {
  if (!in_scan) return steps.front().value;
  std::vector<ad::Var> values;
  for (const SiteStep& step : steps) values.push_back(step.value);
  ad::Var stacked = ad::stack(std::span<const ad::Var>(values.data(), values.size()), 0);
  const size_t depth = steps.front().scan_steps.size();
  if (depth == 1) return stacked;
  // Nested scans: one leading dim per scan, outermost first, as the
  // substitute handler indexes them. The steps must fill a rectangle.
  Shape shape;
  int64_t count = 1;
  for (size_t level = 0; level < depth; ++level) {
    int64_t extent = 0;
    for (const SiteStep& step : steps) {
      if (step.scan_steps.size() != depth)
        throw Error(fmt::format("site '{}' lies in scans of different depths", name));
      extent = std::max(extent, step.scan_steps[level] + 1);
    }
    shape.push_back(extent);
    count *= extent;
  }
  if (count != static_cast<int64_t>(steps.size()))
    throw Error(fmt::format("site '{}': its nested scans run {} steps, not the {} of a full grid {}",
                            name, steps.size(), count, shape.to_string()));
  for (size_t i = 0; i < steps.size(); ++i) {
    int64_t flat = 0;
    for (size_t level = 0; level < depth; ++level) flat = flat * shape[level] + steps[i].scan_steps[level];
    if (flat != static_cast<int64_t>(i))
      throw Error(fmt::format("site '{}': nested scan steps out of order", name));
  }
  for (int64_t d : values.front().shape()) shape.push_back(d);
  return ad::reshape(stacked, shape);
}

const SiteStep* TraceSite::step_at(const std::vector<int64_t>& scan_steps) const {
  // Steps are recorded in order: in a scan that is not nested, step t is the
  // t-th recorded, so try there before searching.
  if (!scan_steps.empty()) {
    int64_t guess = scan_steps.back();
    if (guess >= 0 && guess < static_cast<int64_t>(steps.size()) &&
        steps[guess].scan_steps == scan_steps)
      return &steps[guess];
  }
  for (const SiteStep& step : steps)
    if (step.scan_steps == scan_steps) return &step;
  return nullptr;
}

void Trace::append(const Trace& other) {
  for (const TraceSite& site : other.sites()) {
    if (index_.count(site.name))
      throw Error(fmt::format("site '{}' is drawn twice in one trace", site.name));
    index_[site.name] = sites_.size();
    sites_.push_back(site);
  }
}

void Trace::add(const Message& msg) {
  SiteStep step{msg.distribution, *msg.value, msg.mask, msg.scale, msg.plates, msg.scan_steps};
  auto it = index_.find(msg.name);
  if (it != index_.end()) {
    TraceSite& site = sites_[it->second];
    // Scan steps arrive in increasing order, so a repeat can only match the last.
    if (!site.in_scan || msg.scan_steps.empty() || site.steps.back().scan_steps == msg.scan_steps)
      throw Error(fmt::format("site '{}' is recorded twice in one run", msg.name));
    site.steps.push_back(std::move(step));
    return;
  }
  TraceSite site;
  site.kind = msg.kind;
  site.name = msg.name;
  site.location = msg.location;
  site.observed = msg.observed;
  site.in_scan = !msg.scan_steps.empty();
  site.constraint = msg.constraint;
  site.steps.push_back(std::move(step));
  index_[msg.name] = sites_.size();
  sites_.push_back(std::move(site));
}

const TraceSite* Trace::find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &sites_[it->second];
}

const TraceSite& Trace::site(const std::string& name) const {
  const TraceSite* site = find(name);
  if (!site) throw Error(fmt::format("the trace has no site '{}'", name));
  return *site;
}

ad::Var term_log_density(runtime::MessageKind kind, const dist::Distribution* distribution,
                         ad::Var value, const std::optional<ad::Var>& mask, double scale) {
  // Unmasked sample sites take the distribution's fused sum: one tape node
  // instead of a log-prob array and its sum.
  if (kind == runtime::MessageKind::Sample && !mask) {
    ad::Var total = distribution->log_prob_sum(value);
    return scale == 1.0 ? total : total * scale;
  }
  ad::Var lp = value;  // a factor's value is its log density
  if (kind != runtime::MessageKind::Factor)
    lp = distribution->log_prob(
        mask ? dist::with_masked_out_entries_valid(value, *mask, *distribution) : value);
  if (mask) {
    ad::Tape& tape = lp.tape();
    lp = ad::where(*mask, lp, tape.constant(0.0));
  }
  ad::Var total = ad::sum(lp);
  return scale == 1.0 ? total : total * scale;
}

static ad::Var step_log_density(const SiteStep& step, runtime::MessageKind kind) {
  return term_log_density(kind, step.distribution.get(), step.value, step.mask, step.scale);
}

std::map<std::string, ad::Var> site_log_densities(const Trace& trace, ad::Tape& tape) {
  std::map<std::string, ad::Var> terms;
  for (const TraceSite& site : trace.sites()) {
    if (site.kind != runtime::MessageKind::Sample && site.kind != runtime::MessageKind::Factor)
      continue;
    ad::Var total = tape.constant(0.0);
    for (const SiteStep& step : site.steps) total = total + step_log_density(step, site.kind);
    terms[site.name] = total;
  }
  return terms;
}

ad::Var log_density(const Trace& trace, ad::Tape& tape) {
  ad::Var total = tape.constant(0.0);
  for (const auto& [name, term] : site_log_densities(trace, tape)) total = total + term;
  return total;
}

}  // namespace ppl::handlers
