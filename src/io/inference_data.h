#pragma once
// ArviZ's InferenceData as one netCDF-4 file: a group per kind of values
// (posterior, sample_stats, log_likelihood, observed_data, constant_data,
// prior, prior_predictive, posterior_predictive), each a set of named
// arrays over named dims with integer coordinates, as ArviZ's from_netcdf
// and xarray's open_dataset(path, group=...) read them.
//
//   InferenceDataGroup posterior{"posterior", {{"mu", {"chain", "draw"}, {4, 1000}, values}}};
//   write_inference_data("fit.nc", {posterior});
#include <cstdint>
#include <string>
#include <vector>

namespace ppl::io {

struct InferenceDataVariable {
  enum class Type { Double, Integer, Boolean };  // netCDF double, int64, int8 (xarray's bool)
  std::string name;
  std::vector<std::string> dims;  // outermost first
  std::vector<int64_t> shape;     // one size per dim
  std::vector<double> values;     // row-major
  Type type = Type::Double;
};

struct InferenceDataGroup {
  std::string name;
  std::vector<InferenceDataVariable> variables;
};

// Writes the groups to `path` (replaced whole, or left as it was on
// failure). Each dim of a group has one size and a coordinate variable
// 0, 1, ...; the file and each group name ppl as the inference library.
// ppl::Error naming the path and netCDF's reason when writing fails, or a
// dim that two variables of a group size differently.
void write_inference_data(const std::string& path, const std::vector<InferenceDataGroup>& groups);

}  // namespace ppl::io
