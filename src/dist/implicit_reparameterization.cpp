#include "dist/implicit_reparameterization.h"

#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "core/broadcast.h"
#include "core/samplers.h"
#include "dist/continuous_common.h"

namespace ppl::dist {
namespace {

// dx/dalpha at a standard gamma draw x: -(dP/dalpha)(alpha, x) / p(x; alpha).
double gamma_draw_derivative(double alpha, double x) {
  const double h = 1e-5 * std::max(alpha, 1e-2);
  const double dp = (boost::math::gamma_p(alpha + h, x) - boost::math::gamma_p(alpha - h, x)) / (2 * h);
  const double density = boost::math::gamma_p_derivative(alpha, x);
  const double d = -dp / density;
  // A draw so far in a tail that its density underflows moves with nothing.
  return std::isfinite(d) ? d : 0.0;
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
