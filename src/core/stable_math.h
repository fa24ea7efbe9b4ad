#pragma once
// Numerically stable elementwise formulas as Eigen expressions, shared by the
// array functions and by their derivatives; being expressions, they stay
// vectorized and fuse into the expression that uses them.
#include <Eigen/Core>

namespace ppl {

// 1 / (1 + exp(-x)): exact in both tails (exp(-x) overflowing gives 0).
template <class Derived>
auto stable_sigmoid(const Eigen::ArrayBase<Derived>& x) {
  return (1.0 + (-x).exp()).inverse();
}

// log(1 + exp(x)), softplus: never overflows, and keeps the digits of
// exp(x) for very negative x.
template <class Derived>
auto stable_softplus(const Eigen::ArrayBase<Derived>& x) {
  return x.max(0.0) + (-x.abs()).exp().log1p();
}

}  // namespace ppl
