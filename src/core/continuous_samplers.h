#pragma once
// Samplers for continuous distributions. Each sampler checks its parameters
// once, in its constructor (throwing ppl::Error naming the bad argument), and
// then draws any number of values from a RandomStream with operator().
// Parameterizations follow NumPyro (scale and rate as named below).
#include <Eigen/Core>
#include <vector>

#include "core/random_key.h"

namespace ppl {

class UniformSampler {
 public:
  UniformSampler(double low, double high);
  double operator()(RandomStream& stream) const;

 private:
  double low_, width_;
};

class NormalSampler {
 public:
  NormalSampler(double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double loc_, scale_;
};

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

// The samplers below invert the CDF of one uniform.
class CauchySampler {
 public:
  CauchySampler(double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double loc_, scale_;
};

class LaplaceSampler {
 public:
  LaplaceSampler(double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double loc_, scale_;
};

class LogisticSampler {
 public:
  LogisticSampler(double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double loc_, scale_;
};

class GumbelSampler {
 public:
  GumbelSampler(double loc, double scale);
  double operator()(RandomStream& stream) const;

 private:
  double loc_, scale_;
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
