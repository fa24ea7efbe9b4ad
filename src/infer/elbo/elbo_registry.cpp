#include <fmt/format.h>

#include <cctype>
#include <stdexcept>

#include "core/error.h"
#include "infer/elbo/elbo_estimator.h"

namespace ppl::infer {

// Each estimator's file defines its maker.
std::unique_ptr<ElboEstimator> make_trace_elbo(std::optional<double>);
std::unique_ptr<ElboEstimator> make_meanfield_elbo(std::optional<double>);
std::unique_ptr<ElboEstimator> make_tracegraph_elbo(std::optional<double>);
std::unique_ptr<ElboEstimator> make_renyi_elbo(std::optional<double> alpha);

const std::vector<ElboEntry>& elbo_estimators() {
  static const std::vector<ElboEntry> list = {
      {"trace", "", "Trace_ELBO: E_q[log p - log q], score-function terms where not reparameterized",
       &make_trace_elbo},
      {"meanfield", "", "TraceMeanField_ELBO: as trace, with -KL(q || p) where it has a closed form",
       &make_meanfield_elbo},
      {"tracegraph", "", "TraceGraph_ELBO: score-function terms weighted by downstream costs only",
       &make_tracegraph_elbo},
      {"renyi", "ALPHA", "RenyiELBO(alpha): 1/(1-alpha) log mean exp((1-alpha) w) over particles",
       &make_renyi_elbo},
  };
  return list;
}

std::string elbo_names() {
  std::string text;
  const auto& list = elbo_estimators();
  for (size_t i = 0; i < list.size(); ++i) {
    text += i == 0 ? "" : i + 1 == list.size() ? " or " : ", ";
    text += list[i].argument.empty() ? list[i].name : list[i].name + ":" + list[i].argument;
  }
  return text;
}

std::unique_ptr<ElboEstimator> make_elbo_estimator(std::string_view spec) {
  const size_t colon = spec.find(':');
  const std::string name(spec.substr(0, colon));
  for (const ElboEntry& entry : elbo_estimators()) {
    if (entry.name != name) continue;
    if (entry.argument.empty()) {
      if (colon != std::string_view::npos)
        throw Error(fmt::format("--elbo {}: {} takes no argument", spec, name));
      return entry.make(std::nullopt);
    }
    if (colon == std::string_view::npos) return entry.make(std::nullopt);
    const std::string text(spec.substr(colon + 1));
    try {
      size_t used = 0;
      const double value = std::stod(text, &used);
      if (used != text.size()) throw std::invalid_argument(text);
      return entry.make(value);
    } catch (const std::logic_error&) {
      std::string argument = entry.argument;
      for (char& c : argument) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      throw Error(fmt::format("--elbo {}: {} must be a number", spec, argument));
    }
  }
  throw Error(fmt::format("--elbo '{}': expected {}", spec, elbo_names()));
}

}  // namespace ppl::infer
