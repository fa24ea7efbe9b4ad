#pragma once
// Samplers for continuous distributions. Each sampler checks its parameters
// once, in its constructor (throwing ppl::Error naming the bad argument), and
// then draws any number of values from a RandomStream with operator().
// Parameterizations follow NumPyro (scale and rate as named below).
#include <Eigen/Core>
#include <vector>

#include "core/random_key.h"
#include "core/sampler_checks.h"

namespace ppl {

class UniformSampler {
 public:
  UniformSampler(double low, double high);
  double operator()(RandomStream& stream) const;

 private:
  double low_, width_;
};

// loc + scale * Z, Z a draw of the family's standard member (loc 0, scale 1):
// `Standard` names the family and draws Z.
template <class Standard>
class LocationScaleSampler {
 public:
  LocationScaleSampler(double loc, double scale) : loc_(loc), scale_(scale) {
    sampler_checks::require_finite(Standard::name, "loc", loc);
    sampler_checks::require_positive(Standard::name, "scale", scale);
  }
  double operator()(RandomStream& stream) const { return loc_ + scale_ * Standard::draw(stream); }

 private:
  double loc_, scale_;
};

// The standard members. All but the normal invert their CDF at one uniform.
struct StandardNormal {
  static constexpr const char* name = "normal";
  static double draw(RandomStream& stream) { return stream.normal(); }
};
struct StandardCauchy {
  static constexpr const char* name = "cauchy";
  static double draw(RandomStream& stream);  // tan(pi (U - 1/2))
};
struct StandardLaplace {
  static constexpr const char* name = "laplace";
  static double draw(RandomStream& stream);  // -sign(c) log(1 - 2|c|), c = U - 1/2
};
struct StandardLogistic {
  static constexpr const char* name = "logistic";
  static double draw(RandomStream& stream);  // log(U / (1 - U))
};
struct StandardGumbel {
  static constexpr const char* name = "gumbel";
  static double draw(RandomStream& stream);  // -log(-log U)
};

using NormalSampler = LocationScaleSampler<StandardNormal>;
using CauchySampler = LocationScaleSampler<StandardCauchy>;
using LaplaceSampler = LocationScaleSampler<StandardLaplace>;
using LogisticSampler = LocationScaleSampler<StandardLogistic>;
using GumbelSampler = LocationScaleSampler<StandardGumbel>;

// By inversion: -log(U) / rate.
class ExponentialSampler {
 public:
  explicit ExponentialSampler(double rate);
  double operator()(RandomStream& stream) const;

 private:
  double rate_;
};

// Gamma(shape, rate), density proportional to x^(shape-1) exp(-rate x).
// Marsaglia and Tsang (2000) for shape >= 1; for shape < 1 the boost
// Gamma(shape) = Gamma(shape + 1) * U^(1/shape), done in log space so that
// tiny shapes do not underflow before the caller can use the logarithm.
class GammaSampler {
 public:
  GammaSampler(double shape, double rate = 1.0);
  double operator()(RandomStream& stream) const;
  // log of a Gamma(shape, rate) draw; finite even where the draw underflows.
  double draw_log(RandomStream& stream) const;

 private:
  // Marsaglia-Tsang draw of Gamma(shape, 1), or of Gamma(shape + 1, 1)
  // when shape < 1.
  double draw_boosted_unit_rate(RandomStream& stream) const;

  double shape_, rate_, log_rate_;
  double tsang_d_, tsang_c_;
};

// Beta(concentration1, concentration0) as X / (X + Y), X ~ Gamma(c1),
// Y ~ Gamma(c0), computed from the logarithms so small concentrations give
// draws near 0 and 1 instead of 0/0.
class BetaSampler {
 public:
  BetaSampler(double concentration1, double concentration0);
  double operator()(RandomStream& stream) const;

 private:
  GammaSampler gamma1_, gamma0_;
};

// Normalized independent Gamma(concentration_k) draws (a softmax of their
// logarithms, for the same reason as Beta).
class DirichletSampler {
 public:
  explicit DirichletSampler(const Eigen::ArrayXd& concentration);
  Eigen::ArrayXd operator()(RandomStream& stream) const;

 private:
  std::vector<GammaSampler> gammas_;
};

// loc + scale * Z / sqrt(V / df), V ~ chi-square(df) = Gamma(df/2, rate 1/2).
class StudentTSampler {
 public:
  StudentTSampler(double df, double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double df_, loc_, scale_;
  GammaSampler chi_square_;
};

// Von Mises(loc, concentration) on [-pi, pi), by the rejection method of Best
// and Fisher (1979). The constants and the angle are computed in forms free
// of cancellation (1 - f rather than f), so concentrations from 1e-300 to
// 1e300 draw correctly; concentration 0 is the uniform distribution.
class VonMisesSampler {
 public:
  VonMisesSampler(double loc, double concentration);
  double operator()(RandomStream& stream) const;

 private:
  double loc_;
  double concentration_;
  double r_minus_one_;  // Best-Fisher's r = (1 + rho^2) / (2 rho), less 1
  bool uniform_;        // concentration too small to tell from uniform
};

}  // namespace ppl
