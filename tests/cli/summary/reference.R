# Reference values for tests/cli/summary_command.sh: R's posterior package
# (Debian's r-cran-posterior, 1.4.0) on the draws of eight_schools_1.csv and
# eight_schools_2.csv (written by ppl fit models/eight_schools_noncentered.ppl
# --chains 2 --warmup 200 --samples 200 --draws), read with read.csv.
#   Rscript tests/cli/summary/reference.R > tests/cli/summary/reference.csv
suppressMessages(library(posterior))
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
chains <- lapply(c("eight_schools_1.csv", "eight_schools_2.csv"),
                 function(f) read.csv(file.path(here, f), comment.char = "#", check.names = FALSE))
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
