# Reference values for tests/cli/summary_command.sh: R's posterior package
# (Debian's r-cran-posterior, 1.4.0) on the draws of stan_eight_schools_1.csv
# and stan_eight_schools_2.csv, written by Stan itself (rstan 2.21,
# bench/models/eight_schools_noncentered.stan, chains = 2, iter = 400,
# warmup = 200, seed = 11, sample_file: the 200 warmup rows are saved
# first), read with read.csv; the summary is of the 200 draws after warmup.
#   Rscript tests/cli/summary/reference_stan.R > tests/cli/summary/reference_stan.csv
suppressMessages(library(posterior))
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
chains <- lapply(c("stan_eight_schools_1.csv", "stan_eight_schools_2.csv"), function(f) {
  draws <- read.csv(file.path(here, f), comment.char = "#", check.names = FALSE)
  draws[201:400, ]
})
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
