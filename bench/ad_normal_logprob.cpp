// Value and gradient of sum(Normal(mu, sigma).log_prob(x)) for 10^6 data
// points, with respect to scalar mu and sigma, four ways: the distribution's
// fused log_prob_sum (one tape node, what models use; with one-element
// parameters it takes Normal's algebraic form), ad::sum of the
// distribution's elementwise log_prob, the same formula as separate array
// operations on the tape (whose sum ad/algebraic_sums.h rewrites; the
// elementwise values of both, deferred, are never written), and a
// hand-written Eigen computation of the same value and gradient. Each tape
// path is timed twice: recorded and differentiated (a model's first
// evaluation, or one that cannot be replayed), and replayed and
// differentiated at new leaf values (what HMC and SVI do at every later
// step). Prints each time over the Eigen one;
// exits 1 when a value or either gradient of a tape path differs from the
// Eigen one.
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

// The summed Normal log density of `data` at (mu, sigma) and its gradient,
// with the sum written by `log_density(x, mu, sigma)` on a cleared tape.
template <class LogDensity>
ValueAndGradient evaluate(ppl::ad::Tape& tape, const ppl::Array& data, double mu_value,
                          double sigma_value, LogDensity log_density) {
  using namespace ppl::ad;
  tape.clear();
  const Var x = tape.constant_view(data);
  const Var mu = tape.leaf(mu_value);
  const Var sigma = tape.leaf(sigma_value);
  const Var total = log_density(x, mu, sigma);
  tape.backward(total);
  return {total.item(), tape.adjoint(mu).item(), tape.adjoint(sigma).item()};
}

// The same on a tape recorded once by `log_density`, replayed at the leaf values.
struct Replayed {
  ppl::ad::Tape tape;
  ppl::ad::Var mu, sigma, total;

  template <class LogDensity>
  Replayed(const ppl::Array& data, LogDensity log_density) {
    const ppl::ad::Var x = tape.constant_view(data);
    mu = tape.leaf(0.0);
    sigma = tape.leaf(1.0);
    total = log_density(x, mu, sigma);
  }
  ValueAndGradient evaluate(double mu_value, double sigma_value) {
    tape.leaf_values(mu)[0] = mu_value;
    tape.leaf_values(sigma)[0] = sigma_value;
    tape.replay(total);
    tape.backward(total);
    return {total.item(), tape.adjoint(mu).item(), tape.adjoint(sigma).item()};
  }
};

// Separate array operations.
ppl::ad::Var with_tape(ppl::ad::Var x, ppl::ad::Var mu, ppl::ad::Var sigma) {
  using namespace ppl::ad;
  return sum(-0.5 * square((x - mu) / sigma) - log(sigma) - kHalfLogTwoPi);
}

// The distribution's fused sum.
ppl::ad::Var with_distribution(ppl::ad::Var x, ppl::ad::Var mu, ppl::ad::Var sigma) {
  return ppl::dist::Normal(mu, sigma).log_prob_sum(x);
}

// The distribution's elementwise log density, then a sum.
ppl::ad::Var with_log_prob_then_sum(ppl::ad::Var x, ppl::ad::Var mu, ppl::ad::Var sigma) {
  return ppl::ad::sum(ppl::dist::Normal(mu, sigma).log_prob(x));
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

// Whether `result` agrees with the hand-written `reference` in the value and
// both gradients, printing each that does not. Each is a sum of n terms of
// order 1: rounding moves it by about 1e-16 n sqrt(n) (1e-7 at n = 10^6), far
// below the 1e-10 n allowed, while one term lost or wrong moves it by order 1.
bool agrees(const char* path, const ValueAndGradient& result, const ValueAndGradient& reference,
            int64_t n) {
  const double tolerance = 1e-10 * static_cast<double>(n);
  bool ok = true;
  auto compare = [&](const char* what, double got, double expected) {
    if (std::abs(got - expected) <= tolerance) return;
    std::printf("MISMATCH %s: %s %.17g, hand-written Eigen %.17g\n", path, what, got, expected);
    ok = false;
  };
  compare("value", result.value, reference.value);
  compare("d/dmu", result.d_mu, reference.d_mu);
  compare("d/dsigma", result.d_sigma, reference.d_sigma);
  return ok;
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

  ValueAndGradient hand_result = by_hand(data.values(), mu, sigma);
  const double hand_time =
      median_seconds([&] { hand_result = by_hand(data.values(), mu, sigma); });

  struct Path {
    const char* name;
    ppl::ad::Var (*log_density)(ppl::ad::Var, ppl::ad::Var, ppl::ad::Var);
  };
  const Path paths[] = {{"Normal.log_prob_sum", with_distribution},
                        {"sum(Normal.log_prob)", with_log_prob_then_sum},
                        {"separate array ops", with_tape}};
  std::printf("sum(Normal(mu, sigma).log_prob(x)), n = %lld, median of %d runs\n",
              static_cast<long long>(size), kRepetitions);
  std::printf("  hand-written Eigen: %.3f ms   value %.10g  d/dmu %.10g  d/dsigma %.10g\n",
              hand_time * 1e3, hand_result.value, hand_result.d_mu, hand_result.d_sigma);
  std::printf("  %-22s %12s %8s %12s %8s %6s\n", "path", "recorded ms", "/ Eigen", "replayed ms",
              "/ Eigen", "nodes");
  bool ok = true;
  for (const Path& path : paths) {
    ppl::ad::Tape tape;
    ValueAndGradient recorded = evaluate(tape, data, mu, sigma, path.log_density);  // warms the buffers
    const double recorded_time =
        median_seconds([&] { recorded = evaluate(tape, data, mu, sigma, path.log_density); });
    Replayed replay(data, path.log_density);
    ValueAndGradient replayed = replay.evaluate(mu, sigma);
    const double replayed_time = median_seconds([&] { replayed = replay.evaluate(mu, sigma); });
    std::printf("  %-22s %12.3f %8.2f %12.3f %8.2f %6d\n", path.name, recorded_time * 1e3,
                recorded_time / hand_time, replayed_time * 1e3, replayed_time / hand_time,
                tape.size());
    // Every path is checked, so that none stops early.
    ok &= agrees(path.name, recorded, hand_result, size);
    ok &= agrees(path.name, replayed, hand_result, size);
  }
  return ok ? 0 : 1;
}
