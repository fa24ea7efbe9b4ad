// GARCH(1, 1) as bench/posteriordb/garch-garch11.ppl writes it: flat priors,
// beta1 in (0, 1 - alpha1), the volatility recursion step by step.
data {
  int<lower=0> T;
  real y[T];
  real<lower=0> sigma1;
}
parameters {
  real mu;
  real<lower=0> alpha0;
  real<lower=0, upper=1> alpha1;
  real<lower=0, upper=(1 - alpha1)> beta1;
}
model {
  real s = sigma1;
  y[1] ~ normal(mu, sigma1);
  for (t in 2:T) {
    s = sqrt(alpha0 + alpha1 * square(y[t - 1] - mu) + beta1 * square(s));
    y[t] ~ normal(mu, s);
  }
}
