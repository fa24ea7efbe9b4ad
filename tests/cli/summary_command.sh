#!/usr/bin/env bash
# End-to-end tests of `ppl summary`: on stored CmdStan CSVs of eight schools,
# ppl's and Stan's, its numbers equal those of R's posterior package
# (tests/cli/summary/reference.csv and reference_stan.csv, made by
# reference.R and reference_stan.R) to 1e-6 relative; on a fresh fit, the
# FIT.json and the CSVs of the same draws give the same summary; SVI fits
# have no R-hat; bad files are named.
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/summary"
source "$here/counters.sh"

# ppl's CSVs, and Stan's own (rstan 2.21, warmup rows saved before the draws).
for pair in "eight_schools reference 19" "stan_eight_schools reference_stan 11"; do
  read -r stem reference count <<< "$pair"
  expect_code 0 "summary of two CSV chains as CSV ($stem)" "$ppl" summary "$data/${stem}_1.csv" \
    "$data/${stem}_2.csv" --csv
  cp "$work/out" "$work/summary.csv"
  python3 - "$work/summary.csv" "$data/$reference.csv" "$count" <<'PY' && pass || fail "ppl summary equals posterior::summarise_draws ($stem)"
import csv, re, sys
ours = {row["name"]: row for row in csv.DictReader(open(sys.argv[1]))}
def ppl_name(stan):  # theta_raw.3 (CmdStan's, 1-based) is theta_raw[2]
    m = re.fullmatch(r"(\w+)\.(\d+)", stan)
    return f"{m.group(1)}[{int(m.group(2)) - 1}]" if m else stan
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == len(ours) == int(sys.argv[3]), (len(rows), len(ours))
columns = {"mean": "mean", "mcse_mean": "mcse_mean", "sd": "sd", "5%": "5%", "50%": "50%",
           "95%": "95%", "ess_bulk": "ess_bulk", "ess_tail": "ess_tail", "rhat": "r_hat"}
for ref in rows:
    row = ours[ppl_name(ref["variable"])]
    for theirs, mine in columns.items():
        a, b = float(ref[theirs]), float(row[mine])
        assert abs(a - b) <= 1e-6 * max(abs(a), 1e-300), (ref["variable"], theirs, a, b)
PY
done
# rstan's settings lines name the warmup and the tree depth its own way.
expect_code 0 "summary table of Stan's CSVs" "$ppl" summary "$data/stan_eight_schools_1.csv" "$data/stan_eight_schools_2.csv"
expect_text "$work/out" "chain 2: 0 divergent transitions (0.0%); 0 at the maximum tree depth (10)" "Stan's tree depth limit is read"
expect_code 0 "summary table of two CSV chains" "$ppl" summary "$data/eight_schools_1.csv" "$data/eight_schools_2.csv"
expect_text "$work/out" "ESS_bulk  ESS_tail   R_hat" "the table's header"
expect_text "$work/out" "chain 2: 0 divergent transitions (0.0%); 0 at the maximum tree depth (10); E-BFMI" "per-chain sampler diagnostics"
expect_text "$work/out" "theta_raw[7]" "0-based element names"

# A fresh fit: FIT.json and its CSVs hold the same draws, so the same summary.
expect_code 0 "fit for the summary" "$ppl" fit "$models/eight_schools_noncentered.ppl" --chains 2 \
  --warmup 150 --samples 150 --quiet --out "$work/fit.json" --draws "$work/draws.csv"
expect_code 0 "summary of the FIT.json" "$ppl" summary "$work/fit.json" --json
cp "$work/out" "$work/from_json.json"
expect_code 0 "summary of its CSVs" "$ppl" summary "$work/draws_1.csv" "$work/draws_2.csv" --json \
  --quantiles 0.05,0.5,0.95
python3 - "$work/from_json.json" "$work/out" "$work/fit.json" <<'PY' && pass || fail "FIT.json and CSV summaries agree"
import json, sys
a = {e["name"]: e for e in json.load(open(sys.argv[1]))["elements"]}
b = {e["name"]: e for e in json.load(open(sys.argv[2]))["elements"]}
fit = json.load(open(sys.argv[3]))
assert set(a) == set(b) - {"lp__"}, (sorted(a), sorted(b))
for name, x in a.items():
    y = b[name]
    # The CSV holds 6 significant digits.
    assert abs(x["mean"] - y["mean"]) < 1e-4 * (1 + abs(x["mean"])), name
    assert abs(x["r_hat"] - y["r_hat"]) < 1e-3, name
# FIT.json's own summary is the same computation.
mu = fit["summary"]["mu"]["elements"][0]
assert abs(mu["ess_bulk"] - a["mu"]["ess_bulk"]) < 1e-9 and abs(mu["q95"] - a["mu"]["quantiles"]["95%"]) < 1e-12
PY

# Without --quiet, fit names the file it wrote and prints its summary table.
expect_code 0 "fit prints its summary" "$ppl" fit "$models/eight_schools_noncentered.ppl" --chains 2 \
  --warmup 100 --samples 100 --out "$work/shown.json"
expect_text "$work/out" "wrote $work/shown.json" "fit names the file it wrote"
expect_text "$work/out" "ESS_bulk  ESS_tail   R_hat" "fit prints the summary table"

# An SVI fit: independent draws of the guide, no MCSE, ESS or R-hat.
expect_code 0 "SVI fit" "$ppl" fit "$models/eight_schools_noncentered.ppl" --guide auto_normal --steps 200 \
  --num-samples 100 --quiet --out "$work/svi.json"
expect_code 0 "summary of an SVI fit" "$ppl" summary "$work/svi.json"
expect_text "$work/out" "SVI (draws from the fitted guide), 1 chain of 100 draws" "SVI summary header"
expect_text "$work/out" "no MCSE, ESS or R-hat" "SVI summary explains the missing columns"

# ppl predict's output: its draws follow the posterior's, not a chain of their own.
expect_code 0 "predict from the SVI fit" "$ppl" predict "$models/eight_schools_noncentered.ppl" \
  --posterior "$work/svi.json" --num-samples 50 --out "$work/predicted.json"
expect_code 0 "summary of ppl predict's output" "$ppl" summary "$work/predicted.json"
expect_text "$work/out" "predictions of ppl predict, 1 chain of 50 draws" "predict summary header"
expect_text "$work/out" "not a Markov chain of their own): no MCSE, ESS or R-hat" \
  "predict summary explains the missing columns"

# Bad files.
printf '# max_depth = 10\nlp__,mu\n-1.0,0.5\n-2.0,oops\n' > "$work/bad.csv"
expect_code 1 "a CSV with a non-number" "$ppl" summary "$work/bad.csv"
expect_text "$work/err" "bad.csv:4: column 'mu' holds 'oops', not a number" "the bad value's line"
printf 'lp__,mu\n-1.0,0.5,3\n' > "$work/wide.csv"
expect_code 1 "a CSV row with too many values" "$ppl" summary "$work/wide.csv"
expect_text "$work/err" "wide.csv:2: 3 values, but the header has 2 columns" "the long row's line"
printf 'lp__,nu\n-1.0,0.5\n-1.5,0.7\n' > "$work/other.csv"
expect_code 1 "chains of different fits" "$ppl" summary "$data/eight_schools_1.csv" "$work/other.csv"
expect_text "$work/err" "its columns differ from those of" "different columns are named"
expect_code 1 "a FIT.json with CSVs" "$ppl" summary "$work/fit.json" "$work/draws_1.csv"
expect_text "$work/err" "give one FIT.json alone" "mixing formats is refused"
printf '{"method": "nuts"}' > "$work/nodraws.json"
expect_code 1 "a FIT.json without draws" "$ppl" summary "$work/nodraws.json"
expect_text "$work/err" "no \"draws\" section" "missing draws are named"
expect_code 1 "--json and --csv" "$ppl" summary "$data/eight_schools_1.csv" --json --csv

report summary_command
