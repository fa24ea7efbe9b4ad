#include "core/continuous_samplers.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/sampler_checks.h"

namespace ppl {

using sampler_checks::checked_positive;
using sampler_checks::require_finite;
using sampler_checks::require_non_negative;
using sampler_checks::require_positive;

namespace {

// The angle congruent to `angle` in [-pi, pi).
double wrap_angle(double angle) {
  double wrapped = std::remainder(angle, 2.0 * std::numbers::pi);  // in [-pi, pi]
  return wrapped >= std::numbers::pi ? -std::numbers::pi : wrapped;
}

}  // namespace

UniformSampler::UniformSampler(double low, double high) : low_(low), width_(high - low) {
  require_finite("uniform", "low", low);
  require_finite("uniform", "high", high);
  if (!(high > low)) sampler_checks::fail("uniform", "high", fmt::format("greater than low ({})", low), high);
}

double UniformSampler::operator()(RandomStream& stream) const { return low_ + width_ * stream.uniform(); }

ExponentialSampler::ExponentialSampler(double rate) : rate_(rate) { require_positive("exponential", "rate", rate); }

double ExponentialSampler::operator()(RandomStream& stream) const { return -std::log(stream.uniform()) / rate_; }

GammaSampler::GammaSampler(double shape, double rate) : shape_(shape), rate_(rate) {
  require_positive("gamma", "shape", shape);
  require_positive("gamma", "rate", rate);
  log_rate_ = std::log(rate);
  double boosted_shape = shape < 1.0 ? shape + 1.0 : shape;
  tsang_d_ = boosted_shape - 1.0 / 3.0;
  tsang_c_ = 1.0 / std::sqrt(9.0 * tsang_d_);
}

double GammaSampler::draw_boosted_unit_rate(RandomStream& stream) const {
  // Marsaglia and Tsang, "A simple method for generating gamma variables"
  // (ACM TOMS 2000): d (1 + c X)^3 for normal X, with a cheap squeeze
  // before the exact log test.
  for (;;) {
    double x = stream.normal();
    double t = 1.0 + tsang_c_ * x;
    if (t <= 0.0) continue;
    double v = t * t * t;
    double u = stream.uniform();
    double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return tsang_d_ * v;
    if (std::log(u) < 0.5 * x2 + tsang_d_ * (1.0 - v + std::log(v))) return tsang_d_ * v;
  }
}

double GammaSampler::operator()(RandomStream& stream) const {
  double draw = draw_boosted_unit_rate(stream);
  if (shape_ < 1.0) draw *= std::pow(stream.uniform(), 1.0 / shape_);
  return draw / rate_;
}

double GammaSampler::draw_log(RandomStream& stream) const {
  double log_draw = std::log(draw_boosted_unit_rate(stream));
  if (shape_ < 1.0) log_draw += std::log(stream.uniform()) / shape_;
  return log_draw - log_rate_;
}

BetaSampler::BetaSampler(double concentration1, double concentration0)
    : gamma1_(checked_positive("beta", "concentration1", concentration1)),
      gamma0_(checked_positive("beta", "concentration0", concentration0)) {}

double BetaSampler::operator()(RandomStream& stream) const {
  double log_x = gamma1_.draw_log(stream);
  double log_y = gamma0_.draw_log(stream);
  return 1.0 / (1.0 + std::exp(log_y - log_x));
}

DirichletSampler::DirichletSampler(const Eigen::ArrayXd& concentration) {
  if (concentration.size() == 0) throw Error("dirichlet sampler: concentration must have at least one element, got 0");
  gammas_.reserve(concentration.size());
  for (Eigen::Index k = 0; k < concentration.size(); ++k) {
    require_positive("dirichlet", fmt::format("concentration[{}]", k), concentration[k]);
    gammas_.emplace_back(concentration[k]);
  }
}

Eigen::ArrayXd DirichletSampler::operator()(RandomStream& stream) const {
  Eigen::ArrayXd log_draws(static_cast<Eigen::Index>(gammas_.size()));
  for (std::size_t k = 0; k < gammas_.size(); ++k) log_draws[k] = gammas_[k].draw_log(stream);
  Eigen::ArrayXd weights = (log_draws - log_draws.maxCoeff()).exp();
  return weights / weights.sum();
}

StudentTSampler::StudentTSampler(double df, double loc, double scale)
    : df_(df), loc_(loc), scale_(scale), chi_square_(0.5 * checked_positive("student t", "df", df), 0.5) {
  require_finite("student t", "loc", loc);
  require_positive("student t", "scale", scale);
}

double StudentTSampler::operator()(RandomStream& stream) const {
  double z = stream.normal();
  // z / sqrt(V / df), through logarithms: V underflows for tiny df.
  return loc_ + scale_ * z * std::exp(-0.5 * (chi_square_.draw_log(stream) - std::log(df_)));
}

double StandardCauchy::draw(RandomStream& stream) {
  return std::tan(std::numbers::pi * (stream.uniform() - 0.5));
}

double StandardLaplace::draw(RandomStream& stream) {
  double centered = stream.uniform() - 0.5;  // exact; 1 - 2|centered| >= 2^-52
  return -std::copysign(std::log1p(-2.0 * std::abs(centered)), centered);
}

double StandardLogistic::draw(RandomStream& stream) {
  double u = stream.uniform();
  return std::log(u) - std::log1p(-u);
}

double StandardGumbel::draw(RandomStream& stream) { return -std::log(-std::log(stream.uniform())); }

VonMisesSampler::VonMisesSampler(double loc, double concentration) : loc_(loc), concentration_(concentration) {
  require_finite("von mises", "loc", loc);
  require_non_negative("von mises", "concentration", concentration);
  // Best and Fisher: tau = 1 + s, s = sqrt(1 + 4 k^2),
  // rho = (tau - sqrt(2 tau)) / (2 k), r = (1 + rho^2) / (2 rho).
  // Rewritten without cancellation, using tau - 2 = 4 k^2 / (s + 1) and
  // s - 2 k = 1 / (s + 2 k):
  //   rho     = [2 k / (s + 1)] * [sqrt(tau) / (sqrt(tau) + sqrt(2))]
  //   1 - rho = [sqrt(tau) (1 + 1 / (s + 2 k)) / (s + 1) + sqrt(2)] / (sqrt(tau) + sqrt(2))
  //   r - 1   = (1 - rho)^2 / (2 rho)
  double k = concentration;
  double s = std::hypot(1.0, 2.0 * k);
  double sqrt_tau = std::sqrt(1.0 + s);
  double rho = (2.0 * k / (s + 1.0)) * (sqrt_tau / (sqrt_tau + std::numbers::sqrt2));
  double one_minus_rho =
      (sqrt_tau * (1.0 + 1.0 / (s + 2.0 * k)) / (s + 1.0) + std::numbers::sqrt2) / (sqrt_tau + std::numbers::sqrt2);
  r_minus_one_ = one_minus_rho * one_minus_rho / (2.0 * rho);
  uniform_ = !std::isfinite(r_minus_one_);  // k == 0, or so small that 1 / k overflows
}

double VonMisesSampler::operator()(RandomStream& stream) const {
  if (uniform_) return wrap_angle(loc_ + std::numbers::pi * (2.0 * stream.uniform() - 1.0));
  double one_minus_f;
  for (;;) {
    // z = cos(pi u1), f = (1 + r z) / (r + z), c = k (r - f), with
    // 1 - z, 1 + z and 1 - f = (r - 1)(1 - z) / (r + z) kept exact near f = 1.
    double half_angle = 0.5 * std::numbers::pi * stream.uniform();
    double one_minus_z = 2.0 * std::sin(half_angle) * std::sin(half_angle);
    double one_plus_z = 2.0 * std::cos(half_angle) * std::cos(half_angle);
    one_minus_f = r_minus_one_ * one_minus_z / (r_minus_one_ + one_plus_z);
    double c = concentration_ * (r_minus_one_ + one_minus_f);
    double u2 = stream.uniform();
    if (c * (2.0 - c) > u2) break;
    if (std::log(c / u2) + 1.0 - c >= 0.0) break;
  }
  double angle = 2.0 * std::asin(std::sqrt(std::min(1.0, 0.5 * one_minus_f)));  // acos(f)
  if (stream.uniform() < 0.5) angle = -angle;
  return wrap_angle(loc_ + angle);
}

}  // namespace ppl
