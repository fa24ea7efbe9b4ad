#!/usr/bin/env bash
# Outputs never destroy what is there: inputs, directories and devices are
# refused before any work, files are replaced atomically, write errors fail
# the command, bad numeric options are refused with a clear message, and a
# run stopped by SIGINT or SIGTERM keeps an incomplete result without
# replacing a complete one.
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/counters.sh"
expect_same() {  # file copy description
  if cmp -s "$1" "$2"; then pass; else fail "$3: $1 changed"; fi
}
no_temporaries() {  # directory description
  if ls -a "$1" | grep -q 'partial'; then fail "$2: temporary files left: $(ls -a "$1")"; else pass; fi
}

cp "$models/eight_schools_noncentered.ppl" "$work/m.ppl"
cp "$models/eight_schools.data.json" "$work/d.json"
cp "$work/m.ppl" "$work/m.copy"
cp "$work/d.json" "$work/d.copy"
m="$work/m.ppl"
d="$work/d.json"
quick=(--warmup 30 --samples 20 --chains 1 --quiet)

# 1. Inputs, directories and non-regular files are refused and left alone.
expect_code 1 "--out the model" "$ppl" fit "$m" --data "$d" "${quick[@]}" --out "$m"
expect_text "$work/err" "$m: error: cannot write the output here: is an input" "--out the model"
expect_same "$m" "$work/m.copy" "--out the model"
expect_code 1 "--out the data" "$ppl" fit "$m" --data "$d" "${quick[@]}" --out "$d"
expect_same "$d" "$work/d.copy" "--out the data"
expect_code 1 "--draws the model" "$ppl" fit "$m" --data "$d" "${quick[@]}" --draws "$m"
expect_same "$m" "$work/m.copy" "--draws the model"
expect_code 1 "--out the model by another name" "$ppl" fit "$m" --data "$d" "${quick[@]}" \
  --out "$work/../$(basename "$work")/./m.ppl"
expect_same "$m" "$work/m.copy" "--out the model by another name"
expect_code 1 "--draws X --out X" "$ppl" fit "$m" --data "$d" "${quick[@]}" --out "$work/x" --draws "$work/x"
expect_text "$work/err" "another output" "--draws X --out X"
[ ! -e "$work/x" ] && pass || fail "--draws X --out X wrote X"
expect_code 1 "--guide file as --out" "$ppl" fit "$m" --data "$d" --guide "$m" --steps 5 --out "$m"
expect_same "$m" "$work/m.copy" "--out the guide"
echo '{"mu": 1, "tau": 1, "theta_raw": [0,0,0,0,0,0,0,0]}' > "$work/init.json"
cp "$work/init.json" "$work/init.copy"
expect_code 1 "--out the init file" "$ppl" fit "$m" --data "$d" "${quick[@]}" \
  --init "value:$work/init.json" --out "$work/init.json"
expect_same "$work/init.json" "$work/init.copy" "--out the init file"
mkdir "$work/dir"
expect_code 1 "--out a directory" "$ppl" fit "$m" --data "$d" "${quick[@]}" --out "$work/dir"
expect_text "$work/err" "is a directory" "--out a directory"
[ -d "$work/dir" ] && pass || fail "--out a directory replaced it"
mkfifo "$work/fifo"
expect_code 1 "--out a fifo" "$ppl" fit "$m" --data "$d" "${quick[@]}" --out "$work/fifo"
expect_text "$work/err" "not a regular file" "--out a fifo"
[ -p "$work/fifo" ] && pass || fail "--out a fifo replaced it"
no_temporaries "$work" "refused outputs"
"$ppl" fit "$m" --data "$d" "${quick[@]}" --seed 1 --out "$work/fit.json" 2>"$work/err" || fail "quick fit"
cp "$work/fit.json" "$work/fit.copy"
expect_code 1 "predict --out the model" "$ppl" predict "$m" --data "$d" --out "$m"
expect_same "$m" "$work/m.copy" "predict --out the model"
expect_code 1 "predict --out the posterior" "$ppl" predict "$m" --data "$d" \
  --posterior "$work/fit.json" --out "$work/fit.json"
expect_same "$work/fit.json" "$work/fit.copy" "predict --out the posterior"
expect_code 1 "predict --out a directory" "$ppl" predict "$m" --data "$d" --out "$work/dir"
# CSV draws are written whole, through a temporary file.
expect_code 0 "fit with --draws" "$ppl" fit "$m" --data "$d" "${quick[@]}" --draws "$work/draws.csv" \
  --out "$work/fit2.json"
expect_text "$work/draws.csv" "(Total)" "complete CSV"
no_temporaries "$work" "written outputs"

# 2. Output paths are checked before the fit starts.
start=$(date +%s)
expect_code 1 "--draws in a missing directory" "$ppl" fit "$m" --data "$d" --warmup 100000 \
  --samples 100000 --quiet --draws "$work/nodir/d.csv" --out "$work/fit3.json"
expect_text "$work/err" "$work/nodir/d_1.csv: error: cannot write the output here: its directory" \
  "--draws in a missing directory"
[ $(( $(date +%s) - start )) -lt 20 ] && pass || fail "the output path was checked after the fit"
expect_code 1 "--out in a missing directory (predict)" "$ppl" predict "$m" --data "$d" \
  --out "$work/nodir/p.json"

# 3. Write errors on standard output fail the command.
if [ -w /dev/full ]; then
  "$ppl" fit "$m" --data "$d" "${quick[@]}" >/dev/full 2>"$work/err"
  [ $? -ne 0 ] && pass || fail "fit > /dev/full exits 0"
  expect_text "$work/err" "error: cannot write to standard output" "fit > /dev/full"
  "$ppl" predict "$m" --data "$d" --num-samples 5 >/dev/full 2>"$work/err"
  [ $? -ne 0 ] && pass || fail "predict > /dev/full exits 0"
  "$ppl" check "$m" >/dev/full 2>"$work/err"
  [ $? -ne 0 ] && pass || fail "check > /dev/full exits 0"
  expect_text "$work/err" "error: cannot write to standard output" "check > /dev/full"
fi

# 4. Numeric options out of range are refused, naming the option.
bad_option() {  # message args...
  local message="$1"; shift
  "$ppl" "$@" >"$work/out" 2>"$work/err"
  [ $? -ne 0 ] && pass || fail "accepted: $*"
  expect_text "$work/err" "$message" "$*"
}
for v in 0 -1 nan inf; do
  bad_option "--integration-time: must be" fit "$m" --data "$d" --method hmc --integration-time "$v"
done
for v in 1 -0.5 nan; do
  bad_option "--step-size-jitter: must be" fit "$m" --data "$d" --method hmc --step-size-jitter "$v"
done
bad_option "--seed: must not be negative" fit "$m" --data "$d" --seed -1
bad_option "--seed: must not be negative" predict "$m" --data "$d" --seed -1
bad_option "--seed: must not be negative" check-elbo "$m" --guide auto_normal --data "$d" --seed -1
bad_option "--threads: must be at least 1" fit "$m" --data "$d" --threads -1
bad_option "--chains: must be at least 1" fit "$m" --data "$d" --chains 0
bad_option "--chains: must be at most 1024" fit "$m" --data "$d" --chains 1000000
bad_option "--threads: must be at most 1024" fit "$m" --data "$d" --threads 100000
bad_option "--samples: must be at least 1" fit "$m" --data "$d" --samples 0
bad_option "--warmup: must not be negative" fit "$m" --data "$d" --warmup -1
bad_option "--target-accept: must be" fit "$m" --data "$d" --target-accept nan
bad_option "--max-tree-depth: must be at most 30" fit "$m" --data "$d" --max-tree-depth 31
bad_option "--particles: must be at least 1" fit "$m" --data "$d" --guide auto_normal --particles 0
bad_option "--num-samples: must be at least 1" fit "$m" --data "$d" --guide auto_normal --num-samples 0
bad_option "--init-scale: must be" fit "$m" --data "$d" --guide auto_normal --init-scale nan
bad_option "--num-samples: must be at least 1" predict "$m" --data "$d" --num-samples 0
bad_option "--particles: must be at least 2" check-elbo "$m" --guide auto_normal --data "$d" --particles 1
grep -q "179769313" "$work/err" && fail "a range of 300 digits" || pass

# 5. --steps 0 is refused, for every guide.
for g in auto_normal auto_diagonal_normal auto_delta; do
  bad_option "--steps: must be at least 1" fit "$m" --data "$d" --guide "$g" --steps 0
done

# 6. One output that fails at the end does not lose the others: the folder of
# --draws disappears while the fit runs; FIT.json is still written.
mkdir -p "$work/gone"
rm -f "$work/kept.json"
"$ppl" fit "$m" --data "$d" --warmup 500 --samples 30000 --chains 1 --quiet \
  --draws "$work/gone/d.csv" --out "$work/kept.json" >"$work/out" 2>"$work/err" &
fit_pid=$!
sleep 0.5
rm -rf "$work/gone"
wait "$fit_pid"
code=$?
if [ "$code" -eq 1 ]; then pass; else fail "a failed --draws: exit $code, expected 1"; fi
expect_text "$work/err" "gone/d.csv" "the failed output is named"
if grep -qE '"complete": ?true' "$work/kept.json" 2>/dev/null; then pass; else fail "FIT.json lost with the draws"; fi

report output_safety
