// InferenceData files: what write_inference_data writes, read back with the
// netCDF C library (groups, dims, coordinates, values, xarray's bool).
#include <doctest/doctest.h>
#include <netcdf.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/inference_data.h"

using namespace ppl;
using Variable = io::InferenceDataVariable;

namespace {

std::string scratch_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / name).string();
}

int group_id(int file, const char* name) {
  int id = -1;
  REQUIRE(nc_inq_grp_ncid(file, name, &id) == NC_NOERR);
  return id;
}

// A dim's size, by name, in a group.
size_t dim_size(int group, const char* name) {
  int dim = -1;
  REQUIRE(nc_inq_dimid(group, name, &dim) == NC_NOERR);
  size_t size = 0;
  REQUIRE(nc_inq_dimlen(group, dim, &size) == NC_NOERR);
  return size;
}

// A variable's dim names, in order.
std::vector<std::string> variable_dims(int group, const char* name) {
  int variable = -1;
  REQUIRE(nc_inq_varid(group, name, &variable) == NC_NOERR);
  int count = 0;
  REQUIRE(nc_inq_varndims(group, variable, &count) == NC_NOERR);
  std::vector<int> ids(static_cast<size_t>(count));
  REQUIRE(nc_inq_vardimid(group, variable, ids.data()) == NC_NOERR);
  std::vector<std::string> names;
  for (int id : ids) {
    char text[NC_MAX_NAME + 1];
    REQUIRE(nc_inq_dimname(group, id, text) == NC_NOERR);
    names.emplace_back(text);
  }
  return names;
}

std::vector<double> doubles(int group, const char* name, size_t count) {
  int variable = -1;
  REQUIRE(nc_inq_varid(group, name, &variable) == NC_NOERR);
  std::vector<double> values(count);
  REQUIRE(nc_get_var_double(group, variable, values.data()) == NC_NOERR);
  return values;
}

}  // namespace

TEST_CASE("an InferenceData file holds its groups, dims, coordinates and values") {
  const std::string path = scratch_path("ppl_test_inference_data.nc");
  io::InferenceDataGroup posterior{
      "posterior",
      {{"mu", {"chain", "draw"}, {2, 3}, {1, 2, 3, 4, 5, 6}},
       {"theta", {"chain", "draw", "school"}, {2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}}};
  io::InferenceDataGroup stats{
      "sample_stats",
      {{"tree_depth", {"chain", "draw"}, {2, 3}, {1, 2, 3, 3, 2, 1}, Variable::Type::Integer},
       {"diverging", {"chain", "draw"}, {2, 3}, {0, 0, 1, 0, 0, 0}, Variable::Type::Boolean}}};
  io::write_inference_data(path, {posterior, stats});
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
    CHECK(entry.path().filename().string().rfind("ppl_test_inference_data.nc.partial", 0) != 0);

  int file = -1;
  REQUIRE(nc_open(path.c_str(), NC_NOWRITE, &file) == NC_NOERR);
  int format = 0;
  REQUIRE(nc_inq_format(file, &format) == NC_NOERR);
  CHECK(format == NC_FORMAT_NETCDF4);
  const int draws = group_id(file, "posterior");
  CHECK(dim_size(draws, "chain") == 2);
  CHECK(dim_size(draws, "draw") == 3);
  CHECK(dim_size(draws, "school") == 2);
  CHECK(variable_dims(draws, "theta") == std::vector<std::string>{"chain", "draw", "school"});
  CHECK(doubles(draws, "mu", 6) == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(doubles(draws, "theta", 12)[7] == 7);
  // Coordinates 0, 1, ... for each dim.
  CHECK(doubles(draws, "draw", 3) == std::vector<double>{0, 1, 2});
  char library[16] = {};
  REQUIRE(nc_get_att_text(draws, NC_GLOBAL, "inference_library", library) == NC_NOERR);
  CHECK(std::string(library) == "ppl");

  const int sampler = group_id(file, "sample_stats");
  int variable = -1;
  REQUIRE(nc_inq_varid(sampler, "tree_depth", &variable) == NC_NOERR);
  nc_type type = 0;
  REQUIRE(nc_inq_vartype(sampler, variable, &type) == NC_NOERR);
  CHECK(type == NC_INT64);
  REQUIRE(nc_inq_varid(sampler, "diverging", &variable) == NC_NOERR);
  REQUIRE(nc_inq_vartype(sampler, variable, &type) == NC_NOERR);
  CHECK(type == NC_BYTE);
  char dtype[8] = {};
  REQUIRE(nc_get_att_text(sampler, variable, "dtype", dtype) == NC_NOERR);
  CHECK(std::string(dtype) == "bool");
  CHECK(doubles(sampler, "diverging", 6)[2] == 1);
  nc_close(file);

  // A dim that two variables size differently is refused, and the file
  // written before stays as it was.
  io::InferenceDataGroup clash{"posterior",
                               {{"a", {"chain", "draw"}, {2, 3}, std::vector<double>(6, 0)},
                                {"b", {"chain", "draw"}, {2, 4}, std::vector<double>(8, 0)}}};
  std::string message;
  try {
    io::write_inference_data(path, {clash});
  } catch (const Error& error) {
    message = error.what();
  }
  CHECK(message == "InferenceData group posterior: dim 'draw' has size 4 for 'b' and 3 before");
  REQUIRE(nc_open(path.c_str(), NC_NOWRITE, &file) == NC_NOERR);
  CHECK(doubles(group_id(file, "posterior"), "mu", 6)[5] == 6);
  nc_close(file);
  std::remove(path.c_str());
}
