#pragma once
// Static types of expressions from the types of their parts: NumPy
// broadcasting on known dims, matrix products, indexing, reductions, and the
// batch shapes of distributions. Unknown stays unknown; only sizes that are
// known to differ are errors.
#include <optional>
#include <vector>

#include "frontend/ast.h"
#include "ir/catalog.h"

namespace ppl::frontend {

struct Broadcast {
  bool clash = false;                    // two known sizes differ and neither is 1
  std::optional<std::vector<Dim>> dims;  // unknown when either rank is unknown
};
Broadcast broadcast_dims(const Type& a, const Type& b);
// Result of a @ b; nullopt when known inner sizes differ.
std::optional<Type> matmul_type(const Type& a, const Type& b);
TypeKind binary_result_kind(ast::BinaryOp op, TypeKind left, TypeKind right);
Type array_literal_type(const std::vector<Type>& elements);
Type index_result_type(const Type& receiver, const std::vector<ast::IndexItem>& indices);

Type distribution_type(const ir::DistributionSpec& spec,
                       const std::vector<const ast::Expr*>& ordered_arguments);
Type builtin_result_type(const ir::FunctionSpec& spec,
                         const std::vector<const ast::Expr*>& ordered_arguments);
// einsum's result from its subscripts and its operands' types; `problem`
// gets a sentence when the subscripts are malformed or do not fit the
// operands' known shapes.
Type einsum_result_type(const std::string& subscripts,
                        const std::vector<const ast::Expr*>& operands, std::string& problem);
Type method_result_type(const ir::MethodSpec& spec, const Type& receiver,
                        const std::vector<const ast::Expr*>& ordered_arguments);
// The value of a site: its distribution's shape broadcast with the enclosing plates.
Type site_value_type(const Type& distribution, const std::vector<Type>& plate_sizes);

Dim dim_of_size(const ast::Expr& size);           // 5, or a data name
Dim range_length(const ast::Expr& low, const ast::Expr& high);
Type drop_leading_dim(const Type& type);
Type prepend_dim(const Dim& dim, const Type& type);

}  // namespace ppl::frontend
