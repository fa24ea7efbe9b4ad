#pragma once
// Step size tuning by Nesterov dual averaging of log(step) toward a target
// mean acceptance statistic (Hoffman and Gelman 2014, with Stan's defaults).
namespace ppl::infer {

class DualAveraging {
 public:
  explicit DualAveraging(double target_accept = 0.8, double gamma = 0.05, double t0 = 10,
                         double kappa = 0.75);

  // Restarts the averaging, shrinking toward log(10 * step).
  void restart(double step);
  // Learns from one transition's acceptance statistic; returns the next step.
  double update(double accept_stat);
  // The averaged step, used once warmup ends.
  double final_step() const;

 private:
  double target_, gamma_, t0_, kappa_;
  double mu_ = 0, s_bar_ = 0, x_bar_ = 0;
  double counter_ = 0;
};

}  // namespace ppl::infer
