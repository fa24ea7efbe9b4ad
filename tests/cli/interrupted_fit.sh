#!/usr/bin/env bash
# A fit stopped by SIGINT or SIGTERM says so, exits 128 + the signal and
# keeps what it has as an incomplete FIT.json ("complete": false), never in
# place of an earlier complete one; a fit killed by SIGKILL leaves the
# earlier output intact and nothing that looks complete.
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/counters.sh"

m="$models/eight_schools_noncentered.ppl"
d="$models/eight_schools.data.json"
# Long enough that the signal comes while the chains sample or the optimizer
# steps, not while the results are written (each chain keeps 100,000 draws
# of 3,000,000 iterations; SVI runs some 800,000 steps a second).
long_nuts=(fit "$m" --data "$d" --warmup 100 --samples 3000000 --thin 30 --chains 2 --threads 2 --quiet)
long_svi=(fit "$m" --data "$d" --guide auto_normal --steps 10000000 --quiet)

# Runs ppl in the background, sends the signal after 1 to 2 seconds, and
# leaves the exit code in $code.
run_and_signal() {  # signal args...
  local signal="$1"; shift
  "$ppl" "$@" >"$work/out" 2>"$work/err" &
  local pid=$!
  sleep "1.$((RANDOM % 10))"
  kill "-$signal" "$pid"
  { wait "$pid"; } 2>/dev/null
  code=$?
}
incomplete_fit() {  # file description: valid JSON with "complete": false
  python3 -c "
import json, sys
fit = json.load(open(sys.argv[1]))
assert fit['complete'] is False, fit.get('complete')
" "$1" && pass || fail "$2: $1 is not an incomplete FIT.json"
}
nothing_looks_complete() {  # directory description
  for f in "$1"/*partial*; do
    [ -e "$f" ] || continue
    python3 -c "
import json, sys
try: fit = json.load(open(sys.argv[1]))
except Exception: sys.exit(0)
sys.exit(0 if fit.get('complete') is False else 1)
" "$f" && pass || fail "$2: $f looks complete"
  done
}

"$ppl" fit "$m" --data "$d" --warmup 50 --samples 50 --chains 1 --quiet --out "$work/prev.json" \
  --draws "$work/prev.csv" 2>/dev/null || fail "the first fit"
cp "$work/prev.json" "$work/prev.copy"
cp "$work/prev.csv" "$work/prev.csv.copy"

for method in nuts svi; do
  if [ "$method" = nuts ]; then args=("${long_nuts[@]}"); else args=("${long_svi[@]}"); fi
  # SIGINT onto an existing complete output: kept; the incomplete fit goes beside it.
  run_and_signal INT "${args[@]}" --out "$work/prev.json"
  [ "$code" -eq 130 ] && pass || fail "$method SIGINT: exit $code, expected 130"
  grep -q "^interrupted: " "$work/err" && pass || fail "$method SIGINT: no message: $(cat "$work/err")"
  grep -qF "$work/prev.json.partial-interrupted" "$work/err" && pass || fail "$method SIGINT: the place not named"
  cmp -s "$work/prev.json" "$work/prev.copy" && pass || fail "$method SIGINT replaced the complete output"
  incomplete_fit "$work/prev.json.partial-interrupted" "$method SIGINT"
  rm -f "$work/prev.json.partial-interrupted"
  # SIGTERM with a new output path: the incomplete fit goes there.
  run_and_signal TERM "${args[@]}" --out "$work/new_$method.json"
  [ "$code" -eq 143 ] && pass || fail "$method SIGTERM: exit $code, expected 143"
  grep -q "^interrupted: " "$work/err" && pass || fail "$method SIGTERM: no message"
  incomplete_fit "$work/new_$method.json" "$method SIGTERM"
  # SIGKILL: nothing can be kept, but nothing is damaged or looks complete.
  run_and_signal KILL "${args[@]}" --out "$work/prev.json"
  [ "$code" -eq 137 ] && pass || fail "$method SIGKILL: exit $code"
  cmp -s "$work/prev.json" "$work/prev.copy" && pass || fail "$method SIGKILL damaged the output"
  nothing_looks_complete "$work" "$method SIGKILL"
done
# SIGKILL while the CSV draws are written: the earlier CSV is intact.
run_and_signal KILL fit "$m" --data "$d" --warmup 10 --samples 300000 --chains 1 --quiet \
  --draws "$work/prev.csv" --out "$work/other.json"
cmp -s "$work/prev.csv" "$work/prev.csv.copy" && pass || fail "SIGKILL damaged the CSV"
nothing_looks_complete "$work" "SIGKILL during CSV"
# The complete output says so.
python3 -c "
import json, sys; assert json.load(open(sys.argv[1]))['complete'] is True" "$work/prev.json" \
  && pass || fail "a complete fit is not marked complete"

report interrupted_fit
