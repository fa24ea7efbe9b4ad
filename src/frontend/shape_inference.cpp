#include "frontend/shape_inference.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "functions/einsum_subscripts.h"

namespace ppl::frontend {

using namespace ast;

namespace {

bool same_size(const Dim& a, const Dim& b) {
  if (a.is_known() && b.is_known()) return a.size == b.size;
  return a.is_named() && b.is_named() && a.symbol == b.symbol;
}

bool is_one(const Dim& d) { return d.is_known() && d.size == 1; }

// Two sizes known to be different.
bool differ(const Dim& a, const Dim& b) {
  return a.is_known() && b.is_known() && a.size != b.size;
}

std::optional<long long> integer_literal(const Expr* e) {
  if (!e) return std::nullopt;
  if (e->kind == ExprKind::Integer) return e->integer_value;
  if (e->kind == ExprKind::Unary && e->unary_op == UnaryOp::Negate &&
      e->operands[0]->kind == ExprKind::Integer)
    return -e->operands[0]->integer_value;
  return std::nullopt;
}

// [2, N] as static dims, when the shape is written as a literal.
std::optional<std::vector<Dim>> literal_shape(const Expr* e) {
  if (!e) return std::nullopt;
  if (e->kind == ExprKind::ArrayLiteral) {
    std::vector<Dim> dims;
    for (const ExprPtr& element : e->operands) dims.push_back(dim_of_size(*element));
    return dims;
  }
  if (e->kind == ExprKind::Integer || e->kind == ExprKind::Variable)
    return std::vector<Dim>{dim_of_size(*e)};
  return std::nullopt;
}

}  // namespace

Broadcast broadcast_dims(const Type& a, const Type& b) {
  if (!a.dims || !b.dims) return {};
  const std::vector<Dim>& x = *a.dims;
  const std::vector<Dim>& y = *b.dims;
  size_t rank = std::max(x.size(), y.size());
  std::vector<Dim> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const Dim* dx = i < x.size() ? &x[x.size() - 1 - i] : nullptr;
    const Dim* dy = i < y.size() ? &y[y.size() - 1 - i] : nullptr;
    Dim& result = out[rank - 1 - i];
    if (!dx) result = *dy;
    else if (!dy) result = *dx;
    else if (is_one(*dx)) result = *dy;
    else if (is_one(*dy)) result = *dx;
    else if (same_size(*dx, *dy)) result = *dx;
    else if (differ(*dx, *dy)) return Broadcast{true, {}};
    else result = dx->is_known() || dx->is_named() ? *dx : *dy;
  }
  return Broadcast{false, out};
}

std::optional<Type> matmul_type(const Type& a, const Type& b) {
  Type result = Type::of_kind(TypeKind::Real);
  if (!a.dims || !b.dims || a.dims->empty() || b.dims->empty()) return result;
  const std::vector<Dim>& x = *a.dims;
  const std::vector<Dim>& y = *b.dims;
  const Dim& inner_left = x.back();
  const Dim& inner_right = y.size() == 1 ? y[0] : y[y.size() - 2];
  if (differ(inner_left, inner_right)) return std::nullopt;
  if (x.size() > 2 || y.size() > 2) return result;  // batched products: not inferred
  std::vector<Dim> dims;
  if (x.size() == 2) dims.push_back(x[0]);
  if (y.size() == 2) dims.push_back(y[1]);
  result.dims = dims;
  return result;
}

TypeKind binary_result_kind(BinaryOp op, TypeKind left, TypeKind right) {
  switch (op) {
    case BinaryOp::Less:
    case BinaryOp::LessEqual:
    case BinaryOp::Greater:
    case BinaryOp::GreaterEqual:
    case BinaryOp::Equal:
    case BinaryOp::NotEqual:
    case BinaryOp::And:
    case BinaryOp::Or:
      return TypeKind::Bool;
    case BinaryOp::Divide:
    case BinaryOp::MatMul:
      return TypeKind::Real;
    default:
      break;
  }
  bool integral = (left == TypeKind::Int || left == TypeKind::Bool) &&
                  (right == TypeKind::Int || right == TypeKind::Bool);
  return integral && op != BinaryOp::Power ? TypeKind::Int : TypeKind::Real;
}

Type array_literal_type(const std::vector<Type>& elements) {
  // As NumPy's: booleans alone stay booleans (a mask), with numbers they count.
  bool booleans = true;
  TypeKind kind = TypeKind::Int;
  for (const Type& t : elements) {
    if (t.kind != TypeKind::Bool) booleans = false;
    if (t.kind == TypeKind::Real || t.kind == TypeKind::Unknown) kind = TypeKind::Real;
  }
  if (booleans && !elements.empty()) kind = TypeKind::Bool;
  if (elements.empty()) return Type::array(TypeKind::Real, {Dim::known(0)});
  // Elements of one known shape stack along a new leading dim.
  const Type& first = elements.front();
  for (const Type& t : elements) {
    if (!t.dims || !first.dims || t.dims->size() != first.dims->size())
      return Type::of_kind(kind);
  }
  std::vector<Dim> dims{Dim::known(static_cast<long long>(elements.size()))};
  for (size_t i = 0; i < first.dims->size(); ++i) {
    Dim d = (*first.dims)[i];
    for (const Type& t : elements)
      if (!same_size((*t.dims)[i], d)) d = Dim::unknown();
    dims.push_back(d);
  }
  return Type::array(kind, dims);
}

static Type advanced_index_type(const Type& receiver, const std::vector<IndexItem>& indices,
                         const std::vector<Dim>& together, bool adjacent, size_t taken);

Type index_result_type(const Type& receiver, const std::vector<IndexItem>& indices) {
  Type result = Type::of_kind(receiver.kind);
  if (!receiver.dims) return result;
  const size_t rank = receiver.dims->size();
  // The axes the entries take (as the checker counts them).
  size_t taken = 0;
  for (const IndexItem& item : indices) {
    if (item.new_axis || item.ellipsis) continue;
    if (item.index && !item.index->type.dims) return result;  // an index of unknown rank
    const bool mask = item.index && item.index->type.kind == TypeKind::Bool;
    taken += mask && !item.index->type.dims->empty() ? item.index->type.dims->size() : 1;
  }
  if (taken > rank) return result;
  // Several advanced entries (arrays, masks, integers beside an array)
  // broadcast together (a mask as one axis of unknown length); the broadcast
  // dims stand where the entries stand side by side, first otherwise.
  size_t arrays = 0, integers = 0;
  int last = -2;
  bool adjacent = true, new_axis = false;
  std::optional<Type> together = Type::scalar(TypeKind::Int);
  for (size_t k = 0; k < indices.size(); ++k) {
    const IndexItem& item = indices[k];
    new_axis = new_axis || item.new_axis;
    if (!item.index || item.is_slice) continue;
    const bool is_mask = item.index->type.kind == TypeKind::Bool && !item.index->type.dims->empty();
    ++(item.index->type.dims->empty() ? integers : arrays);
    if (last >= 0 && last != static_cast<int>(k) - 1) adjacent = false;
    last = static_cast<int>(k);
    const Type entry = is_mask ? Type::array(TypeKind::Int, {Dim::unknown()}) : item.index->type;
    const Broadcast b = together ? broadcast_dims(*together, entry) : Broadcast{};
    together = b.dims && !b.clash ? std::optional<Type>(Type::array(TypeKind::Int, *b.dims))
                                  : std::nullopt;
  }
  const bool advanced = arrays > 1 || (arrays == 1 && integers > 0);
  if (advanced && (new_axis || !together)) return result;  // refused or clashing: the run says
  if (advanced) return advanced_index_type(receiver, indices, *together->dims, adjacent, taken);
  std::vector<Dim> dims;
  size_t axis = 0;
  for (const IndexItem& item : indices) {
    if (item.ellipsis) {
      for (size_t k = 0; k < rank - taken; ++k) dims.push_back((*receiver.dims)[axis++]);
    } else if (item.new_axis) {
      dims.push_back(Dim::known(1));
    } else if (item.is_slice) {
      const bool whole = !item.low && !item.high && !item.step;
      dims.push_back(whole ? (*receiver.dims)[axis] : Dim::unknown());
      ++axis;
    } else if (item.index->type.kind == TypeKind::Bool && !item.index->type.dims->empty()) {
      // A mask keeps the elements where it holds: how many is known at run time.
      dims.push_back(Dim::unknown());
      axis += item.index->type.dims->size();
    } else {
      // An integer array index gathers: its dims replace the indexed one.
      for (const Dim& d : *item.index->type.dims) dims.push_back(d);
      ++axis;
    }
  }
  while (axis < rank) dims.push_back((*receiver.dims)[axis++]);
  result.dims = dims;
  return result;
}

static Type advanced_index_type(const Type& receiver, const std::vector<IndexItem>& indices,
                         const std::vector<Dim>& together, bool adjacent, size_t taken) {
  Type result = Type::of_kind(receiver.kind);
  const size_t rank = receiver.dims->size();
  std::vector<Dim> dims;
  size_t axis = 0;
  bool placed = !adjacent;
  if (!adjacent) dims = together;
  for (const IndexItem& item : indices) {
    if (item.ellipsis) {
      for (size_t k = 0; k < rank - taken; ++k) dims.push_back((*receiver.dims)[axis++]);
    } else if (item.is_slice) {
      const bool whole = !item.low && !item.high && !item.step;
      dims.push_back(whole ? (*receiver.dims)[axis] : Dim::unknown());
      ++axis;
    } else {
      if (!placed) dims.insert(dims.end(), together.begin(), together.end());
      placed = true;
      const bool is_mask = item.index->type.kind == TypeKind::Bool && !item.index->type.dims->empty();
      axis += is_mask ? item.index->type.dims->size() : 1;
    }
  }
  while (axis < rank) dims.push_back((*receiver.dims)[axis++]);
  result.dims = dims;
  return result;
}

Type distribution_type(const ir::DistributionSpec& spec,
                       const std::vector<const Expr*>& ordered_arguments) {
  Type result = Type::of_kind(TypeKind::Distribution);
  if (spec.event_rank < 0) return result;
  result.event_rank = spec.event_rank;
  if (spec.event_rank != 0) return result;
  // Scalar-event distributions: the batch shape is the broadcast of the parameters.
  Type shape = Type::scalar(TypeKind::Real);
  for (const Expr* argument : ordered_arguments) {
    if (!argument) continue;
    Broadcast b = broadcast_dims(shape, argument->type);
    if (b.clash || !b.dims) return result;
    shape.dims = b.dims;
  }
  result.dims = shape.dims;
  return result;
}

namespace {

// stack, concat, transpose and shape: the result's rank (and dims where
// known) from the arguments', as NumPy computes them.
Type layout_result_type(const ir::FunctionSpec& spec, const std::vector<const Expr*>& arguments,
                        TypeKind kind) {
  if (spec.name == "transpose") {
    Type t = arguments[0]->type;
    if (t.dims) std::reverse(t.dims->begin(), t.dims->end());
    t.kind = kind;
    return t;
  }
  if (spec.name == "shape") {
    if (auto rank = arguments[0]->type.rank()) return Type::array(TypeKind::Int, {Dim::known(*rank)});
    return Type::of_kind(TypeKind::Int);
  }
  if (spec.name != "stack" && spec.name != "concat") return Type::of_kind(kind);
  // The arrays: the first argument and the variadic ones after the axis.
  std::vector<const Expr*> arrays{arguments[0]};
  for (size_t i = 2; i < arguments.size(); ++i) arrays.push_back(arguments[i]);
  std::optional<int> rank = arrays[0]->type.rank();
  for (const Expr* a : arrays)
    if (!a || a->type.rank() != rank) return Type::of_kind(kind);
  if (!rank) return Type::of_kind(kind);
  // One array is a sequence along its first axis.
  int part_rank = arrays.size() == 1 ? *rank - 1 : *rank;
  int result_rank = spec.name == "stack" ? part_rank + 1 : part_rank;
  if (part_rank < 0 || result_rank < 1) return Type::of_kind(kind);
  if (arrays.size() == 1 && spec.name == "stack") {
    auto axis = arguments[1] ? integer_literal(arguments[1]) : std::optional<long long>(0);
    if (axis && *axis == 0) {
      Type t = arrays[0]->type;
      t.kind = kind;
      return t;
    }
  }
  return Type::array(kind, std::vector<Dim>(result_rank, Dim::unknown()));
}

}  // namespace

Type builtin_result_type(const ir::FunctionSpec& spec,
                         const std::vector<const Expr*>& ordered_arguments) {
  TypeKind kind = spec.integer_result ? TypeKind::Int : TypeKind::Real;
  switch (spec.result) {
    case ir::ResultRule::Elementwise: {
      Type shape = Type::scalar(kind);
      // where(condition, x, y) and clip broadcast every argument.
      for (const Expr* argument : ordered_arguments) {
        if (!argument) continue;
        Broadcast b = broadcast_dims(shape, argument->type);
        if (b.clash || !b.dims) return Type::of_kind(kind);
        shape.dims = b.dims;
      }
      return shape;
    }
    case ir::ResultRule::Reduction: {
      const Type& x = ordered_arguments[0]->type;
      const Expr* axis = ordered_arguments.size() > 1 ? ordered_arguments[1] : nullptr;
      if (!axis) return Type::scalar(kind);
      auto a = integer_literal(axis);
      if (!a || !x.dims) return Type::of_kind(kind);
      long long rank = static_cast<long long>(x.dims->size());
      long long position = *a < 0 ? *a + rank : *a;
      if (position < 0 || position >= rank) return Type::of_kind(kind);
      std::vector<Dim> dims = *x.dims;
      dims.erase(dims.begin() + position);
      return Type::array(kind, dims);
    }
    case ir::ResultRule::SameAsFirst: {
      Type t = ordered_arguments[0]->type;
      t.kind = kind;
      return t;
    }
    case ir::ResultRule::Scalar:
      return Type::scalar(kind);
    case ir::ResultRule::NewArray: {
      if (spec.name == "zeros" || spec.name == "ones" || spec.name == "full" ||
          spec.name == "init_normal" || spec.name == "init_uniform") {
        if (auto dims = literal_shape(ordered_arguments[0])) return Type::array(kind, *dims);
      }
      if (spec.name == "eye" && ordered_arguments[0]) {
        Dim n = dim_of_size(*ordered_arguments[0]);
        return Type::array(kind, {n, n});
      }
      if (spec.name == "arange") return Type::array(kind, {Dim::unknown()});
      if (spec.name == "reshape") {
        if (auto dims = literal_shape(ordered_arguments[1])) return Type::array(kind, *dims);
      }
      return Type::of_kind(kind);
    }
    case ir::ResultRule::Unknown:
      return layout_result_type(spec, ordered_arguments, kind);
    case ir::ResultRule::Einsum:  // the checker reads the subscripts (einsum_result_type)
      return Type::of_kind(kind);
  }
  return Type::of_kind(kind);
}

Type einsum_result_type(const std::string& text, const std::vector<const Expr*>& operands,
                        std::string& problem) {
  const Type unknown = Type::of_kind(TypeKind::Real);
  functions::EinsumSubscripts subscripts;
  try {
    subscripts = functions::parse_einsum_subscripts(text);
    functions::check_einsum_operand_count(subscripts, operands.size());
  } catch (const Error& error) {
    problem = error.message();
    return unknown;
  }
  std::map<char, Dim> letters;
  std::optional<Type> broadcast = Type::scalar(TypeKind::Real);  // the '...' axes
  for (size_t i = 0; i < operands.size(); ++i) {
    const std::string& term = subscripts.inputs[i];
    const bool has_ellipsis = functions::einsum_term_has_ellipsis(term);
    const size_t named = functions::einsum_letter_count(term);
    const std::optional<std::vector<Dim>>& dims = operands[i]->type.dims;
    if (!dims) {
      if (has_ellipsis) broadcast.reset();
      continue;
    }
    if (has_ellipsis ? dims->size() < named : dims->size() != named) {
      problem = fmt::format("operand {} is {} but its subscripts '{}' name {}{} axes", i + 1,
                            describe(operands[i]->type), term == "." ? "..." : term,
                            has_ellipsis ? "at least " : "", named);
      return unknown;
    }
    const size_t extra = dims->size() - named;
    size_t axis = 0;
    for (char c : term) {
      if (c == functions::kEllipsisLabel) {
        if (broadcast) {
          Broadcast b = broadcast_dims(
              *broadcast, Type::array(TypeKind::Real, std::vector<Dim>(dims->begin() + axis,
                                                                       dims->begin() + axis + extra)));
          if (b.clash) {
            problem = fmt::format("the '...' axes of operand {} do not broadcast with the others",
                                  i + 1);
            return unknown;
          }
          broadcast->dims = b.dims;
        }
        axis += extra;
        continue;
      }
      const Dim& d = (*dims)[axis++];
      auto [it, fresh] = letters.emplace(c, d);
      if (!fresh && differ(it->second, d)) {
        problem = fmt::format("'{}' has length {} in operand {} but {} in an earlier one", c,
                              d.size, i + 1, it->second.size);
        return unknown;
      }
      if (!fresh && !it->second.is_known() && !it->second.is_named()) it->second = d;
    }
  }
  std::vector<Dim> result;
  for (char c : subscripts.output) {
    if (c != functions::kEllipsisLabel) {
      result.push_back(letters.count(c) ? letters.at(c) : Dim::unknown());
      continue;
    }
    if (!broadcast) return unknown;
    result.insert(result.end(), broadcast->dims->begin(), broadcast->dims->end());
  }
  if (broadcast && !broadcast->dims->empty() &&
      !functions::einsum_term_has_ellipsis(subscripts.output)) {
    problem = "the operands' '...' stands for axes, so the output needs '...' too";
    return unknown;
  }
  return Type::array(TypeKind::Real, result);
}

Type method_result_type(const ir::MethodSpec& spec, const Type& receiver,
                        const std::vector<const Expr*>& ordered_arguments) {
  if (spec.name == "log_prob" || spec.name == "cdf" || spec.name == "log_cdf" ||
      spec.name == "log_survival" || spec.name == "icdf") {
    // The value's batch dims broadcast with the distribution's.
    const Expr* value = ordered_arguments.empty() ? nullptr : ordered_arguments[0];
    if (!value || !value->type.dims || !receiver.dims || !receiver.event_rank)
      return Type::of_kind(TypeKind::Real);
    const int event = *receiver.event_rank;
    const auto& x = *value->type.dims;
    const auto& d = *receiver.dims;
    if (static_cast<int>(x.size()) < event || static_cast<int>(d.size()) < event)
      return Type::of_kind(TypeKind::Real);
    Broadcast b = broadcast_dims(Type::array(TypeKind::Real, {x.begin(), x.end() - event}),
                                 Type::array(TypeKind::Real, {d.begin(), d.end() - event}));
    if (b.clash || !b.dims) return Type::of_kind(TypeKind::Real);
    return Type::array(TypeKind::Real, *b.dims);
  }
  Type result = receiver;
  result.kind = TypeKind::Distribution;
  if (spec.name == "expand") {
    result.dims.reset();
    if (auto dims = literal_shape(ordered_arguments[0])) {
      // Expanding adds batch dims on the left of the event dims.
      if (receiver.event_rank && receiver.dims &&
          static_cast<int>(receiver.dims->size()) >= *receiver.event_rank) {
        std::vector<Dim> full = *dims;
        full.insert(full.end(), receiver.dims->end() - *receiver.event_rank, receiver.dims->end());
        result.dims = full;
      } else if (receiver.event_rank && *receiver.event_rank == 0) {
        result.dims = *dims;
      }
    }
  }
  if (spec.name == "to_event") {
    const Expr* n = ordered_arguments[0];
    auto count = integer_literal(n);
    if (!n && result.dims) result.event_rank = static_cast<int>(result.dims->size());
    else if (count && result.event_rank) result.event_rank = *result.event_rank + int(*count);
    else result.event_rank.reset();
  }
  return result;
}

Type site_value_type(const Type& distribution, const std::vector<Type>& plate_sizes) {
  if (distribution.kind != TypeKind::Distribution || !distribution.dims || !distribution.event_rank)
    return Type::of_kind(TypeKind::Real);
  // Plates broadcast the batch shape: plate k (innermost first) is dim -1-k
  // left of the event dims.
  std::vector<Dim> batch(distribution.dims->begin(),
                         distribution.dims->end() - std::min<size_t>(*distribution.event_rank,
                                                                      distribution.dims->size()));
  std::vector<Dim> event(distribution.dims->end() - (distribution.dims->size() - batch.size()),
                         distribution.dims->end());
  size_t rank = std::max(batch.size(), plate_sizes.size());
  std::vector<Dim> plate_shape(rank, Dim::known(1));
  for (size_t k = 0; k < plate_sizes.size(); ++k) {
    // plate_sizes is outermost first; the outermost plate is dim -1.
    const Type& size = plate_sizes[k];
    plate_shape[rank - 1 - k] = size.dims && size.dims->size() == 1 ? (*size.dims)[0] : Dim::unknown();
  }
  Broadcast b = broadcast_dims(Type::array(TypeKind::Real, batch),
                               Type::array(TypeKind::Real, plate_shape));
  if (b.clash || !b.dims) return Type::of_kind(TypeKind::Real);
  std::vector<Dim> dims = *b.dims;
  dims.insert(dims.end(), event.begin(), event.end());
  return Type::array(TypeKind::Real, dims);
}

Dim dim_of_size(const Expr& size) {
  if (size.kind == ExprKind::Integer) return Dim::known(size.integer_value);
  if (size.kind == ExprKind::Variable) return Dim::named(size.name);
  return Dim::unknown();
}

Dim range_length(const Expr& low, const Expr& high) {
  auto lo = integer_literal(&low);
  auto hi = integer_literal(&high);
  if (lo && hi) return Dim::known(std::max(0LL, *hi - *lo));
  if (lo && *lo == 0 && high.kind == ExprKind::Variable) return Dim::named(high.name);
  return Dim::unknown();
}

Type drop_leading_dim(const Type& type) {
  Type result = type;
  if (result.dims && !result.dims->empty()) result.dims->erase(result.dims->begin());
  else result.dims.reset();
  return result;
}

Type prepend_dim(const Dim& dim, const Type& type) {
  Type result = type;
  if (result.kind == TypeKind::Unknown) result.kind = TypeKind::Real;
  if (result.dims) result.dims->insert(result.dims->begin(), dim);
  return result;
}

}  // namespace ppl::frontend
