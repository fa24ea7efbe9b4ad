#include "dist/inverse_gamma.h"

#include <cmath>
#include <limits>

#include "ad/ops.h"
#include "dist/implicit_reparameterization.h"

namespace ppl::dist {

InverseGamma::InverseGamma(ad::Var concentration, ad::Var rate)
    : Distribution(broadcast_shapes(concentration.shape(), rate.shape()), Shape{}),
      concentration_(concentration),
      rate_(rate) {
  check_positive("InverseGamma", "concentration", concentration);
  check_positive("InverseGamma", "rate", rate);
}

ad::Var InverseGamma::log_prob(ad::Var value) const {
  return fused_log_density<InverseGammaKernel>({value, concentration_, rate_});
}

ad::Var InverseGamma::log_prob_sum(ad::Var value) const {
  return fused_log_density_sum<InverseGammaKernel>({value, concentration_, rate_});
}

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

ad::Var InverseGamma::sample(RandomKey key, const Shape& shape) const {
  return rate_ / standard_gamma_rsample(concentration_, key, shape);
}

std::optional<ad::Var> InverseGamma::mean() const {
  const Array defined = broadcast_to(greater(concentration_.value(), Array(1.0)), batch_shape_);
  // Where a <= 1, a stands in as 2 so the formula (then unused) has no 0/0.
  ad::Var a = ad::where(tape().constant(defined), broadcast_var(concentration_, batch_shape_),
                        tape().constant(Array::full(batch_shape_, 2.0)));
  return where_defined(tape(), defined, rate_ / (a - 1.0));
}

std::optional<ad::Var> InverseGamma::variance() const {
  const Array defined = broadcast_to(greater(concentration_.value(), Array(2.0)), batch_shape_);
  ad::Var a = ad::where(tape().constant(defined), broadcast_var(concentration_, batch_shape_),
                        tape().constant(Array::full(batch_shape_, 3.0)));
  return where_defined(tape(), defined, ad::square(rate_ / (a - 1.0)) / (a - 2.0));
}

}  // namespace ppl::dist
