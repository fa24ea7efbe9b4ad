# Bulk ESS per 1000 gradients of the sampling phase, one JSON line, by the
# same estimator (posterior's ess_bulk) for Stan and for ppl:
#   Rscript bench/ess_per_gradient.R stan MODEL.stan DATA.json SEED CHAINS WARMUP SAMPLES
#   Rscript bench/ess_per_gradient.R csv SEED FILE.csv...   (ppl's --draws, CmdStan's layout)
# min_ess is the smallest bulk ESS over the parameters (lp__ and the
# sampler's columns left out); gradients are the sampling phase's leapfrog
# steps over all chains.
args <- commandArgs(trailingOnly = TRUE)
suppressMessages({ library(jsonlite); library(posterior) })

report <- function(tool, seed, draws, leapfrogs, step_sizes) {
  draws <- subset_draws(draws, variable = setdiff(variables(draws), "lp__"))
  ess <- summarise_draws(draws, "ess_bulk")$ess_bulk
  cat(toJSON(list(tool = tool, seed = seed, min_ess = min(ess), gradients = leapfrogs,
                  ess_per_1000_gradients = 1000 * min(ess) / leapfrogs,
                  mean_step_size = mean(step_sizes)), auto_unbox = TRUE, digits = 8), "\n")
}

if (args[1] == "stan") {
  bench_dir <- dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE)))
  source(file.path(bench_dir, "stan_model.R"))
  source_file <- args[2]; seed <- as.integer(args[4])
  chains <- as.integer(args[5]); warmup <- as.integer(args[6]); samples <- as.integer(args[7])
  model <- cached_stan_model(source_file, file.path(bench_dir, ".stan_cache"),
                             tools::file_path_sans_ext(basename(source_file)))
  data <- fromJSON(args[3], simplifyVector = TRUE)
  fit <- sampling(model, data = data, chains = chains, cores = 1, iter = warmup + samples,
                  warmup = warmup, seed = seed, refresh = 0)
  params <- get_sampler_params(fit, inc_warmup = FALSE)
  report("stan", seed, as_draws_array(as.array(fit)),
         sum(sapply(params, function(p) sum(p[, "n_leapfrog__"]))),
         sapply(params, function(p) p[1, "stepsize__"]))
} else {
  seed <- as.integer(args[2])
  chains <- lapply(args[-(1:2)], function(f) read.csv(f, comment.char = "#", check.names = FALSE))
  columns <- setdiff(names(chains[[1]]), grep("__$", names(chains[[1]]), value = TRUE))
  array <- simplify2array(lapply(chains, function(c) as.matrix(c[, columns, drop = FALSE])))
  draws <- as_draws_array(aperm(array, c(1, 3, 2)))
  report("ppl", seed, draws, sum(sapply(chains, function(c) sum(c$n_leapfrog__))),
         sapply(chains, function(c) c$stepsize__[1]))
}
