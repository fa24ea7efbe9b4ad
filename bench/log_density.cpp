// bench_log_density MODEL.ppl DATA.json POINTS.json [--seed N]
//
// Evaluates a model's log density at given points, for comparison with
// another implementation of the same model. POINTS.json is a JSON array of
// objects, each naming every latent site with its constrained value
// ({"mu": 0.3, "sigma": [1.0, 2.0]}); a single object is one point.
//
// Prints one JSON object to standard output:
//   sites:   the latent sites in the order of the unconstrained vector, each
//            with its constrained shape, offset, size and bijection;
//   points:  for each point
//     log_joint      the log joint density at the constrained values
//                    (every sample and factor site, no Jacobian);
//     unconstrained  the unconstrained point, through each site's bijection
//                    (the inverse that --init value:FILE uses);
//     log_density    minus ModelPotential's potential there: the log joint
//                    plus log |det J| of the bijections;
//     gradient       its gradient in unconstrained coordinates;
//     roundtrip      the largest |forward(inverse(value)) - value| over the
//                    sites: zero up to rounding when the bijection maps onto
//                    the value's support.
// Values that are not finite print as null.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ad/ops.h"
#include "ad/tape.h"
#include "core/error.h"
#include "core/random_key.h"
#include "frontend/compile.h"
#include "frontend/lower.h"
#include "handlers/handler.h"
#include "handlers/log_joint.h"
#include "handlers/seed.h"
#include "handlers/substitute.h"
#include "infer/model_potential.h"
#include "io/data_json.h"
#include "io/json_array.h"
#include "runtime/interpreter.h"
#include "runtime/run_program.h"
#include "runtime/model_data.h"

namespace {

using namespace ppl;

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const Eigen::VectorXd& v) {
  nlohmann::json out = nlohmann::json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(number(v[i]));
  return out;
}

// The log joint of one run of the model with every latent site substituted
// by its constrained value: the same handlers a potential uses, without the
// bijections.
double log_joint_at(const ir::Program& program, const runtime::ModelData& data, RandomKey key,
                    const std::map<std::string, Array>& point) {
  ad::Tape tape;
  std::map<std::string, ad::Var> values;
  for (const auto& [name, value] : point) values[name] = tape.constant(value);
  handlers::LogJointHandler joint(tape);
  handlers::SeedHandler seed(key);
  handlers::SubstituteHandler substitute(values);
  try {
    runtime::run_program(program, data, tape, key, {&joint, &seed, &substitute});
  } catch (const runtime::DomainError&) {
    return -std::numeric_limits<double>::infinity();
  }
  return joint.total().item();
}

int run(int argc, char** argv) {
  std::vector<std::string> positional;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--seed" && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 3) {
    std::cerr << "usage: bench_log_density MODEL.ppl DATA.json POINTS.json [--seed N]\n";
    return 2;
  }
  frontend::CompiledProgram compiled = frontend::compile_files(positional[0], std::nullopt);
  if (!compiled.ok()) {
    std::cerr << compiled.rendered_diagnostics();
    return 1;
  }
  ir::Program program = frontend::lower(compiled.program);
  runtime::ModelData data = runtime::ModelData::from(io::load_data_file(positional[1], program.data));

  std::ifstream in(positional[2]);
  if (!in) throw Error(fmt::format("cannot read '{}'", positional[2]));
  nlohmann::json points = nlohmann::json::parse(in);
  if (points.is_object()) points = nlohmann::json::array({points});
  if (!points.is_array()) throw Error("the points must be a JSON array of objects");

  const RandomKey key(seed);
  infer::ModelPotential potential(program, data, key);

  nlohmann::json out;
  out["sites"] = nlohmann::json::array();
  for (const infer::LatentSite& site : potential.layout().sites()) {
    nlohmann::json shape = nlohmann::json::array();
    for (int d = 0; d < site.shape.rank(); ++d) shape.push_back(site.shape[d]);
    out["sites"].push_back({{"name", site.name},
                            {"shape", shape},
                            {"offset", site.offset},
                            {"size", site.size},
                            {"bijection", site.transform->name()}});
  }
  out["points"] = nlohmann::json::array();
  for (const nlohmann::json& p : points) {
    if (!p.is_object()) throw Error("each point must be a JSON object of site values");
    std::map<std::string, Array> point;
    Eigen::VectorXd q(potential.dimension());
    for (const infer::LatentSite& site : potential.layout().sites()) {
      if (!p.contains(site.name))
        throw Error(fmt::format("a point has no value for the latent site '{}'", site.name));
      Array value = io::array_from_json(p.at(site.name), fmt::format("value of '{}'", site.name));
      if (!(value.shape() == site.shape)) {
        if (value.size() != site.shape.numel())
          throw Error(fmt::format("the value of '{}' has shape {}, the site has shape {}",
                                  site.name, value.shape().to_string(), site.shape.to_string()));
        value = Array(site.shape, value.values());
      }
      point[site.name] = value;
    }
    for (const auto& [name, value] : p.items())
      if (!point.count(name))
        throw Error(fmt::format("'{}' is not a latent site of the model", name));
    // Each site unconstrained through the support it has at this point (a
    // support may move with other sites), as --init value:FILE does.
    try {
      q = potential.with_constrained_values(Eigen::VectorXd::Zero(potential.dimension()), point);
    } catch (const Error&) {
      q.setConstant(std::numeric_limits<double>::quiet_NaN());
    }

    nlohmann::json result;
    result["log_joint"] = number(log_joint_at(program, data, key, point));
    result["unconstrained"] = numbers(q);
    Eigen::VectorXd gradient;
    const double energy = q.allFinite() ? potential(q, gradient)
                                        : std::numeric_limits<double>::infinity();
    result["log_density"] = number(-energy);
    result["gradient"] = std::isfinite(energy) ? numbers(-gradient) : nlohmann::json(nullptr);
    double roundtrip = std::numeric_limits<double>::infinity();
    if (q.allFinite()) {
      std::vector<std::vector<double>> back = potential.constrained_values(q);
      roundtrip = 0.0;
      // constrained_values lists the latent sites first, in the same order.
      for (size_t s = 0; s < potential.layout().sites().size(); ++s) {
        const Array& given = point[potential.layout().sites()[s].name];
        for (int64_t i = 0; i < given.size(); ++i)
          roundtrip = std::max(roundtrip, std::abs(back[s][i] - given.data()[i]));
      }
    }
    result["roundtrip"] = number(roundtrip);
    out["points"].push_back(result);
  }
  std::cout << out.dump(1) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "bench_log_density: error: " << e.what() << "\n";
    return 1;
  }
}
