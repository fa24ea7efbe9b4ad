// The KL registry, the wrapper rules, Normal || Normal and Delta || any.
#include "dist/kl.h"

#include "ad/ops.h"
#include "dist/delta.h"
#include "dist/expanded.h"
#include "dist/independent.h"
#include "dist/normal.h"
#include "dist/transforms.h"

namespace ppl::dist {

namespace {

// ---- Normal || Normal -----------------------------------------------------------
// With r = (sq / sp)^2: KL = (r + ((mq - mp) / sp)^2 - 1 - log r) / 2.

bool normal_applies(const Distribution& q, const Distribution& p) {
  return dynamic_cast<const Normal*>(&q) && dynamic_cast<const Normal*>(&p);
}

ad::Var normal_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Normal&>(q_);
  const auto& p = dynamic_cast<const Normal&>(p_);
  ad::Var ratio = ad::square(q.parameter("scale") / p.parameter("scale"));
  ad::Var shift = ad::square((q.parameter("loc") - p.parameter("loc")) / p.parameter("scale"));
  ad::Var kl = 0.5 * (ratio + shift - 1.0 - ad::log(ratio));
  return broadcast_var(kl, broadcast_shapes(q.batch_shape(), p.batch_shape()));
}

// ---- Independent || Independent -----------------------------------------------------

bool independent_applies(const Distribution& q_, const Distribution& p_) {
  auto q = dynamic_cast<const Independent*>(&q_);
  auto p = dynamic_cast<const Independent*>(&p_);
  return q && p && q->reinterpreted_batch_ndims() == p->reinterpreted_batch_ndims() &&
         q->event_shape() == p->event_shape() && has_analytic_kl(*q->base(), *p->base());
}

ad::Var independent_kl(const Distribution& q_, const Distribution& p_) {
  const auto& q = dynamic_cast<const Independent&>(q_);
  const auto& p = dynamic_cast<const Independent&>(p_);
  return sum_rightmost(*kl_divergence(*q.base(), *p.base()), q.reinterpreted_batch_ndims());
}

// ---- Expanded on either side ------------------------------------------------------------

const Distribution& unexpanded(const Distribution& d) {
  auto e = dynamic_cast<const Expanded*>(&d);
  return e ? *e->base() : d;
}

bool expanded_applies(const Distribution& q, const Distribution& p) {
  if (!dynamic_cast<const Expanded*>(&q) && !dynamic_cast<const Expanded*>(&p)) return false;
  return has_analytic_kl(unexpanded(q), unexpanded(p));
}

ad::Var expanded_kl(const Distribution& q, const Distribution& p) {
  ad::Var kl = *kl_divergence(unexpanded(q), unexpanded(p));
  return broadcast_var(kl, broadcast_shapes(q.batch_shape(), p.batch_shape()));
}

// ---- Delta || any ------------------------------------------------------------------------

bool delta_applies(const Distribution& q, const Distribution& p) {
  auto d = dynamic_cast<const Delta*>(&q);
  return d && d->event_shape() == p.event_shape();
}

ad::Var delta_kl(const Distribution& q, const Distribution& p) {
  const auto& d = dynamic_cast<const Delta&>(q);
  ad::Var kl = -p.log_prob(d.v());
  return broadcast_var(
      kl, broadcast_shapes(kl.shape(), broadcast_shapes(q.batch_shape(), p.batch_shape())));
}

}  // namespace

const std::vector<KlRule>& kl_rules() {
  static const std::vector<KlRule> rules = [] {
    std::vector<KlRule> r{
        {normal_applies, normal_kl},
        {independent_applies, independent_kl},
        {expanded_applies, expanded_kl},
        {delta_applies, delta_kl},
    };
    add_family_kl_rules(r);
    return r;
  }();
  return rules;
}

bool has_analytic_kl(const Distribution& q, const Distribution& p) {
  for (const KlRule& rule : kl_rules())
    if (rule.applies(q, p)) return true;
  return false;
}

std::optional<ad::Var> kl_divergence(const Distribution& q, const Distribution& p) {
  for (const KlRule& rule : kl_rules())
    if (rule.applies(q, p)) return rule.compute(q, p);
  return std::nullopt;
}

}  // namespace ppl::dist
