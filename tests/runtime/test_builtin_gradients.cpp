// Every built-in of the catalogue is used in a program, and the gradient of
// that program's log density agrees with central finite differences: a
// built-in added to the catalogue without a use here fails the first test.
// The latent sites are p in (0, 1) (a scalar), v (3 reals) and M (2 x 2
// reals); each use turns them into a term of a factor. floor has no
// derivative, so it is applied to constants, as the language requires.
#include <cmath>
#include <map>
#include <string>

#include "infer/model_potential.h"
#include "ir/catalog.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

// A use of each built-in: an expression whose sum is a factor's term.
const std::map<std::string, std::string>& uses() {
  static const std::map<std::string, std::string> table = {
      {"exp", "exp(v)"}, {"log", "log(p)"}, {"log1p", "log1p(v * v)"}, {"expm1", "expm1(v)"},
      {"sqrt", "sqrt(p)"}, {"abs", "abs(v - 5)"}, {"square", "square(v)"}, {"sin", "sin(v)"},
      {"cos", "cos(v)"}, {"tanh", "tanh(v)"}, {"sigmoid", "sigmoid(v)"}, {"logit", "logit(p)"},
      {"softplus", "softplus(v)"}, {"relu", "relu(v + 5)"}, {"elu", "elu(v)"},
      {"leaky_relu", "leaky_relu(v)"}, {"lgamma", "lgamma(p + 1)"},
      {"digamma", "digamma(p + 1)"}, {"floor", "floor([2.7, -1.2, 0.5]) * v"}, {"pow", "pow(p, v)"},
      {"minimum", "minimum(v, 10)"}, {"maximum", "maximum(v, -10)"}, {"clip", "clip(v, -10, 10)"},
      {"where", "where(v > -10, v * p, 0)"}, {"sum", "sum(M, 0)"}, {"mean", "mean(M, 1)"},
      {"prod", "prod(v)"}, {"std", "std(v)"}, {"var", "var(M, 0)"}, {"min", "min(v + M[0, 0])"},
      {"max", "max(v * p)"}, {"logsumexp", "logsumexp(M, 1)"}, {"cumsum", "cumsum(v)"}, {"cumprod", "cumprod(v)"},
      {"softmax", "log(softmax(v))"}, {"log_softmax", "log_softmax(M, 0)"},
      {"flip", "flip(v, 0) * arange(3)"}, {"dot", "dot(M, v[0:2])"},
      {"transpose", "transpose(M) * arange(2)"}, {"reshape", "reshape(M, [4]) * arange(4)"},
      {"concat", "concat(v, v * p, axis=0)"}, {"stack", "stack(v, v * v, axis=0)"},
      {"zeros", "zeros([3]) + v"}, {"ones", "ones([3]) * v"}, {"full", "full([3], p) * v"},
      {"eye", "eye(2) * M"}, {"arange", "arange(3) * v"}, {"size", "size(v) * p"},
      {"shape", "shape(M)[0] * p"},
      {"cholesky", "log(cholesky(dot(M, transpose(M)) + eye(2)))[0, 0]"},
      {"triangular_solve", "triangular_solve(eye(2) * (2 + p), v[0:2])"},
      {"log_det", "log_det(dot(M, transpose(M)) + eye(2))"},
      {"ceil", "ceil([2.7, -1.2, 0.5]) * v"}, {"round", "round([2.5, -1.5, 0.4]) * v"},
      {"sign", "sign([2.0, -3.0, 0.0]) * v"}, {"isnan", "isnan([1.0, 2.0, 3.0]) + v"},
      {"isfinite", "isfinite([1.0, 2.0, 3.0]) * v"}, {"log2", "log2(p)"}, {"log10", "log10(p)"},
      {"log1m", "log1m(p)"}, {"log1m_exp", "log1m_exp(-p)"}, {"erf", "erf(v)"},
      {"erfc", "erfc(v)"}, {"ndtr", "ndtr(v)"}, {"Phi", "Phi(v)"}, {"log_ndtr", "log_ndtr(v)"},
      {"ndtri", "ndtri(p)"}, {"inv_Phi", "inv_Phi(p)"}, {"tan", "tan(v)"},
      {"arcsin", "arcsin(p)"}, {"asin", "asin(p)"}, {"arccos", "arccos(p)"},
      {"acos", "acos(p)"}, {"arctan", "arctan(v)"}, {"atan", "atan(v)"}, {"sinh", "sinh(v)"},
      {"cosh", "cosh(v)"}, {"arcsinh", "arcsinh(v)"}, {"asinh", "asinh(v)"},
      {"arctanh", "arctanh(p)"}, {"atanh", "atanh(p)"}, {"logaddexp", "logaddexp(v, p)"},
      {"arctan2", "arctan2(v, p + 1)"}, {"atan2", "atan2(p, v)"},
      {"xlogy", "xlogy(v * v, p)"}, {"betaln", "betaln(p, v * v + 1)"},
      {"lbeta", "lbeta(p + 1, v * v + 1)"}, {"lchoose", "lchoose(v * v + 3, p)"},
      {"solve", "solve(eye(2) * (2 + p) + M * 0.1, v[0:2])"},
      {"inv", "inv(eye(2) * (2 + p) + M * 0.1)"}, {"inverse", "inverse(eye(2) * 3 + M * p)"},
      {"einsum", "einsum(\"ij,j->i\", M, v[0:2]) + einsum(\"ii\", M * p) + "
                 "einsum('i,i,i', v, v, v * p) + einsum(\"ij,kj->ik\", M, M)[1]"},
      {"det", "det(eye(2) * 2 + M)"}, {"log_abs_det", "log_abs_det(eye(2) * 3 + M)"},
      {"outer", "outer(v, v * p)"}, {"diagonal", "diagonal(M) * p"}, {"trace", "trace(M) * p"},
      {"diag", "diag(v) * p"}, {"tril", "tril(M) * p"}, {"triu", "triu(M, 1) + M"},
      {"quad_form", "quad_form(eye(2) + M * M, v[0:2])"},
      {"sort", "sort(v) * arange(3)"}, {"argsort", "argsort([3.0, 1.0, 2.0]) * v"},
      {"argmax", "argmax([1.0, 5.0, 2.0]) * v"}, {"argmin", "argmin([1.0, 5.0, 2.0]) + v"},
      {"median", "median(M, 0) * p"}, {"diff", "diff(v) * p"}, {"repeat", "repeat(v, 2) * arange(6)"},
      {"expand_dims", "expand_dims(v, 0) * p"}, {"squeeze", "squeeze(expand_dims(v, 1)) * p"},
      {"tile", "tile(v, [2]) * arange(6)"}, {"zeros_like", "zeros_like(v) + v"},
      {"ones_like", "ones_like(v) * v"}, {"full_like", "full_like(v, p) * v"},
      {"linspace", "linspace(0, 1, 3) * v"}, {"any", "any([0.0, 1.0]) * v"},
      {"all", "all([1.0, 1.0, 0.0]) + v"},
  };
  return table;
}

// Built-ins that cannot appear in a log density, and why.
const std::map<std::string, std::string>& not_in_densities() {
  static const std::map<std::string, std::string> table = {
      {"init_normal", "random initial values of params only"},
      {"init_uniform", "random initial values of params only"},
  };
  return table;
}

std::string program_using(const std::string& expression) {
  return "model {\n"
         "  p ~ Beta(2, 3)\n"
         "  v ~ Normal(zeros([3]), 1).to_event(1)\n"
         "  M ~ Normal(zeros([2, 2]), 1).to_event(2)\n"
         "  factor term = sum(" + expression + ")\n"
         "}\n";
}

}  // namespace

TEST_CASE("every built-in has a language-level use here (or the reason it has none)") {
  for (const ir::FunctionSpec& spec : ir::functions()) {
    INFO(spec.name);
    CHECK((uses().count(spec.name) + not_in_densities().count(spec.name)) == 1);
  }
}

TEST_CASE("the gradient through every built-in agrees with central finite differences") {
  for (const auto& [name, expression] : uses()) {
    INFO(name << ": " << expression);
    test::LoadedProgram p = test::load(program_using(expression));
    infer::ModelPotential potential(p.program, p.data, RandomKey(3));
    REQUIRE(potential.dimension() == 8);
    Eigen::VectorXd q(8);
    q << 0.3, -0.7, 0.4, 1.1, 0.9, -0.2, 0.35, 1.3;
    Eigen::VectorXd gradient, unused;
    const double u = potential(q, gradient);
    REQUIRE(std::isfinite(u));
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      CAPTURE(i);
      const double h = 1e-5 * (1.0 + std::abs(q[i]));
      Eigen::VectorXd plus = q, minus = q;
      plus[i] += h;
      minus[i] -= h;
      const double difference = (potential(plus, unused) - potential(minus, unused)) / (2 * h);
      CHECK(std::abs(difference - gradient[i]) <= 1e-5 * std::max(1.0, std::abs(gradient[i])));
    }
  }
}

TEST_CASE("dot is NumPy's: inner product of vectors, matrix product up to two dims, scalars multiply") {
  const std::string source =
      "model {\n"
      "  x ~ Normal(0, 1)\n"
      "  deterministic mm = dot([[1, 2], [3, 4]], [[5, 6], [7, 8]])\n"
      "  deterministic mv = dot([[1, 2], [3, 4]], [5, 6])\n"
      "  deterministic vm = dot([5, 6], [[1, 2], [3, 4]])\n"
      "  deterministic vv = dot([1, 2, 3], [4, 5, 6])\n"
      "  deterministic sv = dot(2, [4, 5])\n"
      "}\n";
  test::LoadedProgram p = test::load(source);
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 1);
  auto values = [&](const std::string& name) {
    const Array& a = trace.site(name).value().value();
    return std::vector<double>(a.values().data(), a.values().data() + a.size());
  };
  CHECK(values("mm") == std::vector<double>{19, 22, 43, 50});
  CHECK(trace.site("mm").value().shape() == Shape{2, 2});
  CHECK(values("mv") == std::vector<double>{17, 39});
  CHECK(values("vm") == std::vector<double>{23, 34});
  CHECK(values("vv") == std::vector<double>{32});
  CHECK(values("sv") == std::vector<double>{8, 10});
  const std::string three_dims =
      "model {\n  x ~ Normal(0, 1)\n  deterministic d = dot(zeros([2, 2, 2]), zeros([2, 2]))\n}\n";
  test::LoadedProgram q = test::load(three_dims);
  CHECK_THROWS_WITH_AS(test::run_traced(q, tape, 1),
                       doctest::Contains("NumPy's dot there sums the last axis"), Error);
}

TEST_CASE("full broadcasts its value to the shape, and refuses one that does not fill it") {
  ad::Tape tape;
  test::LoadedProgram p = test::load(
      "model {\n  x ~ Normal(0, 1)\n  deterministic f = full([2, 3], [1, 2, 3])\n}\n");
  handlers::Trace trace = test::run_traced(p, tape, 1);
  const Array& f = trace.site("f").value().value();
  CHECK(f.shape() == Shape{2, 3});
  CHECK(f.values()[4] == 2.0);
  test::LoadedProgram q = test::load(
      "model {\n  x ~ Normal(0, 1)\n  deterministic f = full([3], [1, 2])\n}\n");
  CHECK_THROWS_WITH_AS(test::run_traced(q, tape, 1),
                       doctest::Contains("full: cannot broadcast shapes [2] and [3]"), Error);
  test::LoadedProgram r = test::load(
      "model {\n  x ~ Normal(0, 1)\n  deterministic f = full([3], [[1], [2]])\n}\n");
  CHECK_THROWS_WITH_AS(test::run_traced(r, tape, 1),
                       doctest::Contains("full: a value of shape [2, 1] does not fill the shape [3]"), Error);
}
