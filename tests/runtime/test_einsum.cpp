// einsum against NumPy's documented results (numpy.einsum, NumPy 2.1),
// computed here by hand: explicit and implicit outputs, diagonals, sums,
// batches, '...' with NumPy's broadcasting, and axes that mean the same
// with draws vectorized.
#include <cmath>
#include <map>

#include "infer/predictive.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

// A is 2 x 3, B is 3 x 2, C is 2 x 2, T stacks C and 2 C.
const char* kArrays = R"(
  let A = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
  let B = [[1.0, 0.0], [0.0, 1.0], [2.0, 3.0]]
  let C = [[1.0, 2.0], [3.0, 4.0]]
  let T = stack([C, 2 * C])
)";

Array value_of(const std::string& expression) {
  auto p = test::load(std::string("model {") + kArrays + "  deterministic out = " + expression +
                      "\n}\n");
  ad::Tape tape;
  return test::run_traced(p, tape, 1).site("out").value().value();
}

void check_einsum(const std::string& expression, const Shape& shape,
                  std::initializer_list<double> expected) {
  INFO(expression);
  const Array got = value_of(expression);
  CHECK(got.shape() == shape);
  REQUIRE(got.size() == static_cast<int64_t>(expected.size()));
  Eigen::Index i = 0;
  for (double e : expected) CHECK(got.values()[i++] == doctest::Approx(e).epsilon(1e-15));
}

}  // namespace

TEST_CASE("einsum's explicit outputs: products, transposes, sums") {
  check_einsum(R"(einsum("ij,jk->ik", A, B))", Shape{2, 2}, {7, 11, 16, 23});
  check_einsum(R"(einsum("ij->ji", A))", Shape{3, 2}, {1, 4, 2, 5, 3, 6});
  check_einsum(R"(einsum("ij->", A))", Shape{}, {21});
  check_einsum(R"(einsum("ij->j", A))", Shape{3}, {5, 7, 9});
  check_einsum(R"(einsum("ij->i", A))", Shape{2}, {6, 15});
  check_einsum(R"(einsum("i,j->ij", [1.0, 2.0], [3.0, 4.0, 5.0]))", Shape{2, 3},
               {3, 4, 5, 6, 8, 10});
  check_einsum(R"(einsum("ij,ij->", C, C))", Shape{}, {30});
  check_einsum(R"(einsum("i,i,i->i", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]))", Shape{3},
               {1, 8, 27});
  check_einsum(R"(einsum("i,i,i->", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]))", Shape{},
               {36});
  // Three operands chained: (A B) C.
  check_einsum(R"(einsum("ij,jk,kl->il", A, B, C))", Shape{2, 2},
               {7 + 33, 14 + 44, 16 + 69, 32 + 92});
  // Spaces are ignored and single quotes work, as in Python.
  check_einsum("einsum('ij, jk -> ik', A, B)", Shape{2, 2}, {7, 11, 16, 23});
  // A scalar operand has an empty term.
  check_einsum(R"(einsum(",i->i", 2.0, [1.0, 2.0]))", Shape{2}, {2, 4});
}

TEST_CASE("einsum's implicit output is the letters used once, sorted with upper case first") {
  check_einsum(R"(einsum("ij,jk", A, B))", Shape{2, 2}, {7, 11, 16, 23});
  check_einsum(R"(einsum("ba", A))", Shape{3, 2}, {1, 4, 2, 5, 3, 6});  // output "ab"
  check_einsum(R"(einsum("Ba", A))", Shape{2, 3}, {1, 2, 3, 4, 5, 6});  // output "Ba"
  check_einsum(R"(einsum("ii", C))", Shape{}, {5});                     // the trace
  check_einsum(R"(einsum("ij,ij", C, C))", Shape{}, {30});
}

TEST_CASE("a letter twice in one term takes the diagonal") {
  check_einsum(R"(einsum("ii->i", C))", Shape{2}, {1, 4});
  check_einsum(R"(einsum("bii->bi", T))", Shape{2, 2}, {1, 4, 2, 8});
  check_einsum(R"(einsum("iii->i", stack([C, C])))", Shape{2}, {1, 4});
}

TEST_CASE("batches and '...' broadcast as NumPy's matmul does") {
  // C C = [[7, 10], [15, 22]]; (2 C) C = 2 (C C).
  check_einsum(R"(einsum("bij,bjk->bik", T, T))", Shape{2, 2, 2}, {7, 10, 15, 22, 28, 40, 60, 88});
  check_einsum(R"(einsum("...ij,...jk->...ik", T, C))", Shape{2, 2, 2},
               {7, 10, 15, 22, 14, 20, 30, 44});
  check_einsum(R"(einsum("...ij,...jk", T, C))", Shape{2, 2, 2}, {7, 10, 15, 22, 14, 20, 30, 44});
  check_einsum(R"(einsum("...i->...", A))", Shape{2}, {6, 15});
  // '...' alone: [[1], [2]] times [10, 20, 30] broadcasts to 2 x 3.
  check_einsum(R"(einsum("...,...", [[1.0], [2.0]], [10.0, 20.0, 30.0]))", Shape{2, 3},
               {10, 20, 30, 20, 40, 60});
  // Axes of length 1 in every operand stay in the output.
  check_einsum(R"(einsum("...i->...i", [[1.0, 2.0]]))", Shape{1, 2}, {1, 2});
}

TEST_CASE("einsum refuses what NumPy refuses, at run time where shapes are known only then") {
  const char* program = R"(data {
  N: int
  K: int
  X: real[N, K]
  Y: real[N, 2]
}
model {
  deterministic out = einsum("ij,ij->i", X, Y)
})";
  auto p = test::load(program, R"({"N": 2, "K": 3, "X": [[1, 2, 3], [4, 5, 6]],
                                   "Y": [[1, 2], [3, 4]]})");
  ad::Tape tape;
  CHECK_THROWS_WITH(test::run_traced(p, tape, 1),
                    doctest::Contains("einsum: 'j' has length 2 in operand 2 but 3 elsewhere"));
}

TEST_CASE("einsum's axes are the program's with draws vectorized or one at a time") {
  const char* program = R"(model {
  M ~ Normal(0, 1).expand([2, 3])
  v ~ Normal(0, 1).expand([3])
  deterministic Mv = einsum("ij,j->i", M, v)
  deterministic outer = einsum("i,j", v, v)
  deterministic rows = einsum("...j,j->...", M, v)
  deterministic gram = einsum("ij,kj->ik", M, M)
  deterministic total = einsum("ij->", M)
})";
  auto p = test::load(program);
  infer::PredictiveOptions options;
  options.num_samples = 5;
  options.seed = 11;
  auto at_once = test::vectorized_predictions(p, options);
  std::map<std::string, const infer::SiteDraws*> site;
  for (const infer::SiteDraws& s : at_once) site[s.name] = &s;
  CHECK(site.at("Mv")->shape == std::vector<int64_t>{2});
  CHECK(site.at("outer")->shape == std::vector<int64_t>{3, 3});
  CHECK(site.at("rows")->shape == std::vector<int64_t>{2});
  CHECK(site.at("gram")->shape == std::vector<int64_t>{2, 2});
  CHECK(site.at("total")->shape == std::vector<int64_t>{});
  // Every draw's values by hand from its M and v.
  const auto& M = site.at("M")->draws[0];
  const auto& v = site.at("v")->draws[0];
  for (size_t d = 0; d < M.size(); ++d) {
    double total = 0;
    for (int i = 0; i < 2; ++i) {
      double mv = 0, gram = 0;
      for (int j = 0; j < 3; ++j) {
        mv += M[d][i * 3 + j] * v[d][j];
        gram += M[d][i * 3 + j] * M[d][(1 - i) * 3 + j];
        total += M[d][i * 3 + j];
      }
      CHECK(site.at("Mv")->draws[0][d][i] == doctest::Approx(mv).epsilon(1e-13));
      CHECK(site.at("rows")->draws[0][d][i] == doctest::Approx(mv).epsilon(1e-13));
      CHECK(site.at("gram")->draws[0][d][i * 2 + (1 - i)] == doctest::Approx(gram).epsilon(1e-13));
    }
    CHECK(site.at("total")->draws[0][d][0] == doctest::Approx(total).epsilon(1e-13));
    CHECK(site.at("outer")->draws[0][d][1 * 3 + 2] ==
          doctest::Approx(v[d][1] * v[d][2]).epsilon(1e-13));
  }
}
