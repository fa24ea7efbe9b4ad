#include "dist/beta_binomial.h"

#include <cmath>
#include <limits>

#include "ad/ops.h"
#include "core/broadcast.h"
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
  struct Sampler {
    BetaSampler p;
    int64_t n;
    double operator()(RandomStream& stream) const { return BinomialSampler(n, p(stream))(stream); }
  };
  return draw_by_element(d, key, shape, [](double a, double b, double n) {
    return Sampler{BetaSampler(a, b), static_cast<int64_t>(n)};
  });
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

// The tails as finite sums of the mass: log F(k) = logsumexp of log p(j)
// over j = 0..floor(k), log S(k) over j = floor(k) + 1..n, each summed on
// its own side so that both keep their digits far in the tail. Through
// log_prob, both are differentiable in the two concentrations.
namespace {

ad::Var mass_sum(const BetaBinomial& d, const ad::Var& k, bool upper) {
  ad::Tape& tape = d.tape();
  const Shape shape = broadcast_shapes(k.shape(), d.batch_shape());
  const Eigen::ArrayXd n = broadcast_to(d.parameter("total_count").value(), shape).values();
  const Eigen::ArrayXd counts = broadcast_to(k.value(), shape).values().floor();
  const int64_t terms = static_cast<int64_t>(n.size() ? n.maxCoeff() : 0.0) + 1;
  // The counts 0..max n along a new leading axis; the mass at each.
  Shape grid_shape{terms};
  for (int i = 0; i < shape.rank(); ++i) grid_shape.push_back(1);
  Eigen::ArrayXd grid(terms);
  for (int64_t j = 0; j < terms; ++j) grid[j] = static_cast<double>(j);
  Shape full{terms};
  for (int64_t dim : shape.dims()) full.push_back(dim);
  const ad::Var log_mass =
      broadcast_var(d.log_prob(tape.constant(Array(grid_shape, std::move(grid)))), full);
  // Which terms each element sums; an element with none gets -inf.
  Eigen::ArrayXd included(full.numel());
  Eigen::ArrayXd any(shape.numel());
  any.setZero();
  for (int64_t j = 0; j < terms; ++j)
    for (Eigen::Index i = 0; i < counts.size(); ++i) {
      const bool in_support = static_cast<double>(j) <= n[i];
      const bool side = upper ? static_cast<double>(j) > counts[i] : static_cast<double>(j) <= counts[i];
      included[j * counts.size() + i] = in_support && side ? 1.0 : 0.0;
      if (in_support && side) any[i] = 1.0;
    }
  const ad::Var mask = tape.constant(Array(full, std::move(included)));
  // Lanes without terms sum their unmasked mass instead, so that no -inf
  // minus -inf reaches the gradient; the last where discards them.
  const ad::Var has_terms = tape.constant(Array(shape, any));
  const ad::Var summed = ad::logsumexp(
      ad::where(mask, log_mass,
                ad::where(broadcast_var(has_terms, full), tape.constant(-detail::kInfinity),
                          log_mass)),
      0);
  const ad::Var none = tape.constant(Array::full(shape, -detail::kInfinity));
  ad::Var tail = ad::where(has_terms, summed, none);
  // Every term included: exactly log 1 = 0; a NaN count stays NaN.
  Eigen::ArrayXd whole(shape.numel()), nan_count(shape.numel());
  const Eigen::ArrayXd raw = broadcast_to(k.value(), shape).values();
  for (Eigen::Index i = 0; i < raw.size(); ++i) {
    whole[i] = (upper ? raw[i] < 0.0 : raw[i] >= n[i]) ? 1.0 : 0.0;
    nan_count[i] = std::isnan(raw[i]) ? 1.0 : 0.0;
  }
  tail = ad::where(tape.constant(Array(shape, whole)), tape.constant(Array::zeros(shape)), tail);
  return ad::where(tape.constant(Array(shape, nan_count)),
                   tape.constant(Array::full(shape, std::numeric_limits<double>::quiet_NaN())), tail);
}

}  // namespace

ad::Var log_cdf_of(const BetaBinomial& d, ad::Var k) { return mass_sum(d, k, false); }
ad::Var log_survival_of(const BetaBinomial& d, ad::Var k) { return mass_sum(d, k, true); }
ad::Var cdf_of(const BetaBinomial& d, ad::Var k) { return ad::exp(mass_sum(d, k, false)); }

template class Elementwise<BetaBinomialFamily>;

}  // namespace ppl::dist
