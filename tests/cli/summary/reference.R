# Reference values for tests/cli/summary_command.sh: R's posterior package
# (Debian's r-cran-posterior, 1.4.0) on the draws of eight_schools_1.csv and
# eight_schools_2.csv (written by ppl fit models/eight_schools_noncentered.ppl
# --chains 2 --warmup 200 --samples 200 --draws), read with read.csv.
#   Rscript tests/cli/summary/reference.R > tests/cli/summary/reference.csv
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "summarise_chains.R"))
chains <- lapply(c("eight_schools_1.csv", "eight_schools_2.csv"),
                 function(f) read.csv(file.path(here, f), comment.char = "#", check.names = FALSE))
write_summary(chains)
