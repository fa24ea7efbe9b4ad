// The warnings of a finished MCMC fit: which are given, in which order,
// with which figures, from the fit's numbers alone.
#include <doctest/doctest.h>

#include "infer/mcmc/mcmc_warnings.h"

using namespace ppl;

namespace {

// A fit of two chains and 1000 draws each that warns about nothing.
infer::McmcFit quiet_fit() {
  infer::McmcFit fit;
  fit.reports = {io::ChainReport{}, io::ChainReport{}};
  fit.reports[0].step_size = fit.reports[1].step_size = 0.5;
  fit.draws_per_chain = 1000;
  return fit;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("a fit with nothing to say gives no warnings") {
  CHECK(infer::mcmc_warnings(quiet_fit(), {}, {1000, 2}).empty());
}

TEST_CASE("divergences: advice by cause (undefined points, no warmup, geometry)") {
  infer::McmcFit fit = quiet_fit();
  fit.divergences = 7;
  auto warnings = infer::mcmc_warnings(fit, {}, {1000, 2});
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "7 divergent transitions after warmup; raise --target-accept (e.g. 0.95) or "
        "reparameterize (non-centered).");

  warnings = infer::mcmc_warnings(fit, {}, {0, 2});
  REQUIRE(warnings.size() == 2);
  CHECK(starts_with(warnings[0], "--warmup 0: the step size (the first guess"));
  CHECK(warnings[1] == "7 divergent transitions, with a step size that no warmup adapted.");

  fit.non_finite_evaluations = 3;
  fit.first_non_finite_sites = {"model.ppl:5:7: Normal: scale must be positive, got -1"};
  warnings = infer::mcmc_warnings(fit, {}, {1000, 2});
  REQUIRE(warnings.size() == 2);
  CHECK(starts_with(warnings[0],
                    "the log density was NaN or infinite at 3 points the sampler reached after "
                    "warmup (first at model.ppl:5:7: Normal: scale must be positive, got -1): "));
  CHECK(warnings[1] == "7 divergent transitions after warmup");
}

TEST_CASE("a collapsed step size names its first chain; too few draws are said") {
  infer::McmcFit fit = quiet_fit();
  fit.reports[1].step_size = 4.77e-160;
  fit.draws_per_chain = 3;
  const auto warnings = infer::mcmc_warnings(fit, {}, {1000, 2});
  REQUIRE(warnings.size() == 2);
  CHECK(starts_with(warnings[0], "chain 2's step size is 4.77e-160, so its draws barely move"));
  CHECK(starts_with(warnings[1], "3 draws per chain: too few for R-hat, ESS and MCSE"));
}

TEST_CASE("each param of the model is named as kept at its initial value, by sampler") {
  CHECK(infer::kept_param_warnings({}, infer::SamplerKind::Nuts).empty());
  const auto warnings = infer::kept_param_warnings({"w", "b"}, infer::SamplerKind::StaticHmc);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        "param 'w' keeps its initial value: HMC samples latent sites only; give it a prior "
        "('w ~ ...') to infer it, or fit params by SVI (--guide)");
  CHECK(starts_with(infer::kept_param_warnings({"b"}, infer::SamplerKind::Nuts)[0],
                    "param 'b' keeps its initial value: NUTS samples"));
}
