#include "dist/registry.h"

#include "dist/asymmetric_laplace.h"
#include "dist/beta.h"
#include "dist/beta_binomial.h"
#include "dist/beta_proportion.h"
#include "dist/cauchy.h"
#include "dist/chi2.h"
#include "dist/discrete_uniform.h"
#include "dist/elementwise_entry.h"
#include "dist/exponential.h"
#include "dist/gamma.h"
#include "dist/gamma_poisson.h"
#include "dist/gumbel.h"
#include "dist/half_cauchy.h"
#include "dist/half_normal.h"
#include "dist/inverse_gamma.h"
#include "dist/kumaraswamy.h"
#include "dist/laplace.h"
#include "dist/log_normal.h"
#include "dist/log_uniform.h"
#include "dist/logistic.h"
#include "dist/negative_binomial2.h"
#include "dist/normal.h"
#include "dist/pareto.h"
#include "dist/poisson.h"
#include "dist/skew_normal.h"
#include "dist/student_t.h"
#include "dist/uniform.h"
#include "dist/von_mises.h"
#include "dist/weibull.h"
#include "dist/zero_inflated_negative_binomial2.h"
#include "dist/zero_inflated_poisson.h"

namespace ppl::dist {

namespace {

std::vector<DistributionEntry> make_registry() {
  std::vector<DistributionEntry> list{
      elementwise_entry<NormalFamily>(),
      elementwise_entry<HalfNormalFamily>(),
      elementwise_entry<LogNormalFamily>(),
      elementwise_entry<CauchyFamily>(),
      elementwise_entry<HalfCauchyFamily>(),
      elementwise_entry<StudentTFamily>(),
      elementwise_entry<LaplaceFamily>(),
      elementwise_entry<LogisticFamily>(),
      elementwise_entry<GumbelFamily>(),
      elementwise_entry<ExponentialFamily>(),
      elementwise_entry<GammaFamily>(),
      elementwise_entry<InverseGammaFamily>(),
      elementwise_entry<BetaFamily>(),
      elementwise_entry<UniformFamily>(),
      elementwise_entry<WeibullFamily>(),
      elementwise_entry<VonMisesFamily>(),
      elementwise_entry<PoissonFamily>(),
      elementwise_entry<GammaPoissonFamily>(),
      elementwise_entry<NegativeBinomial2Family>(),
      elementwise_entry<ZeroInflatedPoissonFamily>(),
      elementwise_entry<BetaBinomialFamily>(),
      elementwise_entry<Chi2Family>(),
      elementwise_entry<ParetoFamily>(),
      elementwise_entry<KumaraswamyFamily>(),
      elementwise_entry<AsymmetricLaplaceFamily>(),
      elementwise_entry<BetaProportionFamily>(),
      elementwise_entry<DiscreteUniformFamily>(),
      elementwise_entry<ZeroInflatedNegativeBinomial2Family>(),
      elementwise_entry<SkewNormalFamily>(),
      elementwise_entry<LogUniformFamily>(),
  };
  add_continuous_entries(list);
  add_discrete_entries(list);
  add_multivariate_entries(list);
  return list;
}

}  // namespace

const std::vector<DistributionEntry>& distribution_registry() {
  static const std::vector<DistributionEntry> registry = make_registry();
  return registry;
}

const DistributionEntry* find_distribution_entry(std::string_view name) {
  for (const DistributionEntry& entry : distribution_registry())
    if (entry.spec.name == name) return &entry;
  return nullptr;
}

}  // namespace ppl::dist
