#pragma once
// What `ppl check-elbo` measures about a model and guide: the ELBO over many
// independent particles with its Monte Carlo standard error, each site's
// mean contribution, the variance of the gradient estimate, the guide
// sites whose distribution depends on no param, and the comparison of two
// model/guide pairs on common random numbers.
#include <map>
#include <string>
#include <vector>

#include "infer/elbo/elbo.h"
#include "infer/elbo/model_guide_checks.h"

namespace ppl::infer {

struct SiteContribution {
  double log_p = 0, log_q = 0, kl = 0;  // means over particles
  bool has_p = false, has_q = false, has_kl = false;
};

struct ElboReport {
  int particles = 0;
  double elbo = 0, standard_error = 0;
  std::vector<double> particle_elbos;  // one per particle, in key order
  std::map<std::string, SiteContribution> sites;
  double gradient_variance = 0;  // summed over coordinates
  double gradient_norm = 0;      // of the mean gradient
};

// `particles` single-particle evaluations keyed fold_in(key, i): the same
// key gives a second pair the same guide draws where its sites are named
// alike (common random numbers).
ElboReport estimate_elbo(ElboObjective& objective, int particles, RandomKey key);

// Guide sample sites that no param reaches: neither their log density at
// their own draw held fixed nor the draw itself has a gradient in any param.
std::vector<std::string> param_free_guide_sites(ElboObjective& objective, RandomKey key);

// Everything `fit`, `check-elbo` and `check --guide` find about a guide
// program against its model from one particle: errors (sites on one side
// only, supports, shapes) and warnings (factors in the guide, sites no
// param reaches).
std::vector<GuideFinding> model_guide_findings(ElboObjective& objective, RandomKey key);

struct ElboComparison {
  enum class Verdict { EqualExactly, EqualWithinError, Different };
  Verdict verdict = Verdict::EqualWithinError;
  double difference = 0, standard_error = 0, largest_particle_difference = 0;
  // Sites whose mean log p - log q differ between the pairs: under a
  // different verdict, where the difference lies; under an equal one, terms
  // divided differently among the sites, which cancel in the total.
  std::vector<std::string> differing_sites;
  std::string to_string() const;
  // The line that names `differing_sites` as the verdict reads them; empty
  // when there are none.
  std::string sites_to_string() const;
};

ElboComparison compare_elbos(const ElboReport& first, const ElboReport& second);

}  // namespace ppl::infer
