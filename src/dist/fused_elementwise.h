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
#include <optional>
#include <utility>

#include "ad/tape.h"
#include "core/broadcast.h"

namespace ppl::dist {

// The aligned form of an operand of one element: a constant expression.
using ConstantExpression =
    Eigen::CwiseNullaryOp<Eigen::internal::scalar_constant_op<double>, Eigen::ArrayXd>;

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

// A summed density and its partials with respect to the P parameters, as a
// family's algebraic form gives them (`summed_at_one_element_parameters`).
template <size_t P>
struct SummedDensity {
  double value = 0;
  std::array<double, P> partials{};
};

// f(e), for an expression of a parameter that a formula applies to every
// element (-0.5 / scale^2); computed once, as a constant expression, for an
// operand of a single element.
template <class F, class E>
auto once(F f, const E& e) {
  return f(e);
}
template <class F>
ConstantExpression once(F f, const ConstantExpression& e) {
  using One = Eigen::Array<double, 1, 1>;
  return Eigen::ArrayXd::Constant(e.rows(), One(f(One(e.functor()())))(0));
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
    with_aligned(*arrays[I], out,
                 [&](const auto& x) { with_all_aligned<K, I + 1>(arrays, out, f, done..., x); });
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

// The adjoint times a partial, summed over all elements. A summed density's
// one adjoint multiplies the partial's sum, not each element.
template <class Partial>
double adjoint_times_sum(const ConstantExpression& adjoint, const Partial& partial) {
  return adjoint.functor()() * partial.sum();
}
template <class Partial>
double adjoint_times_sum(const Eigen::ArrayXd& adjoint, const Partial& partial) {
  return (adjoint * partial).sum();
}

// The backward step: `adjoint` (one per element, or a constant expression
// for a summed density's single adjoint) times the partial with respect to
// each operand that needs one: summed to one value for an operand of one
// element, elementwise and summed down to its shape for the others.
template <class Kernel, class Adjoint, size_t... I>
void accumulate_partials(ad::Tape& tape, const std::array<int32_t, kernel_arity<Kernel>>& operands,
                         const Shape& shape, const Adjoint& adjoint, std::index_sequence<I...>) {
  constexpr size_t K = kernel_arity<Kernel>;
  std::array<const Array*, K> values{&tape.value(operands[I])...};
  const Eigen::Index n = shape.numel();
  with_all_aligned<K>(values, shape, [&](const auto&... aligned) {
    ((!tape.needs_gradient(operands[I]) ? void()
      : values[I]->size() == 1 && n > 1
          ? tape.accumulate(
                operands[I],
                Eigen::ArrayXd::Constant(
                    1, adjoint_times_sum(adjoint, Kernel::template partial<I>(aligned...))))
          : tape.accumulate_broadcast(operands[I], shape,
                                      adjoint * Kernel::template partial<I>(aligned...))),
     ...);
  });
}

// A family may say how its density summed over data x reduces algebraically
// when every parameter is one element (the likelihood of i.i.d. data):
//   static SummedDensity<P> summed_at_one_element_parameters(
//       bool with_partials, const Eigen::ArrayXd& x, double parameter...);
// (the partials left zero without `with_partials`: a forward step needs the
// value alone).
// Normal's needs sum(x - loc) and sum((x - loc)^2) only, a third of the
// operations per element of its formulas summed.
template <class Kernel>
inline constexpr bool has_summed_form = requires {
  &Kernel::summed_at_one_element_parameters;
};

// Whether the summed density over `operands` takes Kernel's algebraic form:
// every parameter of one element, the value of all n elements and needing no
// gradient.
template <class Kernel>
bool takes_summed_form(const ad::Tape& tape,
                       const std::array<int32_t, kernel_arity<Kernel>>& operands,
                       const Shape& shape) {
  if constexpr (!has_summed_form<Kernel>) {
    return false;
  } else {
    const Eigen::Index n = shape.numel();
    if (n <= 1 || tape.shape_of(operands[0]).numel() != n || tape.needs_gradient(operands[0]))
      return false;
    for (size_t i = 1; i < operands.size(); ++i)
      if (tape.shape_of(operands[i]).numel() != 1) return false;
    return true;
  }
}

template <class Kernel, size_t... I>
auto summed_form(const ad::Tape& tape, const std::array<int32_t, kernel_arity<Kernel>>& operands,
                 bool with_partials, std::index_sequence<I...>) {
  return Kernel::summed_at_one_element_parameters(with_partials, tape.value(operands[0]).values(),
                                                  tape.value(operands[I + 1]).values()[0]...);
}

// The summed density of Kernel over `operands` by its algebraic form, with
// its partials or without.
template <class Kernel>
auto summed_form(const ad::Tape& tape, const std::array<int32_t, kernel_arity<Kernel>>& operands,
                 bool with_partials) {
  return summed_form<Kernel>(tape, operands, with_partials,
                             std::make_index_sequence<kernel_arity<Kernel> - 1>());
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
  if constexpr (has_summed_form<Kernel>) {
    if (takes_summed_form<Kernel>(tape, operands, shape)) {
      const auto summed = summed_form<Kernel>(tape, operands, /*with_partials=*/true);
      const double adjoint = tape.adjoint_of(index).values()[0];
      for (size_t i = 1; i < operands.size(); ++i)
        if (tape.needs_gradient(operands[i]))
          tape.accumulate(operands[i],
                          Eigen::ArrayXd::Constant(1, adjoint * summed.partials[i - 1]));
      return;
    }
  }
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

// The total of Kernel's density over the operands `operands` at their
// broadcast `shape`, by its algebraic form where it takes one, without
// writing the elements: a summed node's value, recorded and replayed.
template <class Kernel>
double density_total(const ad::Tape& tape,
                     const std::array<int32_t, kernel_arity<Kernel>>& operands,
                     const Shape& shape) {
  if constexpr (has_summed_form<Kernel>)
    if (takes_summed_form<Kernel>(tape, operands, shape))
      return summed_form<Kernel>(tape, operands, /*with_partials=*/false).value;
  std::array<const Array*, kernel_arity<Kernel>> values;
  for (size_t i = 0; i < values.size(); ++i) values[i] = &tape.value(operands[i]);
  double total = 0;
  with_all_aligned<kernel_arity<Kernel>>(values, shape, [&](const auto&... aligned) {
    total = Kernel::log_density(aligned...).sum();
  });
  return total;
}

template <class Kernel>
void fused_sum_forward(ad::Tape& tape, int32_t index) {
  ad::Node& node = tape.node(index);
  node.value.mutable_values()[0] = density_total<Kernel>(
      tape, operand_indices<kernel_arity<Kernel>>(tape, node), summed_shape(tape, node));
}

template <class Kernel>
ad::Var record(ad::Tape& tape, ad::BackwardFn backward,
               const std::array<ad::Var, kernel_arity<Kernel>>& operands) {
  if constexpr (kernel_arity<Kernel> == 1) return tape.record(backward, {operands[0]});
  if constexpr (kernel_arity<Kernel> == 2) return tape.record(backward, {operands[0], operands[1]});
  if constexpr (kernel_arity<Kernel> == 3)
    return tape.record(backward, {operands[0], operands[1], operands[2]});
  if constexpr (3 < kernel_arity<Kernel>)
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

// The argument check a distribution records on a parameter that may be a
// regression's linear predictor eta: eta is not NaN (logits), eta is
// finite (a mean), exp(eta) is positive (a rate recorded as exp(eta)).
enum class PredictorCheck { NotNan, Finite, PositiveExp };

// A kernel whose parameter may be a linear predictor says so with
// `static constexpr PredictorCheck linear_predictor = ...`, naming the
// check its distribution records on that parameter; its summed density is
// then one node over the predictor's parts, which makes that check itself
// (dist/linear_predictor_sum.h). Other kernels do not instantiate that path.
template <class Kernel>
inline constexpr bool takes_linear_predictor = requires { Kernel::linear_predictor; };

template <class Kernel>
std::optional<ad::Var> linear_predictor_sum(
    const std::array<ad::Var, kernel_arity<Kernel>>& operands);

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
// density over the same operands. Its total is the sum of the values at
// hand, or, while they are deferred, computed without them (over a linear
// predictor's parts where one operand is one).
template <class Kernel>
ad::Var sum_of_elementwise(ad::Tape& tape, int32_t elementwise) {
  const ad::Node& node = tape.node(elementwise);
  const auto indices = operand_indices<kernel_arity<Kernel>>(tape, node);
  std::array<ad::Var, kernel_arity<Kernel>> operands;
  for (size_t i = 0; i < operands.size(); ++i) operands[i] = ad::Var(&tape, indices[i]);
  if constexpr (takes_linear_predictor<Kernel>)
    if (node.deferred)
      if (const std::optional<ad::Var> regression = linear_predictor_sum<Kernel>(operands))
        return *regression;
  const double total = node.deferred ? density_total<Kernel>(tape, indices, node.value.shape())
                                     : tape.value(elementwise).values().sum();
  return record_sum<Kernel>(operands, total);
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
  if (shape.numel() >= ad::kDeferredMinElements) {
    tape.defer(shape);
    return out;
  }
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
  if constexpr (detail::takes_linear_predictor<Kernel>)
    if (const std::optional<ad::Var> regression = detail::linear_predictor_sum<Kernel>(operands))
      return *regression;
  std::array<int32_t, kernel_arity<Kernel>> indices;
  for (size_t i = 0; i < indices.size(); ++i) indices[i] = operands[i].index();
  return detail::record_sum<Kernel>(
      operands, detail::density_total<Kernel>(operands[0].tape(), indices,
                                              detail::broadcast_all(operands)));
}

}  // namespace ppl::dist

#include "dist/linear_predictor_sum.h"  // defines detail::linear_predictor_sum
