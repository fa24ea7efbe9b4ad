#include "infer/nn/dense.h"

#include "ad/ops.h"
#include "infer/nn/initializers.h"

namespace ppl::infer::nn {

ad::Var dense(const ParamFn& params, const DenseLayer& layer, ad::Var x, RandomKey init_key) {
  ad::Var weight = params(layer.name + ".weight", [&] {
    Array w = glorot_normal(fold_in(init_key, "weight"), layer.inputs, layer.outputs);
    if (layer.mask) w.mutable_values() *= layer.mask->values();
    return w;
  });
  if (layer.mask) weight = weight * x.tape().constant(*layer.mask);
  ad::Var out = ad::matmul(x, weight);
  if (!layer.bias) return out;
  return out + params(layer.name + ".bias", [&] {
           return normal_entries(fold_in(init_key, "bias"), Shape{layer.outputs}, 0.01);
         });
}

}  // namespace ppl::infer::nn
