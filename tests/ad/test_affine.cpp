// X @ W + b recorded as one node (ad/affine.h): its value is the product
// plus the bias to the last bit, its gradients match finite differences and
// replay, and the matmul node it came from is left out of replay.
#include <doctest/doctest.h>

#include "core/array_linalg.h"
#include "core/broadcast.h"
#include "core/error.h"
#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

namespace {

// The product plus the bias computed on plain arrays, as an unfused add would.
Array product_plus_bias(const Array& x, const Array& w, const Array& bias) {
  Array product = ppl::matmul(x, w);
  const Shape shape = broadcast_shapes(product.shape(), bias.shape());
  Array out = broadcast_to(product, shape);
  out.mutable_values() += broadcast_to(bias, shape).values();
  return out;
}

// Whether `v`'s node is the fused one: operands X, W and the bias, not the
// matmul node and the bias of a plain add.
bool is_affine_of(const Tape& tape, Var v, Var x, Var w, Var bias) {
  const Node& node = tape.node(v.index());
  return node.scalar_op != ScalarOp::Add && node.operands[0] == x.index() &&
         node.operands[1] == w.index() && node.operands[2] == bias.index();
}

}  // namespace

TEST_CASE("a bias added to a matrix product is one node with the unfused value") {
  Tape tape;
  const Array x = random_array(Shape{5, 3}, -1, 1, 1);
  const Array w = random_array(Shape{3, 4}, -1, 1, 2);
  const Array row = random_array(Shape{4}, -1, 1, 3);
  const Var xv = tape.constant(x), wv = tape.leaf(w), bv = tape.leaf(row);

  const Var layer = matmul(xv, wv) + bv;
  CHECK(is_affine_of(tape, layer, xv, wv, bv));
  const Array expected = product_plus_bias(x, w, row);
  REQUIRE(layer.shape() == expected.shape());
  for (int64_t i = 0; i < expected.size(); ++i) CHECK(layer.value().values()[i] == expected.values()[i]);

  // A column bias on a square product: each row gets its own number.
  const Array square = random_array(Shape{4, 4}, -1, 1, 5);
  const Array column = random_array(Shape{4, 1}, -1, 1, 6);
  const Var column_layer = matmul(tape.constant(square), tape.leaf(square)) + tape.leaf(column);
  const Array expected_column = product_plus_bias(square, square, column);
  for (int64_t i = 0; i < 16; ++i)
    CHECK(column_layer.value().values()[i] == expected_column.values()[i]);

  // The bias on the left, as in `intercept + X @ coefs`.
  const Array coefs = random_array(Shape{3}, -1, 1, 4);
  const Var cv = tape.leaf(coefs), intercept = tape.leaf(0.25);
  const Var predictor = intercept + matmul(xv, cv);
  CHECK(is_affine_of(tape, predictor, xv, cv, intercept));
  const Array expected_predictor = product_plus_bias(x, coefs, Array(0.25));
  for (int64_t i = 0; i < 5; ++i)
    CHECK(predictor.value().values()[i] == expected_predictor.values()[i]);
}

TEST_CASE("affine gradients for every operand layout and bias shape") {
  const auto layer = [](auto v) { return matmul(v[0], v[1]) + v[2]; };
  const auto bias_first = [](auto v) { return v[2] + matmul(v[0], v[1]); };
  // Matrix times matrix, bias a row, a number, a column and the whole shape.
  check_gradient(layer, {random_array(Shape{4, 3}), random_array(Shape{3, 2}, -1, 1, 11),
                         random_array(Shape{2}, -1, 1, 12)});
  check_gradient(layer, {random_array(Shape{4, 3}), random_array(Shape{3, 2}, -1, 1, 13),
                         random_array(Shape{}, -1, 1, 14)});
  check_gradient(layer, {random_array(Shape{4, 3}), random_array(Shape{3, 2}, -1, 1, 15),
                         random_array(Shape{4, 1}, -1, 1, 16)});
  // A square product, where a column bias has as many numbers as a row.
  check_gradient(layer, {random_array(Shape{3, 3}), random_array(Shape{3, 3}, -1, 1, 25),
                         random_array(Shape{3, 1}, -1, 1, 26)});
  check_gradient(bias_first, {random_array(Shape{4, 3}), random_array(Shape{3, 2}, -1, 1, 17),
                              random_array(Shape{4, 2}, -1, 1, 18)});
  // Matrix times vector (a regression's predictor) and vector times matrix.
  check_gradient(bias_first, {random_array(Shape{6, 3}), random_array(Shape{3}, -1, 1, 19),
                              random_array(Shape{}, -1, 1, 20)});
  check_gradient(layer, {random_array(Shape{3}), random_array(Shape{3, 4}, -1, 1, 21),
                         random_array(Shape{4}, -1, 1, 22)});
  // The product read again besides the bias: both paths of its adjoint.
  check_gradient([](auto v) {
    const Var product = matmul(v[0], v[1]);
    return (product + v[2]) * product;
  }, {random_array(Shape{4, 3}), random_array(Shape{3, 2}, -1, 1, 23), random_array(Shape{2}, -1, 1, 24)});
}

TEST_CASE("replay recomputes the fused node and leaves the matmul node out") {
  Tape tape;
  const Var x = tape.constant(random_array(Shape{5, 3}, -1, 1, 31));
  const Var w = tape.leaf(random_array(Shape{3, 2}, -1, 1, 32));
  const Var b = tape.leaf(random_array(Shape{2}, -1, 1, 33));
  const Var product = matmul(x, w);
  const Var out = sum(tanh(product + b));
  REQUIRE(tape.replayable());
  const std::vector<uint8_t> live = tape.live_nodes(out);
  CHECK_FALSE(live[product.index()]);

  const Array w_new = random_array(Shape{3, 2}, -1, 1, 34);
  const Array b_new = random_array(Shape{2}, -1, 1, 35);
  tape.leaf_values(w) = w_new.values();
  tape.leaf_values(b) = b_new.values();
  tape.replay(out);
  const Array expected = product_plus_bias(x.value(), w_new, b_new);
  CHECK(out.item() == doctest::Approx(expected.values().tanh().sum()).epsilon(1e-14));
}

TEST_CASE("a bias that enlarges the product's shape is a plain add") {
  Tape tape;
  const Var x = tape.leaf(random_array(Shape{4, 3}, -1, 1, 41));
  const Var w = tape.leaf(random_array(Shape{3, 2}, -1, 1, 42));
  const Var wide = tape.leaf(random_array(Shape{2, 4, 2}, -1, 1, 43));
  const Var product = matmul(x, w);
  const Var sum_value = product + wide;
  CHECK(tape.node(sum_value.index()).scalar_op == ScalarOp::Add);
  CHECK(sum_value.shape() == Shape{2, 4, 2});
  // And a product whose right operand is batched keeps the plain add too.
  const Var batch = tape.leaf(random_array(Shape{2, 4, 3}, -1, 1, 44));
  const Var right_batch = tape.leaf(random_array(Shape{2, 3, 2}, -1, 1, 46));
  const Var batched = matmul(batch, right_batch) + tape.leaf(random_array(Shape{2}, -1, 1, 45));
  CHECK(tape.node(batched.index()).scalar_op == ScalarOp::Add);
}

TEST_CASE("a stack of matrices times a matrix, plus a bias, is one node of the stack's rows") {
  // The layers of a scan scored in one pass: [T, N, Z] @ [Z, H] + [H].
  Tape tape;
  const Array x = random_array(Shape{3, 4, 2}, -1, 1, 61);
  const Array w = random_array(Shape{2, 5}, -1, 1, 62);
  const Array row = random_array(Shape{5}, -1, 1, 63);
  const Var xv = tape.leaf(x), wv = tape.leaf(w), bv = tape.leaf(row);
  const Var layer = matmul(xv, wv) + bv;
  CHECK(is_affine_of(tape, layer, xv, wv, bv));
  const Array expected = product_plus_bias(x, w, row);
  REQUIRE(layer.shape() == Shape{3, 4, 5});
  for (int64_t i = 0; i < expected.size(); ++i)
    CHECK(layer.value().values()[i] == doctest::Approx(expected.values()[i]).epsilon(1e-15));
  const auto affine = [](auto v) { return matmul(v[0], v[1]) + v[2]; };
  check_gradient(affine, {x, w, row});
  check_gradient(affine, {random_array(Shape{2, 3, 2, 3}), random_array(Shape{3}, -1, 1, 64),
                          random_array(Shape{}, -1, 1, 65)});
  check_gradient(affine, {x, w, random_array(Shape{4, 5}, -1, 1, 66)});
}

TEST_CASE("a large product and its affine node are deferred, and right when read") {
  // 1200 rows: at least kDeferredMinElements values, so nothing is computed
  // until read; read, the values are the eager ones to the last bit.
  Tape tape;
  const Array x_value = random_array(Shape{1200, 3}, -1, 1, 51);
  const Var x = tape.constant(x_value);
  const Var w = tape.leaf(random_array(Shape{3}, -1, 1, 52));
  const Var a = tape.leaf(0.4);
  const Var product = matmul(x, w);
  CHECK(tape.node(product.index()).deferred);
  CHECK(product.shape() == Shape{1200});
  const Var affine = a + product;
  CHECK(is_affine_of(tape, affine, x, w, a));
  CHECK(tape.node(affine.index()).deferred);
  CHECK(affine.shape() == Shape{1200});
  const Array expected = product_plus_bias(x_value, w.value(), a.value());
  CHECK((affine.value().values() == expected.values()).all());
  CHECK(tape.node(product.index()).deferred);  // the affine node reads X and w, not it
  // A wide matrix product, [1200, 3] @ [3, 2], is deferred too.
  const Var wide = matmul(x, tape.leaf(random_array(Shape{3, 2}, -1, 1, 53)));
  CHECK(tape.node(wide.index()).deferred);
  CHECK(wide.shape() == Shape{1200, 2});
  // A misaligned product is still refused with matmul's message.
  CHECK_THROWS_WITH_AS(matmul(x, tape.leaf(random_array(Shape{4}))),
                       "matmul: shapes [1200, 3] and [4] do not align", Error);
}

TEST_CASE("deferred products against finite differences and replay") {
  check_gradient([](std::span<const Var> v) {
    const Var eta = matmul(v[0], v[1]) + v[2];
    return sum(tanh(eta)) + 3.0 * index(matmul(v[0], v[1]), 5);
  }, {random_array(Shape{1100, 2}, -1, 1, 61), random_array(Shape{2}, -1, 1, 62), random_array(Shape{}, -1, 1, 63)});
}
