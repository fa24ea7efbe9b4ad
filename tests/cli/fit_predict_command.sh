#!/usr/bin/env bash
# End-to-end tests of `ppl fit` and `ppl predict` on eight schools: NUTS
# recovers the known posterior means without divergences, the draws do not
# depend on the number of threads, predictions are reproducible from their
# seed, and bad inputs fail with a message that names the problem.
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/counters.sh"
model="$models/eight_schools_noncentered.ppl"
data="$models/eight_schools.data.json"
check() {  # check DESCRIPTION COMMAND...: passes when the command succeeds
  local description="$1"
  shift
  if "$@"; then pass; else fail "$description"; fi
}

# ---- fit: the same seed on 1 and on 4 threads ----------------------------------
for threads in 1 4; do
  if ! "$ppl" fit "$model" --data "$data" --chains 4 --warmup 1000 --samples 1000 \
      --target-accept 0.9 --seed 11 --threads "$threads" --quiet \
      --out "$work/fit_$threads.json" --draws "$work/draws_$threads.csv" 2>"$work/fit_$threads.err"; then
    fail "ppl fit --threads $threads exited non-zero: $(cat "$work/fit_$threads.err")"
  fi
done

# Posterior means of eight schools (non-centered; Stan's reference fit):
# mu about 4.4 and tau about 3.6; each within 0.3, several Monte Carlo
# standard errors of 4000 draws.
check "no divergences, every R-hat below 1.01, mu and tau at the reference means" \
  python3 - "$work/fit_4.json" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))
problems = []
divergences = sum(chain["divergences"] for chain in fit["sampler"])
if len(fit["sampler"]) != 4 or divergences != 0:
    problems.append(f"{len(fit['sampler'])} chains, {divergences} divergences")
for name, site in fit["summary"].items():
    for element in site["elements"]:
        if not element["r_hat"] < 1.01:
            problems.append(f"r_hat of {name}{element['index']} is {element['r_hat']}")
mu = fit["summary"]["mu"]["elements"][0]["mean"]
tau = fit["summary"]["tau"]["elements"][0]["mean"]
if abs(mu - 4.4) > 0.3:
    problems.append(f"mean of mu {mu}")
if abs(tau - 3.6) > 0.3:
    problems.append(f"mean of tau {tau}")
print("\n".join(problems), file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# The CSV files differ only in their elapsed-time comment lines.
same_draws_csv() {
  [ -s "$1" ] && [ -s "$2" ] && cmp -s <(grep -v 'seconds (' "$1") <(grep -v 'seconds (' "$2")
}
for chain in 1 2 3 4; do
  check "draws_$chain.csv identical on 1 and 4 threads" \
    same_draws_csv "$work/draws_1_$chain.csv" "$work/draws_4_$chain.csv"
done
check "FIT.json draws identical on 1 and 4 threads" \
  python3 -c 'import json, sys; a, b = (json.load(open(p))["draws"] for p in sys.argv[1:]); sys.exit(a != b)' \
  "$work/fit_1.json" "$work/fit_4.json"

# A short fit warns of a low bulk ESS: the total over the four chains and the
# same per chain, against the per-chain threshold of 100.
"$ppl" fit "$model" --data "$data" --chains 4 --warmup 60 --samples 40 --seed 3 --quiet \
  --out "$work/short.json" 2>"$work/short.err"
check "the low-ESS warning gives the total and the per-chain ESS" python3 - "$work/short.json" "$work/short.err" <<'PY'
import json, re, sys
fit = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read()
lowest = min(e["ess_bulk"] for s in fit["summary"].values() for e in s["elements"])
m = re.search(r"warning: bulk ESS down to (\d+) \((\d+) per chain\), under 100 per chain", err)
assert lowest < 400 and m, (lowest, err)
total, per_chain = int(m[1]), int(m[2])
assert abs(total - lowest) <= 0.5 and abs(per_chain - lowest / 4) <= 0.5 and per_chain < 100, (lowest, m[0])
PY

# A data value so large that the sampler's step size collapses is named as
# such: every draw sits where the chain started.
python3 - "$work/huge_x.json" <<'PY'
import json, random, sys
random.seed(2)
n, d = 50, 20
x = [[random.gauss(0, 1) for _ in range(d)] for _ in range(n)]
x[3][2] = 1e308  # finite logits up to 1.8e308: a gradient of that size
json.dump({"N": n, "K": d, "X": x, "y": [int(random.random() < 0.5) for _ in range(n)]},
          open(sys.argv[1], "w"))
PY
"$ppl" fit "$models/logistic_regression.ppl" --data "$work/huge_x.json" --chains 2 \
  --warmup 100 --samples 50 --seed 1 --quiet --out "$work/huge_x_fit.json" 2>"$work/huge_x.err"
check "a collapsed step size is a warning naming the chain" \
  grep -qE "warning: chain [12]'s step size is [0-9.e+-]+, so its draws barely move" "$work/huge_x.err"

# A scale that the sampler may make negative: the warning names the first
# such point by file, line and column, once.
cat > "$work/negative_scale.ppl" <<'PPL'
data { N: int  y: real[N] }
model {
  mu ~ Normal(0, 10)
  s ~ Normal(0, 1)
  y ~ Normal(mu, s)
}
PPL
# Nearly equal observations pull s towards 0, so trajectories cross it often
# (on every seed tried, 3 to 50 times), whatever the rounding of the machine.
echo '{"N": 3, "y": [2.0, 2.01, 1.99]}' > "$work/negative_scale.json"
"$ppl" fit "$work/negative_scale.ppl" --data "$work/negative_scale.json" --chains 2 \
  --warmup 300 --samples 300 --seed 2 --quiet --out "$work/negative_scale_fit.json" \
  2>"$work/negative_scale.err"
check "an undefined point is named by its place in the model" \
  grep -qF "points the sampler reached after warmup (first at $work/negative_scale.ppl:5:7: Normal: scale must be positive, got -" "$work/negative_scale.err"

# Without warmup nothing is adapted: said once, and the divergence warning
# does not advise --target-accept, which only warmup reads.
"$ppl" fit "$model" --data "$data" --chains 2 --warmup 0 --samples 200 --seed 4 --quiet \
  --out "$work/no_warmup.json" 2>"$work/no_warmup.err"
check "--warmup 0 is a warning that nothing was adapted" \
  grep -qF "warning: --warmup 0: the step size (the first guess at each chain's starting point) and the metric were not adapted" "$work/no_warmup.err"
check "--warmup 0: no advice to raise --target-accept" \
  bash -c '! grep -q "raise --target-accept" "$1"' _ "$work/no_warmup.err"

# ---- predict ------------------------------------------------------------------------
# Without y in the data, y is sampled.
echo '{"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}' > "$work/no_y.json"
for run in first second; do
  "$ppl" predict "$model" --data "$work/no_y.json" --num-samples 50 --seed 5 --out "$work/prior_$run.json"
done
"$ppl" predict "$model" --data "$work/no_y.json" --num-samples 50 --seed 6 --out "$work/prior_other.json"
check "predict: the same seed gives the same file" cmp -s "$work/prior_first.json" "$work/prior_second.json"
check "predict: another seed gives another file" \
  python3 -c 'import json, sys; a, b = (json.load(open(p))["draws"] for p in sys.argv[1:]); sys.exit(a == b)' \
  "$work/prior_first.json" "$work/prior_other.json"

check "predict --posterior: one y of shape [8] per posterior draw" \
  "$ppl" predict "$model" --data "$work/no_y.json" --posterior "$work/fit_4.json" --num-samples 200 \
  --seed 7 --out "$work/posterior_predictive.json"
check "predict --posterior: y has shape [8] and 200 draws" \
  python3 - "$work/posterior_predictive.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
y = out["draws"]["y"]
ok = y["shape"] == [8] and len(y["values"][0]) == 200 and all(len(d) == 8 for d in y["values"][0])
sys.exit(0 if ok else 1)
PY

# With y in the data, y is observed: its draws repeat the data, and a note says so.
"$ppl" predict "$model" --data "$data" --posterior "$work/fit_4.json" --num-samples 20 --seed 7 \
  --out "$work/observed_y.json" 2>"$work/observed_y.err"
check "predict: an optional observation given in the data is named as observed, not predicted" \
  grep -qF "note: 'y' is in the data, so it is observed and its draws repeat the data; leave it out of the data to draw it from the posterior predictive" "$work/observed_y.err"

# Which posterior draws: every draw in order by default; --num-samples N
# chooses among all four chains by --seed, without replacement; more than the
# posterior holds samples with replacement and warns.
"$ppl" predict "$model" --data "$work/no_y.json" --posterior "$work/fit_4.json" --sites mu,tau \
  --out "$work/every_draw.json"
for run in 7:first 7:second 8:other; do
  "$ppl" predict "$model" --data "$work/no_y.json" --posterior "$work/fit_4.json" --sites mu,tau \
    --num-samples 1000 --seed "${run%%:*}" --out "$work/chosen_${run#*:}.json"
done
"$ppl" predict "$model" --data "$work/no_y.json" --posterior "$work/fit_4.json" --sites mu,tau \
  --num-samples 5000 --seed 7 --out "$work/replaced.json" 2>"$work/replaced.err"
check "predict --posterior: 'the posterior has 4000 draws; drawing 5000 with replacement' on stderr" \
  grep -qF "warning: the posterior has 4000 draws; drawing 5000 with replacement" "$work/replaced.err"
check "predict without y in the data: no such note" bash -c '! grep -q "is in the data" "$1"' _ "$work/replaced.err"
check "predict --posterior: default, chosen and replaced draws" python3 - "$work" <<'PY'
import collections, json, sys
w = sys.argv[1]
fit = json.load(open(f"{w}/fit_4.json"))["draws"]
flat = lambda site: [d for chain in site["values"] for d in chain]  # chain after chain
pairs = list(zip(flat(fit["mu"]), flat(fit["tau"])))  # 4 chains of 1000, in order
assert len(pairs) == 4000
def predicted(name):
    d = json.load(open(f"{w}/{name}"))["draws"]
    return list(zip(flat(d["mu"]), flat(d["tau"])))
problems = []
if predicted("every_draw.json") != pairs:
    problems.append("without --num-samples: not every posterior draw in order")
first = {}
for i, p in enumerate(pairs):
    first.setdefault(p, i)
available = collections.Counter(pairs)
chosen = predicted("chosen_first.json")
if len(chosen) != 1000:
    problems.append(f"{len(chosen)} draws for --num-samples 1000")
taken = collections.Counter(chosen)
if any(p not in first or taken[p] > available[p] for p in taken):
    problems.append("--num-samples 1000: a draw not in the posterior, or one taken twice")
# Each chain holds a quarter of the draws: 250 expected per chain, sd about
# 12 without replacement; 190..310 is five sd.
per_chain = collections.Counter(first[p] // 1000 for p in chosen if p in first)
if any(not 190 <= per_chain[c] <= 310 for c in range(4)):
    problems.append(f"draws per chain {dict(per_chain)}, expected about 250 each")
if predicted("chosen_second.json") != chosen:
    problems.append("the same seed chose other draws")
if predicted("chosen_other.json") == chosen:
    problems.append("another seed chose the same draws")
replaced = predicted("replaced.json")
if len(replaced) != 5000 or any(p not in first for p in replaced):
    problems.append(f"--num-samples 5000: {len(replaced)} draws, or one not in the posterior")
# With replacement some draws come more often than the posterior holds them
# (about 2100 of the 5000 repeat one), and every chain gives about 1250 (sd 31).
taken = collections.Counter(replaced)
if sum(max(0, taken[p] - available[p]) for p in taken) < 500:
    problems.append("--num-samples 5000: fewer repeats than drawing with replacement gives")
per_chain = collections.Counter(first[p] // 1000 for p in replaced if p in first)
if any(not 1100 <= per_chain[c] <= 1400 for c in range(4)):
    problems.append(f"--num-samples 5000: draws per chain {dict(per_chain)}, expected about 1250 each")
print("\n".join(problems), file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# ---- bad inputs -----------------------------------------------------------------------
# expect_failure DESCRIPTION EXPECTED_TEXT COMMAND...: non-zero exit, and the text in stderr.
expect_failure() {
  local description="$1" expected="$2"
  shift 2
  local stderr
  if stderr=$("$@" 2>&1 >/dev/null); then
    fail "$description: exit code 0"
  elif ! printf '%s\n' "$stderr" | grep -qF -- "$expected"; then
    fail "$description: expected '$expected' in: $stderr"
  else
    pass
  fi
}

echo '{"J": 8, "y": [28, 8, -3, 7, -1, 1, 18, 12]}' > "$work/no_sigma.json"
expect_failure "data without sigma" \
  "data entry 'sigma': missing; it is declared as real[J = 8]" \
  "$ppl" fit "$model" --data "$work/no_sigma.json" --quiet
echo '{"J": 8, "y": [28, 8, -3, 7, -1, 1, 18, 12], "sigma": [15, 10, 16]}' > "$work/short_sigma.json"
expect_failure "sigma of the wrong shape" \
  "data entry 'sigma': declared as real[J = 8], but the data has shape [3]" \
  "$ppl" fit "$model" --data "$work/short_sigma.json" --quiet
expect_failure "predict with sigma of the wrong shape" \
  "data entry 'sigma': declared as real[J = 8], but the data has shape [3]" \
  "$ppl" predict "$model" --data "$work/short_sigma.json"
expect_failure "a model file that does not exist" "does_not_exist.ppl: error: cannot read the file" \
  "$ppl" fit "$work/does_not_exist.ppl" --data "$data" --quiet

# A runtime error inside the program is located like a compile error.
printf 'data { N: int }\nmodel {\n  s ~ HalfNormal(1)\n  plate i in N {\n    z ~ Normal(0, s - 5)\n  }\n}\n' > "$work/negative_scale.ppl"
echo '{"N": 3}' > "$work/three.json"
expect_failure "a negative scale at run time" \
  "$work/negative_scale.ppl:5:9: error: Normal: scale must be positive, got -" \
  "$ppl" predict "$work/negative_scale.ppl" --data "$work/three.json" --num-samples 3
stderr=$("$ppl" predict "$work/negative_scale.ppl" --data "$work/three.json" --num-samples 3 2>&1 >/dev/null)
if printf '%s\n' "$stderr" | sed -n 2p | grep -qF 'z ~ Normal(0, s - 5)' &&
   printf '%s\n' "$stderr" | sed -n 3p | grep -q '\^'; then pass; else fail "runtime error without its source line and caret: $stderr"; fi

# Without --data, the data file beside the model is found and named.
"$ppl" fit "$models/eight_schools_noncentered.ppl" --chains 1 --warmup 200 --samples 200 \
  --quiet --out "$work/default_data.json" 2>"$work/default_data.err" && pass || fail "fit without --data"
grep -q "note: data from .*eight_schools.data.json" "$work/default_data.err" && pass || fail "the default data file is named"
python3 -c "
import json; f = json.load(open('$work/default_data.json')); assert f['data'].endswith('eight_schools.data.json'), f['data']" \
  && pass || fail "FIT.json names the data file read"

# InferenceData (netCDF-4, an HDF5 file): fit, SVI fit and predict write
# one; its content is checked in tests/io and tests/runtime, and by
# bench/arviz_compat.sh with xarray.
is_netcdf4() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '211HDF' ]; }
"$ppl" fit "$model" --chains 2 --warmup 200 --samples 200 --quiet --out "$work/id_fit.json" \
  --inference-data "$work/id_fit.nc" 2>/dev/null && is_netcdf4 "$work/id_fit.nc" && pass || fail "fit --inference-data"
"$ppl" fit "$model" --guide auto_normal --steps 200 --num-samples 50 --quiet --out "$work/id_svi.json" \
  --inference-data "$work/id_svi.nc" 2>/dev/null && is_netcdf4 "$work/id_svi.nc" && pass || fail "SVI fit --inference-data"
echo '{"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}' > "$work/no_y.json"
"$ppl" predict "$model" --data "$work/no_y.json" --posterior "$work/id_fit.json" --num-samples 20 \
  --out "$work/id_pred.json" --inference-data "$work/id_pred.nc" 2>/dev/null && is_netcdf4 "$work/id_pred.nc" \
  && pass || fail "predict --inference-data"
expect_failure "--inference-data onto the model file" "writing there would destroy it" \
  "$ppl" fit "$model" --chains 1 --warmup 10 --samples 10 --quiet --inference-data "$model"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import xarray, netCDF4" 2>/dev/null; then
  /usr/bin/python3 - "$work" <<'PY' && pass || fail "xarray reads the InferenceData files"
import sys, xarray as xr
w = sys.argv[1]
groups = {g: xr.open_dataset(f"{w}/id_fit.nc", group=g) for g in
          ["posterior", "sample_stats", "log_likelihood", "observed_data", "constant_data"]}
assert dict(groups["log_likelihood"].dims) == {"chain": 2, "draw": 200, "school": 8}
assert groups["posterior"].theta_raw.dims == ("chain", "draw", "school")
assert groups["sample_stats"].diverging.dtype == bool
assert set(groups["sample_stats"].data_vars) == {"lp", "acceptance_rate", "step_size", "tree_depth", "n_steps", "diverging", "energy"}
assert xr.open_dataset(f"{w}/id_svi.nc", group="posterior").mu.shape == (1, 50)
pp = xr.open_dataset(f"{w}/id_pred.nc", group="posterior_predictive")
assert pp.y.dims == ("chain", "draw", "school") and pp.y.shape == (1, 20, 8)
PY
fi

# FIT.json's per-draw sampler statistics (chain x draw, ArviZ's names) agree
# with the CSV's, and give ppl summary the same E-BFMI from either file.
"$ppl" summary "$work/fit_1.json" --json > "$work/summary_fit.json" &&
  "$ppl" summary "$work"/draws_1_*.csv --json > "$work/summary_csv.json" && pass || fail "summaries of FIT.json and the CSVs"
python3 - "$work" <<'PY' && pass || fail "FIT.json's sample_stats"
import json, sys
w = sys.argv[1]
fit = json.load(open(f"{w}/fit_1.json"))
stats = fit["sample_stats"]
assert set(stats) == {"lp", "acceptance_rate", "step_size", "tree_depth", "n_steps", "diverging", "energy"}, stats.keys()
assert len(stats["lp"]) == 4 and all(len(chain) == 1000 for chain in stats["lp"])
assert [sum(chain) for chain in stats["diverging"]] == [c["divergences"] for c in fit["sampler"]]
lines = [l for l in open(f"{w}/draws_1_2.csv") if not l.startswith("#")]
header = lines[0].strip().split(",")
first = dict(zip(header, map(float, lines[1].split(","))))
assert abs(first["lp__"] - stats["lp"][1][0]) < 1e-5 * max(1, abs(first["lp__"])), (first["lp__"], stats["lp"][1][0])
assert first["treedepth__"] == stats["tree_depth"][1][0] and first["n_leapfrog__"] == stats["n_steps"][1][0]
a, b = (json.load(open(f"{w}/summary_{k}.json"))["chains"] for k in ("fit", "csv"))
for x, y in zip(a, b):
    assert abs(x["e_bfmi"] - y["e_bfmi"]) < 1e-4 * y["e_bfmi"], (x, y)
PY

# --thin and --save-warmup: every 4th iteration kept, the warmup's too, in
# FIT.json, the CSVs (CmdStan's layout: warmup rows first) and InferenceData.
"$ppl" fit "$model" --chains 2 --warmup 100 --samples 200 --thin 4 --save-warmup --seed 2 --quiet \
  --out "$work/thin.json" --draws "$work/thin.csv" --inference-data "$work/thin.nc" 2>/dev/null \
  && pass || fail "fit with --thin 4 --save-warmup"
"$ppl" summary "$work"/thin_*.csv --json > "$work/thin_summary_csv.json" && pass || fail "summary of the thinned CSVs"
python3 - "$work" <<'PY' && pass || fail "thinned draws and the saved warmup"
import json, sys
w = sys.argv[1]
fit = json.load(open(f"{w}/thin.json"))
assert fit["settings"]["thin"] == 4 and fit["settings"]["save_warmup"] is True
assert fit["draws"]["mu"]["chains"] == 2 and [len(c) for c in fit["draws"]["mu"]["values"]] == [50, 50]
assert [len(c) for c in fit["warmup_draws"]["mu"]["values"]] == [25, 25]
assert [len(c) for c in fit["sample_stats"]["lp"]] == [50, 50]
assert [len(c) for c in fit["warmup_sample_stats"]["lp"]] == [25, 25]
lines = [l for l in open(f"{w}/thin_1.csv")]
settings = {l[1:].split("=")[0].strip(): l.split("=")[1].strip() for l in lines if l.startswith("#") and "=" in l}
assert settings["save_warmup"] == "1" and settings["thin"] == "4", settings
rows = [l for l in lines if not l.startswith("#")][1:]
assert len(rows) == 25 + 50, len(rows)
csv = json.load(open(f"{w}/thin_summary_csv.json"))
assert [c["draws"] for c in csv["chains"]] == [50, 50]
mine = {e["name"]: e for e in csv["elements"]}
assert abs(mine["mu"]["mean"] - fit["summary"]["mu"]["elements"][0]["mean"]) < 1e-5
PY
expect_failure "--thin with --guide" "--thin is an MCMC option" \
  "$ppl" fit "$model" --guide auto_normal --thin 2 --steps 10 --quiet
if /usr/bin/python3 -c "import xarray, netCDF4" 2>/dev/null; then
  /usr/bin/python3 -c "
import xarray as xr
w = xr.open_dataset('$work/thin.nc', group='warmup_posterior'); s = xr.open_dataset('$work/thin.nc', group='warmup_sample_stats')
p = xr.open_dataset('$work/thin.nc', group='posterior')
assert dict(w.dims)['draw'] == 25 and dict(p.dims)['draw'] == 50 and dict(s.dims)['draw'] == 25" \
    && pass || fail "InferenceData's warmup groups"
fi

# --log-likelihood: each school's log density at each draw, as the closed
# form gives it from the draw's mu, tau and theta_raw (MCMC and SVI).
for method in "--chains 2 --warmup 100 --samples 50" "--guide auto_normal --steps 300 --num-samples 40"; do
  "$ppl" fit "$model" $method --log-likelihood --quiet --out "$work/loglik.json" 2>/dev/null \
    && pass || fail "fit $method --log-likelihood"
  python3 - "$work/loglik.json" "$data" <<'PY' && pass || fail "FIT.json's log_likelihood ($method)"
import json, math, sys
fit, data = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ll = fit["log_likelihood"]["y"]
ll["values"] = [d for chain in ll["values"] for d in chain]
draws = {k: {"values": [d for chain in v["values"] for d in chain]} for k, v in fit["draws"].items()}
assert ll["shape"] == [8] and len(ll["values"]) == len(draws["mu"]["values"]), (ll["shape"], len(ll["values"]))
for i in (0, len(ll["values"]) - 1):
    mu, tau, raw = draws["mu"]["values"][i], draws["tau"]["values"][i], draws["theta_raw"]["values"][i]
    for j in range(8):
        z = (data["y"][j] - (mu + tau * raw[j])) / data["sigma"][j]
        expected = -0.5 * z * z - math.log(data["sigma"][j]) - 0.5 * math.log(2 * math.pi)
        assert abs(ll["values"][i][j] - expected) < 1e-9 * max(1, abs(expected)), (i, j, ll["values"][i][j], expected)
PY
done

# Sites in the model's order (declaration and execution), as FIT.json's
# site_order gives it to ppl summary; JSON objects sort by name.
python3 -c "import json, sys; assert json.load(open(sys.argv[1]))['site_order'] == ['mu', 'tau', 'theta_raw', 'theta']" \
  "$work/thin.json" && pass || fail "FIT.json's site_order"
"$ppl" summary "$work/thin.json" | awk 'NR > 2 && /^[a-z_]+(\[|  )/ {sub(/\[.*/, "", $1); if ($1 != last) printf "%s ", $1; last = $1}' > "$work/order.txt"
[ "$(cat "$work/order.txt")" = "mu tau theta_raw theta " ] && pass || fail "ppl summary in the model's order: $(cat "$work/order.txt")"

# Counts are written as integers, continuous values as numbers with fractions.
printf 'data {\n  N: int\n  y: int[N]?\n}\nmodel {\n  rate ~ Gamma(2, 1)\n  plate i in N {\n    y ~ Poisson(rate)\n  }\n}\n' > "$work/counts.ppl"
echo '{"N": 3}' > "$work/counts.data.json"
"$ppl" predict "$work/counts.ppl" --num-samples 20 --out "$work/counts.json" 2>/dev/null
python3 -c "
import json, sys; d = json.load(open(sys.argv[1]))['draws']
assert all(isinstance(v, int) for draw in d['y']['values'][0] for v in draw), d['y']['values'][0][:2]
assert all(isinstance(v, float) for v in d['rate']['values'][0])" "$work/counts.json" \
  && pass || fail "counts as integers in predict's JSON"

# Without --out: the summary table and how to keep the fit, not JSON.
"$ppl" fit "$model" --chains 2 --warmup 100 --samples 100 --quiet >"$work/no_out.txt" 2>/dev/null
grep -q "^the fit (nothing written: give --out FIT.json to keep its draws): nuts, 2 chains of 100 draws" "$work/no_out.txt" \
  && grep -qE '^mu +[-0-9.]+ ' "$work/no_out.txt" && ! grep -q '^{' "$work/no_out.txt" \
  && pass || fail "a fit without --out prints its table: $(head -3 "$work/no_out.txt")"
# FIT.json is compact: one line.
[ "$(wc -l < "$work/thin.json")" -eq 1 ] && pass || fail "FIT.json is not compact"

# An InferenceData file that cannot be written (a plate named like its draw
# dim) does not cost the fit's FIT.json.
printf 'model {\n  plate draw in 3 {\n    z ~ Normal(0, 1)\n  }\n}\n' > "$work/draw_plate.ppl"
"$ppl" fit "$work/draw_plate.ppl" --chains 1 --warmup 20 --samples 10 --quiet --out "$work/draw_plate.json" \
  --inference-data "$work/draw_plate.nc" >/dev/null 2>&1
[ $? -eq 1 ] && grep -qE '"complete": ?true' "$work/draw_plate.json" && [ ! -e "$work/draw_plate.nc" ] \
  && ! ls "$work"/draw_plate.nc.partial-* >/dev/null 2>&1 && pass || fail "FIT.json kept when InferenceData fails"

# Progress lines end with an estimate of the time left.
"$ppl" fit "$model" --chains 1 --warmup 100 --samples 100 --out "$work/eta.json" >/dev/null 2>"$work/eta.err"
grep -qE 'chain 1 \[#+\.*\] +[0-9]+/200 (warmup|sampling).*ETA [0-9]+s$' "$work/eta.err" && pass || fail "MCMC progress with an ETA: $(head -3 "$work/eta.err")"
"$ppl" fit "$model" --guide auto_normal --steps 1000 --out "$work/eta_svi.json" >/dev/null 2>"$work/eta_svi.err"
grep -qE '^step +[0-9]+/1000 .*steps/s  ETA [0-9]+s$' "$work/eta_svi.err" && pass || fail "SVI progress with an ETA: $(head -3 "$work/eta_svi.err")"

report fit_predict_command
