#include "dist/constant_shape_parameters.h"

#include <fmt/format.h>

#include "dist/distribution.h"

namespace ppl::dist {

void require_constant_shapes(std::string_view family, std::string_view shape_roles,
                             std::string_view differentiable_in,
                             std::initializer_list<ad::Var> shapes) {
  for (const ad::Var& shape : shapes) {
    if (!shape.tape().needs_gradient(shape.index())) continue;
    const std::string differentiable =
        differentiable_in.empty() ? fmt::format("is not differentiable in {}", shape_roles)
                                  : fmt::format("is differentiable in {}, not in {}",
                                                differentiable_in, shape_roles);
    throw ArgumentError(fmt::format(
        "{}: its CDF {} (that derivative has no closed form); {} must not depend on latent "
        "values where the CDF is used",
        family, differentiable, shape_roles));
  }
}

}  // namespace ppl::dist
