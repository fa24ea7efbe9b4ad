#include "dist/distribution.h"

#include <fmt/format.h>

#include <cmath>

#include "ad/ops.h"

namespace ppl::dist {

ad::Var Distribution::log_prob_sum(ad::Var value) const { return ad::sum(log_prob(value)); }

namespace {
[[noreturn]] void no_cdf(const Distribution& d, const char* method) {
  const char* why =
      d.event_shape().rank() > 0 ? "it is not univariate" : "ppl does not have its CDF yet";
  throw ArgumentError(fmt::format("{} has no {}: {}", d.name(), method, why));
}
}  // namespace

ad::Var Distribution::cdf(ad::Var) const { no_cdf(*this, "cdf"); }
ad::Var Distribution::log_cdf(ad::Var value) const { return ad::log(cdf(value)); }
ad::Var Distribution::log_survival(ad::Var value) const { return ad::log1p(-cdf(value)); }
ad::Var Distribution::icdf(ad::Var) const { no_cdf(*this, "icdf"); }
ad::Var Distribution::inverse_survival(ad::Var s) const { return icdf(1.0 - s); }

Shape full_shape(const Distribution& d, const Shape& sample_shape) {
  Shape shape = sample_shape;
  for (int64_t n : d.batch_shape()) shape.push_back(n);
  for (int64_t n : d.event_shape()) shape.push_back(n);
  return shape;
}

ad::Var broadcast_var(ad::Var a, const Shape& shape) {
  if (a.shape() == shape) return a;
  return a + a.tape().constant(Array::zeros(shape));
}

void check_event_shape(const Distribution& d, const ad::Var& value) {
  const Shape& event = d.event_shape();
  const Shape& shape = value.shape();
  bool ok = shape.rank() >= event.rank();
  for (int i = 0; ok && i < event.rank(); ++i)
    ok = shape[shape.rank() - event.rank() + i] == event[i];
  if (!ok)
    throw ArgumentError(fmt::format("{}: a value of shape {} does not end with the event shape {}",
                                    d.name(), shape.to_string(), event.to_string()));
}

void check_argument(std::string_view distribution, std::string_view argument, const Array& value,
                    const Array& ok, std::string_view what) {
  for (int64_t i = 0; i < ok.size(); ++i) {
    if (ok.values()[i] != 0) continue;
    double bad = value.size() == ok.size() ? value.values()[i] : value.values()[0];
    std::string where = value.size() > 1 ? fmt::format(" at element {}", i) : std::string();
    throw ArgumentError(
        fmt::format("{}: {} must be {}, got {}{}", distribution, argument, what, bad, where));
  }
}

}  // namespace ppl::dist
