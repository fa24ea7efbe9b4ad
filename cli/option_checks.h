#pragma once
// Checks of numeric options, run on the text before conversion, with
// messages that give the accepted range (CLI11 puts the option's name in
// front: "--chains: must be at least 1, not 0"). NaN, negative seeds and counts past a sane maximum are
// refused rather than wrapped or left to fail later.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace ppl::cli {

// An integer in [minimum, maximum].
inline CLI::Validator integer_in(long long minimum, long long maximum) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE)
          return "must be an integer, not '" + text + "'";
        if (value < minimum)
          return (minimum == 0 ? std::string("must not be negative")
                               : "must be at least " + std::to_string(minimum)) +
                 ", not " + text;
        if (value > maximum) return "must be at most " + std::to_string(maximum) + ", not " + text;
        return "";
      },
      "INT in [" + std::to_string(minimum) + ", " + std::to_string(maximum) + "]");
}

// A seed: any integer from 0 to 2^64 - 1.
inline CLI::Validator seed_value() {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        if (!text.empty() && text[0] == '-') return "must not be negative, not " + text;
        errno = 0;
        char* end = nullptr;
        std::strtoull(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || errno == ERANGE)
          return "must be an integer from 0 to 18446744073709551615, not '" + text + "'";
        return "";
      },
      "UINT");
}

// A finite real number with lower <= x (or lower < x) and x < upper (or x <= upper).
inline CLI::Validator real_in(double lower, bool lower_open, double upper,
                              bool upper_open) {
  auto bound = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  };
  std::string range;
  if (std::isinf(upper))
    range = lower_open ? "greater than " + bound(lower) : "at least " + bound(lower);
  else
    range = std::string("in ") + (lower_open ? "(" : "[") + bound(lower) + ", " + bound(upper) +
            (upper_open ? ")" : "]");
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !std::isfinite(value))
          return "must be a finite number " + range + ", not '" + text + "'";
        const bool above = lower_open ? value > lower : value >= lower;
        const bool below = upper_open ? value < upper : value <= upper;
        if (!above || !below) return "must be " + range + ", not " + text;
        return "";
      },
      "NUMBER " + range);
}

constexpr long long kMaxChains = 1024;
constexpr long long kMaxThreads = 1024;
// Large enough for any run, small enough that sums of iterations stay in an int.
constexpr long long kMaxIterations = 1000000000;

}  // namespace ppl::cli
