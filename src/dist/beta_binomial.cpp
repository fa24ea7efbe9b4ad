#include "dist/beta_binomial.h"

#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/elementwise_methods.h"

namespace ppl::dist {

void BetaBinomialFamily::check(const BetaBinomial& d) {
  const auto is_whole = [](const Array& n) {
    Array ok = n;
    ok.mutable_values() =
        ((n.values() >= 0.0) && (n.values() == n.values().floor())).cast<double>();
    return ok;
  };
  check_argument("BetaBinomial", "total_count", d.parameter("total_count"), is_whole,
                 "a whole number >= 0");
}

Constraint BetaBinomialFamily::support_of(const BetaBinomial& d) {
  const ad::Var& n = d.parameter("total_count");
  return Constraint::integer_interval(n.tape().constant(0.0), n);
}

// p ~ Beta(a, b), then Binomial(n, p).
ad::Var draw(const BetaBinomial& d, RandomKey key, const Shape& shape) {
  detail::check_sample_shape(d, shape);
  const Eigen::ArrayXd a = detail::batch_values(d.parameter("concentration1"), d.batch_shape());
  const Eigen::ArrayXd b = detail::batch_values(d.parameter("concentration0"), d.batch_shape());
  const Eigen::ArrayXd n = detail::batch_values(d.parameter("total_count"), d.batch_shape());
  struct Sampler {
    BetaSampler p;
    int64_t n;
    double operator()(RandomStream& stream) const { return BinomialSampler(n, p(stream))(stream); }
  };
  return d.tape().constant(detail::draw_elementwise(key, shape, d.batch_shape(), [&](int64_t i) {
    return Sampler{BetaSampler(a[i], b[i]), static_cast<int64_t>(n[i])};
  }));
}

// n a / (a + b); n a b (a + b + n) / ((a + b)^2 (a + b + 1)).
ad::Var mean_of(const BetaBinomial& d) {
  const ad::Var& a = d.parameter("concentration1");
  return d.parameter("total_count") * a / (a + d.parameter("concentration0"));
}

ad::Var variance_of(const BetaBinomial& d) {
  const ad::Var& a = d.parameter("concentration1");
  const ad::Var& b = d.parameter("concentration0");
  const ad::Var& n = d.parameter("total_count");
  const ad::Var total = a + b;
  return n * a * b * (total + n) / (ad::square(total) * (total + 1.0));
}

template class Elementwise<BetaBinomialFamily>;

}  // namespace ppl::dist
