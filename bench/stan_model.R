# Sourced by the bench R scripts: a Stan program compiled at -O3 once and
# kept in bench/.stan_cache (recompiled when the program is newer).
suppressMessages(library(rstan))
rstan_options(boost_lib = "/usr/include", auto_write = TRUE)

cached_stan_model <- function(source_file, cache_dir, name) {
  dir.create(cache_dir, showWarnings = FALSE)
  makevars <- file.path(cache_dir, "Makevars")
  writeLines("CXXFLAGS += -O3\nCXX14FLAGS += -O3", makevars)
  Sys.setenv(R_MAKEVARS_USER = makevars)
  rds <- file.path(cache_dir, paste0(name, ".rds"))
  if (file.exists(rds) && file.mtime(rds) > file.mtime(source_file)) return(readRDS(rds))
  model <- stan_model(source_file, model_name = name)
  saveRDS(model, rds)
  model
}
