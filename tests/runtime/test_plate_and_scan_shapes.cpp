// Shapes that would change a model's meaning silently: dims left of every
// plate, an observed value whose length disagrees with its plate, a scan
// carry that changes shape, and the sites of nested scans.
#include <cmath>

#include "handlers/substitute.h"
#include "runtime_test_support.h"

using namespace ppl;

namespace {

std::string run_error(const std::string& source, const std::string& data) {
  auto p = test::load(source, data);
  ad::Tape tape;
  try {
    test::run_traced(p, tape, 1);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a factor with dims left of its plate is an error naming the statement and the plates") {
  std::string error = run_error(R"(data {
  N: int
  y: real[N]
}
model {
  m ~ Normal(0, 1)
  plate i in N {
    let lp = Normal(m, 1).log_prob(y)
    factor mix = stack(lp, lp)
  }
})",
                                R"({"N": 3, "y": [1, 2, 3]})");
  CHECK(error ==
        "at test.ppl:9:5: factor 'mix' has batch shape [2, 3] inside plate 'i' (dim -1): its 1 "
        "leftmost dim lies outside every plate and would be summed as if independent; reduce it "
        "explicitly (e.g. logsumexp(..., axis=0)) or put the statement in a plate of that size");
}

TEST_CASE("an observed site whose length disagrees with its plate is an error") {
  std::string error = run_error(R"(data {
  N: int
  K: int
  y: real[N]
}
model {
  m ~ Normal(0, 1)
  plate rows in K {
    y ~ Normal(m, 1)
  }
})",
                                R"({"N": 4, "K": 3, "y": [1, 2, 3, 4]})");
  CHECK(error == "at test.ppl:9:5: site 'y' has batch shape [4], but plate 'rows' puts 3 elements at dim -1");
}

TEST_CASE("a scan carry that changes shape stops at the first step") {
  std::string error = run_error(R"(data {
  T: int
  y: real[T]
}
model {
  s ~ HalfNormal(1)
  scan t in 0:T carry (prev = 0.0) {
    z ~ Normal(prev, s)
    prev = y
  }
})",
                                R"({"T": 3, "y": [1, 2, 3]})");
  CHECK(error ==
        "at test.ppl:7:31: the scan's carry 'prev' has shape [] initially and [3] after step 0; a "
        "carry must keep its shape from step to step");
}

TEST_CASE("a site of nested scans has one leading dim per scan and is usable after them") {
  auto p = test::load(R"(model {
  scan i in 0:3 {
    scan j in 0:4 {
      z ~ Normal(i * 10 + j, 0.001)
    }
  }
  deterministic total = sum(z, axis=1)
})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 1);
  Array z = trace.site("z").value().value();
  REQUIRE(z.shape() == Shape{3, 4});
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) CHECK(std::abs(z.values()[i * 4 + j] - (i * 10 + j)) < 0.01);
  Array total = trace.site("total").value().value();
  REQUIRE(total.shape() == Shape{3});
  CHECK(std::abs(total.values()[2] - (4 * 20 + 6)) < 0.04);
  // Substituting the stacked value gives each step its own element.
  handlers::SubstituteHandler given({{"z", tape.constant(z)}});
  handlers::Trace again = test::run_traced(p, tape, 9, {&given});
  CHECK(again.site("z").value().value().values().isApprox(z.values()));
}

TEST_CASE("a run error carries its place apart from its message") {
  auto p = test::load("model {\n  m ~ Normal(0, 1)\n  x ~ Normal(m, -1)\n}\n");
  ad::Tape tape;
  try {
    test::run_traced(p, tape, 1);
    FAIL("a negative scale must stop the run");
  } catch (const Error& e) {
    REQUIRE(e.place());
    CHECK(e.place()->file == "test.ppl");
    CHECK(e.place()->location.line == 3);
    CHECK(e.place()->location.column == 7);
    CHECK(e.message() == "Normal: scale must be positive, got -1");
    CHECK(std::string(e.what()) == "at test.ppl:3:7: Normal: scale must be positive, got -1");
    // Wrapped in context, the place stays.
    Error wrapped = e.with_message("step 4: " + e.message());
    CHECK(wrapped.place()->location.line == 3);
    CHECK(std::string(wrapped.what()) == "at test.ppl:3:7: step 4: Normal: scale must be positive, got -1");
  }
}

TEST_CASE("a scan in each branch of an if leaves its stacked site in one place, whichever branch ran") {
  // Each branch stacks z; after the if, z is the stacked value of the branch
  // that ran (the else-branch here), not the last step of its scan.
  for (const char* condition : {"1.0", "-1.0"}) {
    INFO(condition);
    auto p = test::load(std::string("model {\n  let a = ") + condition + R"(
  if a > 0 {
    scan t in 0:3 carry (c = 0.0) {
      z ~ Normal(c + 1.0, 1)
      c = z
    }
  } else {
    scan t in 0:3 carry (c = 0.0) {
      z ~ Normal(c - 1.0, 1)
      c = z
    }
  }
  deterministic total = sum(z)
})");
    ad::Tape tape;
    handlers::Trace trace = test::run_traced(p, tape, 4);
    ad::Var z = trace.site("z").value();
    REQUIRE(z.shape() == Shape{3});
    const double sum = z.value().values().sum();
    CHECK(trace.site("total").value().item() == doctest::Approx(sum).epsilon(1e-14));
  }
}

TEST_CASE("a site in a loop inside a scan is stacked by the scan") {
  // The loop names its site by the index (z[0]); after the scan, z holds
  // each step's value: about 10 t at step t.
  auto p = test::load(R"(model {
  scan t in 0:3 carry (c = 0.0) {
    for i in 0:1 {
      z ~ Normal(c, 0.001)
    }
    c = c + 10.0
  }
  deterministic first = z[0]
  deterministic last = z[2]
})");
  ad::Tape tape;
  handlers::Trace trace = test::run_traced(p, tape, 5);
  CHECK(trace.site("first").value().item() == doctest::Approx(0.0).epsilon(0.01));
  CHECK(trace.site("last").value().item() == doctest::Approx(20.0).epsilon(0.01));
}
