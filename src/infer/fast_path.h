#pragma once
// A faster way to compute what the interpreter computes (a replayed tape,
// scans scored in one pass, particles or predictive draws vectorized on a
// dim of their own) is used only once it has reproduced the plain way, and
// every such check holds it to one standard: values that agree to 1e-9 and
// gradients to 1e-7, relative to the plain way's magnitude. A fast path that
// disagrees once is dropped for good; the plain way's result is what the
// caller returns while the decision is open.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace ppl::infer {

// |fast - plain| <= 1e-9 (1 + |plain|); NaN never agrees.
inline bool same_value(double fast, double plain) {
  return std::abs(fast - plain) <= 1e-9 * (1.0 + std::abs(plain));
}

// max |fast - plain| <= 1e-7 (1 + max |plain|), with the sizes equal.
inline bool same_gradient(const Eigen::VectorXd& fast, const Eigen::VectorXd& plain) {
  if (fast.size() != plain.size()) return false;
  if (plain.size() == 0) return true;
  return (fast - plain).cwiseAbs().maxCoeff() <= 1e-7 * (1.0 + plain.cwiseAbs().maxCoeff());
}

// Whether to take a fast path: undecided until `checks_needed` checks have
// agreed (then on) or one has not (then off).
class FastPathDecision {
 public:
  explicit FastPathDecision(int checks_needed = 1) : checks_needed_(checks_needed) {}
  bool on() const { return state_ == State::On; }
  bool off() const { return state_ == State::Off; }
  bool undecided() const { return state_ == State::Undecided; }
  void record(bool agreed) {
    if (!undecided()) return;
    if (!agreed) state_ = State::Off;
    else if (++agreements_ == checks_needed_) state_ = State::On;
  }
  // Off without a check: the fast path does not apply.
  void rule_out() { state_ = State::Off; }

 private:
  enum class State { Undecided, On, Off };
  State state_ = State::Undecided;
  int checks_needed_;
  int agreements_ = 0;
};

}  // namespace ppl::infer
