#pragma once
// First-order optimizers over one flat vector of unconstrained parameters,
// with learning-rate schedules. Each optimizer keeps its own state and takes
// one step from a gradient of the loss (which it minimizes).
#include <Eigen/Dense>
#include <memory>
#include <string>

namespace ppl::infer {

// The learning rate at step t (0-based).
struct LearningRateSchedule {
  enum class Kind { Constant, ExponentialDecay, Step };
  Kind kind = Kind::Constant;
  double initial = 1e-3;
  double decay_rate = 1.0;   // exponential: rate ^ (t / decay_steps); step: factor per drop
  double decay_steps = 1.0;  // exponential: the time scale; step: steps between drops

  double at(long step) const;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // params -= update(gradient); `step` counts from 0.
  virtual void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient) = 0;
  long steps_taken() const { return t_; }

 protected:
  explicit Optimizer(LearningRateSchedule schedule) : schedule_(schedule) {}
  double learning_rate() const { return schedule_.at(t_); }
  LearningRateSchedule schedule_;
  long t_ = 0;
};

struct AdamSettings {
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  double clip_norm = 0;  // ClippedAdam: clip each gradient element to [-clip, clip]; 0: no clipping
};

std::unique_ptr<Optimizer> make_adam(LearningRateSchedule schedule, AdamSettings settings = {});
std::unique_ptr<Optimizer> make_sgd(LearningRateSchedule schedule, double momentum = 0);
std::unique_ptr<Optimizer> make_adagrad(LearningRateSchedule schedule, double epsilon = 1e-8);
std::unique_ptr<Optimizer> make_rmsprop(LearningRateSchedule schedule, double decay = 0.9,
                                        double epsilon = 1e-8);

// "adam:0.01", "clipped_adam:0.01", "sgd:0.1", "sgd_momentum:0.1", "adagrad:0.5",
// "rmsprop:0.01", optionally followed by ",exp:RATE:STEPS" or ",step:FACTOR:STEPS"
// for a schedule. Throws std::invalid_argument naming what was not understood.
std::unique_ptr<Optimizer> parse_optimizer(const std::string& spec);

}  // namespace ppl::infer
