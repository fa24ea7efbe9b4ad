#pragma once
// Where HMC chains and autoguides start: NumPyro's init_to_* strategies, in
// the unconstrained space of a model's latent sites.
//   uniform[:R]   uniform in (-R, R) unconstrained (R = 2 by default)
//   median        per-coordinate median of 15 prior draws
//   mean          the prior mean where the distribution has one, else median
//   sample        one prior draw
//   feasible      zero in unconstrained space
//   value:FILE    constrained values from a JSON object {"site": value};
//                 sites it does not name start uniform
// A start whose log density is not finite is retried with fresh draws; after
// 100 tries the error names the sites whose log density is not finite.
#include <Eigen/Dense>
#include <map>
#include <string>

#include "core/array.h"
#include "core/random_key.h"
#include "infer/model_potential.h"

namespace ppl::infer {

struct InitStrategy {
  enum class Kind { Uniform, Median, Mean, Sample, Feasible, Value };
  Kind kind = Kind::Uniform;
  double radius = 2.0;
  std::map<std::string, Array> values;  // Value: constrained, by site
  std::string to_string() const;
};

// Parses the forms above; throws ppl::Error naming what is wrong.
InitStrategy parse_init_strategy(const std::string& spec);

Eigen::VectorXd initial_point(ModelPotential& potential, const InitStrategy& strategy,
                              RandomKey key);

}  // namespace ppl::infer
