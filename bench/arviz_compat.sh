#!/usr/bin/env bash
# ppl's outputs read by the clients people use: the CmdStan CSVs by rstan's
# read_stan_csv, the InferenceData netCDF by xarray (as ArviZ's from_netcdf
# reads each group), each summary compared with `ppl summary --json` of the
# same fit (mean and sd per element, to 1e-9 relative; rstan's ESS is its
# own estimator, so only reported). Eight schools, NUTS, 4 chains.
#   bash bench/arviz_compat.sh
# Installs Debian's r-cran-rstan, r-cran-jsonlite, python3-xarray and
# python3-netcdf4 when missing (as root); the project's own set-up never does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="$root/build/ppl"
source "$here/install_missing.sh"
install_missing r-cran-rstan r-cran-jsonlite python3-xarray python3-netcdf4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$ppl" fit "$root/models/eight_schools_noncentered.ppl" --chains 4 --seed 5 --quiet \
  --out "$work/fit.json" --draws "$work/draws.csv" --inference-data "$work/fit.nc"
"$ppl" summary "$work/fit.json" --json > "$work/summary.json"

echo "== xarray (Debian's python3-xarray) on the InferenceData file"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
import xarray as xr
w = sys.argv[1]
summary = {e["name"]: e for e in json.load(open(f"{w}/summary.json"))["elements"]}
for group in ["posterior", "sample_stats", "log_likelihood", "observed_data", "constant_data"]:
    ds = xr.open_dataset(f"{w}/fit.nc", group=group)
    print(f"{group:15s} dims {dict(ds.dims)} variables {sorted(ds.data_vars)}")
posterior = xr.open_dataset(f"{w}/fit.nc", group="posterior")
worst = 0.0
for name, values in posterior.data_vars.items():
    extra = [d for d in values.dims if d not in ("chain", "draw")]
    flat = values.stack(element=extra) if extra else values.expand_dims(element=[0], axis=-1)
    for k in range(flat.sizes["element"]):
        element = f"{name}[{k}]" if extra else name
        x = flat.isel(element=k).values.ravel()
        mine = summary[element]
        for got, want in ((x.mean(), mine["mean"]), (x.std(ddof=1), mine["sd"])):
            worst = max(worst, abs(got - want) / max(abs(want), 1e-300))
print(f"largest relative difference of mean and sd, xarray vs ppl summary: {worst:.2e}")
assert worst < 1e-9
ll = xr.open_dataset(f"{w}/fit.nc", group="log_likelihood")
print("log_likelihood y:", ll.y.dims, ll.y.shape, "(one value per school per draw)")
PY

echo "== rstan::read_stan_csv on the CSV draws"
Rscript - "$work" <<'R'
suppressMessages({library(rstan); library(jsonlite)})
w <- commandArgs(trailingOnly = TRUE)[1]
fit <- read_stan_csv(Sys.glob(file.path(w, "draws_*.csv")))
s <- summary(fit)$summary
mine <- fromJSON(file.path(w, "summary.json"))$elements
worst <- 0
for (i in seq_len(nrow(mine))) {
  # ppl's theta[0] is Stan's theta[1].
  name <- sub("\\[(\\d+)\\]", "", mine$name[i])
  index <- regmatches(mine$name[i], regexpr("\\d+", mine$name[i]))
  stan <- if (length(index)) sprintf("%s[%d]", name, as.integer(index) + 1) else name
  worst <- max(worst, abs(s[stan, "mean"] - mine$mean[i]) / abs(mine$mean[i]),
               abs(s[stan, "sd"] - mine$sd[i]) / abs(mine$sd[i]))
  if (i <= 3) cat(sprintf("%-12s rstan n_eff %.0f  ppl ess_bulk %.0f\n", stan, s[stan, "n_eff"], mine$ess_bulk[i]))
}
cat(sprintf("largest relative difference of mean and sd, rstan vs ppl summary: %.2e\n", worst))
stopifnot(worst < 1e-6)
R
