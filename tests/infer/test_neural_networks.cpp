// The autoguides' networks: MADE's masks give an autoregressive map, the
// networks' gradients agree with finite differences (inputs and weights),
// and the block neural autoregressive flow's log |det J| agrees with the
// determinant of a finite-difference Jacobian, which is lower triangular.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <map>

#include "../ad/gradient_check.h"
#include "core/error.h"
#include "infer/nn/autoregressive_nn.h"
#include "infer/nn/block_autoregressive_nn.h"

using namespace ppl;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;
namespace nn = ppl::infer::nn;

namespace {

// Params drawn once from their initializers and then fixed: the same values
// for every tape. (`initial` is only called for a name not seen before.)
struct FixedParams {
  std::map<std::string, Array> values;
  std::vector<std::string> order;  // as first asked for
  nn::ParamFn constants(ad::Tape& tape) {
    return [this, &tape](const std::string& name, const std::function<Array()>& initial) {
      if (!values.count(name)) {
        values.emplace(name, initial());
        order.push_back(name);
      }
      return tape.constant(values.at(name));
    };
  }
  // The input and then every weight, as check_gradient's inputs.
  std::vector<Array> inputs_with(const Array& x) const {
    std::vector<Array> inputs{x};
    for (const std::string& name : order) inputs.push_back(values.at(name));
    return inputs;
  }
  // The weights as the leaves check_gradient made of inputs_with()'s arrays.
  nn::ParamFn leaves(std::span<const ad::Var> v) const {
    return [this, v](const std::string& name, const std::function<Array()>&) {
      for (size_t k = 0; k < order.size(); ++k)
        if (order[k] == name) return v[k + 1];
      throw Error("a weight the first run did not ask for: " + name);
    };
  }
};

using Map = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

// Central differences, columns by input.
Eigen::MatrixXd jacobian(const Map& f, const Eigen::VectorXd& x) {
  const Eigen::Index d = x.size();
  Eigen::MatrixXd j(f(x).size(), d);
  for (Eigen::Index i = 0; i < d; ++i) {
    const double h = 1e-6;
    Eigen::VectorXd up = x, down = x;
    up[i] += h;
    down[i] -= h;
    j.col(i) = (f(up) - f(down)) / (2 * h);
  }
  return j;
}

Eigen::VectorXd values_of(ad::Var v) {
  return Eigen::Map<const Eigen::VectorXd>(v.value().values().data(), v.value().size());
}

}  // namespace

TEST_CASE("MADE's masks let output j see exactly the inputs before j in the order") {
  for (const std::vector<int64_t>& order : {std::vector<int64_t>{}, {3, 1, 0, 2}}) {
    nn::AutoregressiveNN net{"net", 4, {6, 5}, 2, order, false, nn::Activation::Elu};
    const nn::MadeMasks masks = nn::made_masks(net);
    REQUIRE(masks.layers.size() == 3);
    // Paths from input i to output (p, j): the product of the masks.
    Eigen::MatrixXd paths = Eigen::MatrixXd::Identity(4, 4);
    for (const Array& mask : masks.layers) {
      const Eigen::Index rows = mask.shape()[0], cols = mask.shape()[1];
      paths = paths * Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic,
                                                     Eigen::RowMajor>>(mask.values().data(), rows, cols);
    }
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t p = 0; p < 2; ++p)
        for (int64_t j = 0; j < 4; ++j) {
          const int64_t place_i = order.empty() ? i : order[i], place_j = order.empty() ? j : order[j];
          CAPTURE(i);
          CAPTURE(j);
          CHECK((paths(i, p * 4 + j) > 0) == (place_i < place_j));
          CHECK((masks.skip.values()[i * 8 + p * 4 + j] > 0) == (place_i < place_j));
        }
  }
}

TEST_CASE("a MADE's outputs depend on the inputs before them only (finite differences)") {
  for (bool skip : {false, true}) {
    FixedParams fixed;
    nn::AutoregressiveNN net{"net", 3, {5, 5}, 2, {}, skip, nn::Activation::Tanh};
    const Map f = [&](const Eigen::VectorXd& x) {
      ad::Tape tape;
      const ad::Var out = nn::apply(fixed.constants(tape), net,
                                    tape.constant(Array(Shape{3}, Eigen::ArrayXd(x.array()))),
                                    RandomKey(3));
      return values_of(out);
    };
    const Eigen::MatrixXd j = jacobian(f, Eigen::Vector3d(0.3, -0.7, 1.1));
    for (int p = 0; p < 2; ++p)
      for (int out = 0; out < 3; ++out)
        for (int in = 0; in < 3; ++in) {
          CAPTURE(out);
          CAPTURE(in);
          if (in >= out) CHECK(std::abs(j(p * 3 + out, in)) < 1e-9);
          else CHECK(std::abs(j(p * 3 + out, in)) > 1e-6);
        }
  }
}

TEST_CASE("network gradients in the inputs and the weights match finite differences") {
  for (nn::Activation activation : {nn::Activation::Elu, nn::Activation::LeakyRelu,
                                    nn::Activation::Softplus, nn::Activation::Sigmoid}) {
    CAPTURE(nn::activation_name(activation));
    nn::AutoregressiveNN net{"net", 3, {4}, 2, {}, true, activation};
    FixedParams fixed;
    {
      ad::Tape tape;
      nn::apply(fixed.constants(tape), net, tape.constant(Array::zeros(Shape{3})), RandomKey(5));
    }
    check_gradient(
        [&](std::span<const ad::Var> v) { return nn::apply(fixed.leaves(v), net, v[0], RandomKey(5)); },
        fixed.inputs_with(random_array(Shape{3}, -1, 1, 11)));
  }
}

TEST_CASE("BNAF: log |det J| is that of the finite-difference Jacobian, which is triangular") {
  for (bool gated : {false, true}) {
    CAPTURE(gated);
    FixedParams fixed;
    nn::BlockAutoregressiveNN net{"bnaf", 3, {4, 3}, gated};
    double log_det = 0;
    const Map f = [&](const Eigen::VectorXd& x) {
      ad::Tape tape;
      const nn::FlowStep step =
          nn::apply(fixed.constants(tape), net,
                    tape.constant(Array(Shape{3}, Eigen::ArrayXd(x.array()))), RandomKey(9));
      log_det = step.log_abs_det.item();
      return values_of(step.value);
    };
    const Eigen::VectorXd x(Eigen::Vector3d(0.4, -1.2, 0.8));
    const Eigen::MatrixXd j = jacobian(f, x);
    f(x);
    CHECK(log_det == doctest::Approx(std::log(std::abs(j.determinant()))).epsilon(1e-6));
    for (int out = 0; out < 3; ++out)
      for (int in = 0; in < 3; ++in) {
        CAPTURE(out);
        CAPTURE(in);
        if (in > out) CHECK(std::abs(j(out, in)) < 1e-9);
        if (in == out) CHECK(j(out, in) > 0);  // increasing in its own coordinate
      }
  }
}

TEST_CASE("BNAF gradients in the inputs and the weights match finite differences") {
  nn::BlockAutoregressiveNN net{"bnaf", 2, {3}, true};
  FixedParams fixed;
  {
    ad::Tape tape;
    nn::apply(fixed.constants(tape), net, tape.constant(Array::zeros(Shape{2})), RandomKey(2));
  }
  check_gradient(
      [&](std::span<const ad::Var> v) {
        const nn::FlowStep step = nn::apply(fixed.leaves(v), net, v[0], RandomKey(2));
        return step.value + step.log_abs_det;
      },
      fixed.inputs_with(random_array(Shape{2}, -1, 1, 12)));
}
