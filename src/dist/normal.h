#pragma once
// Normal(loc, scale): the reference example of a distribution (see
// distribution.h): argument checks, a fused log density, a reparameterized
// sample, closed-form moments.
#include <utility>

#include "dist/distribution.h"
#include "dist/elementwise.h"
#include "dist/fused_elementwise.h"

namespace ppl::dist {

struct NormalFamily {
  static constexpr About about{"Normal", "the normal (Gaussian) distribution", ConstraintKind::Real,
                               kReparameterized};
  static constexpr Roles<2> roles{{{"loc", Domain::Finite, 0.0}, {"scale", Domain::Positive, 1.0}}};
  static constexpr double half_log_two_pi = 0.91893853320467274178;

  // Written so that what depends on the scale alone is taken once where the
  // scale is one element.
  static auto log_density(const auto& x, const auto& loc, const auto& scale) {
    return (x - loc).square() *
               once([](const auto& s) { return -0.5 * s.square().inverse(); }, scale) -
           once([](const auto& s) { return s.log() + half_log_two_pi; }, scale);
  }
  template <size_t I>
  static auto partial(const auto& x, const auto& loc, const auto& scale) {
    if constexpr (I == 0) return -partial<1>(x, loc, scale);
    if constexpr (I == 1)
      return (x - loc) * once([](const auto& s) { return s.square().inverse(); }, scale);
    if constexpr (I == 2)
      return (x - loc).square() * once([](const auto& s) { return s.cube().inverse(); }, scale) -
             inverse_of(scale);
  }
  // With loc and scale of one element, the summed density of data x needs
  // only sum((x - loc)^2), and its partials sum(x - loc) too.
  static SummedDensity<2> summed_at_one_element_parameters(bool with_partials,
                                                           const Eigen::ArrayXd& x, double loc,
                                                           double scale) {
    const auto n = static_cast<double>(x.size());
    const double inverse_variance = 1.0 / (scale * scale);
    const double constant = n * (std::log(scale) + half_log_two_pi);
    if (!with_partials) return {-0.5 * (x - loc).square().sum() * inverse_variance - constant, {}};
    const auto [sum_deviation, sum_squared_deviation] = deviation_sums(x, loc);
    return {
        -0.5 * sum_squared_deviation * inverse_variance - constant,
        {sum_deviation * inverse_variance, (sum_squared_deviation * inverse_variance - n) / scale}};
  }
  // sum(x - loc) and sum((x - loc)^2) in one pass over x, with four running
  // sums of each so that the loop runs on SIMD lanes.
  static std::pair<double, double> deviation_sums(const Eigen::ArrayXd& x, double loc) {
    Eigen::Array4d sum = Eigen::Array4d::Zero();
    Eigen::Array4d sum_squares = Eigen::Array4d::Zero();
    const Eigen::Index whole = x.size() / 4 * 4;
    for (Eigen::Index i = 0; i < whole; i += 4) {
      const Eigen::Array4d deviation = x.segment<4>(i) - loc;
      sum += deviation;
      sum_squares += deviation.square();
    }
    double total = sum.sum();
    double total_squares = sum_squares.sum();
    for (Eigen::Index i = whole; i < x.size(); ++i) {
      total += x[i] - loc;
      total_squares += (x[i] - loc) * (x[i] - loc);
    }
    return {total, total_squares};
  }
  // Runs element by element in compiled tapes (fused_elementwise.h).
  static constexpr bool scalar_form = true;
  // Its loc may be a regression's predictor (dist/linear_predictor_sum.h).
  static constexpr auto linear_predictor = detail::PredictorCheck::Finite;
};
using Normal = Elementwise<NormalFamily>;
extern template class Elementwise<NormalFamily>;  // in normal.cpp

}  // namespace ppl::dist
