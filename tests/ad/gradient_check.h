#pragma once
// check_gradient: compares the tape's gradient of a function of arrays with
// central finite differences, element by element, for every input at once,
// and checks that replaying a tape recorded nearby gives the same values.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "ad/ops.h"
#include "core/array.h"

namespace ppl::ad::testing {

using Function = std::function<Var(std::span<const Var> inputs)>;

// Uniform values in [low, high), reproducible from `seed`.
inline Array random_array(const Shape& shape, double low = -1.0, double high = 1.0,
                          unsigned seed = 7) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(low, high);
  Eigen::ArrayXd values(shape.numel());
  for (double& v : values) v = uniform(engine);
  return Array(shape, std::move(values));
}

// f's output of any shape is reduced to sum(weights * f) with fixed random
// weights, so that every output element's derivative takes part.
inline Var weighted_output(Tape& tape, const Function& f, const std::vector<Array>& inputs,
                           std::vector<Var>& leaves) {
  leaves.clear();
  for (const Array& input : inputs) leaves.push_back(tape.leaf(input));
  const Var out = f(leaves);
  const Var weights = tape.constant(random_array(out.shape(), 0.5, 1.5, 99));
  return sum(out * weights);
}

// A tape recorded at inputs scaled by 1 + 1e-3 u (u uniform in [-1, 1)),
// given `inputs` as new leaf values and replayed, gives the output and
// gradients of a recording at `inputs`.
inline void check_replay(const Function& f, const std::vector<Array>& inputs, double output,
                         const std::vector<Array>& gradients) {
  std::vector<Array> nearby = inputs;
  for (size_t k = 0; k < nearby.size(); ++k)
    nearby[k].mutable_values() *=
        1.0 + 1e-3 * random_array(nearby[k].shape(), -1.0, 1.0, 31 + k).values();
  Tape tape;
  std::vector<Var> leaves;
  const Var out = weighted_output(tape, f, nearby, leaves);
  REQUIRE(tape.replayable());
  for (size_t k = 0; k < inputs.size(); ++k) tape.leaf_values(leaves[k]) = inputs[k].values();
  tape.replay();
  CHECK(out.item() == doctest::Approx(output).epsilon(1e-12));
  const std::vector<Array> replayed = tape.gradient(out, leaves);
  for (size_t k = 0; k < inputs.size(); ++k)
    for (int64_t j = 0; j < inputs[k].size(); ++j) {
      INFO("replay: input ", k, " element ", j);
      CHECK(replayed[k].values()[j] ==
            doctest::Approx(gradients[k].values()[j]).epsilon(1e-10).scale(1.0));
    }
}

// Also checks the replay of the recorded tape (check_replay).
inline void check_gradient(const Function& f, std::vector<Array> inputs, double tol = 1e-6) {
  Tape tape;
  std::vector<Var> leaves;
  const Var out = weighted_output(tape, f, inputs, leaves);
  const std::vector<Array> gradients = tape.gradient(out, leaves);
  check_replay(f, inputs, out.item(), gradients);

  const auto evaluate = [&] {
    tape.clear();  // the finite differences also exercise tape reuse
    return weighted_output(tape, f, inputs, leaves).item();
  };
  for (size_t k = 0; k < inputs.size(); ++k) {
    REQUIRE(gradients[k].shape() == inputs[k].shape());
    for (int64_t j = 0; j < inputs[k].size(); ++j) {
      double& x = inputs[k].data()[j];
      const double original = x;
      const double h = 1e-6 * std::max(1.0, std::abs(original));
      x = original + h;
      const double above = evaluate();
      x = original - h;
      const double below = evaluate();
      x = original;
      const double numeric = (above - below) / (2 * h);
      INFO("input ", k, " element ", j, ": tape ", gradients[k].values()[j], " finite ", numeric);
      CHECK(std::abs(gradients[k].values()[j] - numeric) <= tol * std::max(1.0, std::abs(numeric)));
    }
  }
}

// A random symmetric positive-definite matrix.
inline Array random_spd(int64_t n, unsigned seed = 11) {
  const Array m = random_array(Shape{n, n}, -1.0, 1.0, seed);
  Eigen::MatrixXd a = Eigen::Map<const Eigen::MatrixXd>(m.data(), n, n);
  Eigen::MatrixXd spd = a * a.transpose() + static_cast<double>(n) * Eigen::MatrixXd::Identity(n, n);
  return Array(Shape{n, n}, Eigen::Map<const Eigen::ArrayXd>(spd.data(), n * n));
}

}  // namespace ppl::ad::testing
