#include "runtime/model_data.h"

namespace ppl::runtime {

ModelData ModelData::from(const io::LoadedData& loaded) {
  ModelData data;
  for (const auto& entry : loaded.entries) {
    if (!entry) {
      data.entries.emplace_back();
      continue;
    }
    Shape shape(std::span<const int64_t>(entry->shape.data(), entry->shape.size()));
    data.entries.emplace_back(Array(shape, Eigen::Map<const Eigen::ArrayXd>(
                                               entry->values.data(),
                                               static_cast<Eigen::Index>(entry->values.size()))));
  }
  return data;
}

}  // namespace ppl::runtime
