# R's posterior package (Debian's r-cran-posterior, 1.4.0) on chains read
# from CmdStan CSV files: summarise_draws of every column but the sampler's,
# written as CSV with 15 digits. Sourced by reference.R and reference_stan.R.
suppressMessages(library(posterior))
write_summary <- function(chains) {
  sampler <- c("accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__")
  variables <- setdiff(names(chains[[1]]), sampler)
  values <- array(NA_real_, dim = c(nrow(chains[[1]]), length(chains), length(variables)),
                  dimnames = list(NULL, NULL, variables))
  for (c in seq_along(chains)) values[, c, ] <- as.matrix(chains[[c]][, variables])
  s <- summarise_draws(as_draws_array(values), "mean", "mcse_mean", "sd",
                       ~quantile(.x, probs = c(0.05, 0.5, 0.95)), "ess_bulk", "ess_tail", "rhat")
  s <- as.data.frame(lapply(s, function(column) if (is.numeric(column)) as.numeric(column) else column))
  names(s)[5:7] <- c("5%", "50%", "95%")
  write.csv(format(s, digits = 15), stdout(), row.names = FALSE)
}
