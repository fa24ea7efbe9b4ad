// Random draws as tape inputs (ad/random_input.h): constants without a
// recorder; with one, leaves that a replay at new noise recomputes from.
#include <doctest/doctest.h>

#include "ad/ops.h"
#include "ad/random_input.h"
#include "core/samplers.h"

using namespace ppl;
using namespace ppl::ad;

namespace {

Array normals(RandomKey key) { return Array(Shape{3}, sample(key, NormalSampler(0.0, 1.0), 3)); }

}  // namespace

TEST_CASE("a random input is a constant without a recorder of its tape") {
  Tape tape, other;
  RandomInputs inputs(other);
  Var eps = random_input(tape, RandomKey(5), normals);
  CHECK_FALSE(tape.needs_gradient(eps.index()));
  CHECK(inputs.inputs().empty());
  CHECK(eps.value().values().isApprox(normals(RandomKey(5)).values(), 0.0));
}

TEST_CASE("a recorded random input is a leaf, and a replay at new noise recomputes its uses") {
  Tape tape;
  RandomInputs inputs(tape);
  Var loc = tape.leaf(Array::vector({0.5, -1.0, 2.0}));
  Var eps = random_input(tape, RandomKey(5), normals);
  Var draw = loc + 2.0 * eps;
  Var total = sum(square(draw));
  REQUIRE(inputs.inputs().size() == 1);
  const RandomInputs::Input& input = inputs.inputs().front();
  CHECK(input.node == eps.index());
  CHECK(input.key == RandomKey(5));
  REQUIRE(tape.replayable());

  const Array fresh = input.draw(RandomKey(6));
  tape.leaf_values(eps) = fresh.values();
  tape.replay(total);
  const Eigen::ArrayXd expected_draw = loc.value().values() + 2.0 * fresh.values();
  CHECK(total.item() == doctest::Approx(expected_draw.square().sum()).epsilon(1e-14));
  tape.backward(total);
  for (int i = 0; i < 3; ++i) CHECK(tape.adjoint(loc).values()[i] == doctest::Approx(2 * expected_draw[i]));
}
