#pragma once
// Closed-form Kullback-Leibler divergences KL(q || p) = E_q[log q(x) - log p(x)].
//
// kl_divergence returns KL with the broadcast of the two batch shapes (summed
// over the event dims), on the distributions' tape and differentiable in
// their parameters, or nullopt when no closed form is registered for the
// pair. Registered pairs (rules are tried in order; the first that applies
// computes):
//   Normal || Normal
//   Independent(q, n) || Independent(p, n) of a registered pair (equal n):
//     the base KL summed over the n reinterpreted dims
//   Expanded(q) || p, q || Expanded(p): the unexpanded KL broadcast to the
//     broadcast of the batch shapes
//   Delta(v, log_density) || any p with log_prob: -p.log_prob(v) (Pyro's and
//     NumPyro's convention: the point mass counts as entropy-free and its
//     log_density weight is not part of the divergence)
//   Gamma || Gamma, Beta || Beta, Dirichlet || Dirichlet,
//   Bernoulli || Bernoulli, Categorical || Categorical (terms with q's
//     probability 0 count 0),
//   MultivariateNormal || MultivariateNormal,
//   LowRankMultivariateNormal || MultivariateNormal
//
// Extension point: a new pair is a KlRule, a pair of plain functions
// (applies, compute) that dynamic_cast the two distributions; add it to the
// list in kl_rules() (kl.cpp). A wrapper rule calls kl_divergence on the
// wrapped distributions, so wrappers compose with every family.
#include <optional>
#include <vector>

#include "dist/distribution.h"

namespace ppl::dist {

std::optional<ad::Var> kl_divergence(const Distribution& q, const Distribution& p);
bool has_analytic_kl(const Distribution& q, const Distribution& p);

struct KlRule {
  bool (*applies)(const Distribution& q, const Distribution& p);
  // Called only when applies(q, p).
  ad::Var (*compute)(const Distribution& q, const Distribution& p);
};

// The registered rules, in the order they are tried.
const std::vector<KlRule>& kl_rules();

// The rules of the distribution families (kl_families.cpp).
void add_family_kl_rules(std::vector<KlRule>& rules);

}  // namespace ppl::dist
