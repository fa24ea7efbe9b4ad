// The IR a program lowers to, seen through its printer.
#include <doctest/doctest.h>

#include "frontend/compile.h"
#include "frontend/lower.h"
#include "ir/printer.h"

namespace {

std::string lowered(const std::string& source) {
  auto compiled = ppl::frontend::compile_source("test.ppl", source);
  INFO(compiled.rendered_diagnostics());
  REQUIRE(compiled.ok());
  return ppl::ir::print(ppl::frontend::lower(compiled.program));
}

}  // namespace

TEST_CASE("defaults are filled in and named arguments put in parameter order") {
  CHECK(lowered("model {\n  x ~ Normal(scale=2.5)\n  b ~ Bernoulli(logits=x)\n}\n") ==
        "model (2 slots) {\n"
        "  sample \"x\" %0(x) ~ Normal(loc=0r, scale=2.5r)\n"
        "  sample \"b\" %1(b) ~ Bernoulli(logits=%0(x))\n"
        "}\n");
}

TEST_CASE("data entries get slots and a site named like data observes it") {
  CHECK(lowered("data {\n  N: int\n  y: real[N]\n}\nmodel {\n  mu ~ Normal(0, 1)\n"
                "  plate i in N {\n    y ~ Normal(mu, 1)\n  }\n}\n") ==
        "data N: int\n"
        "data y: real[N]\n"
        "model (3 slots) {\n"
        "  %0(N) = data N\n"
        "  %1(y) = data y\n"
        "  sample \"mu\" %2(mu) ~ Normal(loc=0, scale=1)\n"
        "  plate \"i\" size %0(N) dim -1 {\n"
        "    sample \"y\" %1(y) ~ Normal(loc=%2(mu), scale=1) obs-data y\n"
        "  }\n"
        "}\n");
}

TEST_CASE("nested plates take dims -1 then -2, and subsampling binds its index") {
  std::string ir = lowered(
      "data { N: int  M: int }\nmodel {\n  plate a in N subsample 10 as idx {\n"
      "    plate b in M {\n      x ~ Normal(0, 1)\n    }\n  }\n}\n");
  CHECK(ir.find("plate \"a\" size %0(N) dim -1 subsample 10 as %2(idx) {") != std::string::npos);
  CHECK(ir.find("plate \"b\" size %1(M) dim -2 {") != std::string::npos);
}

TEST_CASE("scan: carries, sequences, a site that sets a carry, and stacking") {
  CHECK(lowered("data { T: int  u: real[T] }\nmodel {\n"
                "  scan t in 0:T carry (h = 0.0) over (v = u) {\n"
                "    h ~ Normal(h + v, 1)\n    deterministic d = 2 * h\n  }\n"
                "  factor f = sum(h) + sum(d)\n}\n") ==
        "data T: int\n"
        "data u: real[T]\n"
        "model (8 slots) {\n"
        "  %0(T) = data T\n"
        "  %1(u) = data u\n"
        "  scan %2(t) in 0:%0(T) carry %3(h) = 0r over %4(v) in %1(u) {\n"
        "    sample \"h\" %3(h) ~ Normal(loc=add(%3(h), %4(v)), scale=1)\n"
        "    deterministic \"d\" %5(d) = mul(2, %3(h))\n"
        "  } stacked %6(h) <- %3(h) %7(d) <- %5(d)\n"
        "  factor \"f\" add(sum(x=%6(h)), sum(x=%7(d)))\n"
        "}\n");
}

TEST_CASE("for loops name their sites by the loop index; if joins names of both branches") {
  std::string ir = lowered(
      "model {\n  for i in 0:3 {\n    x ~ Normal(0, 1)\n  }\n"
      "  if true {\n    let a = 1.0\n    z ~ Normal(a, 1)\n  } else {\n    z ~ Normal(0, 2)\n  }\n"
      "  w ~ Normal(z, 1)\n}\n");
  CHECK(ir.find("sample \"x\" %1(x) ~ Normal(loc=0, scale=1) named-by %0(i)") != std::string::npos);
  CHECK(ir.find("sample \"z\" %3(z) ~ Normal(loc=%2(a), scale=1)") != std::string::npos);
  CHECK(ir.find("sample \"z\" %3(z) ~ Normal(loc=0, scale=2)") != std::string::npos);
  CHECK(ir.find("sample \"w\" %4(w) ~ Normal(loc=%3(z), scale=1)") != std::string::npos);
}

TEST_CASE("functions, params with constraints, methods and constraints as values") {
  std::string ir = lowered(
      "fn f(a, b) {\n  return a @ b\n}\nguide {\n  param s: interval(0, 1) = 0.5\n"
      "  param W = init_normal([2, 2], 0.1)\n  x ~ Normal(f(W, W), s).to_event(2)\n"
      "  y ~ ImproperUniform(positive, [], [3])\n}\n");
  CHECK(ir.find("fn f(%0(a), %1(b)) (2 slots) {\n  return matmul(%0(a), %1(b))\n}") !=
        std::string::npos);
  CHECK(ir.find("param \"s\" %0(s) = 0.5r in constraint interval(lower_bound=0, upper_bound=1)") !=
        std::string::npos);
  CHECK(ir.find("param \"W\" %1(W) = init_normal(shape=array(2, 2), scale=0.10000000000000001r)") !=
        std::string::npos);
  CHECK(ir.find("Normal(loc=call f(%1(W), %1(W)), scale=%0(s)).to_event(reinterpreted_batch_ndims=2)") !=
        std::string::npos);
  CHECK(ir.find("ImproperUniform(support=constraint positive, batch_shape=array(), "
                "event_shape=array(3))") != std::string::npos);
}
