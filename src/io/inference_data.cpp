#include "io/inference_data.h"

#include <fmt/format.h>
#include <netcdf.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>

#include "core/error.h"

namespace ppl::io {
namespace {

// Each netCDF call's status: ppl::Error with netCDF's reason and what was
// being written.
class NetcdfWriter {
 public:
  explicit NetcdfWriter(std::string path) : path_(std::move(path)) {}

  void check(int status, const std::string& doing) const {
    if (status != NC_NOERR)
      throw Error(fmt::format("{}: cannot write the InferenceData file ({}: {})", path_, doing,
                              nc_strerror(status)));
  }

  void text_attribute(int group, const char* name, const std::string& value) const {
    check(nc_put_att_text(group, NC_GLOBAL, name, value.size(), value.c_str()),
          fmt::format("attribute {}", name));
  }

 private:
  std::string path_;
};

// ISO 8601 UTC time, as ArviZ's created_at.
std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void write_group(const NetcdfWriter& writer, int file, const InferenceDataGroup& group) {
  int id = 0;
  writer.check(nc_def_grp(file, group.name.c_str(), &id), "group " + group.name);
  writer.text_attribute(id, "created_at", now_utc());
  writer.text_attribute(id, "inference_library", "ppl");
  writer.text_attribute(id, "inference_library_version", PPL_VERSION);
  // The group's dims, each with one size.
  std::map<std::string, std::pair<int, int64_t>> dims;  // name -> (id, size)
  std::vector<std::string> dim_order;
  for (const InferenceDataVariable& variable : group.variables)
    for (size_t i = 0; i < variable.dims.size(); ++i) {
      const std::string& name = variable.dims[i];
      const int64_t size = variable.shape[i];
      auto found = dims.find(name);
      if (found != dims.end()) {
        if (found->second.second != size)
          throw Error(fmt::format("InferenceData group {}: dim '{}' has size {} for '{}' and {} "
                                  "before",
                                  group.name, name, size, variable.name, found->second.second));
        continue;
      }
      int dim_id = 0;
      writer.check(nc_def_dim(id, name.c_str(), static_cast<size_t>(size), &dim_id), "dim " + name);
      dims[name] = {dim_id, size};
      dim_order.push_back(name);
    }
  // A coordinate variable per dim: 0, 1, ...
  for (const std::string& name : dim_order) {
    const auto& [dim_id, size] = dims.at(name);
    int variable_id = 0;
    writer.check(nc_def_var(id, name.c_str(), NC_INT64, 1, &dim_id, &variable_id),
                 "coordinate " + name);
    std::vector<long long> coordinate(static_cast<size_t>(size));
    for (int64_t i = 0; i < size; ++i) coordinate[static_cast<size_t>(i)] = i;
    writer.check(nc_put_var_longlong(id, variable_id, coordinate.data()), "coordinate " + name);
  }
  for (const InferenceDataVariable& variable : group.variables) {
    std::vector<int> dim_ids;
    for (const std::string& name : variable.dims) dim_ids.push_back(dims.at(name).first);
    const nc_type type = variable.type == InferenceDataVariable::Type::Double    ? NC_DOUBLE
                         : variable.type == InferenceDataVariable::Type::Integer ? NC_INT64
                                                                                 : NC_BYTE;
    int variable_id = 0;
    const std::string what = group.name + "/" + variable.name;
    writer.check(nc_def_var(id, variable.name.c_str(), type, static_cast<int>(dim_ids.size()),
                            dim_ids.data(), &variable_id),
                 what);
    if (variable.type == InferenceDataVariable::Type::Double) {
      writer.check(nc_put_var_double(id, variable_id, variable.values.data()), what);
    } else if (variable.type == InferenceDataVariable::Type::Integer) {
      std::vector<long long> values(variable.values.begin(), variable.values.end());
      writer.check(nc_put_var_longlong(id, variable_id, values.data()), what);
    } else {
      // xarray reads int8 with dtype "bool" back as booleans.
      const std::string dtype = "bool";
      writer.check(nc_put_att_text(id, variable_id, "dtype", dtype.size(), dtype.c_str()), what);
      std::vector<signed char> values;
      for (double v : variable.values) values.push_back(v != 0 ? 1 : 0);
      writer.check(nc_put_var_schar(id, variable_id, values.data()), what);
    }
  }
}

}  // namespace

void write_inference_data(const std::string& path, const std::vector<InferenceDataGroup>& groups) {
  // Written to a fresh file beside the target, then moved over it: a
  // failure leaves the old file, and no other file is touched.
  std::string partial = path + ".partial-XXXXXX";
  const int descriptor = mkstemp(partial.data());
  if (descriptor < 0)
    throw Error(fmt::format("{}: cannot write the InferenceData file (no temporary file beside it)", path));
  close(descriptor);
  NetcdfWriter writer(path);
  int file = 0;
  try {
    writer.check(nc_create(partial.c_str(), NC_NETCDF4 | NC_CLOBBER, &file), "create");
  } catch (...) {
    std::remove(partial.c_str());
    throw;
  }
  try {
    writer.text_attribute(file, "created_at", now_utc());
    writer.text_attribute(file, "inference_library", "ppl");
    for (const InferenceDataGroup& group : groups) write_group(writer, file, group);
    writer.check(nc_close(file), "close");
  } catch (...) {
    nc_close(file);
    std::remove(partial.c_str());
    throw;
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
  if (error) {
    std::remove(partial.c_str());
    throw Error(fmt::format("{}: cannot write the InferenceData file ({})", path, error.message()));
  }
}

}  // namespace ppl::io
