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
// Normal(mu, sigma).log_prob_sum(x) with scalar mu and sigma is one pass over
// x forward and one backward, and so is ad::sum of its log_prob (recorded as
// the fused sum).
#include <algorithm>
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

// Elements per block where partials are summed: a block's values stay in
// the L1 cache while every summed partial reads them.
inline constexpr Eigen::Index kSummedBlock = 1024;

// Elements [start, start + n) of an aligned operand or adjoint: a segment of
// its values, or a constant expression again for one value (so that log_of
// and inverse_of still take it once).
inline auto block_of(const Eigen::ArrayXd& x, Eigen::Index start, Eigen::Index n) {
  return x.segment(start, n);
}
inline ConstantExpression block_of(const ConstantExpression& x, Eigen::Index, Eigen::Index n) {
  return Eigen::ArrayXd::Constant(n, x.functor()());
}

// The adjoint times a partial, summed over the block [start, start + n). A
// summed density's one adjoint multiplies the block's sum, not each element.
template <class Partial>
double adjoint_times_sum(const ConstantExpression& adjoint, Eigen::Index, Eigen::Index,
                         const Partial& partial) {
  return adjoint.functor()() * partial.sum();
}
template <class Partial>
double adjoint_times_sum(const Eigen::ArrayXd& adjoint, Eigen::Index start, Eigen::Index n,
                         const Partial& partial) {
  return (adjoint.segment(start, n) * partial).sum();
}

// The backward step: `adjoint` (one per element, or a constant expression
// for a summed density's single adjoint) times the partial with respect to
// each operand that needs one. An operand of one element takes the sum, and
// all such sums come from one pass over the elements, block by block; the
// other operands take theirs elementwise, summed down to their shapes.
template <class Kernel, class Adjoint, size_t... I>
void accumulate_partials(ad::Tape& tape, const std::array<int32_t, kernel_arity<Kernel>>& operands,
                         const Shape& shape, const Adjoint& adjoint, std::index_sequence<I...>) {
  constexpr size_t K = kernel_arity<Kernel>;
  std::array<const Array*, K> values{&tape.value(operands[I])...};
  const Eigen::Index n = shape.numel();
  const std::array<bool, K> summed{
      (tape.needs_gradient(operands[I]) && values[I]->size() == 1 && n > 1)...};
  with_all_aligned<K>(values, shape, [&](const auto&... aligned) {
    if ((summed[I] || ...)) {
      std::array<double, K> sums{};
      for (Eigen::Index start = 0; start < n; start += kSummedBlock) {
        const Eigen::Index length = std::min(kSummedBlock, n - start);
        ((summed[I] ? void(sums[I] += adjoint_times_sum(
                               adjoint, start, length,
                               Kernel::template partial<I>(block_of(aligned, start, length)...)))
                    : void()),
         ...);
      }
      ((summed[I] ? tape.accumulate(operands[I], Eigen::ArrayXd::Constant(1, sums[I])) : void()),
       ...);
    }
    ((tape.needs_gradient(operands[I]) && !summed[I]
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

// The backward step of the summed density: its one adjoint multiplies every
// element's partials.
template <class Kernel>
void fused_sum_backward(ad::Tape& tape, int32_t index) {
  const ad::Node& node = tape.node(index);
  auto operands = operand_indices<kernel_arity<Kernel>>(tape, node);
  const Shape shape = summed_shape(tape, node);
  const ConstantExpression adjoint =
      Eigen::ArrayXd::Constant(shape.numel(), tape.adjoint_of(index).values()[0]);
  accumulate_partials<Kernel>(tape, operands, shape, adjoint,
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

// Calls f with every operand's values aligned with `shape`.
template <size_t K, class F>
void with_operands_aligned(const std::array<ad::Var, K>& operands, const Shape& shape, F&& f) {
  std::array<const Array*, K> values;
  for (size_t i = 0; i < K; ++i) values[i] = &operands[i].value();
  with_all_aligned<K>(values, shape, f);
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

namespace detail {

// Records Kernel's summed density over `operands`, whose total is `total`.
template <class Kernel>
ad::Var record_sum(const std::array<ad::Var, kernel_arity<Kernel>>& operands, double total) {
  ad::Tape& tape = operands[0].tape();
  const Shape shape = broadcast_all(operands);
  ad::Var out = record<Kernel>(tape, &fused_sum_backward<Kernel>, operands);
  tape.set_forward(&fused_sum_forward<Kernel>);
  set_scalar_form<Kernel>(tape, out);
  for (int64_t dim : shape) tape.push_parameter(dim);
  tape.node(out.index()).value.assign(Shape{}, Eigen::ArrayXd::Constant(1, total));
  return out;
}

// ad::sum of an elementwise node of Kernel (Node::fused_sum): the summed
// density over the same operands, its total the sum of the values at hand.
template <class Kernel>
ad::Var sum_of_elementwise(ad::Tape& tape, int32_t elementwise) {
  const auto indices = operand_indices<kernel_arity<Kernel>>(tape, tape.node(elementwise));
  std::array<ad::Var, kernel_arity<Kernel>> operands;
  for (size_t i = 0; i < operands.size(); ++i) operands[i] = ad::Var(&tape, indices[i]);
  return record_sum<Kernel>(operands, tape.value(elementwise).values().sum());
}

}  // namespace detail

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
  tape.set_fused_sum(&detail::sum_of_elementwise<Kernel>);
  detail::set_scalar_form<Kernel>(tape, out);
  detail::with_operands_aligned(operands, shape, [&](const auto&... aligned) {
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
  const Shape shape = detail::broadcast_all(operands);
  double total = 0;
  detail::with_operands_aligned(operands, shape, [&](const auto&... aligned) {
    total = Kernel::log_density(aligned...).sum();
  });
  return detail::record_sum<Kernel>(operands, total);
}

}  // namespace ppl::dist
