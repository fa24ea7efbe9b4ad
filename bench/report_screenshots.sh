#!/usr/bin/env bash
# Renders `ppl report` pages in headless Chromium, as a person would open
# them, and saves full-page screenshots to look at: eight schools (NUTS,
# with a posterior predictive check), the seed 001 state-space model (NUTS
# with predictions of y) and the deep Markov model (SVI). Fails when a page
# draws fewer charts than it holds or reports an error.
#   bash bench/report_screenshots.sh [OUT_DIR]     (default: ./report_screenshots)
# Installs Debian's chromium when missing (as root); the project's own
# set-up never does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="$root/build/ppl"
models="$root/models"
out="$(realpath -m "${1:-report_screenshots}")"
source "$here/install_missing.sh"
install_missing chromium
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Eight schools: NUTS, then y replicated (its data entry left out).
"$ppl" fit "$models/eight_schools_noncentered.ppl" --quiet --out "$work/es.json" 2>/dev/null
echo '{"J": 8, "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}' > "$work/es_no_y.json"
"$ppl" predict "$models/eight_schools_noncentered.ppl" --data "$work/es_no_y.json" \
  --posterior "$work/es.json" --num-samples 400 --out "$work/es_pred.json" 2>/dev/null
"$ppl" report "$work/es.json" --predict "$work/es_pred.json" --pairs mu,tau -o "$out/eight_schools.html"

# State space: 60 steps of y drawn from the prior, fitted, then replicated.
echo '{"T": 60}' > "$work/ss_no_y.json"
"$ppl" predict "$models/seed001_state_space.ppl" --data "$work/ss_no_y.json" --num-samples 1 \
  --seed 3 --out "$work/ss_prior.json" 2>/dev/null
python3 -c "
import json; p = json.load(open('$work/ss_prior.json'))
json.dump({'T': 60, 'y': p['draws']['y']['values'][0][0]}, open('$work/ss.data.json', 'w'))"
"$ppl" fit "$models/seed001_state_space.ppl" --data "$work/ss.data.json" --quiet --out "$work/ss.json" 2>/dev/null || true
"$ppl" predict "$models/seed001_state_space.ppl" --data "$work/ss_no_y.json" --posterior "$work/ss.json" \
  --num-samples 400 --out "$work/ss_pred.json" 2>/dev/null
"$ppl" report "$work/ss.json" --predict "$work/ss_pred.json" --sites phi,q,r,x0 -o "$out/state_space.html"

# Deep Markov model: SVI with its guide file.
"$ppl" fit "$models/seed004_dmm.ppl" --guide "$models/seed004_dmm_guide.ppl" --steps 1500 --quiet \
  --out "$work/dmm.json" 2>/dev/null
"$ppl" report "$work/dmm.json" -o "$out/deep_markov_model.html"

status=0
for page in eight_schools state_space deep_markov_model; do
  html="$out/$page.html"
  charts=$(grep -o 'class="chart" id="chart-[0-9]*"' "$html" | wc -l)
  body=$(chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=30000 --dump-dom \
           "file://$html" 2>/dev/null | grep -o '<body[^>]*>')
  chromium --headless --no-sandbox --disable-gpu --virtual-time-budget=30000 --hide-scrollbars \
    --window-size=1300,9000 --screenshot="$out/$page.png" "file://$html" 2>/dev/null >/dev/null
  echo "$page: $charts charts; $body; screenshot $out/$page.png"
  [[ "$body" == *"data-rendered=\"$charts\" data-errors=\"0\""* ]] || status=1
done
exit $status
