#!/usr/bin/env bash
# NUTS in ppl on the posteriors of bench/posteriordb/ that have a reference
# posterior in posteriordb, each parameter's mean against the reference's:
#
#   bash bench/posteriordb_nuts.sh [--posteriordb PATH] [--markdown] [NAME...]
#
# PATH (or $POSTERIORDB): a copy of github.com/stan-dev/posteriordb, a
# checkout or a bare git directory. Reference draws are unpacked into
# $PPL_STAN_CACHE/reference (default ~/.cache/ppl-posteriordb) and fits are
# written to $PPL_STAN_CACHE/fit. Runs `ppl fit` with 4 chains, 1000 warmup
# and 1000 sampling iterations, then bench/compare_reference.py (one line per
# posterior; --markdown for table rows). Exits 1 when any posterior fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
posteriordb="${POSTERIORDB:-}"
markdown=()
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --posteriordb) posteriordb="$2"; shift 2 ;;
    --posteriordb=*) posteriordb="${1#*=}"; shift ;;
    --markdown) markdown=(--markdown); shift ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  for f in "$here"/posteriordb/*.ppl; do names+=("$(basename "$f" .ppl)"); done
fi
cache="${PPL_STAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppl-posteriordb}"
mkdir -p "$cache/reference" "$cache/fit"
ppl="$root/build/ppl"
seed="${SEED:-1}"

# posteriordb's reference draws of posterior $1 into $2; false when it has none.
reference_draws() {
  local rel="posterior_database/reference_posteriors/draws/draws/$1.json.zip" zip
  zip="$(mktemp)"
  if [ -n "$posteriordb" ] && { cat "$posteriordb/$rel" 2>/dev/null ||
       git --git-dir="$posteriordb" show "HEAD:$rel" 2>/dev/null ||
       git -C "$posteriordb" show "HEAD:$rel" 2>/dev/null; } > "$zip" && [ -s "$zip" ]; then
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.buffer.write(z.read(z.namelist()[0]))' \
      "$zip" > "$2"
    rm -f "$zip"
    return 0
  fi
  rm -f "$zip"
  [ -s "$2" ]
}

if [ ${#markdown[@]} -gt 0 ]; then
  echo "| posterior | compared | max abs(mean - ref mean) / ref sd | max R-hat | min bulk ESS | divergences | result |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
else
  printf '%-46s %4s %8s %-14s %7s %7s %5s  %s\n' posterior n max_z at r_hat ess div result
fi
failed=0
for name in "${names[@]}"; do
  reference="$cache/reference/$name.json"
  reference_draws "$name" "$reference" || continue
  fit="$cache/fit/$name.json"
  if ! "$ppl" fit "$here/posteriordb/$name.ppl" --data "$here/posteriordb/$name.data.json" \
       --chains 4 --warmup 1000 --samples 1000 --seed "$seed" --quiet --out "$fit" \
       2> "$cache/fit/$name.log"; then
    echo "$name: ppl fit failed, see $cache/fit/$name.log" >&2
    failed=1
    continue
  fi
  python3 "$here/compare_reference.py" "$name" "$fit" "$reference" "${markdown[@]}" || failed=1
done
exit "$failed"
