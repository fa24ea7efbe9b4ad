#include "dist/inverse_gamma.h"

#include <cmath>
#include <limits>

#include "ad/ops.h"
#include "dist/elementwise_methods.h"
#include "dist/gamma_tails.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

namespace {

// exp(-log G) for G ~ Gamma(a, rate): from the logarithm, so that a Gamma
// draw that underflows to 0 gives a large finite value rather than inf.
class InverseGammaSampler {
 public:
  InverseGammaSampler(double a, double rate) : gamma_(a, rate) {}
  double operator()(RandomStream& stream) const { return std::exp(-gamma_.draw_log(stream)); }

 private:
  GammaSampler gamma_;
};

// Where `defined`, `formula`; inf elsewhere.
ad::Var where_defined(ad::Tape& tape, const Array& defined, ad::Var formula) {
  const Array inf = Array::full(defined.shape(), std::numeric_limits<double>::infinity());
  return ad::where(tape.constant(defined), formula, tape.constant(inf));
}

}  // namespace

ad::Var draw(const InverseGamma& d, RandomKey key, const Shape& shape) {
  const ad::Var& concentration = d.parameter("concentration");
  const ad::Var& rate = d.parameter("rate");
  return rate / standard_gamma_rsample(concentration, key, shape);
}

namespace {
// Where the concentration exceeds `bound` (where the moment exists), and the
// concentration there, with bound + 1 standing in elsewhere so that the
// formula, unused there, has no 0/0.
struct MomentDomain {
  Array defined;
  ad::Var a;
};
MomentDomain concentration_above(const InverseGamma& d, double bound) {
  const ad::Var& concentration = d.parameter("concentration");
  Array defined = broadcast_to(greater(concentration.value(), Array(bound)), d.batch_shape());
  ad::Var a = ad::where(d.tape().constant(defined), concentration,
                        d.tape().constant(Array::full(d.batch_shape(), bound + 1.0)));
  return {std::move(defined), a};
}
}  // namespace

ad::Var mean_of(const InverseGamma& d) {
  const auto [defined, a] = concentration_above(d, 1.0);
  return where_defined(d.tape(), defined, d.parameter("rate") / (a - 1.0));
}

ad::Var variance_of(const InverseGamma& d) {
  const auto [defined, a] = concentration_above(d, 2.0);
  return where_defined(d.tape(), defined, ad::square(d.parameter("rate") / (a - 1.0)) / (a - 2.0));
}

// F(x) = Q(concentration, rate / x) for x > 0, 0 at and below 0.
ad::Var log_cdf_of(const InverseGamma& d, ad::Var x) {
  const ad::Var positive = x.tape().constant(greater(x.value(), Array(0.0)));
  const ad::Var y = d.parameter("rate") / ad::where(positive, x, x.tape().constant(1.0));
  const ad::Var tail =
      log_gamma_tail("InverseGamma", "concentration", d.parameter("concentration"), y, true);
  return ad::where(positive, tail, x.tape().constant(-std::numeric_limits<double>::infinity()));
}
ad::Var log_survival_of(const InverseGamma& d, ad::Var x) {
  const ad::Var positive = x.tape().constant(greater(x.value(), Array(0.0)));
  const ad::Var y = d.parameter("rate") / ad::where(positive, x, x.tape().constant(1.0));
  const ad::Var tail =
      log_gamma_tail("InverseGamma", "concentration", d.parameter("concentration"), y, false);
  return ad::where(positive, tail, x.tape().constant(0.0));
}
ad::Var cdf_of(const InverseGamma& d, ad::Var x) { return ad::exp(log_cdf_of(d, x)); }
// X = rate / G, G ~ Gamma(concentration): F_X(x) = Q(concentration, rate / x).
ad::Var icdf_of(const InverseGamma& d, ad::Var q) {
  return d.parameter("rate") /
         gamma_quantile("InverseGamma", "concentration", d.parameter("concentration"), q, true);
}
ad::Var inverse_survival_of(const InverseGamma& d, ad::Var s) {
  return d.parameter("rate") /
         gamma_quantile("InverseGamma", "concentration", d.parameter("concentration"), s, false);
}

template class Elementwise<InverseGammaFamily>;

}  // namespace ppl::dist
