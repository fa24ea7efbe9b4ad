# Runs one benchmark model in Stan (rstan 2.21) and prints one JSON line:
#   Rscript bench/run_stan.R MODEL DATA.json SEED CHAINS WARMUP SAMPLES
# Timings come from get_elapsed_time (per chain; the wall figure is the
# slowest chain's warmup + sampling), gradients from the sum of n_leapfrog__.
args <- commandArgs(trailingOnly = TRUE)
model_name <- args[1]; data_path <- args[2]
seed <- as.integer(args[3]); chains <- as.integer(args[4])
warmup <- as.integer(args[5]); samples <- as.integer(args[6])

suppressMessages({ library(jsonlite); library(posterior) })
bench_dir <- dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE)))
source(file.path(bench_dir, "stan_model.R"))

# Keep length-1 arrays as arrays: simplifyVector would turn [3] into 3.
data <- fromJSON(data_path, simplifyVector = TRUE)
if (!is.null(data$X)) data$X <- matrix(unlist(fromJSON(data_path, simplifyVector = FALSE)$X),
                                       nrow = data$N, byrow = TRUE)

model <- cached_stan_model(file.path(bench_dir, "models", paste0(model_name, ".stan")),
                           file.path(bench_dir, ".stan_cache"), model_name)
fit <- sampling(model, data = data, chains = chains, cores = 1, iter = warmup + samples,
                warmup = warmup, seed = seed, refresh = 0)
elapsed <- get_elapsed_time(fit)
wall <- max(rowSums(elapsed))
params <- get_sampler_params(fit, inc_warmup = TRUE)
gradients <- sum(sapply(params, function(p) sum(p[, "n_leapfrog__"])))
divergent <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE),
                        function(p) sum(p[, "divergent__"])))
draws <- as_draws_array(as.array(fit))
draws <- subset_draws(draws, variable = setdiff(variables(draws), "lp__"))
ess <- summarise_draws(draws, "ess_bulk")$ess_bulk
cat(toJSON(list(tool = "stan", model = model_name, seed = seed, wall_seconds = wall,
                min_ess_bulk = min(ess), ess_per_second = min(ess) / wall,
                seconds_per_gradient = sum(elapsed) / gradients,
                gradients = gradients, divergences = divergent), auto_unbox = TRUE, digits = 8), "\n")
