// einsum: NumPy's Einstein summation over any number of operands, built
// from differentiable reshapes, transposes, gathers, sums and batched matrix
// products, so that its gradient is theirs.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <vector>

#include "ad/ops.h"
#include "core/error.h"
#include "functions/einsum_subscripts.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

// Axis labels: a letter is its character code; the axes of '...' get
// labels of their own aligned from the right, as NumPy broadcasts them; the
// draws or particles of a vectorized run, left of the program's axes, get
// labels aligned from the left, where every value holds its draw dim (the
// dims after it are 1, padding).
constexpr int kBroadcastLabel = 256;
constexpr int kLeadingLabel = 512;

std::string label_name(int label) {
  if (label < kBroadcastLabel) return fmt::format("'{}'", static_cast<char>(label));
  if (label < kLeadingLabel) return "a '...' axis";
  return "an axis of draws or particles";
}

struct Operand {
  ad::Var value;
  std::vector<int> labels;  // one per axis of value
};

bool contains(const std::vector<int>& labels, int label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

int64_t product_of(const std::vector<int>& labels, const std::map<int, int64_t>& sizes) {
  int64_t n = 1;
  for (int label : labels) n *= sizes.at(label);
  return n;
}

// Sums the axes whose label `keep` rejects.
template <class Keep>
Operand sum_out(Operand a, Keep keep) {
  for (int axis = static_cast<int>(a.labels.size()) - 1; axis >= 0; --axis) {
    if (keep(a.labels[axis])) continue;
    a.value = ad::sum(a.value, axis);
    a.labels.erase(a.labels.begin() + axis);
  }
  return a;
}

// Axes in the order of `order` (every label of a, each once).
Operand arranged(Operand a, const std::vector<int>& order) {
  std::vector<int> permutation;
  for (int label : order)
    permutation.push_back(
        static_cast<int>(std::find(a.labels.begin(), a.labels.end(), label) - a.labels.begin()));
  bool identity = true;
  for (size_t i = 0; i < permutation.size(); ++i) identity &= permutation[i] == int(i);
  if (!identity) a.value = ad::transpose(a.value, permutation);
  a.labels = order;
  return a;
}

// A label repeated in one operand ('ii') takes the diagonal of those axes.
Operand diagonals_taken(Operand a, const std::map<int, int64_t>& sizes) {
  for (size_t first = 0; first < a.labels.size(); ++first) {
    auto again = std::find(a.labels.begin() + first + 1, a.labels.end(), a.labels[first]);
    if (again == a.labels.end()) continue;
    const int label = a.labels[first];
    const int64_t n = sizes.at(label);
    // The pair moved last and flattened; the diagonal is every (n + 1)-th entry.
    std::vector<int> rest, permutation;
    for (size_t i = 0; i < a.labels.size(); ++i)
      if (i != first && a.labels.begin() + i != again) {
        rest.push_back(a.labels[i]);
        permutation.push_back(int(i));
      }
    permutation.push_back(int(first));
    permutation.push_back(int(again - a.labels.begin()));
    ad::Var moved = ad::transpose(a.value, permutation);
    Shape flat;
    for (int l : rest) flat.push_back(sizes.at(l));
    flat.push_back(n * n);
    std::vector<int64_t> on_diagonal;
    for (int64_t i = 0; i < n; ++i) on_diagonal.push_back(i * (n + 1));
    a.value = ad::take(ad::reshape(moved, flat), std::span<const int64_t>(on_diagonal),
                       static_cast<int>(rest.size()));
    rest.push_back(label);
    a.labels = rest;
    return diagonals_taken(std::move(a), sizes);  // a label may stand three times
  }
  return a;
}

// a and b contracted into one operand keeping the labels in `keep`: the
// shared kept labels are a batch, the shared others are summed by a matrix
// product, the rest are the rows and columns.
Operand contracted(Operand a, Operand b, const std::set<int>& keep,
                   const std::map<int, int64_t>& sizes) {
  a = sum_out(std::move(a), [&](int l) { return keep.count(l) || contains(b.labels, l); });
  b = sum_out(std::move(b), [&](int l) { return keep.count(l) || contains(a.labels, l); });
  std::vector<int> batch, summed, rows, columns;
  for (int l : a.labels) {
    if (!contains(b.labels, l))
      rows.push_back(l);
    else if (keep.count(l))
      batch.push_back(l);
    else
      summed.push_back(l);
  }
  for (int l : b.labels)
    if (!contains(a.labels, l)) columns.push_back(l);
  auto concat = [](std::vector<int> x, const std::vector<int>& y, const std::vector<int>& z) {
    x.insert(x.end(), y.begin(), y.end());
    x.insert(x.end(), z.begin(), z.end());
    return x;
  };
  const int64_t nb = product_of(batch, sizes), ns = product_of(summed, sizes);
  const int64_t nr = product_of(rows, sizes), nc = product_of(columns, sizes);
  ad::Var left =
      ad::reshape(arranged(std::move(a), concat(batch, rows, summed)).value, Shape{nb, nr, ns});
  ad::Var right =
      ad::reshape(arranged(std::move(b), concat(batch, summed, columns)).value, Shape{nb, ns, nc});
  Operand result;
  result.labels = concat(batch, rows, columns);
  Shape shape;
  for (int l : result.labels) shape.push_back(sizes.at(l));
  result.value = ad::reshape(ad::matmul(left, right), shape);
  return result;
}

ad::Var einsum(const BuiltinCall& c) {
  const EinsumSubscripts subscripts = parse_einsum_subscripts(c.text);
  std::vector<ad::Var> values;
  for (size_t i = 1; i < c.args.size(); ++i)
    if (c.given(i)) values.push_back(c.arg(i));
  check_einsum_operand_count(subscripts, values.size());
  const std::span<const int> program_ranks = c.context.argument_ranks;
  const bool vectorized = !program_ranks.empty();

  // Each operand's axes: draws or particles on the left, then its term with
  // '...' standing for as many axes as the program gives it beyond the letters.
  std::vector<int> leading(values.size()), broadcast(values.size());
  int most_leading = 0, most_broadcast = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string& term = subscripts.inputs[i];
    const int letters = static_cast<int>(einsum_letter_count(term));
    const bool has_ellipsis = einsum_term_has_ellipsis(term);
    const int rank = values[i].shape().rank();
    int program_rank = rank;
    if (vectorized) {
      const int given = i + 1 < program_ranks.size() ? program_ranks[i + 1] : -1;
      if (given >= 0)
        program_rank = given;
      else if (!has_ellipsis)
        program_rank = letters;
      else
        throw Error(
            fmt::format("the rank of operand {} is not known before the run, so its "
                        "'...' axes cannot be told apart from vectorized draws",
                        i + 1));
    }
    leading[i] = rank - program_rank;
    if (leading[i] < 0 || (!has_ellipsis && program_rank != letters) ||
        (has_ellipsis && program_rank < letters))
      throw Error(fmt::format(
          "operand {} has {} dims but its subscripts '{}' name {}", i + 1, program_rank,
          term == "." ? "..." : term,
          has_ellipsis ? fmt::format("at least {}", letters) : std::to_string(letters)));
    broadcast[i] = has_ellipsis ? program_rank - letters : 0;
    most_leading = std::max(most_leading, leading[i]);
    most_broadcast = std::max(most_broadcast, broadcast[i]);
  }

  std::map<int, int64_t> sizes;
  std::vector<Operand> operands;
  for (size_t i = 0; i < values.size(); ++i) {
    Operand a{values[i], {}};
    for (int k = 0; k < leading[i]; ++k) a.labels.push_back(kLeadingLabel + k);
    for (char ch : subscripts.inputs[i]) {
      if (ch != kEllipsisLabel) {
        a.labels.push_back(static_cast<unsigned char>(ch));
        continue;
      }
      for (int k = 0; k < broadcast[i]; ++k)
        a.labels.push_back(kBroadcastLabel + most_broadcast - broadcast[i] + k);
    }
    // Lengths: a letter's must agree everywhere; broadcast axes of length 1
    // stretch, as NumPy's broadcasting does, so they are dropped here.
    Shape kept_shape;
    std::vector<int> kept_labels;
    for (size_t axis = 0; axis < a.labels.size(); ++axis) {
      const int label = a.labels[axis];
      const int64_t n = a.value.shape()[static_cast<int>(axis)];
      const bool stretches = label >= kBroadcastLabel;
      auto [it, fresh] = sizes.emplace(label, n);
      if (!fresh && it->second != n) {
        if (stretches && (n == 1 || it->second == 1))
          it->second = std::max(it->second, n);
        else
          throw Error(fmt::format(
              "{} has length {} in operand {} but {} elsewhere{}", label_name(label), n, i + 1,
              it->second, stretches ? "" : " (einsum does not stretch a subscript of length 1)"));
      }
      if (stretches && n == 1) continue;
      kept_shape.push_back(n);
      kept_labels.push_back(label);
    }
    if (kept_labels.size() != a.labels.size()) a.value = ad::reshape(a.value, kept_shape);
    a.labels = kept_labels;
    operands.push_back(diagonals_taken(std::move(a), sizes));
  }

  std::vector<int> output;
  for (int k = 0; k < most_leading; ++k) output.push_back(kLeadingLabel + k);
  bool output_has_ellipsis = false;
  for (char ch : subscripts.output) {
    if (ch != kEllipsisLabel) {
      output.push_back(static_cast<unsigned char>(ch));
      continue;
    }
    output_has_ellipsis = true;
    for (int k = 0; k < most_broadcast; ++k) output.push_back(kBroadcastLabel + k);
  }
  if (most_broadcast > 0 && !output_has_ellipsis)
    throw Error("the operands' '...' stands for axes, so the output needs '...' too");

  // Left to right: each product keeps what the output or a later operand needs.
  Operand result = operands[0];
  for (size_t next = 1; next <= operands.size(); ++next) {
    std::set<int> keep(output.begin(), output.end());
    for (size_t later = next + 1; later < operands.size(); ++later)
      keep.insert(operands[later].labels.begin(), operands[later].labels.end());
    if (next == operands.size()) {
      result = sum_out(std::move(result), [&](int l) { return keep.count(l) > 0; });
      break;
    }
    result = contracted(std::move(result), operands[next], keep, sizes);
  }
  // The output's order; axes every operand had of length 1 come back.
  std::vector<int> present;
  Shape shape;
  for (int label : output) {
    if (contains(result.labels, label)) present.push_back(label);
    shape.push_back(sizes.count(label) ? sizes.at(label) : 1);
  }
  result = arranged(std::move(result), present);
  if (!(result.value.shape() == shape)) result.value = ad::reshape(result.value, shape);
  return result.value;
}

}  // namespace

void add_einsum(FunctionList& list) {
  list.push_back({.name = "einsum",
                  .params = {ir::text_param("subscripts"), ir::required_param("operands")},
                  .result = ir::ResultRule::Einsum,
                  .variadic = true,
                  .summary = "NumPy's Einstein summation: einsum(\"ij,jk->ik\", a, b)",
                  .implementation = einsum});
}

}  // namespace ppl::functions
