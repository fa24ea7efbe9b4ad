#pragma once
// Elementwise arithmetic and functions on arrays, with NumPy broadcasting.
// When both shapes agree, or one side has a single element, each operation is
// one Eigen expression over the contiguous values.
#include "core/array.h"

namespace ppl {

Array operator+(const Array& a, const Array& b);
Array operator-(const Array& a, const Array& b);
Array operator*(const Array& a, const Array& b);
Array operator/(const Array& a, const Array& b);
Array operator+(const Array& a, double b);
Array operator-(const Array& a, double b);
Array operator*(const Array& a, double b);
Array operator/(const Array& a, double b);
Array operator+(double a, const Array& b);
Array operator-(double a, const Array& b);
Array operator*(double a, const Array& b);
Array operator/(double a, const Array& b);
Array operator-(const Array& a);
Array pow(const Array& base, const Array& exponent);
Array pow(const Array& base, double exponent);

Array exp(const Array& a);
Array log(const Array& a);
Array log1p(const Array& a);
Array expm1(const Array& a);
Array sqrt(const Array& a);
Array abs(const Array& a);
Array square(const Array& a);
Array tanh(const Array& a);
Array sigmoid(const Array& a);
Array softplus(const Array& a);     // log(1 + exp(a)), stable
Array log_sigmoid(const Array& a);  // -softplus(-a), stable
Array relu(const Array& a);
Array lgamma(const Array& a);
Array digamma(const Array& a);
Array trigamma(const Array& a);

// Comparisons give 0/1 masks.
Array less(const Array& a, const Array& b);
Array less_equal(const Array& a, const Array& b);
Array greater(const Array& a, const Array& b);
Array greater_equal(const Array& a, const Array& b);
Array equal(const Array& a, const Array& b);
Array not_equal(const Array& a, const Array& b);

// a where mask is nonzero, else b; all three broadcast together.
Array where(const Array& mask, const Array& a, const Array& b);

}  // namespace ppl
