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
#include <memory>
#include <optional>
#include <string>

#include "ad/tape.h"
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
void check_argument(const std::string& distribution, const std::string& argument,
                    const Array& value, const Array& ok, const std::string& what);

}  // namespace ppl::dist
