#pragma once
// Models whose evidence is known in closed form, for guides whose log q
// must be a normalized density (importance sampling then recovers log Z)
// and whose ELBO is compared with log Z.
#include <cmath>
#include <numbers>

namespace ppl::test {

// a ~ N(0, 1), b ~ N(a, 1), s ~ LogNormal(0, 0.5) (apart), y = 1 observed
// from N(a + b, 0.5): a + b ~ N(0, 5), so log Z = log N(1; 0, sqrt(5.25)).
inline const char* kEvidenceModel = R"(
model {
  a ~ Normal(0, 1)
  b ~ Normal(a, 1)
  s ~ LogNormal(0, 0.5)
  y ~ Normal(a + b, 0.5) obs 1.0
}
)";
inline const double kLogEvidence =
    -0.5 * std::log(2 * std::numbers::pi * 5.25) - 1.0 / (2 * 5.25);

// x1 ~ N(0, 2), x2 ~ N(0.5 (x1^2 - 4), 1): a banana whose joint is
// normalized (log Z = 0), so the ELBO is minus KL(q || p).
inline const char* kBanana = R"(
model {
  x1 ~ Normal(0, 2)
  x2 ~ Normal(0.5 * (x1 * x1 - 4), 1)
}
)";

}  // namespace ppl::test
