// The entries of the discrete distributions that are not elementwise
// (elementwise.h): those given by probs or logits.
#include <fmt/format.h>

#include "dist/bernoulli.h"
#include "dist/binomial.h"
#include "dist/categorical.h"
#include "dist/geometric.h"
#include "dist/multinomial.h"
#include "dist/negative_binomial.h"
#include "dist/ordered_logistic.h"
#include "dist/registry.h"
#include "dist/zero_inflated_distribution.h"

namespace ppl::dist {

namespace {

// The names the builders below are instantiated with.
constexpr char kBernoulli[] = "Bernoulli";
constexpr char kBinomial[] = "Binomial";
constexpr char kNegativeBinomial[] = "NegativeBinomial";
constexpr char kGeometric[] = "Geometric";
constexpr char kCategorical[] = "Categorical";
constexpr char kMultinomial[] = "Multinomial";

// D(probs | logits).
template <class D, const char* Name>
DistributionPtr build_from_probs(const Arguments& given) {
  const Arguments a = pad_arguments(Name, given, 2);
  ProbsOrLogitsArgument c = probs_or_logits(Name, a, 0);
  return std::make_shared<D>(c.parameter, c.kind);
}

// D(total_count, probs | logits).
template <class D, const char* Name>
DistributionPtr build_from_total_and_probs(const Arguments& given) {
  const Arguments a = pad_arguments(Name, given, 3);
  ProbsOrLogitsArgument c = probs_or_logits(Name, a, 1);
  return std::make_shared<D>(number_or(a, 0, Name, "total_count", 1.0, c.parameter),
                             c.parameter, c.kind);
}

// The entry of a family given by probs or logits, after `leading` parameters.
DistributionEntry probs_entry(const char* name, std::vector<ir::ParamSpec> leading,
                              int event_rank, const char* support, const char* summary,
                              Builder build) {
  leading.push_back(ir::optional_param("probs"));
  leading.push_back(ir::optional_param("logits"));
  return {{name, std::move(leading), {{"probs", "logits"}}, true, event_rank, support, summary},
          build};
}

}  // namespace

void add_discrete_entries(std::vector<DistributionEntry>& list) {
  list.push_back(probs_entry(kBernoulli, {}, 0, "boolean",
                             "1 with probability probs (or sigmoid(logits)), else 0",
                             build_from_probs<Bernoulli, kBernoulli>));
  list.push_back(probs_entry(kBinomial, {ir::default_param("total_count", 1)}, 0,
                             "integer_interval(0, total_count)", "successes in total_count trials",
                             build_from_total_and_probs<Binomial, kBinomial>));
  list.push_back(probs_entry(kNegativeBinomial, {ir::required_param("total_count")}, 0,
                             "nonnegative_integer", "failures before total_count successes",
                             build_from_total_and_probs<NegativeBinomial, kNegativeBinomial>));
  list.push_back(probs_entry(kGeometric, {}, 0, "nonnegative_integer",
                             "failures before the first success",
                             build_from_probs<Geometric, kGeometric>));
  list.push_back(probs_entry(kCategorical, {}, 0, "integer_interval(0, K - 1)",
                             "an index 0 .. K-1 with the given probabilities",
                             build_from_probs<Categorical, kCategorical>));
  // Its batch shape drops the cutpoints' last axis, which the catalogue's
  // broadcast of the arguments cannot say: event rank "depends".
  list.push_back({{"OrderedLogistic",
                   {ir::required_param("predictor"), ir::required_param("cutpoints")},
                   {},
                   true,
                   -1,
                   "integer_interval(0, K)",
                   "an ordinal 0 .. K from a logistic predictor cut at K increasing cutpoints"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("OrderedLogistic", given, 2);
                    return std::make_shared<OrderedLogistic>(
                        a[0].require_number("OrderedLogistic", "predictor"),
                        a[1].require_number("OrderedLogistic", "cutpoints"));
                  }});
  list.push_back(probs_entry(kMultinomial, {ir::default_param("total_count", 1)}, 1,
                             "multinomial(total_count)",
                             "counts of total_count draws over K categories",
                             build_from_total_and_probs<Multinomial, kMultinomial>));
  list.push_back(
      {{"ZeroInflatedDistribution",
        {ir::required_param("base_dist"), ir::optional_param("gate"),
         ir::optional_param("gate_logits")},
        {{"gate", "gate_logits"}},
        true,
        0,
        "the base's support",
        "0 with probability gate, else a draw of the discrete base_dist"},
       [](const Arguments& given) -> DistributionPtr {
         const Arguments a = pad_arguments("ZeroInflatedDistribution", given, 3);
         if (!a[0].distribution)
           throw ArgumentError("ZeroInflatedDistribution: base_dist must be a distribution");
         if (a[1].present() == a[2].present())
           throw ArgumentError(
               "ZeroInflatedDistribution: exactly one of gate and gate_logits must be given");
         const bool logits = a[2].present();
         return std::make_shared<ZeroInflatedDistribution>(
             a[0].distribution,
             a[logits ? 2 : 1].require_number("ZeroInflatedDistribution",
                                              logits ? "gate_logits" : "gate"),
             logits);
       }});
}

}  // namespace ppl::dist
