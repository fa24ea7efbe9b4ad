// Closed-form KL divergences between members of one family (kl.h).
#include "ad/ops.h"
#include "core/array_math.h"
#include "dist/bernoulli.h"
#include "dist/beta.h"
#include "dist/categorical.h"
#include "dist/dirichlet.h"
#include "dist/gamma.h"
#include "dist/kl.h"
#include "dist/low_rank_multivariate_normal.h"
#include "dist/multivariate_normal.h"
#include "dist/transforms_detail.h"

namespace ppl::dist {

namespace {

template <class Q, class P>
bool both(const Distribution& q, const Distribution& p) {
  return dynamic_cast<const Q*>(&q) && dynamic_cast<const P*>(&p);
}

ad::Var with_batch(ad::Var kl, const Distribution& q, const Distribution& p) {
  return broadcast_var(kl, broadcast_shapes(q.batch_shape(), p.batch_shape()));
}

// ---- Gamma(a, b) || Gamma(c, d), shape a and rate b ---------------------------------
// (a - c) psi(a) - lgamma(a) + lgamma(c) + c (log b - log d) + a (d - b) / b

ad::Var gamma_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Gamma&>(q_);
  const auto& p = dynamic_cast<const Gamma&>(p_);
  ad::Var a = q.parameter("concentration"), b = q.parameter("rate"),
          c = p.parameter("concentration"), d = p.parameter("rate");
  ad::Var kl = (a - c) * ad::digamma(a) - ad::lgamma(a) + ad::lgamma(c) +
               c * (ad::log(b) - ad::log(d)) + a * (d - b) / b;
  return with_batch(kl, q, p);
}

// ---- Beta(a, b) || Beta(c, d) ------------------------------------------------------------
// log B(c, d) - log B(a, b) + (a - c) psi(a) + (b - d) psi(b) + (c - a + d - b) psi(a + b)

ad::Var log_beta_function(ad::Var a, ad::Var b) {
  return ad::lgamma(a) + ad::lgamma(b) - ad::lgamma(a + b);
}

ad::Var beta_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Beta&>(q_);
  const auto& p = dynamic_cast<const Beta&>(p_);
  ad::Var a = q.parameter("concentration1"), b = q.parameter("concentration0");
  ad::Var c = p.parameter("concentration1"), d = p.parameter("concentration0");
  ad::Var kl = log_beta_function(c, d) - log_beta_function(a, b) + (a - c) * ad::digamma(a) +
               (b - d) * ad::digamma(b) + (c - a + d - b) * ad::digamma(a + b);
  return with_batch(kl, q, p);
}

// ---- Dirichlet(a) || Dirichlet(b) -------------------------------------------------------------
// lgamma(a0) - sum lgamma(a) - lgamma(b0) + sum lgamma(b) + sum (a - b) (psi(a) - psi(a0))

bool dirichlet_applies(const Distribution& q, const Distribution& p) {
  return both<Dirichlet, Dirichlet>(q, p) && q.event_shape() == p.event_shape();
}

ad::Var dirichlet_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Dirichlet&>(q_);
  const auto& p = dynamic_cast<const Dirichlet&>(p_);
  ad::Var a = q.concentration(), b = p.concentration();
  ad::Var a0 = ad::sum(a, -1, true), b0 = ad::sum(b, -1);
  ad::Var kl = ad::lgamma(ad::sum(a, -1)) - ad::sum(ad::lgamma(a), -1) - ad::lgamma(b0) +
               ad::sum(ad::lgamma(b), -1) +
               ad::sum((a - b) * (ad::digamma(a) - ad::digamma(a0)), -1);
  return with_batch(kl, q, p);
}

// ---- Bernoulli || Bernoulli, Categorical || Categorical ----------------------------------------
// sum_k q_k (log q_k - log p_k), the terms with q_k = 0 counting 0.

ad::Var weighted_log_ratio(ad::Var q_probs, ad::Var log_q, ad::Var log_p) {
  ad::Tape& tape = q_probs.tape();
  const Array positive = greater(q_probs.value(), Array(0.0));
  return ad::where(tape.constant(positive), q_probs * (log_q - log_p), tape.constant(0.0));
}

ad::Var bernoulli_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Bernoulli&>(q_);
  const auto& p = dynamic_cast<const Bernoulli&>(p_);
  ad::Var lq = q.logits(), lp = p.logits();
  ad::Var pq = q.probs();
  ad::Var kl = weighted_log_ratio(pq, ad::log_sigmoid(lq), ad::log_sigmoid(lp)) +
               weighted_log_ratio(1.0 - pq, ad::log_sigmoid(-lq), ad::log_sigmoid(-lp));
  return with_batch(kl, q, p);
}

bool categorical_applies(const Distribution& q, const Distribution& p) {
  auto a = dynamic_cast<const Categorical*>(&q);
  auto b = dynamic_cast<const Categorical*>(&p);
  return a && b && a->num_categories() == b->num_categories();
}

ad::Var categorical_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Categorical&>(q_);
  const auto& p = dynamic_cast<const Categorical&>(p_);
  ad::Var kl = ad::sum(weighted_log_ratio(q.probs(), q.log_probs(), p.log_probs()), -1);
  return with_batch(kl, q, p);
}

// ---- Gaussians ----------------------------------------------------------------------------------
// With covariances Lq Lqᵀ and Lp Lpᵀ:
// KL = (|Lp^-1 Lq|_F^2 + |Lp^-1 (mp - mq)|^2 - D) / 2 + log|det Lp| - log|det Lq|.

ad::Var gaussian_kl(ad::Var q_loc, ad::Var q_tril, ad::Var p_loc, ad::Var p_tril,
                    const Distribution& q, const Distribution& p) {
  const int64_t d = q.event_shape()[0];
  const Shape batch = broadcast_shapes(q.batch_shape(), p.batch_shape());
  const Shape full = detail::concat_shapes(batch, Shape{d});
  const int64_t n = batch.numel();
  ad::Var diff = ad::reshape(broadcast_var(p_loc - q_loc, full), Shape{n, d});
  ad::Var solved = ad::solve_lower_triangular(p_tril, ad::transpose(diff));  // [D, N]
  ad::Var quadratic = ad::reshape(ad::sum(ad::square(solved), 0), batch);
  ad::Var trace = ad::sum(ad::square(ad::solve_lower_triangular(p_tril, q_tril)));
  ad::Var kl = 0.5 * (trace + quadratic - static_cast<double>(d)) +
               ad::log_abs_det_triangular(p_tril) - ad::log_abs_det_triangular(q_tril);
  return kl;
}

bool mvn_applies(const Distribution& q, const Distribution& p) {
  return both<MultivariateNormal, MultivariateNormal>(q, p) && q.event_shape() == p.event_shape();
}

ad::Var mvn_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const MultivariateNormal&>(q_);
  const auto& p = dynamic_cast<const MultivariateNormal&>(p_);
  return gaussian_kl(q.loc(), q.scale_tril(), p.loc(), p.scale_tril(), q, p);
}

bool low_rank_mvn_applies(const Distribution& q, const Distribution& p) {
  return both<LowRankMultivariateNormal, MultivariateNormal>(q, p) &&
         q.event_shape() == p.event_shape();
}

// The low-rank covariance W Wᵀ + diag(d) is formed and factorized: O(D^3).
ad::Var low_rank_mvn_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const LowRankMultivariateNormal&>(q_);
  const auto& p = dynamic_cast<const MultivariateNormal&>(p_);
  return gaussian_kl(*q.mean(), ad::cholesky(q.covariance_matrix()), p.loc(), p.scale_tril(), q, p);
}

}  // namespace

void add_family_kl_rules(std::vector<KlRule>& rules) {
  rules.push_back({both<Gamma, Gamma>, gamma_kl});
  rules.push_back({both<Beta, Beta>, beta_kl});
  rules.push_back({dirichlet_applies, dirichlet_kl});
  rules.push_back({both<Bernoulli, Bernoulli>, bernoulli_kl});
  rules.push_back({categorical_applies, categorical_kl});
  rules.push_back({mvn_applies, mvn_kl});
  rules.push_back({low_rank_mvn_applies, low_rank_mvn_kl});
}

}  // namespace ppl::dist
