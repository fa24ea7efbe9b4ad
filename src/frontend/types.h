#pragma once
// Static types of .ppl expressions: what kind of value, and its shape where
// it is known (data shapes from declarations, literals, broadcasting).
#include <optional>
#include <string>
#include <vector>

namespace ppl {

enum class TypeKind {
  Unknown,       // not inferred (e.g. a user function's result)
  Real,
  Int,
  Bool,
  Distribution,
  Constraint,
  Transform,
  DistributionList,  // [d1, d2, ...]: Mixture's components
  String,            // "ij,jk->ik": only einsum's subscripts
};

// One dimension: a known size, a size named by a data entry, or unknown.
struct Dim {
  long long size = -1;
  std::string symbol;
  static Dim unknown() { return {}; }
  static Dim known(long long n) { return Dim{n, {}}; }
  static Dim named(std::string s) { return Dim{-1, std::move(s)}; }
  bool is_known() const { return size >= 0; }
  bool is_named() const { return !symbol.empty(); }
};

struct Type {
  TypeKind kind = TypeKind::Unknown;
  // Numbers: rank and dims when known. Distributions: the event rank when known.
  std::optional<std::vector<Dim>> dims;
  std::optional<int> event_rank;

  static Type unknown() { return {}; }
  static Type scalar(TypeKind k) { return Type{k, std::vector<Dim>{}, {}}; }
  static Type array(TypeKind k, std::vector<Dim> d) { return Type{k, std::move(d), {}}; }
  static Type of_kind(TypeKind k) { return Type{k, std::nullopt, {}}; }

  bool is_numeric() const {
    return kind == TypeKind::Real || kind == TypeKind::Int || kind == TypeKind::Bool;
  }
  std::optional<int> rank() const {
    if (!dims) return std::nullopt;
    return static_cast<int>(dims->size());
  }
};

const char* kind_name(TypeKind kind);
// "real[J, 3]", "int", "distribution", "real[?]" ...
std::string describe(const Type& type);
std::string describe_dims(const std::vector<Dim>& dims);

}  // namespace ppl
