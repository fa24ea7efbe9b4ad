# Reference values for tests/infer/test_convergence.cpp, from the R package
# `posterior` (Debian's r-cran-posterior). Run: Rscript tests/infer/generate_diagnostics_reference.R
# The draws are deterministic formulas that the C++ test computes the same way.
suppressMessages(library(posterior))
options(digits = 17)

noise <- function(i, c) {
  v <- sin(i * 12.9898 + c * 78.233) * 43758.5453
  v - floor(v) - 0.5
}

# Four chains of 200 draws of an AR(1) process driven by `noise`, with
# chain-specific offsets (so R-hat is above 1) and a heavy right tail.
ar1_chains <- function(n, chains, rho, offset) {
  x <- matrix(0, n, chains)
  for (c in 1:chains) {
    v <- 0
    for (i in 1:n) {
      v <- rho * v + noise(i, c)
      x[i, c] <- v + offset * (c - 1) + exp(noise(i + 1000, c) * 3)
    }
  }
  x
}

report <- function(name, x) {
  cat(sprintf("%s: rhat %.17g ess_bulk %.17g ess_tail %.17g ess_mean %.17g mcse_mean %.17g q5 %.17g\n",
              name, rhat(x), ess_bulk(x), ess_tail(x), ess_mean(x), mcse_mean(x),
              quantile(c(x), 0.05)))
}

report("mixing", ar1_chains(200, 4, 0.5, 0.0))
report("sticky", ar1_chains(200, 4, 0.95, 0.0))
report("offset", ar1_chains(201, 4, 0.3, 0.5))
cat(sprintf("R %s, posterior %s\n", R.version.string, packageVersion("posterior")))
