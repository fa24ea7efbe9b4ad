#include "core/discrete_samplers.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "core/sampler_checks.h"
#include "core/special_functions.h"

namespace ppl {

using sampler_checks::require_finite;
using sampler_checks::require_non_negative;

namespace {

void require_probability(std::string_view sampler, double probs) {
  require_finite(sampler, "probs", probs);
  if (!(probs >= 0.0 && probs <= 1.0)) sampler_checks::fail(sampler, "probs", "in [0, 1]", probs);
}

// Below this mean, Poisson and binomial draws invert the CDF; from it on,
// transformed rejection (whose constants are fitted for means >= 10).
constexpr double rejection_from_mean = 10.0;

}  // namespace

PoissonSampler::PoissonSampler(double rate) : rate_(rate) {
  require_non_negative("poisson", "rate", rate);
  exp_minus_rate_ = std::exp(-rate);
  if (rate < rejection_from_mean) return;
  // Hörmann's PTRS constants (1993, algorithm PTRS).
  log_rate_ = std::log(rate);
  b_ = 0.931 + 2.53 * std::sqrt(rate);
  a_ = -0.059 + 0.02483 * b_;
  inv_alpha_ = 1.1239 + 1.1328 / (b_ - 3.4);
  v_r_ = 0.9277 - 3.6224 / (b_ - 2.0);
}

double PoissonSampler::operator()(RandomStream& stream) const {
  return rate_ < rejection_from_mean ? draw_by_inversion(stream) : draw_by_ptrs(stream);
}

double PoissonSampler::draw_by_inversion(RandomStream& stream) const {
  double u = stream.uniform();
  double k = 0.0;
  double probability = exp_minus_rate_;
  double cdf = probability;
  while (u > cdf) {
    k += 1.0;
    probability *= rate_ / k;
    double next_cdf = cdf + probability;
    if (next_cdf == cdf) break;  // rounding left the CDF just below u: the tail beyond is < 1e-16
    cdf = next_cdf;
  }
  return k;
}

double PoissonSampler::draw_by_ptrs(RandomStream& stream) const {
  for (;;) {
    double u = stream.uniform() - 0.5;
    double v = stream.uniform();
    double us = 0.5 - std::abs(u);
    double k = std::floor((2.0 * a_ / us + b_) * u + rate_ + 0.43);
    if (us >= 0.07 && v <= v_r_) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha_) - std::log(a_ / (us * us) + b_) <=
        -rate_ + k * log_rate_ - special::lgamma(k + 1.0))
      return k;
  }
}

BinomialSampler::BinomialSampler(std::int64_t total_count, double probs) : n_(total_count) {
  if (total_count < 0)
    sampler_checks::fail("binomial", "total_count", "non-negative", static_cast<double>(total_count));
  require_probability("binomial", probs);
  reflected_ = probs > 0.5;
  p_ = reflected_ ? 1.0 - probs : probs;
  double n = static_cast<double>(n_);
  double q = 1.0 - p_;
  // BINV: P(0) = q^n, P(k) = P(k-1) (a / k - odds).
  q_pow_n_ = std::exp(n * std::log1p(-p_));
  odds_ = p_ / q;
  inversion_a_ = (n + 1.0) * odds_;
  if (n * p_ < rejection_from_mean) return;
  // Hörmann's BTRS constants (1993, algorithm BTRS).
  double spq = std::sqrt(n * p_ * q);
  b_ = 1.15 + 2.53 * spq;
  a_ = -0.0873 + 0.0248 * b_ + 0.01 * p_;
  c_ = n * p_ + 0.5;
  v_r_ = 0.92 - 4.2 / b_;
  alpha_ = (2.83 + 5.1 / b_) * spq;
  log_odds_ = std::log(odds_);
  mode_ = std::floor((n + 1.0) * p_);
  h_ = special::lgamma(mode_ + 1.0) + special::lgamma(n - mode_ + 1.0);
}

double BinomialSampler::operator()(RandomStream& stream) const {
  double n = static_cast<double>(n_);
  double k = n * p_ < rejection_from_mean ? draw_by_inversion(stream) : draw_by_btrs(stream);
  return reflected_ ? n - k : k;
}

double BinomialSampler::draw_by_inversion(RandomStream& stream) const {
  double n = static_cast<double>(n_);
  for (;;) {
    double u = stream.uniform();
    double k = 0.0;
    double probability = q_pow_n_;
    while (u > probability) {
      u -= probability;
      k += 1.0;
      probability *= inversion_a_ / k - odds_;
      // Rounding left u above the whole CDF (a chance below 1e-15): draw again.
      if (k > n || probability <= 0.0) break;
    }
    if (k <= n && u <= probability) return k;
  }
}

double BinomialSampler::draw_by_btrs(RandomStream& stream) const {
  double n = static_cast<double>(n_);
  for (;;) {
    double u = stream.uniform() - 0.5;
    double v = stream.uniform();
    double us = 0.5 - std::abs(u);
    double k = std::floor((2.0 * a_ / us + b_) * u + c_);
    if (k < 0.0 || k > n) continue;
    if (us >= 0.07 && v <= v_r_) return k;
    double log_v = std::log(v * alpha_ / (a_ / (us * us) + b_));
    if (log_v <= h_ - special::lgamma(k + 1.0) - special::lgamma(n - k + 1.0) + (k - mode_) * log_odds_) return k;
  }
}

GeometricSampler::GeometricSampler(double probs) {
  require_probability("geometric", probs);
  if (probs == 0.0) sampler_checks::fail("geometric", "probs", "positive", probs);
  log1m_probs_ = std::log1p(-probs);
}

double GeometricSampler::operator()(RandomStream& stream) const {
  // + 0.0 turns the -0 of probs == 1 (log(u) / -inf) into 0.
  return std::floor(std::log(stream.uniform()) / log1m_probs_) + 0.0;
}

CategoricalSampler::CategoricalSampler(std::vector<double> cumulative) : cumulative_(std::move(cumulative)) {
  std::size_t last = cumulative_.size() - 1;
  while (last > 0 && cumulative_[last] == cumulative_[last - 1]) --last;
  last_possible_ = static_cast<double>(last);
}

CategoricalSampler CategoricalSampler::from_probs(const Eigen::ArrayXd& probs) {
  if (probs.size() == 0) throw Error("categorical sampler: probs must have at least one element, got 0");
  for (Eigen::Index k = 0; k < probs.size(); ++k)
    require_non_negative("categorical", fmt::format("probs[{}]", k), probs[k]);
  double largest = probs.maxCoeff();
  if (largest == 0.0) throw Error("categorical sampler: probs must have a positive element, got all zeros");
  // Scaled by the largest weight so that the sums neither overflow nor underflow.
  std::vector<double> cumulative(probs.size());
  double sum = 0.0;
  for (Eigen::Index k = 0; k < probs.size(); ++k) cumulative[k] = sum += probs[k] / largest;
  return CategoricalSampler(std::move(cumulative));
}

CategoricalSampler CategoricalSampler::from_logits(const Eigen::ArrayXd& logits) {
  if (logits.size() == 0) throw Error("categorical sampler: logits must have at least one element, got 0");
  for (Eigen::Index k = 0; k < logits.size(); ++k)
    if (std::isnan(logits[k]) || logits[k] == std::numeric_limits<double>::infinity())
      sampler_checks::fail("categorical", fmt::format("logits[{}]", k), "finite or -inf", logits[k]);
  double largest = logits.maxCoeff();
  if (largest == -std::numeric_limits<double>::infinity())
    throw Error("categorical sampler: logits must have a finite element, got all -inf");
  return from_probs((logits - largest).exp());
}

double CategoricalSampler::operator()(RandomStream& stream) const {
  double target = stream.uniform() * cumulative_.back();
  auto found = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
  if (found == cumulative_.end()) return last_possible_;  // target rounded up to the total
  return static_cast<double>(found - cumulative_.begin());
}

}  // namespace ppl
