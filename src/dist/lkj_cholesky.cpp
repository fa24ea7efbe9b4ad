#include "dist/lkj_cholesky.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <vector>

#include "ad/ops.h"
#include "core/array_math.h"
#include "core/samplers.h"
#include "dist/count_helpers.h"

namespace ppl::dist {

namespace {

constexpr double kLogTwo = 0.69314718055994530942;


// The onion method for one Cholesky factor, row-major into `out` (D * D).
class OnionSampler {
 public:
  OnionSampler(int64_t d, double eta) : d_(d) {
    // The first off-diagonal: 2 Beta(b, b) - 1, b = eta + (D - 2) / 2; row k
    // (0-based, k >= 2): a squared norm y ~ Beta(k / 2, b - (k - 1) / 2).
    const double b = eta + 0.5 * static_cast<double>(d - 2);
    first_ = std::make_shared<BetaSampler>(b, b);
    for (int64_t k = 2; k < d; ++k) rows_.emplace_back(0.5 * static_cast<double>(k), b - 0.5 * static_cast<double>(k - 1));
  }

  void operator()(RandomStream& stream, double* out) const {
    for (int64_t i = 0; i < d_ * d_; ++i) out[i] = 0.0;
    out[0] = 1.0;
    const double r = 2.0 * (*first_)(stream) - 1.0;
    out[d_] = r;
    out[d_ + 1] = std::sqrt(std::max(0.0, 1.0 - r * r));
    for (int64_t k = 2; k < d_; ++k) {
      const double y = rows_[k - 2](stream);
      // A direction uniform on the sphere in R^k, scaled to norm sqrt(y).
      double norm = 0.0;
      for (int64_t j = 0; j < k; ++j) {
        out[k * d_ + j] = stream.normal();
        norm += out[k * d_ + j] * out[k * d_ + j];
      }
      const double scale = std::sqrt(y / norm);
      for (int64_t j = 0; j < k; ++j) out[k * d_ + j] *= scale;
      out[k * d_ + k] = std::sqrt(std::max(0.0, 1.0 - y));
    }
  }

 private:
  int64_t d_;
  std::shared_ptr<BetaSampler> first_;
  std::vector<BetaSampler> rows_;
};

}  // namespace

ad::Var lkj_log_normalizer(int64_t d, const ad::Var& eta) {
  ad::Var total = eta.tape().constant(Array::zeros(eta.shape()));
  for (int64_t k = 1; k < d; ++k) {
    const double m = static_cast<double>(d - k);
    ad::Var b = eta + 0.5 * static_cast<double>(d - k - 1);
    ad::Var log_beta = 2.0 * ad::lgamma(b) - ad::lgamma(2.0 * b);  // log B(b, b)
    total = total + m * kLogTwo * (2.0 * eta + (m - 2.0)) + m * log_beta;
  }
  return total;
}

LKJCholesky::LKJCholesky(int64_t dimension, ad::Var concentration)
    : Distribution(concentration.shape(), Shape{dimension, dimension}),
      dimension_(dimension),
      concentration_(concentration) {
  if (dimension < 2)
    throw ArgumentError(fmt::format("LKJCholesky: dimension must be an integer of at least 2, got {}", dimension));
  check_argument("LKJCholesky", "concentration", concentration, domain::positive_finite, "positive");
}

ad::Var LKJCholesky::log_prob(ad::Var value) const {
  check_event_shape(*this, value);
  const int64_t d = dimension_;
  ad::Tape& t = tape();
  const Shape& vs = value.shape();
  Shape flat_shape(std::span<const int64_t>(vs.dims().data(), vs.rank() - 2));
  flat_shape.push_back(d * d);
  std::vector<int64_t> diagonal;
  Eigen::ArrayXd exponents(d - 1);  // D - i - 2 for 1-based rows i = 2..D, plus 2 eta below
  for (int64_t k = 1; k < d; ++k) {
    diagonal.push_back(k * d + k);
    exponents[k - 1] = static_cast<double>(d - k - 3);
  }
  ad::Var log_diagonal = ad::log(ad::take(ad::reshape(value, flat_shape), diagonal, -1));  // [..., D - 1]
  Shape eta_shape = concentration_.shape();
  eta_shape.push_back(1);
  ad::Var powers = t.constant(Array(Shape{d - 1}, exponents)) + 2.0 * ad::reshape(concentration_, eta_shape);
  ad::Var lp = ad::sum(powers * log_diagonal, -1) - lkj_log_normalizer(d, concentration_);
  Shape out = broadcast_shapes(Shape(std::span<const int64_t>(vs.dims().data(), vs.rank() - 2)), batch_shape_);
  return broadcast_var(lp, out);
}

ad::Var LKJCholesky::sample(RandomKey key, const Shape& shape) const {
  detail::check_sample_shape(*this, shape);
  const int64_t d = dimension_;
  const Eigen::ArrayXd eta = detail::batch_values(concentration_, batch_shape_);
  std::vector<OnionSampler> samplers;
  for (int64_t b = 0; b < batch_shape_.numel(); ++b) samplers.emplace_back(d, eta[b]);
  const std::vector<int64_t> positions = detail::batch_positions(shape, 2, batch_shape_);
  RandomStream stream(key);
  Eigen::ArrayXd out(shape.numel());
  for (size_t j = 0; j < positions.size(); ++j) samplers[positions[j]](stream, out.data() + j * d * d);
  return tape().constant(Array(shape, std::move(out)));
}

}  // namespace ppl::dist
