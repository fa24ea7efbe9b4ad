#pragma once
// One tape node for a whole elementwise log density, as Stan Math does it:
// the forward pass evaluates the density of every element in one Eigen
// expression over the broadcast operands, and the backward pass multiplies
// the node's adjoint by the analytic partial derivative with respect to each
// operand that needs one, summed back to that operand's shape.
//
// A kernel is a struct of static templates over Eigen array expressions:
//
//   struct NormalFamily {
//     static auto log_density(const auto& x, const auto& loc, const auto& scale);
//     template <size_t I>
//     static auto partial(const auto& x, const auto& loc, const auto& scale);  // d/d operand I
//   };
//
// It takes the value, then one operand per role of its family (elementwise.h);
// a kernel with no family says how many operands it takes in `arity`.
//
// Operands of one element stay constant expressions (no broadcast copy), so
// sum(Normal(mu, sigma).log_prob(x)) with scalar mu and sigma is two passes
// over x forward and one backward.
#include <array>
#include <cstddef>
#include <utility>

#include "ad/tape.h"
#include "core/broadcast.h"

namespace ppl::dist {

// The aligned form of an operand of one element: a constant expression.
using ConstantExpression = Eigen::CwiseNullaryOp<Eigen::internal::scalar_constant_op<double>,
                                                 Eigen::ArrayXd>;

// log of an aligned operand; for one of a single element the log is taken
// once, not once per element of the result.
template <class E>
auto log_of(const E& e) {
  return e.log();
}
inline ConstantExpression log_of(const ConstantExpression& e) {
  return Eigen::ArrayXd::Constant(e.rows(), std::log(e.functor()()));
}

// 1 / operand, taken once for an operand of a single element (a multiply
// per element is much cheaper than a divide).
template <class E>
auto inverse_of(const E& e) {
  return e.inverse();
}
inline ConstantExpression inverse_of(const ConstantExpression& e) {
  return Eigen::ArrayXd::Constant(e.rows(), 1.0 / e.functor()());
}

// How many operands a kernel takes: its `arity`, or the value and its roles.
template <class Kernel>
inline constexpr size_t kernel_arity = [] {
  if constexpr (requires { Kernel::arity; })
    return size_t{Kernel::arity};
  else
    return Kernel::roles.size() + 1;
}();

namespace detail {

// Calls f with every operand's values aligned with `out`.
template <size_t K, size_t I = 0, class F, class... Done>
void with_all_aligned(const std::array<const Array*, K>& arrays, const Shape& out, F&& f,
                      const Done&... done) {
  if constexpr (I == K) {
    f(done...);
  } else {
    with_aligned(*arrays[I], out, [&](const auto& x) {
      with_all_aligned<K, I + 1>(arrays, out, f, done..., x);
    });
  }
}

template <size_t K>
std::array<int32_t, K> operand_indices(const ad::Tape& tape, const ad::Node& node) {
  std::array<int32_t, K> indices{};
  if constexpr (K <= 3) {
    for (size_t i = 0; i < K; ++i) indices[i] = node.operands[i];
  } else {
    auto parameters = tape.parameters(node);
    for (size_t i = 0; i < K; ++i) indices[i] = static_cast<int32_t>(parameters[i]);
  }
  return indices;
}

template <class Kernel, class Adjoint, size_t... I>
void accumulate_partials(ad::Tape& tape, const std::array<int32_t, kernel_arity<Kernel>>& operands,
                         const Shape& shape, const Adjoint& adjoint, std::index_sequence<I...>) {
  std::array<const Array*, kernel_arity<Kernel>> values{&tape.value(operands[I])...};
  with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    ((tape.needs_gradient(operands[I])
          ? tape.accumulate_broadcast(operands[I], shape,
                                      adjoint * Kernel::template partial<I>(aligned...))
          : void()),
     ...);
  });
}

template <class Kernel>
void fused_backward(ad::Tape& tape, int32_t index) {
  const ad::Node& node = tape.node(index);
  auto operands = operand_indices<kernel_arity<Kernel>>(tape, node);
  accumulate_partials<Kernel>(tape, operands, node.value.shape(), tape.adjoint_of(index).values(),
                              std::make_index_sequence<kernel_arity<Kernel>>());
}

// A fused sum keeps the broadcast shape of its operands in its parameters,
// after the operand indices of a variadic node.
inline Shape summed_shape(const ad::Tape& tape, const ad::Node& node) {
  return Shape(tape.parameters(node).subspan(node.variadic_operands));
}

// g times the partial I of a summed density, into the operand's adjoint; an
// operand of one element gets g times the partials' sum (one multiply, not
// one per element).
template <class Kernel, size_t I, class... X>
void add_summed_partial(ad::Tape& tape, int32_t operand, const Shape& shape, double g,
                        const X&... x) {
  if (tape.value(operand).size() == 1)
    tape.accumulate(operand,
                    Eigen::ArrayXd::Constant(1, g * Kernel::template partial<I>(x...).sum()));
  else
    tape.accumulate_broadcast(operand, shape, g * Kernel::template partial<I>(x...));
}

// The backward step of the summed density: the scalar adjoint multiplies
// every partial.
template <class Kernel, size_t... I>
void accumulate_summed_partials(ad::Tape& tape,
                                const std::array<int32_t, kernel_arity<Kernel>>& operands,
                                const Shape& shape, double g, std::index_sequence<I...>) {
  std::array<const Array*, kernel_arity<Kernel>> values{&tape.value(operands[I])...};
  with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    ((tape.needs_gradient(operands[I])
          ? add_summed_partial<Kernel, I>(tape, operands[I], shape, g, aligned...)
          : void()),
     ...);
  });
}

template <class Kernel>
void fused_sum_backward(ad::Tape& tape, int32_t index) {
  const ad::Node& node = tape.node(index);
  auto operands = operand_indices<kernel_arity<Kernel>>(tape, node);
  accumulate_summed_partials<Kernel>(tape, operands, summed_shape(tape, node),
                                     tape.adjoint_of(index).values()[0],
                                     std::make_index_sequence<kernel_arity<Kernel>>());
}

template <size_t K>
std::array<const Array*, K> operand_values(const ad::Tape& tape, const ad::Node& node) {
  const std::array<int32_t, K> operands = operand_indices<K>(tape, node);
  std::array<const Array*, K> values;
  for (size_t i = 0; i < K; ++i) values[i] = &tape.value(operands[i]);
  return values;
}

// Forward steps for replay, at the recorded shapes.
template <class Kernel>
void fused_forward(ad::Tape& tape, int32_t index) {
  ad::Node& node = tape.node(index);
  const auto values = operand_values<kernel_arity<Kernel>>(tape, node);
  const Shape shape = node.value.shape();
  with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    node.value.assign(shape, Kernel::log_density(aligned...));
  });
}

template <class Kernel>
void fused_sum_forward(ad::Tape& tape, int32_t index) {
  ad::Node& node = tape.node(index);
  const auto values = operand_values<kernel_arity<Kernel>>(tape, node);
  const Shape shape = summed_shape(tape, node);
  with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    node.value.mutable_values()[0] = Kernel::log_density(aligned...).sum();
  });
}

template <class Kernel>
ad::Var record(ad::Tape& tape, ad::BackwardFn backward,
               const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  if constexpr (kernel_arity<Kernel> == 1) return tape.record(backward, {operands[0]});
  if constexpr (kernel_arity<Kernel> == 2) return tape.record(backward, {operands[0], operands[1]});
  if constexpr (kernel_arity<Kernel> == 3)
    return tape.record(backward, {operands[0], operands[1], operands[2]});
  if constexpr (kernel_arity<Kernel> > 3)
    return tape.record_variadic(backward,
                                std::span<const ad::Var>(operands.data(), operands.size()));
}

// Calls f with each of K runs of n values as an Eigen expression: a map of
// the n values where strides[I] is 1, a constant expression of the single
// value where it is 0 (so log_of and inverse_of take it once).
template <size_t K, size_t I = 0, class F, class... Done>
void with_runs(const double* const* operands, const int32_t* strides, int32_t n, F&& f,
               const Done&... done) {
  if constexpr (I == K) {
    f(done...);
  } else if (strides[I] == 0) {
    const ConstantExpression one = Eigen::ArrayXd::Constant(n, operands[I][0]);
    with_runs<K, I + 1>(operands, strides, n, f, done..., one);
  } else {
    const Eigen::Map<const Eigen::ArrayXd> run(operands[I], n);
    with_runs<K, I + 1>(operands, strides, n, f, done..., run);
  }
}

// A kernel's density and partials at one element of each operand, and over
// runs of elements, for compiled tapes (ad/compiled_tape.h). A kernel opts
// in with `static constexpr bool scalar_form = true` once its formulas are
// checked on fixed-size one-element arrays (tests/dist/test_scalar_forms.cpp).
template <class Kernel>
struct ScalarForm {
  using One = Eigen::Array<double, 1, 1>;
  using Operands = std::make_index_sequence<kernel_arity<Kernel>>;
  static constexpr size_t K = kernel_arity<Kernel>;

  template <size_t... I>
  static double value_at(const double* x, std::index_sequence<I...>) {
    return One(Kernel::log_density(One(x[I])...))(0);
  }
  template <size_t J, size_t... I>
  static double partial_at(const double* x, std::index_sequence<I...>) {
    return One(Kernel::template partial<J>(One(x[I])...))(0);
  }
  template <size_t... J>
  static void partials_at(const double* x, double* d, std::index_sequence<J...>) {
    ((d[J] = partial_at<J>(x, Operands())), ...);
  }
  static double value(const double* x) { return value_at(x, Operands()); }
  static void partials(const double* x, double* d) { partials_at(x, d, Operands()); }

  static void values(const double* const* operands, const int32_t* strides, int32_t n, bool sum,
                     double* out) {
    with_runs<K>(operands, strides, n, [&](const auto&... x) {
      if (sum)
        out[0] = Kernel::log_density(x...).sum();
      else
        Eigen::Map<Eigen::ArrayXd>(out, n) = Kernel::log_density(x...);
    });
  }
  // adjoints[J] += g * partial J, summed down to one value for a single operand.
  template <size_t J, class G, class... X>
  static void add_partial(const int32_t* strides, int32_t n, const G& g, double* const* adjoints,
                          const X&... x) {
    if (adjoints[J] == nullptr) return;
    if (strides[J] == 1)
      Eigen::Map<Eigen::ArrayXd>(adjoints[J], n) += g * Kernel::template partial<J>(x...);
    else
      adjoints[J][0] += (g * Kernel::template partial<J>(x...)).sum();
  }
  template <size_t... J>
  static void add_partials_at(const double* const* operands, const int32_t* strides, int32_t n,
                              const double* g, int32_t g_stride, double* const* adjoints,
                              std::index_sequence<J...>) {
    with_runs<K>(operands, strides, n, [&](const auto&... x) {
      if (g_stride == 0) {
        const ConstantExpression one_g = Eigen::ArrayXd::Constant(n, g[0]);
        (add_partial<J>(strides, n, one_g, adjoints, x...), ...);
      } else {
        const Eigen::Map<const Eigen::ArrayXd> each_g(g, n);
        (add_partial<J>(strides, n, each_g, adjoints, x...), ...);
      }
    });
  }
  static void add_partials(const double* const* operands, const int32_t* strides, int32_t n,
                           const double* g, int32_t g_stride, double* const* adjoints) {
    add_partials_at(operands, strides, n, g, g_stride, adjoints, Operands());
  }

  static constexpr ad::ScalarKernel kernel{static_cast<int>(K), &value, &partials, &values,
                                           &add_partials};
};

template <class Kernel>
void set_scalar_form(ad::Tape& tape, ad::Var out) {
  if constexpr (kernel_arity<Kernel> <= ad::kMaxScalarArity && requires { Kernel::scalar_form; })
    tape.set_scalar(out, ad::ScalarOp::Kernel, &ScalarForm<Kernel>::kernel);
}

template <size_t K>
Shape broadcast_all(const std::array<ad::Var, K>& operands) {
  Shape shape = operands[0].shape();
  for (size_t i = 1; i < K; ++i) shape = broadcast_shapes(shape, operands[i].shape());
  return shape;
}

}  // namespace detail

// A kernel whose formulas test the value (Bernoulli's 0 or 1: the test makes
// Eigen evaluate the whole expression one element at a time) may name a twin
// without the test, `OnValidValues`, with `valid_values(x)` saying when it
// applies. A value that needs no gradient (observed data: no replay changes
// it) and passes the test when recorded is scored by the twin, whose
// formulas run on SIMD lanes.
template <class Kernel>
bool scored_by_twin(const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  if constexpr (requires { typename Kernel::OnValidValues; }) {
    const ad::Var& value = operands[0];
    return !value.tape().needs_gradient(value.index()) && Kernel::valid_values(value.value());
  } else {
    return false;
  }
}

// The elementwise log density of Kernel at the broadcast of the operands.
template <class Kernel>
ad::Var fused_log_density(const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  if constexpr (requires { typename Kernel::OnValidValues; })
    if (scored_by_twin<Kernel>(operands))
      return fused_log_density<typename Kernel::OnValidValues>(operands);
  ad::Tape& tape = operands[0].tape();
  const Shape shape = detail::broadcast_all(operands);
  ad::Var out = detail::record<Kernel>(tape, &detail::fused_backward<Kernel>, operands);
  tape.set_forward(&detail::fused_forward<Kernel>);
  detail::set_scalar_form<Kernel>(tape, out);
  std::array<const Array*, kernel_arity<Kernel>> values;
  for (size_t i = 0; i < kernel_arity<Kernel>; ++i) values[i] = &tape.value(operands[i].index());
  detail::with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    tape.node(out.index()).value.assign(shape, Kernel::log_density(aligned...));
  });
  return out;
}

// The sum of that log density over all elements, as one scalar node: what a
// site's contribution to the log joint needs, without writing the
// elementwise values or a full-size adjoint.
template <class Kernel>
ad::Var fused_log_density_sum(const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  if constexpr (requires { typename Kernel::OnValidValues; })
    if (scored_by_twin<Kernel>(operands))
      return fused_log_density_sum<typename Kernel::OnValidValues>(operands);
  ad::Tape& tape = operands[0].tape();
  const Shape shape = detail::broadcast_all(operands);
  ad::Var out = detail::record<Kernel>(tape, &detail::fused_sum_backward<Kernel>, operands);
  tape.set_forward(&detail::fused_sum_forward<Kernel>);
  detail::set_scalar_form<Kernel>(tape, out);
  for (int64_t dim : shape) tape.push_parameter(dim);
  std::array<const Array*, kernel_arity<Kernel>> values;
  for (size_t i = 0; i < kernel_arity<Kernel>; ++i) values[i] = &tape.value(operands[i].index());
  double total = 0;
  detail::with_all_aligned<kernel_arity<Kernel>>(
      values, shape, [&](const auto&... aligned) { total = Kernel::log_density(aligned...).sum(); });
  tape.node(out.index()).value.assign(Shape{}, Eigen::ArrayXd::Constant(1, total));
  return out;
}

}  // namespace ppl::dist
