// Every kernel that opts into compiled tapes (`scalar_form`,
// dist/fused_elementwise.h) gives, on one element of each operand, the log
// density and partials of its array form; and a model of such densities
// compiles (ad/compiled_tape.h) into a program that reports a scale leaving
// its domain, on one element and on a vector.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <vector>

#include "ad/ops.h"
#include "ad/compiled_tape.h"
#include "ad/ops_layout.h"
#include "dist/bernoulli.h"
#include "dist/beta.h"
#include "dist/cauchy.h"
#include "dist/delta.h"
#include "dist/exponential.h"
#include "dist/gamma.h"
#include "dist/gumbel.h"
#include "dist/half_cauchy.h"
#include "dist/half_normal.h"
#include "dist/inverse_gamma.h"
#include "dist/laplace.h"
#include "dist/log_normal.h"
#include "dist/logistic.h"
#include "dist/normal.h"
#include "dist/poisson.h"
#include "dist/student_t.h"
#include "dist/uniform.h"
#include "dist/weibull.h"

using namespace ppl;

namespace {

// The scalar form against the fused array form on a tape of one-element
// leaves: the value to 1e-14 and each partial to 1e-12, relative.
template <class Kernel>
void check_scalar_form(const char* name, const std::array<double, dist::kernel_arity<Kernel>>& point) {
  CAPTURE(name);
  CAPTURE(point[0]);
  ad::Tape tape;
  std::array<ad::Var, dist::kernel_arity<Kernel>> leaves;
  for (size_t i = 0; i < dist::kernel_arity<Kernel>; ++i) leaves[i] = tape.leaf(point[i]);
  const ad::Var out = dist::fused_log_density_sum<Kernel>(leaves);
  const std::vector<Array> gradient =
      tape.gradient(out, std::span<const ad::Var>(leaves.data(), leaves.size()));

  const ad::ScalarKernel& kernel = dist::detail::ScalarForm<Kernel>::kernel;
  REQUIRE(kernel.arity == static_cast<int>(dist::kernel_arity<Kernel>));
  if (std::isinf(out.item()))
    CHECK(kernel.value(point.data()) == out.item());
  else
    CHECK(kernel.value(point.data()) == doctest::Approx(out.item()).epsilon(1e-14));
  std::array<double, dist::kernel_arity<Kernel>> partials{};
  kernel.partials(point.data(), partials.data());
  for (size_t i = 0; i < dist::kernel_arity<Kernel>; ++i) {
    CAPTURE(i);
    CHECK(partials[i] == doctest::Approx(gradient[i].item()).epsilon(1e-12).scale(1e-12));
  }
  // The fused node says how to compute it on one element.
  CHECK(tape.node(out.index()).scalar_op == ad::ScalarOp::Kernel);

  // Over runs of three elements (the first operand varies, then every
  // operand), the vectorized forms give the per-element ones: each value,
  // their sum, and the partials times per-element adjoints.
  for (bool all_runs : {false, true}) {
    CAPTURE(all_runs);
    constexpr int32_t n = 3;
    const double scale[n] = {1.0, 1.02, 0.97};  // stays inside each support
    std::array<std::array<double, n>, dist::kernel_arity<Kernel>> runs{};
    std::array<int32_t, dist::kernel_arity<Kernel>> strides{};
    std::array<const double*, dist::kernel_arity<Kernel>> operands{};
    for (size_t k = 0; k < dist::kernel_arity<Kernel>; ++k) {
      const bool run = k == 0 || all_runs;
      strides[k] = run ? 1 : 0;
      for (int32_t j = 0; j < n; ++j)
        runs[k][j] = run && point[k] != 0.0 && point[k] != 1.0 && std::isfinite(point[k])
                         ? point[k] * scale[j]
                         : point[k];
      operands[k] = runs[k].data();
    }
    const double g[n] = {0.7, -1.3, 2.1};
    std::array<double, n> values{};
    kernel.values(operands.data(), strides.data(), n, false, values.data());
    double sum = 0;
    kernel.values(operands.data(), strides.data(), n, true, &sum);
    std::array<std::array<double, n>, dist::kernel_arity<Kernel>> adjoints{};
    std::array<double*, dist::kernel_arity<Kernel>> adjoint_pointers{};
    for (size_t k = 0; k < dist::kernel_arity<Kernel>; ++k) adjoint_pointers[k] = adjoints[k].data();
    kernel.add_partials(operands.data(), strides.data(), n, g, 1, adjoint_pointers.data());
    double expected_sum = 0;
    std::array<std::array<double, n>, dist::kernel_arity<Kernel>> expected_adjoints{};
    for (int32_t j = 0; j < n; ++j) {
      std::array<double, dist::kernel_arity<Kernel>> at{}, d{};
      for (size_t k = 0; k < dist::kernel_arity<Kernel>; ++k) at[k] = runs[k][strides[k] * j];
      const double value = kernel.value(at.data());
      if (std::isinf(value))
        CHECK(values[j] == value);
      else
        CHECK(values[j] == doctest::Approx(value).epsilon(1e-13));
      expected_sum += value;
      kernel.partials(at.data(), d.data());
      for (size_t k = 0; k < dist::kernel_arity<Kernel>; ++k) expected_adjoints[k][strides[k] * j] += g[j] * d[k];
    }
    if (std::isinf(expected_sum))
      CHECK(sum == expected_sum);
    else
      CHECK(sum == doctest::Approx(expected_sum).epsilon(1e-13));
    for (size_t k = 0; k < dist::kernel_arity<Kernel>; ++k)
      for (int32_t j = 0; j < (strides[k] ? n : 1); ++j)
        CHECK(adjoints[k][j] ==
              doctest::Approx(expected_adjoints[k][j]).epsilon(1e-12).scale(1e-12));
  }
}

}  // namespace

TEST_CASE("scalar forms equal the array forms, inside and at the edge of each support") {
  using namespace dist;
  check_scalar_form<NormalFamily>("Normal", {0.3, -0.2, 1.4});
  check_scalar_form<UniformFamily>("Uniform", {0.3, -1.0, 2.0});
  check_scalar_form<UniformFamily>("Uniform outside", {2.5, -1.0, 2.0});
  check_scalar_form<CauchyFamily>("Cauchy", {1.3, -0.2, 0.7});
  check_scalar_form<LaplaceFamily>("Laplace", {1.3, -0.2, 0.7});
  check_scalar_form<LogisticFamily>("Logistic", {-1.3, 0.4, 0.9});
  check_scalar_form<LogNormalFamily>("LogNormal", {2.1, 0.3, 0.6});
  check_scalar_form<HalfNormalFamily>("HalfNormal", {0.8, 1.5});
  check_scalar_form<HalfCauchyFamily>("HalfCauchy", {0.8, 1.5});
  check_scalar_form<ExponentialFamily>("Exponential", {0.8, 2.5});
  check_scalar_form<StudentTFamily>("StudentT", {1.1, 3.5, -0.2, 0.8});
  check_scalar_form<GammaFamily>("Gamma", {1.7, 2.5, 1.3});
  check_scalar_form<GammaFamily>("Gamma outside", {-0.5, 2.5, 1.3});
  check_scalar_form<BetaFamily>("Beta", {0.3, 2.5, 1.5});
  check_scalar_form<InverseGammaFamily>("InverseGamma", {0.9, 2.5, 1.3});
  check_scalar_form<GumbelFamily>("Gumbel", {0.9, 0.2, 1.3});
  check_scalar_form<WeibullFamily>("Weibull", {0.9, 1.2, 1.8});
  check_scalar_form<PoissonFamily>("Poisson", {3.0, 2.2});
  check_scalar_form<PoissonRateTermsKernel>("Poisson rate terms", {3.0, 2.2});
  check_scalar_form<BernoulliProbsKernel>("Bernoulli probs", {1.0, 0.3});
  check_scalar_form<BernoulliLogitsKernel>("Bernoulli logits", {0.0, -0.7});
  check_scalar_form<BernoulliLogitsOnValidKernel>("Bernoulli logits on 0 or 1", {1.0, -0.7});
  check_scalar_form<DeltaKernel>("Delta", {0.5, 0.5, -1.2});
  check_scalar_form<DeltaKernel>("Delta elsewhere", {0.4, 0.5, -1.2});
}

TEST_CASE("a compiled density reports a scale outside its domain, as a replay does") {
  // Normal(a, b - 0.5) at 0.2: the scale is positive for b > 0.5 only.
  ad::Tape tape;
  const ad::Var q = tape.leaf(Array::vector({0.1, 1.0}));
  const ad::Var out =
      dist::Normal(ad::index(q, 0), ad::index(q, 1) - 0.5).log_prob_sum(tape.constant(0.2));
  auto program = ad::CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(Eigen::Vector2d(0.0, 1.5), value, gradient));
  CHECK(value == doctest::Approx(-0.5 * 0.04 - 0.5 * std::log(2 * M_PI)).epsilon(1e-14));
  CHECK(gradient[0] == doctest::Approx(0.2).epsilon(1e-14));         // (x - loc) / scale^2
  CHECK(gradient[1] == doctest::Approx(0.04 - 1.0).epsilon(1e-14));  // ((x - loc)^2 - 1) / scale
  CHECK_FALSE(program->run(Eigen::Vector2d(0.0, 0.4), value, gradient));
  CHECK_FALSE(program->run(Eigen::Vector2d(0.0, 0.5), value, gradient));
  CHECK(program->run(Eigen::Vector2d(0.0, 2.5), value, gradient));
}

TEST_CASE("a compiled density over a vector gives the tape's sum and gradient") {
  // Normal(a, exp(b)) at three values, and Normal(v, exp(b)) at three data
  // values for a vector v of the point: one kernel summing its elements with
  // a one-element scale, one pairing vectors element by element.
  const auto record = [](ad::Tape& tape, ad::Var q) {
    const SliceRange v_range[] = {{2, 5}};
    const ad::Var a = ad::index(q, 0), scale = ad::exp(ad::index(q, 1));
    const ad::Var v = ad::slice(q, v_range);
    return dist::Normal(a, scale).log_prob_sum(v) +
           dist::Normal(v, scale).log_prob_sum(tape.constant(Array::vector({0.3, -1.2, 2.0})));
  };
  ad::Tape tape;
  const ad::Var q = tape.leaf(Array::vector({0.1, 0.2, 0.5, -0.5, 1.0}));
  auto program = ad::CompiledTape::compile(tape, q, record(tape, q));
  REQUIRE(program.has_value());
  const Eigen::VectorXd at = (Eigen::VectorXd(5) << -0.3, 0.4, 0.9, -0.1, 1.7).finished();
  double value = 0;
  Eigen::VectorXd gradient;
  REQUIRE(program->run(at, value, gradient));
  ad::Tape reference;
  const ad::Var reference_q = reference.leaf(Array(Shape{5}, at.array()));
  const ad::Var reference_out = record(reference, reference_q);
  const Array reference_gradient = reference.gradient(reference_out, {reference_q})[0];
  CHECK(value == doctest::Approx(reference_out.item()).epsilon(1e-14));
  for (int i = 0; i < 5; ++i) {
    CAPTURE(i);
    CHECK(gradient[i] == doctest::Approx(reference_gradient.values()[i]).epsilon(1e-13));
  }
}

TEST_CASE("a compiled check over a vector fails when any element leaves the domain") {
  // Scales b + (0, 1, 2): all positive for b > 0 only.
  ad::Tape tape;
  const ad::Var q = tape.leaf(Array::vector({0.5}));
  const ad::Var scales = q + tape.constant(Array::vector({0.0, 1.0, 2.0}));
  const ad::Var out = dist::Normal(tape.constant(0.0), scales).log_prob_sum(tape.constant(0.1));
  auto program = ad::CompiledTape::compile(tape, q, out);
  REQUIRE(program.has_value());
  double value = 0;
  Eigen::VectorXd gradient;
  CHECK(program->run(Eigen::VectorXd::Constant(1, 0.2), value, gradient));
  CHECK_FALSE(program->run(Eigen::VectorXd::Constant(1, -0.2), value, gradient));
  CHECK_FALSE(program->run(Eigen::VectorXd::Constant(1, -1.5), value, gradient));
}
