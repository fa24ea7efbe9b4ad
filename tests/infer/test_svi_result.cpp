// The ELBO an SVI fit reports: minus the mean loss over its last 10% of steps.
#include <doctest/doctest.h>

#include <cmath>

#include "infer/svi/svi.h"

TEST_CASE("the final ELBO is minus the mean of the last tenth of the losses (at least one)") {
  ppl::infer::SviResult result;
  CHECK(std::isnan(result.final_elbo()));
  result.losses = {9.0, 5.0};
  CHECK(result.final_elbo() == -5.0);
  result.losses.assign(20, 1.0);
  result.losses[18] = 2.0;
  result.losses[19] = 4.0;
  CHECK(result.final_elbo() == -3.0);
}
