// Optimizer steps against hand-computed updates, convergence on a quadratic,
// learning-rate schedules and the command-line specification.
#include <doctest/doctest.h>

#include <cmath>

#include "infer/optim/optimizer.h"

using namespace ppl::infer;

namespace {

LearningRateSchedule constant(double lr) {
  LearningRateSchedule s;
  s.initial = lr;
  return s;
}

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(values.size());
  int i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

}  // namespace

TEST_CASE("Adam's first two steps match the bias-corrected update") {
  auto adam = make_adam(constant(0.1));
  Eigen::VectorXd x = vec({1.0, -2.0});
  adam->step(x, vec({4.0, -0.5}));
  // Step 1: m_hat = g and v_hat = g^2, so each coordinate moves by lr * sign(g).
  CHECK(x[0] == doctest::Approx(1.0 - 0.1 * 4.0 / (4.0 + 1e-8)));
  CHECK(x[1] == doctest::Approx(-2.0 + 0.1));
  adam->step(x, vec({2.0, 0.5}));
  // Step 2: m = 0.9 * 0.1 g1 + 0.1 g2, v = 0.999 * 0.001 g1^2 + 0.001 g2^2.
  double m = 0.9 * 0.4 + 0.1 * 2.0, v = 0.999 * 0.001 * 16 + 0.001 * 4;
  double m_hat = m / (1 - 0.81), v_hat = v / (1 - 0.999 * 0.999);
  CHECK(x[0] == doctest::Approx(1.0 - 0.1 - 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8)).epsilon(1e-9));
  CHECK(adam->steps_taken() == 2);
}

TEST_CASE("SGD with momentum, Adagrad and RMSProp take their textbook steps") {
  auto sgd = make_sgd(constant(0.5), 0.9);
  Eigen::VectorXd x = vec({0.0});
  sgd->step(x, vec({1.0}));
  sgd->step(x, vec({2.0}));
  CHECK(x[0] == doctest::Approx(-0.5 * 1.0 - 0.5 * (0.9 * 1.0 + 2.0)));

  auto adagrad = make_adagrad(constant(0.5));
  Eigen::VectorXd y = vec({0.0});
  adagrad->step(y, vec({3.0}));
  adagrad->step(y, vec({4.0}));
  CHECK(y[0] == doctest::Approx(-0.5 - 0.5 * 4.0 / 5.0).epsilon(1e-7));

  auto rmsprop = make_rmsprop(constant(0.01), 0.9);
  Eigen::VectorXd z = vec({0.0});
  rmsprop->step(z, vec({2.0}));
  CHECK(z[0] == doctest::Approx(-0.01 * 2.0 / std::sqrt(0.1 * 4.0)).epsilon(1e-7));
}

TEST_CASE("ClippedAdam clips large gradients elementwise before the update") {
  AdamSettings settings;
  settings.clip_norm = 1.0;
  auto clipped = make_adam(constant(0.1), settings);
  auto plain = make_adam(constant(0.1));
  Eigen::VectorXd a = vec({0.0}), b = vec({0.0});
  clipped->step(a, vec({100.0}));
  clipped->step(a, vec({0.5}));
  plain->step(b, vec({100.0}));
  plain->step(b, vec({0.5}));
  // The clipped optimizer saw gradients 1 and 0.5; the plain one 100 and 0.5.
  CHECK(a[0] != doctest::Approx(b[0]));
  double m = 0.9 * 0.1 + 0.1 * 0.5, v = 0.999 * 0.001 + 0.001 * 0.25;
  CHECK(a[0] == doctest::Approx(-0.1 - 0.1 * (m / 0.19) / std::sqrt(v / (1 - 0.998001))).epsilon(1e-7));
}

TEST_CASE("every optimizer minimizes an ill-conditioned quadratic") {
  Eigen::VectorXd target = vec({3.0, -1.0, 0.5});
  Eigen::VectorXd curvature = vec({1.0, 10.0, 0.2});
  for (const char* spec : {"adam:0.05", "clipped_adam:0.05", "sgd:0.05", "sgd_momentum:0.01",
                           "adagrad:0.5", "rmsprop:0.01,exp:0.5:2000"}) {
    CAPTURE(spec);
    auto optimizer = parse_optimizer(spec);
    Eigen::VectorXd x = Eigen::VectorXd::Zero(3);
    for (int i = 0; i < 5000; ++i) optimizer->step(x, curvature.cwiseProduct(x - target));
    CHECK((x - target).norm() < 1e-2);
  }
}

TEST_CASE("learning-rate schedules") {
  LearningRateSchedule exponential{LearningRateSchedule::Kind::ExponentialDecay, 0.1, 0.5, 100};
  CHECK(exponential.at(0) == doctest::Approx(0.1));
  CHECK(exponential.at(100) == doctest::Approx(0.05));
  CHECK(exponential.at(50) == doctest::Approx(0.1 * std::sqrt(0.5)));
  LearningRateSchedule step{LearningRateSchedule::Kind::Step, 0.1, 0.1, 1000};
  CHECK(step.at(999) == doctest::Approx(0.1));
  CHECK(step.at(1000) == doctest::Approx(0.01));
}

TEST_CASE("optimizer specifications are parsed, and mistakes explained") {
  auto message = [](const std::string& spec) {
    try {
      parse_optimizer(spec);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(message("adamw:0.01") ==
        "unknown optimizer 'adamw'; choose adam, clipped_adam, sgd, sgd_momentum, adagrad or rmsprop");
  CHECK(message("adam") == "optimizer 'adam': expected NAME:LEARNING_RATE, e.g. adam:0.01");
  CHECK(message("adam:fast") == "optimizer 'adam:fast': the learning rate must be a number, got 'fast'");
  CHECK(message("adam:-1") == "optimizer 'adam:-1': the learning rate must be positive");
  CHECK(message("adam:0.1,cosine:1:2") ==
        "optimizer 'adam:0.1,cosine:1:2': the schedule must be exp:RATE:STEPS or step:FACTOR:STEPS");
  CHECK(message("adam:0.01,exp:0.9:100").empty());
}
