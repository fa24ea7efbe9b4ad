// Value and gradient of sum(Normal(mu, sigma).log_prob(x)) for 10^6 data
// points, with respect to scalar mu and sigma, three ways: the distribution's
// fused log density (one tape node, what models use), the same formula as
// separate array operations on the tape, and a hand-written Eigen
// computation of the same value and gradient.
//
//   cmake --build build --target bench_normal_logprob
//   ./build/bench_normal_logprob [number of data points, default 1000000]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <random>
#include <vector>

#include "ad/ops.h"
#include "dist/normal.h"

namespace {

constexpr int kRepetitions = 21;
const double kHalfLogTwoPi = 0.5 * std::log(2 * std::numbers::pi);

struct ValueAndGradient {
  double value = 0;
  double d_mu = 0;
  double d_sigma = 0;
};

ValueAndGradient with_tape(ppl::ad::Tape& tape, const ppl::Array& data, double mu_value,
                           double sigma_value) {
  using namespace ppl::ad;
  tape.clear();
  const Var x = tape.constant_view(data);
  const Var mu = tape.leaf(mu_value);
  const Var sigma = tape.leaf(sigma_value);
  const Var log_prob = -0.5 * square((x - mu) / sigma) - log(sigma) - kHalfLogTwoPi;
  const Var total = sum(log_prob);
  tape.backward(total);
  return {total.item(), tape.adjoint(mu).item(), tape.adjoint(sigma).item()};
}

ValueAndGradient with_distribution(ppl::ad::Tape& tape, const ppl::Array& data, double mu_value,
                                   double sigma_value) {
  using namespace ppl::ad;
  tape.clear();
  const Var x = tape.constant_view(data);
  const Var mu = tape.leaf(mu_value);
  const Var sigma = tape.leaf(sigma_value);
  const Var total = ppl::dist::Normal(mu, sigma).log_prob_sum(x);
  tape.backward(total);
  return {total.item(), tape.adjoint(mu).item(), tape.adjoint(sigma).item()};
}

// d/dmu = sum(z) / sigma, d/dsigma = (sum(z^2) - n) / sigma, z = (x - mu) / sigma.
ValueAndGradient by_hand(const Eigen::ArrayXd& x, double mu, double sigma) {
  const double inverse_sigma = 1.0 / sigma;
  const auto z = (x - mu) * inverse_sigma;
  const double sum_z = z.sum();
  const double sum_z2 = z.square().sum();
  const auto n = static_cast<double>(x.size());
  return {-0.5 * sum_z2 - n * (std::log(sigma) + kHalfLogTwoPi), sum_z * inverse_sigma,
          (sum_z2 - n) * inverse_sigma};
}

template <class Run>
double median_seconds(Run run) {
  std::vector<double> seconds;
  for (int r = 0; r < kRepetitions; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t size = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  std::mt19937_64 engine(2024);
  std::normal_distribution<double> normal(0.4, 1.3);
  Eigen::ArrayXd values(size);
  for (double& v : values) v = normal(engine);
  const ppl::Array data(ppl::Shape{size}, values);
  const double mu = 0.3;
  const double sigma = 1.2;

  ppl::ad::Tape fused_tape;
  ValueAndGradient fused_result = with_distribution(fused_tape, data, mu, sigma);
  const double fused_time =
      median_seconds([&] { fused_result = with_distribution(fused_tape, data, mu, sigma); });
  ppl::ad::Tape tape;
  ValueAndGradient tape_result = with_tape(tape, data, mu, sigma);  // warms the buffers
  ValueAndGradient hand_result = by_hand(data.values(), mu, sigma);
  const double tape_time = median_seconds([&] { tape_result = with_tape(tape, data, mu, sigma); });
  const double hand_time = median_seconds([&] { hand_result = by_hand(data.values(), mu, sigma); });

  std::printf("sum(Normal(mu, sigma).log_prob(x)), n = %lld, median of %d runs\n",
              static_cast<long long>(size), kRepetitions);
  std::printf("  Normal.log_prob_sum:     %8.3f ms   value %.10g  d/dmu %.10g  d/dsigma %.10g  (%d nodes)\n",
              fused_time * 1e3, fused_result.value, fused_result.d_mu, fused_result.d_sigma,
              fused_tape.size());
  std::printf("  separate array ops:      %8.3f ms   value %.10g  d/dmu %.10g  d/dsigma %.10g  (%d nodes)\n",
              tape_time * 1e3, tape_result.value, tape_result.d_mu, tape_result.d_sigma,
              tape.size());
  std::printf("  hand-written Eigen:      %8.3f ms   value %.10g  d/dmu %.10g  d/dsigma %.10g\n", hand_time * 1e3,
              hand_result.value, hand_result.d_mu, hand_result.d_sigma);
  std::printf("  fused / Eigen: %.2f   separate ops / Eigen: %.2f\n", fused_time / hand_time,
              tape_time / hand_time);
  const double tolerance = 1e-9 * std::abs(hand_result.value);
  bool agree = std::abs(tape_result.value - hand_result.value) <= tolerance &&
               std::abs(fused_result.value - hand_result.value) <= tolerance &&
               std::abs(fused_result.d_sigma - hand_result.d_sigma) <= 1e-9 * std::abs(hand_result.d_sigma);
  return agree ? 0 : 1;
}
