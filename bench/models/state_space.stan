data {
  int<lower=1> T;
  vector[T] y;
}
parameters {
  real<lower=-1, upper=1> phi;
  real<lower=0> q;
  real<lower=0> r;
  real x0;
  vector[T] x;
}
model {
  phi ~ uniform(-1, 1);
  q ~ normal(0, 1);
  r ~ normal(0, 1);
  x0 ~ normal(0, q);
  x[1] ~ normal(phi * x0, q);
  x[2:T] ~ normal(phi * x[1:(T - 1)], q);
  y ~ normal(x, r);
}
