#pragma once
// Shared pieces of the discrete and multivariate distributions: the
// probs-or-logits choice, Eigen expressions for count densities (support
// masks, log binomial coefficients) and drawing one value per output element
// from a sampler per batch element.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/array_layout.h"
#include "core/broadcast.h"
#include "core/random_key.h"
#include "core/samplers.h"
#include "core/special_functions.h"
#include "dist/distribution.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

// Which of the two parameterizations a distribution was given (NumPyro's
// *Probs and *Logits classes).
enum class ProbsOrLogits { Probs, Logits };

// The elementwise log density at `operands` by the kernel of the
// parameterization `kind`, or its sum.
template <class ProbsKernel, class LogitsKernel, size_t K>
ad::Var fused_by_parameterization(ProbsOrLogits kind, const std::array<ad::Var, K>& operands,
                                  bool summed) {
  if (kind == ProbsOrLogits::Probs)
    return summed ? fused_log_density_sum<ProbsKernel>(operands)
                  : fused_log_density<ProbsKernel>(operands);
  return summed ? fused_log_density_sum<LogitsKernel>(operands)
                : fused_log_density<LogitsKernel>(operands);
}

namespace detail {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// True where x is a finite whole number >= 0.
template <class X>
auto is_count(const X& x) {
  return (x >= 0.0) && (x == x.floor()) && (x < kInfinity);
}

// log C(n, k) = -log(n + 1) - log B(k + 1, n - k + 1), accurate for large n
// (Boost's lbeta does not cancel three large log-gammas); 0 off 0 <= k <= n.
inline double log_binomial_coefficient(double n, double k) {
  if (!(k >= 0 && k <= n)) return 0.0;
  return -std::log1p(n) - special::lbeta(k + 1.0, n - k + 1.0);
}

// log [Gamma(k + c) / (Gamma(c) k!)], the negative-binomial coefficient:
// -log k - log B(c, k) for k > 0, and 0 at k = 0.
inline double log_negative_binomial_coefficient(double k, double c) {
  if (!(k > 0)) return 0.0;
  return -std::log(k) - special::lbeta(c, k);
}

// digamma(k + c) - digamma(c): d/dc of the coefficient above.
inline double negative_binomial_coefficient_dc(double k, double c) {
  if (!(k > 0)) return 0.0;
  return special::digamma(k + c) - special::digamma(c);
}

inline double lgamma1p(double k) { return special::lgamma(k + 1.0); }

// For each element of `shape` (whose trailing dims, after `event_rank` event
// dims are dropped, broadcast from `batch`), the row-major index of its batch
// element; one entry per non-event position.
inline std::vector<int64_t> batch_positions(const Shape& shape, int event_rank, const Shape& batch) {
  Shape outer(std::span<const int64_t>(shape.dims().data(), shape.rank() - event_rank));
  Array ids = reshape(Array::arange(batch.numel()), batch);
  Array which = broadcast_to(ids, outer);
  std::vector<int64_t> positions(which.size());
  for (int64_t i = 0; i < which.size(); ++i) positions[i] = static_cast<int64_t>(which.values()[i]);
  return positions;
}

// Scalar draws of `shape` from one sampler per batch element, made by
// make_sampler(batch_index), all from the stream of `key`.
template <class MakeSampler>
Array draw_elementwise(RandomKey key, const Shape& shape, const Shape& batch, MakeSampler make_sampler) {
  const std::vector<int64_t> positions = batch_positions(shape, 0, batch);
  std::vector<decltype(make_sampler(int64_t{0}))> samplers;
  samplers.reserve(batch.numel());
  for (int64_t i = 0; i < batch.numel(); ++i) samplers.push_back(make_sampler(i));
  RandomStream stream(key);
  Eigen::ArrayXd out(shape.numel());
  for (int64_t i = 0; i < out.size(); ++i) out[i] = samplers[positions[i]](stream);
  return Array(shape, std::move(out));
}

// The parameter's values broadcast to the batch shape.
inline Eigen::ArrayXd batch_values(const ad::Var& parameter, const Shape& batch) {
  return broadcast_to(parameter.value(), batch).values();
}

// Throws unless `shape` ends with the event shape and broadcasts from the
// batch shape before it.
inline void check_sample_shape(const Distribution& d, const Shape& shape) {
  const Shape& event = d.event_shape();
  bool ok = shape.rank() >= event.rank();
  for (int i = 0; ok && i < event.rank(); ++i) ok = shape[shape.rank() - event.rank() + i] == event[i];
  if (ok) {
    Shape outer(std::span<const int64_t>(shape.dims().data(), shape.rank() - event.rank()));
    try {
      ok = broadcast_shapes(outer, d.batch_shape()) == outer;
    } catch (const Error&) {
      ok = false;
    }
  }
  if (!ok)
    throw ArgumentError(d.name() + ": cannot draw samples of shape " + shape.to_string() +
                        " for batch shape " + d.batch_shape().to_string() + " and event shape " +
                        event.to_string());
}

// Poisson(lambda) with lambda = scale * Gamma(concentration, 1): the
// Gamma-Poisson mixture behind the negative binomials. Scale 0 draws 0.
struct GammaPoissonSampler {
  GammaSampler unit_gamma;
  double scale;
  GammaPoissonSampler(double concentration, double scale) : unit_gamma(concentration, 1.0), scale(scale) {}
  double operator()(RandomStream& stream) const {
    const double rate = scale * unit_gamma(stream);
    return PoissonSampler(rate)(stream);
  }
};

// Checks a probs-or-logits parameter of categories along its last axis:
// probs non-negative and each row summing to 1 within 1e-6 (NumPyro's
// simplex tolerance), logits not NaN and below +inf. Throws ArgumentError
// naming the distribution and the argument.
void check_category_parameter(const std::string& distribution, const ad::Var& parameter,
                              ProbsOrLogits kind);

// log-probabilities of the categories, normalized along the last axis:
// log(probs), or log_softmax(logits).
ad::Var category_log_probs(const ad::Var& parameter, ProbsOrLogits kind);

// probs, or softmax(logits).
ad::Var category_probs(const ad::Var& parameter, ProbsOrLogits kind);

}  // namespace detail
}  // namespace ppl::dist
