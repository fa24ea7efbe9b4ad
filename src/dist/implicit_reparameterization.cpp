#include "dist/implicit_reparameterization.h"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "core/broadcast.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"

namespace ppl::dist {
namespace {

// dx/dalpha near x = 0, where P(alpha, x) ~ x^alpha / Gamma(alpha + 1): holding
// P fixed, alpha log x - lgamma(alpha + 1) is constant, so
// dx/dalpha = x (digamma(alpha + 1) - log x) / alpha (0 at x = 0).
double gamma_draw_derivative_near_zero(double alpha, double x) {
  if (!(x > 0)) return 0.0;
  const double d = x * (boost::math::digamma(alpha + 1) - std::log(x)) / alpha;
  return std::isfinite(d) ? d : 0.0;
}

// dx/dalpha at a standard gamma draw x: -(dP/dalpha)(alpha, x) / p(x; alpha).
double gamma_draw_derivative(double alpha, double x) {
  // Small concentrations put draws where Boost's P and its derivative
  // overflow or underflow (x of 1e-300 and below): there the leading term
  // of P's series gives the slope in closed form.
  if (x < 1e-100) return gamma_draw_derivative_near_zero(alpha, x);
  const double h = 1e-5 * std::max(alpha, 1e-2);
  try {
    // A central difference while alpha - h stays in the domain, else forward.
    const double low = alpha - h > 0 ? alpha - h : alpha;
    const double dp = (boost::math::gamma_p(alpha + h, x) - boost::math::gamma_p(low, x)) / (alpha + h - low);
    const double density = boost::math::gamma_p_derivative(alpha, x);
    const double d = -dp / density;
    if (std::isfinite(d)) return d;
  } catch (const std::exception&) {
    // Overflow or underflow inside Boost: the series below holds there.
  }
  return gamma_draw_derivative_near_zero(alpha, x);
}

}  // namespace

ad::Var standard_gamma_rsample(ad::Var concentration, RandomKey key, const Shape& shape) {
  ad::Tape& tape = concentration.tape();
  auto make = [](double a, double one) { return GammaSampler(a, one); };
  Array draws = draw_each(key, shape, make, concentration.value(), Array(1.0));
  Array alpha = broadcast_to(concentration.value(), shape);
  Eigen::ArrayXd derivative(draws.size());
  for (Eigen::Index i = 0; i < draws.size(); ++i)
    derivative[i] = gamma_draw_derivative(alpha.values()[i], draws.values()[i]);
  ad::Var slope = tape.constant(Array(shape, std::move(derivative)));
  const ad::BackwardFn backward = [](ad::Tape& tape, int32_t index) {
    const ad::Node& node = tape.node(index);
    const Shape& shape = node.value.shape();
    tape.accumulate_broadcast(node.operands[0], shape,
                              tape.adjoint_of(index).values() * tape.value(node.operands[1]).values());
  };
  ad::Var out = tape.record(backward, {concentration, slope});
  tape.node(out.index()).value.assign(shape, draws.values());
  return out;
}

}  // namespace ppl::dist
