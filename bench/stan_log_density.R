# Compares one posterior's log density in ppl and in Stan (rstan 2.21) at
# the same constrained points; called by bench/stan_log_density.sh:
#   Rscript bench/stan_log_density.R NAME STAN_FILE DATA.json MODEL.ppl EVALUATOR WORK_DIR [SEED]
# STAN_FILE must be in the syntax rstan 2.21 reads (the shell script rewrites
# newer programs into WORK_DIR first). Prints one line:
#   NAME  LOG_JOINT_DEV  LOG_DENSITY_DEV  GRADIENT_DEV  PASS|FAIL  [note]
# where each deviation is the largest, over the points, of
#   |(ppl_i - stan_i) - (ppl_0 - stan_0)| / max(1, |stan_i|)
# with 0 the point where |stan| is smallest (Stan drops the constants of `~`
# statements, so the two agree up to one additive constant per model), and the gradient's is
#   max_i max_k |grad_ppl_ik - grad_stan_ik| / max(1, max_k |grad_stan_ik|).
# The log density with Jacobian and its gradient are compared only where
# both tools map the constrained point to the same unconstrained point (the
# same bijection); otherwise the columns read "different-bijection".
# Details per point go to WORK_DIR/NAME.details.json.
args <- commandArgs(trailingOnly = TRUE)
name <- args[1]; stan_file <- args[2]; data_path <- args[3]
ppl_model <- args[4]; evaluator <- args[5]; work_dir <- args[6]
seed <- if (length(args) >= 7) as.integer(args[7]) else 20240601L
tolerance <- 1e-8
draws_points <- 5    # points from a short Stan run (the typical set)
uniform_points <- 5  # points uniform in (-2, 2) in Stan's unconstrained space

suppressMessages({ library(rstan); library(jsonlite) })
rstan_options(boost_lib = "/usr/include", auto_write = TRUE)
makevars <- file.path(work_dir, "Makevars")
if (!file.exists(makevars)) writeLines("CXXFLAGS += -O3\nCXX14FLAGS += -O3", makevars)
Sys.setenv(R_MAKEVARS_USER = makevars)

# A JSON value read with simplifyVector = FALSE as an R value: numbers stay
# numbers, nested arrays (row-major) become R arrays of the same shape, and
# length-1 arrays stay arrays.
from_json_value <- function(x) {
  if (!is.list(x)) return(x)
  dims <- integer(0); y <- x
  while (is.list(y)) {
    dims <- c(dims, length(y))
    if (length(y) == 0) break
    y <- y[[1]]
  }
  flat <- unlist(x)
  if (length(dims) == 1) return(array(flat, dim = dims))
  aperm(array(flat, dim = rev(dims)), rev(seq_along(dims)))
}
read_json_values <- function(path) lapply(fromJSON(path, simplifyVector = FALSE), from_json_value)

# A value with the dims Stan declares (par_dims), from R's column-major layout.
with_dims <- function(x, d) if (length(d) == 0) as.numeric(x)[1] else array(as.numeric(x), dim = d)

# Runs the ppl evaluator; its JSON output, parsed.
evaluate_ppl <- function(points_path) {
  out <- file.path(work_dir, paste0(name, ".ppl.json"))
  status <- system2(evaluator, c(shQuote(ppl_model), shQuote(data_path), shQuote(points_path)),
                    stdout = out, stderr = file.path(work_dir, paste0(name, ".ppl.err")))
  if (status != 0) {
    message(paste(readLines(file.path(work_dir, paste0(name, ".ppl.err"))), collapse = "\n"))
    stop("bench_log_density failed on ", name)
  }
  fromJSON(out, simplifyVector = FALSE)
}

as_number <- function(x) if (is.null(x)) NA_real_ else as.numeric(x)
as_numbers <- function(x) if (is.null(x)) NA_real_ else vapply(x, as_number, 0)

data <- read_json_values(data_path)
model <- stan_model(stan_file, model_name = gsub("[^A-Za-z0-9_]", "_", name))
fit <- suppressWarnings(sampling(model, data = data, chains = 1, iter = 200, warmup = 150,
                                 seed = seed, refresh = 0, show_messages = FALSE))
# Stan's parameters are the ppl model's latent sites, under the same names;
# get_inits lists them in declaration order (then transformed parameters).
empty_path <- file.path(work_dir, paste0(name, ".empty.json"))
writeLines("[]", empty_path)
sites <- evaluate_ppl(empty_path)$sites
site_names <- vapply(sites, function(s) s$name, "")
pars <- intersect(names(get_inits(fit)[[1]]), site_names)
if (length(pars) != length(site_names))
  stop(name, ": latent sites of the .ppl model that Stan does not have: ",
       paste(setdiff(site_names, pars), collapse = ", "))
dims <- fit@par_dims[pars]

# The points: some posterior draws, some uniform in unconstrained space.
set.seed(seed)
draws <- extract(fit, pars = pars, permuted = TRUE)
n_draws <- dim(draws[[1]])[1]
points <- list()
for (i in round(seq(1, n_draws, length.out = draws_points))) {
  points[[length(points) + 1]] <- setNames(lapply(pars, function(p) {
    a <- draws[[p]]
    with_dims(matrix(a, nrow = n_draws)[i, ], dims[[p]])
  }), pars)
}
for (k in seq_len(uniform_points)) {
  constrained <- constrain_pars(fit, runif(get_num_upars(fit), -2, 2))
  points[[length(points) + 1]] <- setNames(lapply(pars, function(p) with_dims(constrained[[p]], dims[[p]])), pars)
}
# Both tools read the points back from the same JSON text.
points_path <- file.path(work_dir, paste0(name, ".points.json"))
writeLines(toJSON(points, auto_unbox = TRUE, digits = NA), points_path)
points <- lapply(fromJSON(points_path, simplifyVector = FALSE), function(p) {
  setNames(lapply(pars, function(q) with_dims(from_json_value(p[[q]]), dims[[q]])), pars)
})

ppl <- evaluate_ppl(points_path)
# ppl's unconstrained coordinates, put in Stan's order (parameters in
# declaration order, each with as many coordinates as ppl gives it).
ppl_order <- unlist(lapply(pars, function(p) {
  s <- sites[[which(site_names == p)]]
  if (s$size == 0) integer(0) else s$offset + seq_len(s$size)
}))
same_dimension <- length(ppl_order) == get_num_upars(fit)

rows <- lapply(seq_along(points), function(i) {
  u <- unconstrain_pars(fit, points[[i]])
  g <- grad_log_prob(fit, u, adjust_transform = TRUE)
  r <- ppl$points[[i]]
  q <- as_numbers(r$unconstrained)[ppl_order]
  list(stan_log_joint = log_prob(fit, u, adjust_transform = FALSE),
       ppl_log_joint = as_number(r$log_joint),
       stan_log_density = attr(g, "log_prob"),
       ppl_log_density = as_number(r$log_density),
       stan_gradient = as.numeric(g),
       ppl_gradient = as_numbers(r$gradient)[ppl_order],
       stan_unconstrained = as.numeric(u),
       ppl_unconstrained = q,
       ppl_roundtrip = as_number(r$roundtrip))
})

# Largest deviation from agreement up to one constant; Inf where exactly one
# of the two is not finite at a point.
constant_deviation <- function(a, b) {
  finite <- is.finite(a) & is.finite(b)
  if (any(is.finite(a) != is.finite(b))) return(Inf)
  if (!any(finite)) return(NA_real_)
  d <- a[finite] - b[finite]
  # The constant from the point of smallest magnitude, where rounding hides least of it.
  constant <- d[which.min(abs(b[finite]))]
  max(abs(d - constant) / pmax(1, abs(b[finite])))
}
field <- function(f) vapply(rows, function(r) as.numeric(r[[f]])[1], 0)
log_joint_dev <- constant_deviation(field("ppl_log_joint"), field("stan_log_joint"))

same_bijection <- same_dimension && all(vapply(rows, function(r) {
  length(r$ppl_unconstrained) == length(r$stan_unconstrained) &&
    all(is.finite(r$ppl_unconstrained)) &&
    max(c(0, abs(r$ppl_unconstrained - r$stan_unconstrained) /
               pmax(1, abs(r$stan_unconstrained)))) <= tolerance
}, TRUE))
roundtrip <- max(field("ppl_roundtrip"))
note <- ""
if (!is.finite(roundtrip) || roundtrip > tolerance)
  note <- sprintf("ppl's bijection misses the points (forward(inverse(x)) - x up to %.3g)", roundtrip)

if (same_bijection) {
  log_density_dev <- constant_deviation(field("ppl_log_density"), field("stan_log_density"))
  gradient_dev <- max(vapply(rows, function(r) {
    if (any(!is.finite(r$ppl_gradient)) || any(!is.finite(r$stan_gradient))) return(Inf)
    max(abs(r$ppl_gradient - r$stan_gradient)) / max(1, abs(r$stan_gradient))
  }, 0))
  pass <- is.finite(log_joint_dev) && log_joint_dev <= tolerance &&
          is.finite(log_density_dev) && log_density_dev <= tolerance && gradient_dev <= tolerance
  columns <- c(sprintf("%.2e", log_density_dev), sprintf("%.2e", gradient_dev))
} else {
  pass <- is.finite(log_joint_dev) && log_joint_dev <= tolerance
  columns <- c("different-bijection", "different-bijection")
}
if (note != "") pass <- FALSE

writeLines(toJSON(list(name = name, parameters = pars, ppl_sites = sites, points = rows,
                       log_joint_deviation = log_joint_dev, same_bijection = same_bijection),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(work_dir, paste0(name, ".details.json")))
cat(sprintf("%-52s %10s %20s %20s  %s%s\n", name, sprintf("%.2e", log_joint_dev), columns[1],
            columns[2], if (pass) "PASS" else "FAIL", if (note != "") paste0("  ", note) else ""))
