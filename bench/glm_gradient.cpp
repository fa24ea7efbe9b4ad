// bench_glm_gradient [MODEL.ppl DATA.json] [--threads-per-chain T]
//
// One gradient of logistic regression's log density (bench/models/
// logistic_regression.ppl on bench/data/logistic_regression.json: N = 5000,
// D = 20 by default) two ways, each timed as the median of 7 runs of 2000
// evaluations at a fixed point:
//   eigen  written by hand with Eigen: eta = alpha + X beta, the Bernoulli-
//          logit log likelihood and its gradient X' (y - sigmoid(eta)), the
//          Normal(0, 1) priors: two passes over X, what the physics allows;
//   ppl    the model's potential and gradient as NUTS calls it
//          (infer::ModelPotential, tape replay once verified), or with
//          --threads-per-chain T the potential split over the rows.
// Both values are printed, and must agree, to show they compute the same.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "frontend/compile.h"
#include "frontend/lower.h"
#include "infer/model_potential.h"
#include "infer/row_shards.h"
#include "infer/sharded_potential.h"
#include "io/data_json.h"

using namespace ppl;

namespace {

template <class F>
double median_seconds_per_call(F&& f, int calls = 2000, int repeats = 7) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) f();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / calls);
  }
  std::sort(times.begin(), times.end());
  return times[repeats / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string model = std::string(PPL_SOURCE_DIR) + "/bench/models/logistic_regression.ppl";
  std::string data_file = std::string(PPL_SOURCE_DIR) + "/bench/data/logistic_regression.json";
  int threads_per_chain = 0;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--threads-per-chain" && i + 1 < argc) threads_per_chain = std::stoi(argv[++i]);
    else positional.push_back(argv[i]);
  }
  if (positional.size() == 2) {
    model = positional[0];
    data_file = positional[1];
  }
  frontend::CompiledProgram compiled = frontend::compile_files(model, std::nullopt);
  if (!compiled.ok()) {
    std::cerr << compiled.rendered_diagnostics();
    return 1;
  }
  const ir::Program program = frontend::lower(compiled.program);
  const runtime::ModelData data = runtime::ModelData::from(io::load_data_file(data_file, program.data));
  const Array& x_array = *data.entries[2];
  const Array& y_array = *data.entries[3];
  const Eigen::Index n = x_array.shape()[0], d = x_array.shape()[1];
  // Row-major as the data file holds it, as ppl reads it in place.
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> x(x_array.data(), n, d);
  const Eigen::Map<const Eigen::VectorXd> y(y_array.data(), n);

  Eigen::VectorXd q(d + 1);
  for (Eigen::Index i = 0; i <= d; ++i) q[i] = 0.1 * std::sin(1.0 + i);

  // By hand: q = (alpha, beta), log p = sum y eta - log(1 + e^eta) - priors.
  Eigen::VectorXd eta(n), residual(n), hand_gradient(d + 1);
  double hand_value = 0;
  auto by_hand = [&] {
    const double alpha = q[0];
    const auto beta = q.tail(d);
    eta.noalias() = x * beta;
    eta.array() += alpha;
    // One exp serves log(1 + e^eta) and sigmoid(eta), stable both ways;
    // Eigen's array functions run on SIMD lanes.
    const auto e = eta.array();
    const Eigen::ArrayXd t = (-e.abs()).exp();
    const double log_lik = (y.array() * e - (e.max(0.0) + t.log1p())).sum();
    residual.array() = y.array() - (e >= 0).select(1 / (1 + t), t / (1 + t));
    hand_value = log_lik - 0.5 * q.squaredNorm() - 0.5 * (d + 1) * std::log(2 * M_PI);
    hand_gradient[0] = residual.sum() - alpha;
    hand_gradient.tail(d).noalias() = x.transpose() * residual;
    hand_gradient.tail(d) -= beta;
  };

  infer::ModelPotential whole(program, data, RandomKey(1));
  std::unique_ptr<infer::ShardedPotential> split;
  std::vector<runtime::ModelData> pieces;
  if (threads_per_chain > 0) {
    const infer::RowShards shards = infer::find_row_shards(program, data);
    for (int k = 0; k < shards.count(); ++k) pieces.push_back(infer::shard_data(data, shards, k));
    split = std::make_unique<infer::ShardedPotential>(program, pieces, RandomKey(1), shards, whole,
                                                      threads_per_chain);
  }
  Eigen::VectorXd ppl_gradient;
  double ppl_value = 0;
  auto by_ppl = [&] { ppl_value = split ? -(*split)(q, ppl_gradient) : -whole(q, ppl_gradient); };
  for (int i = 0; i < 10; ++i) by_ppl();  // past the replay's checks

  const double eigen_seconds = median_seconds_per_call(by_hand);
  const double ppl_seconds = median_seconds_per_call(by_ppl);
  fmt::print("N = {}, D = {}{}\n", n, d,
             threads_per_chain > 0 ? fmt::format(", ppl on {} threads per chain", threads_per_chain) : "");
  fmt::print("eigen  {:9.1f} us per gradient   log density {:.10g}\n", eigen_seconds * 1e6, hand_value);
  fmt::print("ppl    {:9.1f} us per gradient   log density {:.10g}   ({:.2f}x eigen)\n",
             ppl_seconds * 1e6, ppl_value, ppl_seconds / eigen_seconds);
  // The potential's gradient is minus the log density's.
  const double gradient_error = (-ppl_gradient - hand_gradient).cwiseAbs().maxCoeff();
  fmt::print("largest gradient difference {:.2e}\n", gradient_error);
  return std::abs(ppl_value - hand_value) < 1e-8 * std::abs(hand_value) && gradient_error < 1e-6 ? 0 : 1;
}
