#!/usr/bin/env bash
# A likelihood written by hand as array operations in a factor against the
# same likelihood as a plate of Normal sites (bench/models/normal_by_hand.ppl
# and normal_plate.ppl, 200,000 data points from bench/make_data.py): NUTS
# microseconds per gradient and SVI (auto_normal) steps per second, with
# the posterior mean of mu and the final ELBO, which should agree.
#   bash bench/hand_written_density.sh [PPL]     (default build/ppl)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ppl="${1:-$root/build/ppl}"
python3 "$here/make_data.py"
data="$here/data/normal_iid.json"
out="$(mktemp --suffix .json)"
trap 'rm -f "$out"' EXIT
printf '%-14s %14s %10s %12s %16s\n' model us/gradient mean_mu svi_steps/s elbo
for model in normal_plate normal_by_hand; do
  "$ppl" fit "$here/models/$model.ppl" --data "$data" --chains 1 --warmup 300 --samples 300 \
    --seed 1 --quiet --out "$out" 2>/dev/null
  nuts="$(python3 - "$out" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
us = 1e6 * f["timing"]["seconds_per_gradient"]
print(f"{us:.1f} {f['summary']['mu']['elements'][0]['mean']:.4f}")
PY
)"
  "$ppl" fit "$here/models/$model.ppl" --data "$data" --guide auto_normal --steps 2000 \
    --seed 1 --quiet --out "$out" 2>/dev/null
  svi="$(python3 - "$out" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
print(f"{f['timing']['steps_per_second']:.0f} {f['elbo']:.6f}")
PY
)"
  read -r us mu <<<"$nuts"
  read -r steps elbo <<<"$svi"
  printf '%-14s %14s %10s %12s %16s\n' "$model" "$us" "$mu" "$steps" "$elbo"
done
