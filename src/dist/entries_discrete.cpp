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

void add_discrete_entries(std::vector<DistributionEntry>& list) {
  list.push_back({{"Bernoulli",
                   {ir::optional_param("probs"), ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   0,
                   "boolean",
                   "1 with probability probs (or sigmoid(logits)), else 0"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Bernoulli", given, 2);
                    ProbsOrLogitsArgument c = probs_or_logits("Bernoulli", a, 0);
                    return std::make_shared<Bernoulli>(c.parameter, c.kind);
                  }});
  list.push_back({{"Binomial",
                   {ir::default_param("total_count", 1), ir::optional_param("probs"),
                    ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   0,
                   "integer_interval(0, total_count)",
                   "successes in total_count trials"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Binomial", given, 3);
                    ProbsOrLogitsArgument c = probs_or_logits("Binomial", a, 1);
                    return std::make_shared<Binomial>(
                        number_or(a, 0, "Binomial", "total_count", 1.0, c.parameter), c.parameter,
                        c.kind);
                  }});
  list.push_back({{"NegativeBinomial",
                   {ir::required_param("total_count"), ir::optional_param("probs"),
                    ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   0,
                   "nonnegative_integer",
                   "failures before total_count successes"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("NegativeBinomial", given, 3);
                    ProbsOrLogitsArgument c = probs_or_logits("NegativeBinomial", a, 1);
                    return std::make_shared<NegativeBinomial>(
                        a[0].require_number("NegativeBinomial", "total_count"), c.parameter,
                        c.kind);
                  }});
  list.push_back({{"Geometric",
                   {ir::optional_param("probs"), ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   0,
                   "nonnegative_integer",
                   "failures before the first success"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Geometric", given, 2);
                    ProbsOrLogitsArgument c = probs_or_logits("Geometric", a, 0);
                    return std::make_shared<Geometric>(c.parameter, c.kind);
                  }});
  list.push_back({{"Categorical",
                   {ir::optional_param("probs"), ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   0,
                   "integer_interval(0, K - 1)",
                   "an index 0 .. K-1 with the given probabilities"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Categorical", given, 2);
                    ProbsOrLogitsArgument c = probs_or_logits("Categorical", a, 0);
                    return std::make_shared<Categorical>(c.parameter, c.kind);
                  }});
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
  list.push_back({{"Multinomial",
                   {ir::default_param("total_count", 1), ir::optional_param("probs"),
                    ir::optional_param("logits")},
                   {{"probs", "logits"}},
                   true,
                   1,
                   "multinomial(total_count)",
                   "counts of total_count draws over K categories"},
                  [](const Arguments& given) -> DistributionPtr {
                    const Arguments a = pad_arguments("Multinomial", given, 3);
                    ProbsOrLogitsArgument c = probs_or_logits("Multinomial", a, 1);
                    return std::make_shared<Multinomial>(
                        number_or(a, 0, "Multinomial", "total_count", 1.0, c.parameter),
                        c.parameter, c.kind);
                  }});
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
