#include "dist/count_helpers.h"

#include <fmt/format.h>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/array_reduce.h"

namespace ppl::dist::detail {

void check_category_parameter(const std::string& distribution, const ad::Var& parameter,
                              ProbsOrLogits kind) {
  const Array& v = parameter.value();
  const char* argument = kind == ProbsOrLogits::Probs ? "probs" : "logits";
  if (v.rank() == 0 || v.shape()[v.rank() - 1] == 0)
    throw ArgumentError(fmt::format("{}: {} must have a last axis of at least one category, got shape {}",
                                    distribution, argument, v.shape().to_string()));
  if (kind == ProbsOrLogits::Probs) {
    check_argument(distribution, argument, parameter, domain::nonnegative, "non-negative");
    const Array sums = sum(v, -1);
    for (int64_t i = 0; i < sums.size(); ++i) {
      const double total = sums.values()[i];
      if (std::abs(total - 1.0) <= 1e-6) continue;
      std::string where = sums.size() > 1 ? fmt::format(" in row {}", i) : std::string();
      throw ArgumentError(fmt::format("{}: probs must sum to 1 along the last axis, got {}{}",
                                      distribution, total, where));
    }
  } else {
    check_argument(distribution, argument, parameter, domain::below_infinity, "a number below +inf");
  }
}

ad::Var category_log_probs(const ad::Var& parameter, ProbsOrLogits kind) {
  return kind == ProbsOrLogits::Probs ? ad::log(parameter) : ad::log_softmax(parameter, -1);
}

ad::Var category_probs(const ad::Var& parameter, ProbsOrLogits kind) {
  return kind == ProbsOrLogits::Probs ? parameter : ad::softmax(parameter, -1);
}

}  // namespace ppl::dist::detail
