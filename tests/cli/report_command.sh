#!/usr/bin/env bash
# End-to-end tests of `ppl report`: the page's structure and the data its
# charts draw, read without a browser (bench/report_screenshots.sh renders
# the pages in headless Chromium).
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/counters.sh"

es="$models/eight_schools_noncentered.ppl"
"$ppl" fit "$es" --chains 2 --warmup 300 --samples 300 --seed 4 --quiet --out "$work/fit.json" 2>/dev/null \
  && pass || fail "fit eight schools"
echo '{"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}' > "$work/no_y.json"
"$ppl" predict "$es" --data "$work/no_y.json" --posterior "$work/fit.json" --num-samples 200 \
  --out "$work/pred.json" 2>/dev/null && pass || fail "predict replicated y"
expect_code 0 "report of a NUTS fit with a predictive check" "$ppl" report "$work/fit.json" \
  --predict "$work/pred.json" -o "$work/report.html"
python3 - "$work" "$models/eight_schools.data.json" <<'PY' && pass || fail "the NUTS report's charts and data"
import json, re, sys
w, data_path = sys.argv[1], sys.argv[2]
page = open(f"{w}/report.html").read()
fit = json.load(open(f"{w}/fit.json"))
# Self-contained: every Vega module inlined, nothing fetched.
for module in ["vega-util", "vega-dataflow", "vega-scale", "vega-scenegraph", "vega-parser", "vega-view", "vega-encode"]:
    assert f'pplModuleName = "{module}"' in page, module
assert not re.search(r'(src|href)="?https?:', page)
specs = json.loads(re.search(r'<script type="application/json" id="ppl-specs">(.*?)</script>', page, re.S).group(1))
# 12 elements (mu, tau, theta[0..7], theta_raw[0..1]) x trace, rank, density; pairs; energy; y.
assert len(specs) == 12 * 3 + 3, len(specs)
assert all(f'id="chart-{i}"' in page for i in range(len(specs)))
assert specs[0]["title"]["text"] == "mu" and specs[12]["title"]["text"] == "mu"
values = lambda spec: spec["data"][0]["values"]
mu_draws = fit["draws"]["mu"]["values"]
trace = [p for p in values(specs[0]) if p["series"] == "chain 2"]
assert trace[0]["y"] == mu_draws[1][0] and trace[0]["x"] == 0 and len(trace) == 300
# Rank plot: each chain's 300 draws in 20 bins (the last point closes the step).
for chain in ("chain 1", "chain 2"):
    counts = [p["y"] for p in values(specs[12]) if p["series"] == chain][:-1]
    assert len(counts) == 20 and sum(counts) == 300, counts
density = [p for p in values(specs[24]) if p["series"] == "chain 1"]
assert len(density) == 80 and all(p["y"] >= 0 for p in density)
pairs, energy, ppc = specs[36], specs[37], specs[38]
marked = sum(p["marked"] for p in values(pairs))
assert marked == sum(sum(chain) for chain in fit["sample_stats"]["diverging"]), marked
assert {b["series"] for b in values(energy)} == {"energy - mean", "energy transition"}
y = json.load(open(data_path))["y"]
rows = values(ppc)
assert [r["observed"] for r in rows] == y and all(r["low"] <= r["middle"] <= r["high"] for r in rows)
# The summary table: a header and one row per element (18).
table = re.search(r'<table id="ppl-summary">(.*?)</table>', page, re.S).group(1)
assert table.count("<tr>") == 19 and "<th>R-hat</th>" in table
PY

# SVI: the ELBO curve and the guide's marginals.
"$ppl" fit "$es" --guide auto_normal --steps 500 --num-samples 300 --quiet --out "$work/svi.json" 2>/dev/null \
  && pass || fail "fit by SVI"
expect_code 0 "report of an SVI fit" "$ppl" report "$work/svi.json" --sites mu,tau -o "$work/svi.html"
python3 - "$work" <<'PY' && pass || fail "the SVI report's charts"
import json, re, sys
w = sys.argv[1]
page = open(f"{w}/svi.html").read()
fit = json.load(open(f"{w}/svi.json"))
specs = json.loads(re.search(r'id="ppl-specs">(.*?)</script>', page, re.S).group(1))
assert [s["title"]["text"] for s in specs] == ["ELBO", "mu", "tau"], [s["title"]["text"] for s in specs]
elbo = specs[0]["data"][0]["values"]
assert len(elbo) == len(fit["loss_history"]["loss"])
assert elbo[-1]["y"] == -fit["loss_history"]["loss"][-1]
assert "ESS bulk" not in page
PY

expect_code 1 "an unknown --pairs element" "$ppl" report "$work/fit.json" --pairs mu,sigma -o "$work/x.html"
expect_text "$work/err" "--pairs: 'sigma' is not an element of $work/fit.json" "an unknown pair element is named"
expect_code 1 "an unknown site" "$ppl" report "$work/fit.json" --sites nu -o "$work/x.html"
expect_text "$work/err" "--sites: 'nu' is not a site of $work/fit.json" "an unknown site is named"
"$ppl" predict "$es" --posterior "$work/fit.json" --num-samples 20 --out "$work/pred_observed.json" 2>/dev/null
expect_code 1 "a prediction that does not replicate the data" "$ppl" report "$work/fit.json" \
  --predict "$work/pred_observed.json" -o "$work/x.html"
expect_text "$work/err" "y equals the data at every draw: give ppl predict data without it" "an unreplicated site is explained"
expect_code 1 "the report onto its fit" "$ppl" report "$work/fit.json" -o "$work/fit.json"
expect_text "$work/err" "writing there would destroy it" "the fit is not overwritten"
report report_command
