// Reductions over one axis, or over all of the program's dims.
#include <functional>

#include "ad/ops.h"
#include "core/array_math.h"
#include "functions/registry.h"

namespace ppl::functions {
namespace {

// A reduction over argument 1's axis, or over all of the program's dims.
ir::BuiltinImplementation reduction(std::function<ad::Var(ad::Var)> whole,
                                    std::function<ad::Var(ad::Var, int)> along_axis) {
  return [whole, along_axis](const BuiltinCall& c) {
    const bool has_axis = c.given(1);
    // Over everything with leading dims: over the program's dims, flattened.
    ad::Var operand = has_axis || c.leading() == 0 ? c.x() : flatten_program_dims(c.x(), c.leading());
    if (!has_axis && c.leading() == 0) return whole(operand);
    return along_axis(operand, has_axis ? c.axis(1) : -1);
  };
}

// The moments: the variance, or with `root` the standard deviation.
ir::BuiltinImplementation spread(bool root) {
  return reduction(
      [root](ad::Var v) {
        ad::Var variance = ad::mean(ad::square(v - ad::mean(v)));
        return root ? ad::sqrt(variance) : variance;
      },
      [root](ad::Var v, int axis) {
        ad::Var variance = ad::mean(ad::square(v - ad::mean(v, axis, true)), axis);
        return root ? ad::sqrt(variance) : variance;
      });
}

void add(FunctionList& list, const char* name, const char* summary,
         ir::BuiltinImplementation implementation, bool integer_result = false) {
  list.push_back({.name = name,
                  .params = {ir::required_param("x"), ir::optional_param("axis")},
                  .result = R::Reduction,
                  .integer_result = integer_result,
                  .summary = summary,
                  .implementation = std::move(implementation)});
}

// 1 where v is nonzero (NaN included, as NumPy's truth), else 0: a constant,
// whatever v depends on.
ad::Var truth_of(const ad::Var& v) { return v.tape().constant(not_equal(v.value(), Array(0.0))); }

}  // namespace

void add_reductions(FunctionList& list) {
  add(list, "sum", "sum over an axis, or over everything",
      reduction([](ad::Var v) { return ad::sum(v); }, [](ad::Var v, int a) { return ad::sum(v, a); }));
  add(list, "mean", "mean over an axis, or over everything",
      reduction([](ad::Var v) { return ad::mean(v); }, [](ad::Var v, int a) { return ad::mean(v, a); }));
  add(list, "prod", "product over an axis, or over everything",
      reduction([](ad::Var v) { return ad::prod(v); }, [](ad::Var v, int a) { return ad::prod(v, a); }));
  add(list, "std", "standard deviation (population) over an axis, or everything", spread(true));
  add(list, "var", "variance (population) over an axis, or everything", spread(false));
  add(list, "min", "minimum over an axis, or over everything",
      reduction([](ad::Var v) { return ad::min(v); }, [](ad::Var v, int a) { return ad::min(v, a); }));
  add(list, "max", "maximum over an axis, or over everything",
      reduction([](ad::Var v) { return ad::max(v); }, [](ad::Var v, int a) { return ad::max(v, a); }));
  add(list, "logsumexp", "log(sum(exp(x))) over an axis, computed stably",
      reduction([](ad::Var v) { return ad::logsumexp(v); },
                [](ad::Var v, int a) { return ad::logsumexp(v, a); }));
  add(list, "any", "1 where any element over an axis (or everything) is nonzero, else 0",
      reduction([](ad::Var v) { return ad::max(truth_of(v)); },
                [](ad::Var v, int a) { return ad::max(truth_of(v), a); }),
      true);
  add(list, "all", "1 where every element over an axis (or everything) is nonzero, else 0",
      reduction([](ad::Var v) { return ad::min(truth_of(v)); },
                [](ad::Var v, int a) { return ad::min(truth_of(v), a); }),
      true);
}

}  // namespace ppl::functions
