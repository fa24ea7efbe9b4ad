// stack and concat in NumPy's list form, and axes that mean the program's
// axes whether draws are vectorized or not.
#include <cmath>

#include "ad/ops.h"
#include "handlers/substitute.h"
#include "infer/predictive.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

Array deterministic(const char* source, const std::string& name, const std::string& data = "{}") {
  auto p = test::load(source, data);
  ad::Tape tape;
  return test::run_traced(p, tape, 1).site(name).value().value();
}

}  // namespace

TEST_CASE("stack and concat take NumPy's list of arrays") {
  const char* program = R"(model {
  let a = [1.0, 2.0, 3.0]
  let b = [4.0, 5.0, 6.0]
  deterministic s0 = stack([a, b], axis=0)
  deterministic s1 = stack([a, b], axis=1)
  deterministic s_args = stack(a, b)
  deterministic c = concat([a, b])
  deterministic c_named = concat(arrays=[a, b, a], axis=0)
})";
  Array s0 = deterministic(program, "s0");
  CHECK(s0.shape() == Shape{2, 3});
  CHECK(s0.values()[3] == 4.0);
  Array s1 = deterministic(program, "s1");
  CHECK(s1.shape() == Shape{3, 2});
  CHECK(s1.values()[1] == 4.0);
  CHECK(deterministic(program, "s_args").shape() == Shape{2, 3});
  Array c = deterministic(program, "c");
  CHECK(c.shape() == Shape{6});
  CHECK(c.values()[5] == 6.0);
  CHECK(deterministic(program, "c_named").shape() == Shape{9});
}

TEST_CASE("stack and concat of one array iterate over its first axis, as NumPy does") {
  const char* program = R"(model {
  let m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
  deterministic s = stack(m)
  deterministic s1 = stack(m, axis=1)
  deterministic c = concat(m)
})";
  CHECK(deterministic(program, "s").shape() == Shape{2, 3});
  Array s1 = deterministic(program, "s1");
  CHECK(s1.shape() == Shape{3, 2});
  CHECK(s1.values()[1] == 4.0);  // np.stack(m, axis=1)[0, 1] == m[1, 0]
  Array c = deterministic(program, "c");
  CHECK(c.shape() == Shape{6});
  CHECK(c.values()[3] == 4.0);
}

TEST_CASE("a list and more arrays at once is refused") {
  frontend::CompiledProgram compiled = frontend::compile_source(
      "m.ppl", "model {\n  let a = [1.0, 2.0]\n  deterministic s = stack([a, a], a)\n}\n");
  REQUIRE_FALSE(compiled.ok());
  CHECK(compiled.rendered_diagnostics().find(
            "m.ppl:3:21: error: stack takes its arrays either as one list or as separate "
            "arguments, not both") != std::string::npos);
}

TEST_CASE("the two-component mixture written with stack([lp1, lp2]) scores each row once") {
  // log p(y_i) = logsumexp(log 0.5 + N(y_i; m1, 1), log 0.5 + N(y_i; m2, 1)).
  const char* program = R"(data {
  N: int
  y: real[N]
}
model {
  m1 ~ Normal(0, 10)
  m2 ~ Normal(0, 10)
  plate i in N {
    let lp1 = log(0.5) + Normal(m1, 1).log_prob(y)
    let lp2 = log(0.5) + Normal(m2, 1).log_prob(y)
    factor mix = logsumexp(stack([lp1, lp2], axis=0), axis=0)
  }
})";
  auto p = test::load(program, R"({"N": 3, "y": [-2.0, 0.5, 3.0]})");
  ad::Tape tape;
  handlers::SubstituteHandler at({{"m1", tape.constant(-1.0)}, {"m2", tape.constant(2.0)}});
  handlers::Trace trace = test::run_traced(p, tape, 1, {&at});
  double expected = 0;
  for (double y : {-2.0, 0.5, 3.0}) {
    double a = std::log(0.5) - 0.5 * (y + 1) * (y + 1) - 0.5 * std::log(2 * M_PI);
    double b = std::log(0.5) - 0.5 * (y - 2) * (y - 2) - 0.5 * std::log(2 * M_PI);
    expected += std::max(a, b) + std::log(std::exp(a - std::max(a, b)) + std::exp(b - std::max(a, b)));
  }
  CHECK(trace.site("mix").value().shape() == Shape{3});
  CHECK(ad::sum(trace.site("mix").value()).item() == doctest::Approx(expected).epsilon(1e-12));
}

TEST_CASE("a positive axis means the program's axis with draws vectorized or one at a time") {
  const char* program = R"(data {
  N: int
}
model {
  m1 ~ Normal(0, 1)
  m2 ~ Normal(3, 1)
  plate i in N {
    z ~ Normal(0, 1)
    let lp1 = Normal(m1, 1).log_prob(z)
    let lp2 = Normal(m2, 1).log_prob(z)
    deterministic l = logsumexp(stack([lp1, lp2]), axis=0)
    deterministic first = stack([lp1, lp2])[0]
  }
  deterministic total = sum(z)
  deterministic count = size(z)
  deterministic row = reshape(z, [1, N])
})";
  auto p = test::load(program, R"({"N": 4})");
  infer::PredictiveOptions options;
  options.num_samples = 6;
  options.seed = 3;
  auto at_once = test::vectorized_predictions(p, options);
  auto shape_of = [&](const std::string& name) {
    for (const auto& s : at_once)
      if (s.name == name) return s.shape;
    return std::vector<int64_t>{-1};
  };
  CHECK(shape_of("l") == std::vector<int64_t>{4});
  CHECK(shape_of("first") == std::vector<int64_t>{4});
  CHECK(shape_of("total") == std::vector<int64_t>{});
  CHECK(shape_of("count") == std::vector<int64_t>{});
  CHECK(shape_of("row") == std::vector<int64_t>{1, 4});
  // l is logsumexp of the two rows: its values follow from z, m1, m2 of each draw.
  const infer::SiteDraws *l = nullptr, *z = nullptr, *m1 = nullptr, *m2 = nullptr, *count = nullptr;
  for (const auto& s : at_once) {
    if (s.name == "l") l = &s;
    if (s.name == "z") z = &s;
    if (s.name == "m1") m1 = &s;
    if (s.name == "m2") m2 = &s;
    if (s.name == "count") count = &s;
  }
  REQUIRE((l && z && m1 && m2 && count));
  for (size_t d = 0; d < 6; ++d) {
    CHECK(count->draws[0][d][0] == 4.0);
    for (size_t i = 0; i < 4; ++i) {
      double x = z->draws[0][d][i];
      double a = -0.5 * std::pow(x - m1->draws[0][d][0], 2) - 0.5 * std::log(2 * M_PI);
      double b = -0.5 * std::pow(x - m2->draws[0][d][0], 2) - 0.5 * std::log(2 * M_PI);
      double m = std::max(a, b);
      CHECK(l->draws[0][d][i] == doctest::Approx(m + std::log(std::exp(a - m) + std::exp(b - m))).epsilon(1e-10));
    }
  }
}

TEST_CASE("draws vectorize left of plates that hold only factors and deterministics") {
  // The mixture: no sample site inside the plate, yet l is [N] per draw.
  const char* program = R"(data {
  N: int
  y: real[N]
}
model {
  m1 ~ Normal(-2, 2)
  m2 ~ Normal(2, 2)
  plate i in N {
    let st = stack([Normal(m1, 1).log_prob(y), Normal(m2, 1).log_prob(y)], axis=0)
    factor mix = logsumexp(st, axis=0)
    deterministic l = logsumexp(st, axis=0)
  }
})";
  auto p = test::load(program, R"({"N": 3, "y": [-2.0, 0.5, 3.0]})");
  infer::PredictiveOptions options;
  options.num_samples = 4;
  bool vectorized = false;
  auto draws = infer::predict(p.program, p.data, options, nullptr, &vectorized);
  CHECK(vectorized);
  for (const auto& s : draws)
    if (s.name == "l") {
      CHECK(s.shape == std::vector<int64_t>{3});
      CHECK(s.draws[0].size() == 4);
    }
}
