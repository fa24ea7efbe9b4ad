#pragma once
// Distributions of one number per batch element whose log density is one
// fused kernel (fused_elementwise.h): Normal, Gamma, Poisson and their kin.
// Such a distribution is a family, a struct that says what the distribution
// is, and the one class template Elementwise<Family> that does the rest:
// argument checks by role, batch shape, fused log density and its sum, the
// tape, and its description for the catalogue (registry.h).
//
//   // exponential.h: the family says what it is (name, docs line, support,
//   // roles with their domains and defaults), then computes its log density
//   // and its partials (the kernel of fused_elementwise.h: the value first,
//   // then one operand per role).
//   struct ExponentialFamily {
//     static constexpr About about{"Exponential", "density rate exp(-rate x) on [0, inf)",
//                                  ConstraintKind::Positive, kReparameterized};
//     static constexpr Roles<1> roles{{{"rate", Domain::Positive, 1.0}}};
//     static auto log_density(const auto& x, const auto& rate) { ... }
//     template <size_t I>
//     static auto partial(const auto& x, const auto& rate) { ... }
//     // Optional: support_of (a support that depends on the parameters),
//     // check (a check between parameters), log_prob_sum (a faster sum),
//     // scalar_form (runs element by element in compiled tapes).
//   };
//   using Exponential = Elementwise<ExponentialFamily>;
//   extern template class Elementwise<ExponentialFamily>;  // in exponential.cpp
//
//   // exponential.cpp: draws, and optionally mean and variance (of d, before
//   // broadcasting to the batch shape), found by their argument's type.
//   #include "dist/elementwise_methods.h"
//   ad::Var draw(const Exponential& d, RandomKey key, const Shape& shape) { ... }
//   ad::Var mean_of(const Exponential& d) { ... }
//   ad::Var variance_of(const Exponential& d) { ... }
//   // Optional: cdf_of(d, x), log_cdf_of(d, x), log_survival_of(d, x),
//   // icdf_of(d, q), inverse_survival_of(d, s); the logs default to logs of
//   // cdf_of, inverse_survival_of to icdf_of(d, 1 - s).
//   template class Elementwise<ExponentialFamily>;
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

// What a family is: its name, a docs line, its support, and whether its
// draws are differentiable in its parameters.
struct About {
  const char* name;
  const char* summary;
  ConstraintKind support;
  bool reparameterized;
};
inline constexpr bool kReparameterized = true;
inline constexpr bool kNotReparameterized = false;

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
template <size_t Count>
using Roles = std::array<Role, Count>;

void check_role(const char* distribution, const Role& role, ad::Var value);

template <class Family>
class Elementwise final : public Distribution {
 public:
  static constexpr size_t kArity = Family::roles.size();
  using Parameters = std::array<ad::Var, kArity>;

  template <class... Vars>
  requires(sizeof...(Vars) == kArity) explicit Elementwise(Vars... parameters)
      : Elementwise(Parameters{parameters...}) {}

  explicit Elementwise(const Parameters& parameters)
      : Distribution(batch_shape_of(parameters), Shape{}), parameters_(parameters) {
    for (size_t i = 0; i < kArity; ++i)
      check_role(Family::about.name, Family::roles[i], parameters_[i]);
    if constexpr (requires { Family::check(*this); }) Family::check(*this);
  }

  std::string name() const override { return Family::about.name; }

  ad::Var log_prob(ad::Var value) const override {
    return fused_log_density<Family>(operands(value));
  }
  ad::Var log_prob_sum(ad::Var value) const override {
    if constexpr (requires { Family::log_prob_sum(*this, value); })
      return Family::log_prob_sum(*this, value);
    else
      return fused_log_density_sum<Family>(operands(value));
  }

  // Defined in elementwise_methods.h, instantiated in the family's own file.
  ad::Var sample(RandomKey key, const Shape& shape) const override;
  std::optional<ad::Var> mean() const override;
  std::optional<ad::Var> variance() const override;
  ad::Var cdf(ad::Var value) const override;
  ad::Var log_cdf(ad::Var value) const override;
  ad::Var log_survival(ad::Var value) const override;
  ad::Var icdf(ad::Var q) const override;
  ad::Var inverse_survival(ad::Var s) const override;

  bool has_rsample() const override { return Family::about.reparameterized; }

  Constraint support() const override {
    if constexpr (requires { Family::support_of(*this); })
      return Family::support_of(*this);
    else
      return Constraint::of(Family::about.support);
  }

  ad::Tape& tape() const override { return parameters_[0].tape(); }

  // The parameter of a role, by the role's name ("loc").
  const ad::Var& parameter(std::string_view role) const {
    for (size_t i = 0; i < kArity; ++i)
      if (role == Family::roles[i].name) return parameters_[i];
    throw std::logic_error(std::string(Family::about.name) + " has no parameter " +
                           std::string(role));
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
