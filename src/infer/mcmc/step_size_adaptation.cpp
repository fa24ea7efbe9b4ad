#include "infer/mcmc/step_size_adaptation.h"

#include <algorithm>
#include <cmath>

namespace ppl::infer {

DualAveraging::DualAveraging(double target_accept, double gamma, double t0, double kappa)
    : target_(target_accept), gamma_(gamma), t0_(t0), kappa_(kappa) {}

void DualAveraging::restart(double step) {
  mu_ = std::log(10 * step);
  s_bar_ = 0;
  x_bar_ = 0;
  counter_ = 0;
}

double DualAveraging::update(double accept_stat) {
  counter_ += 1;
  accept_stat = std::min(1.0, accept_stat);
  double eta = 1.0 / (counter_ + t0_);
  s_bar_ = (1.0 - eta) * s_bar_ + eta * (target_ - accept_stat);
  double x = mu_ - s_bar_ * std::sqrt(counter_) / gamma_;
  double weight = std::pow(counter_, -kappa_);
  x_bar_ = (1.0 - weight) * x_bar_ + weight * x;
  return std::exp(x);
}

double DualAveraging::final_step() const { return std::exp(x_bar_); }

}  // namespace ppl::infer
