# Reference values for tests/cli/summary_command.sh: R's posterior package
# (Debian's r-cran-posterior, 1.4.0) on the draws of stan_eight_schools_1.csv
# and stan_eight_schools_2.csv, written by Stan itself (rstan 2.21,
# bench/models/eight_schools_noncentered.stan, chains = 2, iter = 400,
# warmup = 200, seed = 11, sample_file: the 200 warmup rows are saved
# first), read with read.csv; the summary is of the 200 draws after warmup.
#   Rscript tests/cli/summary/reference_stan.R > tests/cli/summary/reference_stan.csv
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "summarise_chains.R"))
chains <- lapply(c("stan_eight_schools_1.csv", "stan_eight_schools_2.csv"), function(f) {
  draws <- read.csv(file.path(here, f), comment.char = "#", check.names = FALSE)
  draws[201:400, ]
})
write_summary(chains)
