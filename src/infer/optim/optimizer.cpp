#include "infer/optim/optimizer.h"

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ppl::infer {

double LearningRateSchedule::at(long step) const {
  switch (kind) {
    case Kind::Constant: return initial;
    case Kind::ExponentialDecay:
      return initial * std::pow(decay_rate, static_cast<double>(step) / decay_steps);
    case Kind::Step:
      return initial * std::pow(decay_rate, std::floor(static_cast<double>(step) / decay_steps));
  }
  return initial;
}

namespace {

// Adam (Kingma and Ba 2015) with bias correction; ClippedAdam clips gradients first.
class Adam : public Optimizer {
 public:
  Adam(LearningRateSchedule schedule, AdamSettings settings)
      : Optimizer(schedule), settings_(settings) {}
  void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient) override {
    if (m_.size() != params.size()) {
      m_ = Eigen::VectorXd::Zero(params.size());
      v_ = Eigen::VectorXd::Zero(params.size());
    }
    Eigen::VectorXd g = gradient;
    if (settings_.clip_norm > 0) g = g.cwiseMax(-settings_.clip_norm).cwiseMin(settings_.clip_norm);
    double lr = learning_rate();
    ++t_;
    m_ = settings_.beta1 * m_ + (1 - settings_.beta1) * g;
    v_ = settings_.beta2 * v_ + (1 - settings_.beta2) * g.cwiseProduct(g);
    double correction1 = 1 - std::pow(settings_.beta1, static_cast<double>(t_));
    double correction2 = 1 - std::pow(settings_.beta2, static_cast<double>(t_));
    params.array() -= lr * (m_.array() / correction1) /
                      ((v_.array() / correction2).sqrt() + settings_.epsilon);
  }

 private:
  AdamSettings settings_;
  Eigen::VectorXd m_, v_;
};

class Sgd : public Optimizer {
 public:
  Sgd(LearningRateSchedule schedule, double momentum) : Optimizer(schedule), momentum_(momentum) {}
  void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient) override {
    double lr = learning_rate();
    ++t_;
    if (momentum_ == 0) {
      params -= lr * gradient;
      return;
    }
    if (velocity_.size() != params.size()) velocity_ = Eigen::VectorXd::Zero(params.size());
    velocity_ = momentum_ * velocity_ + gradient;
    params -= lr * velocity_;
  }

 private:
  double momentum_;
  Eigen::VectorXd velocity_;
};

class Adagrad : public Optimizer {
 public:
  Adagrad(LearningRateSchedule schedule, double epsilon) : Optimizer(schedule), epsilon_(epsilon) {}
  void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient) override {
    if (sum_squares_.size() != params.size()) sum_squares_ = Eigen::VectorXd::Zero(params.size());
    double lr = learning_rate();
    ++t_;
    sum_squares_ += gradient.cwiseProduct(gradient);
    params.array() -= lr * gradient.array() / (sum_squares_.array().sqrt() + epsilon_);
  }

 private:
  double epsilon_;
  Eigen::VectorXd sum_squares_;
};

class RmsProp : public Optimizer {
 public:
  RmsProp(LearningRateSchedule schedule, double decay, double epsilon)
      : Optimizer(schedule), decay_(decay), epsilon_(epsilon) {}
  void step(Eigen::VectorXd& params, const Eigen::VectorXd& gradient) override {
    if (mean_square_.size() != params.size()) mean_square_ = Eigen::VectorXd::Zero(params.size());
    double lr = learning_rate();
    ++t_;
    mean_square_ = decay_ * mean_square_ + (1 - decay_) * gradient.cwiseProduct(gradient);
    params.array() -= lr * gradient.array() / (mean_square_.array().sqrt() + epsilon_);
  }

 private:
  double decay_, epsilon_;
  Eigen::VectorXd mean_square_;
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

double parse_number(const std::string& text, const std::string& what, const std::string& spec) {
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("optimizer '" + spec + "': " + what + " must be a number, got '" +
                              text + "'");
}

}  // namespace

std::unique_ptr<Optimizer> make_adam(LearningRateSchedule schedule, AdamSettings settings) {
  return std::make_unique<Adam>(schedule, settings);
}
std::unique_ptr<Optimizer> make_sgd(LearningRateSchedule schedule, double momentum) {
  return std::make_unique<Sgd>(schedule, momentum);
}
std::unique_ptr<Optimizer> make_adagrad(LearningRateSchedule schedule, double epsilon) {
  return std::make_unique<Adagrad>(schedule, epsilon);
}
std::unique_ptr<Optimizer> make_rmsprop(LearningRateSchedule schedule, double decay,
                                        double epsilon) {
  return std::make_unique<RmsProp>(schedule, decay, epsilon);
}

std::unique_ptr<Optimizer> parse_optimizer(const std::string& spec) {
  std::vector<std::string> parts = split(spec, ',');
  if (parts.empty()) throw std::invalid_argument("empty optimizer specification");
  std::vector<std::string> head = split(parts[0], ':');
  if (head.size() != 2)
    throw std::invalid_argument("optimizer '" + spec + "': expected NAME:LEARNING_RATE, e.g. adam:0.01");
  LearningRateSchedule schedule;
  schedule.initial = parse_number(head[1], "the learning rate", spec);
  if (schedule.initial <= 0)
    throw std::invalid_argument("optimizer '" + spec + "': the learning rate must be positive");
  if (parts.size() > 2) throw std::invalid_argument("optimizer '" + spec + "': at most one schedule");
  if (parts.size() == 2) {
    std::vector<std::string> s = split(parts[1], ':');
    if (s.size() != 3 || (s[0] != "exp" && s[0] != "step"))
      throw std::invalid_argument("optimizer '" + spec +
                                  "': the schedule must be exp:RATE:STEPS or step:FACTOR:STEPS");
    schedule.kind = s[0] == "exp" ? LearningRateSchedule::Kind::ExponentialDecay
                                  : LearningRateSchedule::Kind::Step;
    schedule.decay_rate = parse_number(s[1], "the decay rate", spec);
    schedule.decay_steps = parse_number(s[2], "the decay steps", spec);
    if (schedule.decay_rate <= 0 || schedule.decay_steps <= 0)
      throw std::invalid_argument("optimizer '" + spec + "': decay rate and steps must be positive");
  }
  const std::string& name = head[0];
  if (name == "adam") return make_adam(schedule);
  if (name == "clipped_adam") {
    AdamSettings settings;
    settings.clip_norm = 10.0;
    return make_adam(schedule, settings);
  }
  if (name == "sgd") return make_sgd(schedule);
  if (name == "sgd_momentum") return make_sgd(schedule, 0.9);
  if (name == "adagrad") return make_adagrad(schedule);
  if (name == "rmsprop") return make_rmsprop(schedule);
  throw std::invalid_argument("unknown optimizer '" + name +
                              "'; choose adam, clipped_adam, sgd, sgd_momentum, adagrad or rmsprop");
}

}  // namespace ppl::infer
