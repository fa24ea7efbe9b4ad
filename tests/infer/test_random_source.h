#pragma once
// A RandomSource on the standard library's Mersenne Twister, for sampler
// tests that need reproducible draws and nothing else.
#include <random>

#include "infer/mcmc/potential.h"

namespace ppl::test {

class MersenneSource : public infer::RandomSource {
 public:
  explicit MersenneSource(unsigned long long seed) : engine_(seed) {}
  double uniform() override {
    double u;
    do u = uniform_(engine_);
    while (u == 0.0);
    return u;
  }
  double normal() override { return normal_(engine_); }

 private:
  std::mt19937_64 engine_;
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  std::normal_distribution<double> normal_{0.0, 1.0};
};

}  // namespace ppl::test
