// The entries of the continuous distributions that are not elementwise
// (elementwise.h): Delta and ImproperUniform.
#include <fmt/format.h>

#include <cmath>

#include "dist/delta.h"
#include "dist/improper_uniform.h"
#include "dist/registry.h"

namespace ppl::dist {

namespace {

// Argument i as a number; ArgumentError when it is missing or not a number.
ad::Var number(const Arguments& a, size_t i, const char* distribution, const char* name) {
  if (i >= a.size())
    throw ArgumentError(fmt::format("{}: argument '{}' is missing", distribution, name));
  return a[i].require_number(distribution, name);
}

// A non-negative integer given as a number.
int64_t whole_number(double x, const char* distribution, const char* name) {
  if (!(x >= 0) || x != std::floor(x) || x > 1e15)
    throw ArgumentError(
        fmt::format("{}: {} must be a non-negative integer, got {}", distribution, name, x));
  return static_cast<int64_t>(x);
}

// A shape given as a number: a scalar n is (n), an array its elements.
Shape shape_argument(const Arguments& a, size_t i, const char* name) {
  const Array& value = number(a, i, "ImproperUniform", name).value();
  if (value.rank() > 1 || value.size() > Shape::kMaxRank)
    throw ArgumentError(fmt::format("ImproperUniform: {} must be a shape (a list of sizes), got {}",
                                    name, value.to_string()));
  Shape shape;
  for (int64_t k = 0; k < value.size(); ++k)
    shape.push_back(whole_number(value.values()[k], "ImproperUniform", name));
  return shape;
}

}  // namespace

void add_continuous_entries(std::vector<DistributionEntry>& list) {
  list.push_back({{"Delta", {ir::default_param("v", 0), ir::default_param("log_density", 0), ir::default_param("event_dim", 0)}, {}, false, -1, "real", "a point mass at v, with log_density added to the density"},
                  [](const Arguments& a) -> DistributionPtr {
    ad::Var v = number(a, 0, "Delta", "v");
    ad::Var log_density = number(a, 1, "Delta", "log_density");
    const Array& event_dim = number(a, 2, "Delta", "event_dim").value();
    if (event_dim.size() != 1)
      throw ArgumentError(fmt::format("Delta: event_dim must be a non-negative integer, got {}",
                                      event_dim.to_string()));
    return std::make_shared<Delta>(
        v, log_density, static_cast<int>(whole_number(event_dim.item(), "Delta", "event_dim")));
  }});
  list.push_back({{"ImproperUniform", {ir::required_param("support"), ir::required_param("batch_shape"), ir::required_param("event_shape")}, {}, false, -1, "the given support", "a flat log density of 0 on the given support; cannot be sampled"},
                  [](const Arguments& a) -> DistributionPtr {
    if (a.empty() || !a[0].constraint)
      throw ArgumentError("ImproperUniform: argument 'support' must be a constraint");
    Shape batch = shape_argument(a, 1, "batch_shape");
    Shape event = shape_argument(a, 2, "event_shape");
    ad::Tape& tape = number(a, 1, "ImproperUniform", "batch_shape").tape();
    return std::make_shared<ImproperUniform>(*a[0].constraint, batch, event, tape);
  }});
}

}  // namespace ppl::dist
