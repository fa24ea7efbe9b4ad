// Special and trigonometric functions: values against mpmath at 30 digits
// (mpmath 1.3.0: erf, erfc, ncdf, log(ncdf), sqrt(2) erfinv(2p - 1),
// log(1 - exp), tan, asin, acos, atan, sinh, cosh, asinh, atanh, atan2,
// log(exp + exp)), and gradients against finite differences.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "gradient_check.h"

using namespace ppl;
using namespace ppl::ad;
using ppl::ad::testing::check_gradient;
using ppl::ad::testing::random_array;

namespace {

// f at one point, through the tape.
double at(Var (*f)(Var), double x) {
  Tape tape;
  return f(tape.constant(x)).value().values()[0];
}
double at(Var (*f)(Var, Var), double x, double y) {
  Tape tape;
  return f(tape.constant(x), tape.constant(y)).value().values()[0];
}

const Array kAny = random_array(Shape{2, 3}, -2.0, 2.0, 11);
const Array kOther = random_array(Shape{2, 3}, -2.0, 2.0, 12);
const Array kOpenUnit = random_array(Shape{2, 3}, 0.02, 0.98, 13);
const Array kInsideOne = random_array(Shape{2, 3}, -0.9, 0.9, 14);
const Array kNegative = random_array(Shape{2, 3}, -4.0, -0.05, 15);

}  // namespace

TEST_CASE("special functions take mpmath's values, tails included") {
  CHECK(at(erf, 0.5) == doctest::Approx(0.52049987781304654).epsilon(1e-15));
  CHECK(at(erf, -2.0) == doctest::Approx(-0.99532226501895273).epsilon(1e-15));
  CHECK(at(erfc, 0.5) == doctest::Approx(0.47950012218695346).epsilon(1e-15));
  CHECK(at(erfc, 5.0) == doctest::Approx(1.5374597944280349e-12).epsilon(1e-14));
  CHECK(at(ndtr, 1.96) == doctest::Approx(0.97500210485177957).epsilon(1e-15));
  CHECK(at(ndtr, -10.0) == doctest::Approx(7.6198530241605261e-24).epsilon(1e-13));
  CHECK(at(log_ndtr, -30.0) == doctest::Approx(-454.3212439563432).epsilon(1e-14));
  CHECK(at(log_ndtr, -3.0) == doctest::Approx(-6.6077262215103495).epsilon(1e-14));
  CHECK(at(log_ndtr, 5.0) == doctest::Approx(-2.8665161296376359e-7).epsilon(1e-12));
  CHECK(at(ndtri, 0.025) == doctest::Approx(-1.9599639845400542).epsilon(1e-14));
  CHECK(at(ndtri, 1e-10) == doctest::Approx(-6.3613409024040562).epsilon(1e-14));
  CHECK(at(ndtri, 0.9) == doctest::Approx(1.2815515655446005).epsilon(1e-14));
  CHECK(at(ndtri, 0.0) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(at(ndtri, 1.5)));
  CHECK(at(log1mexp, -1e-3) == doctest::Approx(-6.9082552373154707).epsilon(1e-14));
  CHECK(at(log1mexp, -5.0) == doctest::Approx(-0.0067607494494885578).epsilon(1e-14));
}

TEST_CASE("trigonometric and hyperbolic functions take mpmath's values") {
  CHECK(at(tan, 0.7) == doctest::Approx(0.84228838046307945).epsilon(1e-15));
  CHECK(at(arcsin, 0.3) == doctest::Approx(0.30469265401539751).epsilon(1e-15));
  CHECK(at(arccos, 0.3) == doctest::Approx(1.2661036727794991).epsilon(1e-15));
  CHECK(at(arctan, 2.0) == doctest::Approx(1.1071487177940905).epsilon(1e-15));
  CHECK(at(sinh, 1.5) == doctest::Approx(2.1292794550948175).epsilon(1e-15));
  CHECK(at(cosh, 1.5) == doctest::Approx(2.3524096152432473).epsilon(1e-15));
  CHECK(at(arcsinh, 2.0) == doctest::Approx(1.4436354751788103).epsilon(1e-15));
  CHECK(at(arctanh, 0.5) == doctest::Approx(0.54930614433405485).epsilon(1e-15));
  CHECK(at(arctan2, 1.0, -1.0) == doctest::Approx(2.3561944901923449).epsilon(1e-15));
  CHECK(at(arctan2, -2.0, -3.0) == doctest::Approx(-2.5535900500422257).epsilon(1e-15));
}

TEST_CASE("logaddexp is exact where exp overflows, and NumPy's at infinities") {
  CHECK(at(logaddexp, 1000.0, 999.0) == doctest::Approx(1000.3132616875182).epsilon(1e-15));
  CHECK(at(logaddexp, -3.0, 2.0) == doctest::Approx(2.0067153484891181).epsilon(1e-15));
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(at(logaddexp, -inf, -inf) == -inf);
  CHECK(at(logaddexp, inf, inf) == inf);
  CHECK(at(logaddexp, -inf, 1.5) == 1.5);
}

TEST_CASE("special function gradients match finite differences") {
  check_gradient([](auto v) { return erf(v[0]); }, {kAny});
  check_gradient([](auto v) { return erfc(v[0]); }, {kAny});
  check_gradient([](auto v) { return ndtr(v[0]); }, {kAny});
  check_gradient([](auto v) { return log_ndtr(v[0]); }, {kAny});
  check_gradient([](auto v) { return log_ndtr(v[0] * 10.0); }, {kNegative});
  check_gradient([](auto v) { return ndtri(v[0]); }, {kOpenUnit});
  check_gradient([](auto v) { return log1mexp(v[0]); }, {kNegative});
  check_gradient([](auto v) { return tan(v[0] * 0.5); }, {kAny});
  check_gradient([](auto v) { return arcsin(v[0]); }, {kInsideOne});
  check_gradient([](auto v) { return arccos(v[0]); }, {kInsideOne});
  check_gradient([](auto v) { return arctan(v[0]); }, {kAny});
  check_gradient([](auto v) { return sinh(v[0]); }, {kAny});
  check_gradient([](auto v) { return cosh(v[0]); }, {kAny});
  check_gradient([](auto v) { return arcsinh(v[0]); }, {kAny});
  check_gradient([](auto v) { return arctanh(v[0]); }, {kInsideOne});
  check_gradient([](auto v) { return arctan2(v[0], v[1]); }, {kAny, kOther});
  check_gradient([](auto v) { return logaddexp(v[0], v[1]); }, {kAny, kOther});
  // broadcasting: [2, 3] with [3]
  check_gradient([](auto v) { return logaddexp(v[0], v[1]); },
                 {kAny, random_array(Shape{3}, -1.0, 1.0, 16)});
}

// mpmath quadrature of Owen's integral at 30 digits.
TEST_CASE("Owen's T takes mpmath's values, and its gradients in h and a match finite differences") {
  CHECK(at(owens_t, 0.5, 2.0) == doctest::Approx(0.14158060365397839).epsilon(1e-14));
  CHECK(at(owens_t, -1.2, 0.3) == doctest::Approx(0.022111387523263369).epsilon(1e-14));
  check_gradient([](auto v) { return owens_t(v[0], v[1]); }, {kAny, kOther});
  check_gradient([](auto v) { return owens_t(v[0], v[1]); },
                 {kAny, random_array(Shape{}, -1.0, 1.0, 13)});
}
