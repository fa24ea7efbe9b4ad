#pragma once
// The members of Elementwise<Family> that call the family's own functions:
// draw, mean_of, variance_of and the CDFs (cdf_of, log_cdf_of,
// log_survival_of, icdf_of, inverse_survival_of), declared in the family's .cpp file before
// its `template class Elementwise<...>` and found there by their argument's
// type. Only that file includes this header, so no other file can make a
// copy of these members that misses them.
#include <array>
#include <tuple>

#include "dist/count_helpers.h"
#include "dist/elementwise.h"

namespace ppl::dist {

// Draws of `shape` that are not differentiable (a count family's), as a
// constant: batch element i from the sampler make(p_1[i], ..., p_k[i]), the
// parameters in their roles' order, all from the stream of `key`.
template <class Family, class Make>
ad::Var draw_by_element(const Elementwise<Family>& d, RandomKey key, const Shape& shape,
                        Make make) {
  detail::check_sample_shape(d, shape);
  std::array<Eigen::ArrayXd, Elementwise<Family>::kArity> values;
  for (size_t k = 0; k < values.size(); ++k)
    values[k] = detail::batch_values(d.parameters()[k], d.batch_shape());
  return d.tape().constant(detail::draw_elementwise(key, shape, d.batch_shape(), [&](int64_t i) {
    return std::apply([&](const auto&... p) { return make(p[i]...); }, values);
  }));
}

template <class Family>
ad::Var Elementwise<Family>::sample(RandomKey key, const Shape& shape) const {
  return draw(*this, key, shape);
}

template <class Family>
std::optional<ad::Var> Elementwise<Family>::mean() const {
  if constexpr (requires { mean_of(*this); }) return broadcast_var(mean_of(*this), batch_shape_);
  return std::nullopt;
}

template <class Family>
std::optional<ad::Var> Elementwise<Family>::variance() const {
  if constexpr (requires { variance_of(*this); })
    return broadcast_var(variance_of(*this), batch_shape_);
  return std::nullopt;
}

template <class Family>
ad::Var Elementwise<Family>::cdf(ad::Var value) const {
  if constexpr (requires { cdf_of(*this, value); }) return cdf_of(*this, value);
  return Distribution::cdf(value);
}

template <class Family>
ad::Var Elementwise<Family>::log_cdf(ad::Var value) const {
  if constexpr (requires { log_cdf_of(*this, value); }) return log_cdf_of(*this, value);
  return Distribution::log_cdf(value);
}

template <class Family>
ad::Var Elementwise<Family>::log_survival(ad::Var value) const {
  if constexpr (requires { log_survival_of(*this, value); }) return log_survival_of(*this, value);
  return Distribution::log_survival(value);
}

template <class Family>
ad::Var Elementwise<Family>::icdf(ad::Var q) const {
  if constexpr (requires { icdf_of(*this, q); }) return icdf_of(*this, q);
  return Distribution::icdf(q);
}

template <class Family>
ad::Var Elementwise<Family>::inverse_survival(ad::Var s) const {
  if constexpr (requires { inverse_survival_of(*this, s); }) return inverse_survival_of(*this, s);
  return Distribution::inverse_survival(s);
}

}  // namespace ppl::dist
