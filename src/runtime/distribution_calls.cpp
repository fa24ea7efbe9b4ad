#include "runtime/distribution_calls.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "core/error.h"
#include "dist/expanded.h"
#include "dist/independent.h"
#include "dist/masked.h"
#include "dist/transforms.h"

namespace ppl::runtime {

Value apply_distribution_method(const dist::DistributionPtr& d, const std::string& method,
                                const std::optional<ad::Var>& argument) {
  if (method == "log_prob") return d->log_prob(*argument);
  if (method == "cdf") return d->cdf(*argument);
  if (method == "log_cdf") return d->log_cdf(*argument);
  if (method == "log_survival") return d->log_survival(*argument);
  if (method == "icdf") return d->icdf(*argument);
  if (method == "mask") return dist::mask(d, *argument);
  if (method == "to_event") {
    std::optional<int> n;
    if (argument) {
      double v = argument->item();
      if (v < 0 || v != std::floor(v))
        throw Error(fmt::format("the number of dims must be a non-negative integer, got {}", v));
      n = static_cast<int>(v);
    }
    return dist::to_event(d, n);
  }
  if (method == "expand") {
    Shape shape;
    for (int64_t i = 0; i < argument->value().size(); ++i) {
      double v = argument->value().values()[i];
      if (v < 0 || v != std::floor(v))
        throw Error(fmt::format("a batch shape needs non-negative integers, got {}", v));
      shape.push_back(static_cast<int64_t>(v));
    }
    return dist::expand(d, shape);
  }
  throw Error(fmt::format("distributions have no method '{}'", method));
}

dist::Constraint constraint_from(const std::string& name, const std::vector<ad::Var>& bounds) {
  using K = dist::ConstraintKind;
  static const std::map<std::string, K> plain = {
      {"real", K::Real},
      {"real_vector", K::RealVector},
      {"positive", K::Positive},
      {"nonnegative", K::Nonnegative},
      {"unit_interval", K::UnitInterval},
      {"simplex", K::Simplex},
      {"ordered_vector", K::OrderedVector},
      {"positive_ordered_vector", K::PositiveOrderedVector},
      {"zero_sum", K::ZeroSum},
      {"lower_cholesky", K::LowerCholesky},
      {"corr_cholesky", K::CorrCholesky},
      {"corr_matrix", K::CorrMatrix},
      {"positive_definite", K::PositiveDefinite},
      {"softplus_positive", K::SoftplusPositive},
      {"boolean", K::Boolean},
      {"nonnegative_integer", K::NonnegativeInteger},
      {"positive_integer", K::PositiveInteger},
  };
  if (auto it = plain.find(name); it != plain.end()) return dist::Constraint::of(it->second);
  if (name == "interval") return dist::Constraint::interval(bounds[0], bounds[1]);
  if (name == "greater_than") return dist::Constraint::greater_than(bounds[0]);
  if (name == "less_than") return dist::Constraint::less_than(bounds[0]);
  if (name == "integer_interval") return dist::Constraint::integer_interval(bounds[0], bounds[1]);
  throw Error(fmt::format("unknown constraint '{}'", name));
}

dist::TransformPtr transform_from(const std::string& name, const std::vector<ad::Var>& args,
                                  ad::Tape& tape) {
  if (name == "ExpTransform") return std::make_shared<dist::ExpTransform>();
  if (name == "SigmoidTransform") return std::make_shared<dist::SigmoidTransform>();
  if (name == "SoftplusTransform") return std::make_shared<dist::SoftplusTransform>();
  if (name == "AffineTransform") return std::make_shared<dist::AffineTransform>(args[0], args[1]);
  if (name == "OrderedTransform") return std::make_shared<dist::OrderedTransform>();
  if (name == "StickBreakingTransform") return std::make_shared<dist::StickBreakingTransform>();
  if (name == "LowerCholeskyTransform") return std::make_shared<dist::LowerCholeskyTransform>();
  if (name == "CorrCholeskyTransform") return std::make_shared<dist::CorrCholeskyTransform>();
  if (name == "TanhTransform") return std::make_shared<dist::TanhTransform>(tape);
  if (name == "PowerTransform") return std::make_shared<dist::PowerTransform>(args[0]);
  if (name == "PermuteTransform") return std::make_shared<dist::PermuteTransform>(args[0].value());
  if (name == "ZeroSumTransform") return std::make_shared<dist::ZeroSumTransform>();
  if (name == "LowerCholeskyAffine")
    return std::make_shared<dist::LowerCholeskyAffine>(args[0], args[1]);
  throw Error(fmt::format("unknown transform '{}'", name));
}

}  // namespace ppl::runtime
