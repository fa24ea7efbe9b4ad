#pragma once
// Distributions of one number per batch element whose log density is one
// fused kernel (fused_elementwise.h): Normal, Gamma, Poisson and their kin.
// Such a distribution is a family, a struct that says what the distribution
// is, and the one class template Elementwise<Family> that does the rest:
// argument checks by role, batch shape, fused log density and its sum, the
// tape, and its description for the catalogue (registry.h).
//
//   struct ExponentialFamily {
//     static constexpr const char* name = "Exponential";
//     static constexpr const char* summary = "rate exp(-rate x) on [0, inf)";
//     static constexpr std::array<Role, 1> roles{{{"rate",
//     Domain::Positive, 1.0}}}; static constexpr ConstraintKind support =
//     ConstraintKind::Positive; static constexpr bool reparameterized = true;
//     // sample() is differentiable using Kernel = ExponentialKernel; // value
//     first, then the roles static ad::Var sample(const
//     Elementwise<ExponentialFamily>& d, RandomKey key,
//                           const Shape& shape);
//     // Optional: mean, variance (of d, before broadcasting to the batch
//     shape),
//     // support_of (a support that depends on the parameters), check (a check
//     // between parameters), log_prob_sum (a faster sum).
//   };
//   using Exponential = Elementwise<ExponentialFamily>;
#include <array>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

// What values a parameter may take; each is checked when the distribution
// is built, and again whenever a replayed tape recomputes the parameter.
enum class Domain { Any, Finite, Positive, UnitInterval };

inline constexpr double kNoDefault = std::numeric_limits<double>::quiet_NaN();

// One parameter: its name, what it may be, and NumPyro's default (kNoDefault
// when the parameter is required).
struct Role {
  const char* name;
  Domain domain;
  double default_value = kNoDefault;
};

// ArgumentError "<dist>: <role> must be <domain>, got ..." where `value` leaves
// the domain.
void check_role(const char* distribution, const Role& role, ad::Var value);

template <class Family>
class Elementwise final : public Distribution {
 public:
  static constexpr size_t kArity = Family::roles.size();
  using Parameters = std::array<ad::Var, kArity>;
  static_assert(Family::Kernel::arity == kArity + 1, "a kernel takes the value, then each role");

  template <class... Vars>
  requires(sizeof...(Vars) == kArity) explicit Elementwise(Vars... parameters)
      : Elementwise(Parameters{parameters...}) {}

  explicit Elementwise(const Parameters& parameters)
      : Distribution(batch_shape_of(parameters), Shape{}), parameters_(parameters) {
    for (size_t i = 0; i < kArity; ++i) check_role(Family::name, Family::roles[i], parameters_[i]);
    if constexpr (requires { Family::check(*this); }) Family::check(*this);
  }

  std::string name() const override { return Family::name; }

  ad::Var log_prob(ad::Var value) const override {
    return fused_log_density<typename Family::Kernel>(operands(value));
  }
  ad::Var log_prob_sum(ad::Var value) const override {
    if constexpr (requires { Family::log_prob_sum(*this, value); })
      return Family::log_prob_sum(*this, value);
    else
      return fused_log_density_sum<typename Family::Kernel>(operands(value));
  }

  ad::Var sample(RandomKey key, const Shape& shape) const override {
    return Family::sample(*this, key, shape);
  }
  bool has_rsample() const override { return Family::reparameterized; }

  Constraint support() const override {
    if constexpr (requires { Family::support_of(*this); })
      return Family::support_of(*this);
    else
      return Constraint::of(Family::support);
  }

  std::optional<ad::Var> mean() const override {
    if constexpr (requires { Family::mean(*this); })
      return broadcast_var(Family::mean(*this), batch_shape_);
    else
      return std::nullopt;
  }
  std::optional<ad::Var> variance() const override {
    if constexpr (requires { Family::variance(*this); })
      return broadcast_var(Family::variance(*this), batch_shape_);
    else
      return std::nullopt;
  }

  ad::Tape& tape() const override { return parameters_[0].tape(); }

  // The parameter of a role, by the role's name ("loc").
  const ad::Var& parameter(std::string_view role) const {
    for (size_t i = 0; i < kArity; ++i)
      if (role == Family::roles[i].name) return parameters_[i];
    throw std::logic_error(std::string(Family::name) + " has no parameter " + std::string(role));
  }
  const Parameters& parameters() const { return parameters_; }

  // The value first, then the parameters: the operands of the kernel.
  std::array<ad::Var, kArity + 1> operands(ad::Var value) const {
    std::array<ad::Var, kArity + 1> all{value};
    for (size_t i = 0; i < kArity; ++i) all[i + 1] = parameters_[i];
    return all;
  }

 private:
  static Shape batch_shape_of(const Parameters& parameters) {
    Shape shape = parameters[0].shape();
    for (size_t i = 1; i < kArity; ++i) shape = broadcast_shapes(shape, parameters[i].shape());
    return shape;
  }

  Parameters parameters_;
};

}  // namespace ppl::dist
