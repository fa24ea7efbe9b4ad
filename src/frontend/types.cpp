#include "frontend/types.h"

namespace ppl {

const char* kind_name(TypeKind kind) {
  switch (kind) {
    case TypeKind::Unknown: return "value";
    case TypeKind::Real: return "real";
    case TypeKind::Int: return "int";
    case TypeKind::Bool: return "bool";
    case TypeKind::Distribution: return "distribution";
    case TypeKind::Constraint: return "constraint";
    case TypeKind::Transform: return "transform";
    case TypeKind::DistributionList: return "list of distributions";
    case TypeKind::String: return "string";
  }
  return "value";
}

std::string describe_dims(const std::vector<Dim>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) out += ", ";
    if (dims[i].is_named()) out += dims[i].symbol;
    else if (dims[i].is_known()) out += std::to_string(dims[i].size);
    else out += "?";
  }
  return out + "]";
}

std::string describe(const Type& type) {
  std::string out = kind_name(type.kind);
  if (type.is_numeric() && type.dims && !type.dims->empty()) out += describe_dims(*type.dims);
  return out;
}

}  // namespace ppl
