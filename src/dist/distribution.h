#pragma once
// The distribution interface. Parameters and values are ad::Vars on one
// tape, so every log density is differentiable in its parameters and in the
// value. Shapes follow NumPyro: a value has shape sample + batch + event, and
// log_prob sums over the event dims.
//
// Each concrete distribution checks its arguments by role name when it is
// built ("Normal: scale must be positive, got -1 at element [2]"), computes
// its log density as one fused tape node (fused_elementwise.h) where it can,
// and draws reparameterized samples (differentiable in the parameters) where
// a reparameterization exists.
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "ad/tape.h"
#include "core/array_math.h"
#include "core/error.h"
#include "core/random_key.h"
#include "dist/constraint.h"

namespace ppl::dist {

// A distribution's arguments are invalid; the message names the argument.
class ArgumentError : public Error {
 public:
  using Error::Error;
};

class Distribution {
 public:
  Distribution(Shape batch_shape, Shape event_shape)
      : batch_shape_(batch_shape), event_shape_(event_shape) {}
  virtual ~Distribution() = default;

  virtual std::string name() const = 0;
  const Shape& batch_shape() const { return batch_shape_; }
  const Shape& event_shape() const { return event_shape_; }

  // Log density (or mass) of `value`, summed over the event dims; its shape
  // is the broadcast of the value's leading dims with the batch shape.
  virtual ad::Var log_prob(ad::Var value) const = 0;
  // sum(log_prob(value)) as a scalar; distributions with a fused density
  // compute it without the elementwise values.
  virtual ad::Var log_prob_sum(ad::Var value) const;

  // A draw of `shape`: any sample dims, then a broadcast of the batch shape,
  // then the event shape. Reparameterized (differentiable in the parameters)
  // when has_rsample(); a constant otherwise. Drawn on the parameters' tape.
  virtual ad::Var sample(RandomKey key, const Shape& shape) const = 0;
  virtual bool has_rsample() const { return false; }

  virtual Constraint support() const = 0;
  bool is_discrete() const { return support().is_discrete(); }

  // The CDF P(X <= value) and its relatives, elementwise, for the univariate
  // families that have them (in closed form or through Boost.Math),
  // differentiable in the value and the parameters; the others throw an
  // ArgumentError that names the family. log_cdf and log_survival (log
  // P(X > value)) default to logs of cdf; families override them where the
  // tails need their own formula. icdf maps q in [0, 1] to the quantile.
  virtual ad::Var cdf(ad::Var value) const;
  virtual ad::Var log_cdf(ad::Var value) const;
  virtual ad::Var log_survival(ad::Var value) const;
  virtual ad::Var icdf(ad::Var q) const;
  // The value whose survival P(X > value) is s: icdf(1 - s), which families
  // override where 1 - s would lose the digits of a small s.
  virtual ad::Var inverse_survival(ad::Var s) const;

  // Closed-form moments, where they exist (shape batch + event).
  virtual std::optional<ad::Var> mean() const { return std::nullopt; }
  virtual std::optional<ad::Var> variance() const { return std::nullopt; }

  // The tape the parameters live on.
  virtual ad::Tape& tape() const = 0;

 protected:
  Shape batch_shape_;
  Shape event_shape_;
};

using DistributionPtr = std::shared_ptr<const Distribution>;

// sample dims + batch + event, for sample(key, full_shape(d, sample_dims)).
Shape full_shape(const Distribution& d, const Shape& sample_shape);

// `a` broadcast to `shape` (for moments and parameters of a batch shape).
ad::Var broadcast_var(ad::Var a, const Shape& shape);

// Shape checks shared by the distributions: the value's rightmost dims must
// equal the event shape.
void check_event_shape(const Distribution& d, const ad::Var& value);

// Throws ArgumentError "<dist>: <argument> must be <what>, got <value> at element [i]"
// when `ok` is 0 anywhere; NaN counts as invalid.
// The names are only read to write the message: views, so that a check
// that passes builds no strings.
void check_argument(std::string_view distribution, std::string_view argument, const Array& value,
                    const Array& ok, std::string_view what);

// A domain of distribution arguments: `Holds` is a function object type
// from one double to whether it lies in the domain (NaN never does). The
// domain maps an array to its mask, 1 where the value lies in it.
template <class Holds>
struct ArgumentDomain {
  Array operator()(const Array& v) const {
    return Array(v.shape(), v.values().unaryExpr([](double x) { return Holds{}(x) ? 1.0 : 0.0; }));
  }
  bool operator()(double x) const { return Holds{}(x); }
};

namespace detail {
// The forward step of a recorded argument check: Ok (a captureless lambda
// type, or an ArgumentDomain) maps the operands' values to a mask that is 0 where
// they are invalid.
template <class Ok>
void replayed_check(ad::Tape& tape, int32_t index) {
  const ad::Node& node = tape.node(index);
  bool holds;
  if constexpr (std::is_invocable_v<Ok, const Array&>)
    holds = (Ok{}(tape.value(node.operands[0])).values() != 0).all();
  else
    holds = (Ok{}(tape.value(node.operands[0]), tape.value(node.operands[1])).values() != 0).all();
  if (!holds) tape.report_failed_check();
}

// The same check on one double, for a compiled scalar tape (ad/compiled_tape.h).
template <class Holds>
struct ScalarDomainCheck {
  static double value(const double* operands) { return Holds{}(operands[0]) ? 1.0 : 0.0; }
  static constexpr ad::ScalarKernel kernel{1, &value, nullptr};
};
template <class Ok>
constexpr const ad::ScalarKernel* scalar_check_of(Ok) {
  return nullptr;
}
template <class Holds>
constexpr const ad::ScalarKernel* scalar_check_of(ArgumentDomain<Holds>) {
  return &ScalarDomainCheck<Holds>::kernel;
}
}  // namespace detail

// The same check on a value, which a replay of its tape repeats (ad/tape.h):
// `ok` is a captureless lambda or an ArgumentDomain from the value to the mask.
template <class Ok>
void check_argument(std::string_view distribution, std::string_view argument, ad::Var value, Ok ok,
                    std::string_view what) {
  check_argument(distribution, argument, value.value(), ok(value.value()), what);
  value.tape().record_check(&detail::replayed_check<Ok>, {value}, detail::scalar_check_of(ok));
}

// Domains of distribution arguments.
namespace domain {
namespace holds {
constexpr double kInf = std::numeric_limits<double>::infinity();
struct Positive {
  bool operator()(double x) const { return x > 0.0; }
};
struct Nonnegative {
  bool operator()(double x) const { return x >= 0.0; }
};
struct UnitInterval {
  bool operator()(double x) const { return x >= 0.0 && x <= 1.0; }
};
struct LeftOpenUnitInterval {  // (0, 1]
  bool operator()(double x) const { return x > 0.0 && x <= 1.0; }
};
struct RightOpenUnitInterval {  // [0, 1)
  bool operator()(double x) const { return x >= 0.0 && x < 1.0; }
};
struct NotNan {
  bool operator()(double x) const { return x == x; }
};
struct BelowInfinity {
  bool operator()(double x) const { return x < kInf; }
};
struct AboveMinusInfinity {
  bool operator()(double x) const { return x > -kInf; }
};
struct Finite {
  bool operator()(double x) const { return std::abs(x) < kInf; }
};
struct PositiveFinite {
  bool operator()(double x) const { return x > 0.0 && x < kInf; }
};
struct Nonzero {
  bool operator()(double x) const { return x != 0.0; }
};
}  // namespace holds
inline constexpr ArgumentDomain<holds::Positive> positive{};
inline constexpr ArgumentDomain<holds::Nonnegative> nonnegative{};
inline constexpr ArgumentDomain<holds::UnitInterval> unit_interval{};
inline constexpr ArgumentDomain<holds::LeftOpenUnitInterval> left_open_unit_interval{};
inline constexpr ArgumentDomain<holds::RightOpenUnitInterval> right_open_unit_interval{};
inline constexpr ArgumentDomain<holds::NotNan> not_nan{};
inline constexpr ArgumentDomain<holds::BelowInfinity> below_infinity{};
inline constexpr ArgumentDomain<holds::AboveMinusInfinity> above_minus_infinity{};
inline constexpr ArgumentDomain<holds::Finite> finite{};
inline constexpr ArgumentDomain<holds::PositiveFinite> positive_finite{};
inline constexpr ArgumentDomain<holds::Nonzero> nonzero{};
}  // namespace domain

}  // namespace ppl::dist
