#include "runtime/builtins.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <set>
#include <string>

#include "ad/ops.h"
#include "core/array_layout.h"
#include "core/array_math.h"
#include "core/error.h"
#include "core/samplers.h"
#include "functions/builtin_call.h"
#include "runtime/run_messages.h"

namespace ppl::runtime {

using functions::constant_only;
using functions::read_as_constant;

Array logical_not(const Array& a) {
  Eigen::ArrayXd out = (a.values() == 0.0).cast<double>();
  return Array(a.shape(), out);
}

ad::Var binary_operation(ir::BinaryOp op, ad::Var a, ad::Var b) {
  ad::Tape& tape = a.tape();
  switch (op) {
    case ir::BinaryOp::Add: return a + b;
    case ir::BinaryOp::Subtract: return a - b;
    case ir::BinaryOp::Multiply: return a * b;
    case ir::BinaryOp::Divide: return a / b;
    case ir::BinaryOp::Power: return ad::pow(a, b);
    case ir::BinaryOp::MatMul: return ad::matmul(a, b);
    default: break;
  }
  // The rest compute constants from the operands' values.
  read_as_constant(a);
  read_as_constant(b);
  switch (op) {
    case ir::BinaryOp::Modulo: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out = x.values() - y.values() * (x.values() / y.values()).floor();
      return constant_only("%", a, Array(shape, out));
    }
    case ir::BinaryOp::Less: return tape.constant(less(a.value(), b.value()));
    case ir::BinaryOp::LessEqual: return tape.constant(less_equal(a.value(), b.value()));
    case ir::BinaryOp::Greater: return tape.constant(greater(a.value(), b.value()));
    case ir::BinaryOp::GreaterEqual: return tape.constant(greater_equal(a.value(), b.value()));
    case ir::BinaryOp::Equal:
    case ir::BinaryOp::NotEqual: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out;
      if (op == ir::BinaryOp::Equal) out = (x.values() == y.values()).cast<double>();
      else out = (x.values() != y.values()).cast<double>();
      return tape.constant(Array(shape, out));
    }
    case ir::BinaryOp::And:
    case ir::BinaryOp::Or: {
      Shape shape = broadcast_shapes(a.shape(), b.shape());
      Array x = broadcast_to(a.value(), shape), y = broadcast_to(b.value(), shape);
      Eigen::ArrayXd out(shape.numel());
      for (Eigen::Index i = 0; i < out.size(); ++i) {
        bool p = x.values()[i] != 0, q = y.values()[i] != 0;
        out[i] = (op == ir::BinaryOp::And ? (p && q) : (p || q)) ? 1.0 : 0.0;
      }
      return tape.constant(Array(shape, out));
    }
    default: break;
  }
  throw Error("unknown operator");
}

Array subsample_indices(RandomKey key, int64_t n, int64_t m) {
  // A partial Fisher-Yates shuffle of 0..n-1.
  std::vector<int64_t> pool(n);
  std::iota(pool.begin(), pool.end(), 0);
  RandomStream stream(key);
  Eigen::ArrayXd chosen(m);
  for (int64_t i = 0; i < m; ++i) {
    int64_t j = i + static_cast<int64_t>(stream.uniform() * static_cast<double>(n - i));
    j = std::min(j, n - 1);
    std::swap(pool[i], pool[j]);
    chosen[i] = static_cast<double>(pool[i]);
  }
  return Array(Shape{m}, chosen);
}

Array minibatch_indices(const ModelData* data, const std::string& plate, RandomKey run_key,
                        int64_t n, int64_t m) {
  if (!data || !data->chosen_minibatches.count(plate))
    return subsample_indices(fold_in(fold_in(run_key, "subsample"), plate), n, m);
  const std::vector<int64_t>& rows = data->chosen_minibatches.at(plate);
  const auto refuse = [&](const std::string& why) {
    const run_messages::RunMessage message = run_messages::bad_chosen_minibatch(plate, why);
    throw Error(message.text, message.id);
  };
  if (static_cast<int64_t>(rows.size()) != m)
    refuse(fmt::format("{} indices given, the plate subsamples {}", rows.size(), m));
  std::set<int64_t> seen;
  Eigen::ArrayXd values(m);
  for (int64_t i = 0; i < m; ++i) {
    if (rows[i] < 0 || rows[i] >= n)
      refuse(fmt::format("index {} is outside 0..{}", rows[i], n - 1));
    if (!seen.insert(rows[i]).second) refuse(fmt::format("index {} is given twice", rows[i]));
    values[i] = static_cast<double>(rows[i]);
  }
  return Array(Shape{m}, values);
}

}  // namespace ppl::runtime
