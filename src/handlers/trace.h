#pragma once
// trace: records every site that reaches it, in order. A site inside a scan
// is one site with one step per iteration; its value is the steps' values
// stacked along a new leading dim.
//   TraceHandler trace; { HandlerScope t(stack, trace); run(); } trace.trace().site("mu")
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "handlers/handler.h"

namespace ppl::handlers {

struct SiteStep {
  dist::DistributionPtr distribution;
  ad::Var value;
  std::optional<ad::Var> mask;
  double scale = 1.0;
  std::vector<runtime::PlateFrame> plates;
  std::vector<int64_t> scan_steps;
};

struct TraceSite {
  runtime::MessageKind kind = runtime::MessageKind::Sample;
  std::string name;
  SourceLocation location;
  bool observed = false;
  bool in_scan = false;
  std::optional<dist::Constraint> constraint;  // params
  std::vector<SiteStep> steps;                 // one outside scans

  // A sample site the program does not observe.
  bool is_latent() const { return kind == runtime::MessageKind::Sample && !observed; }
  // The value; for a scan site the steps stacked along a new leading dim.
  ad::Var value() const;
  // The step recorded at these scan steps, or null.
  const SiteStep* step_at(const std::vector<int64_t>& scan_steps) const;
};

class Trace {
 public:
  // Adds a message as a new site or, inside a scan, as the next step of one.
  void add(const Message& msg);
  // Every site of `other` after this trace's; ppl::Error when a name is in both.
  void append(const Trace& other);
  const TraceSite* find(const std::string& name) const;
  const TraceSite& site(const std::string& name) const;  // throws when absent
  const std::vector<TraceSite>& sites() const { return sites_; }

 private:
  std::vector<TraceSite> sites_;
  std::map<std::string, size_t> index_;
};

class TraceHandler : public Handler {
 public:
  void postprocess(Message& msg) override { trace_.add(msg); }
  const Trace& trace() const { return trace_; }
  // The trace, moved out: the handler is done.
  Trace take() { return std::move(trace_); }

 private:
  Trace trace_;
};

// One site's (or scan step's) term: log_prob(value) summed, masked and
// scaled; a factor's value is its own term.
ad::Var term_log_density(runtime::MessageKind kind, const dist::Distribution* distribution,
                         ad::Var value, const std::optional<ad::Var>& mask, double scale);

// Sum over the trace's sample and factor sites of log_prob(value), masked
// and scaled; the log joint of a model trace, or log q of a guide trace.
ad::Var log_density(const Trace& trace, ad::Tape& tape);
// Each sample or factor site's term of log_density.
std::map<std::string, ad::Var> site_log_densities(const Trace& trace, ad::Tape& tape);

}  // namespace ppl::handlers
