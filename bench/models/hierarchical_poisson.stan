data {
  int<lower=1> N;
  int<lower=1> G;
  int<lower=0> group[N];
  vector[N] x;
  int<lower=0> y[N];
}
parameters {
  real mu;
  real b;
  real<lower=0> sigma;
  vector[G] a_raw;
}
model {
  mu ~ normal(0, 2);
  b ~ normal(0, 1);
  sigma ~ normal(0, 1);
  a_raw ~ normal(0, 1);
  {
    int g1[N];
    for (n in 1:N) g1[n] = group[n] + 1;
    y ~ poisson_log(mu + sigma * a_raw[g1] + b * x);
  }
}
