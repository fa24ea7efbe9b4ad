#!/usr/bin/env bash
# End-to-end tests of `ppl check`: each program in programs/ names the first
# error line it must produce in its "# expect:" comment; the command must
# exit with 1 and print that line (prefixed by the file's path) first, then
# the source line and a caret. Valid models must exit with 0, also as JSON.
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/counters.sh"

for program in "$here"/programs/*.ppl; do
  expected="$program:$(sed -n 's/^# expect: //p' "$program")"
  stderr=$("$ppl" check "$program" 2>&1 >/dev/null)
  code=$?
  first=$(printf '%s\n' "$stderr" | head -n 1)
  if [ "$code" -ne 1 ]; then fail "$program: exit code $code, expected 1"; continue; fi
  if [ "$first" != "$expected" ]; then fail "$program: got '$first', expected '$expected'"; continue; fi
  if ! printf '%s\n' "$stderr" | sed -n 3p | grep -q '\^'; then fail "$program: no caret line"; continue; fi
  pass
done

for model in "$models"/*.ppl; do
  if "$ppl" check --json "$model" | grep -q '"ok": true'; then pass; else fail "$model: --json"; fi
done

if "$ppl" check "$models/seed004_dmm.ppl" --guide "$models/seed004_dmm_guide.ppl" >/dev/null; then
  pass
else
  fail "model with a separate guide file"
fi

if "$ppl" check "$here/programs/does_not_exist.ppl" 2>/dev/null; then
  fail "a missing file must exit non-zero"
else
  pass
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
expect_in() {  # file text description
  if grep -qF -- "$2" "$1"; then pass; else fail "$3: no '$2' in: $(head -c 600 "$1")"; fi
}

# A data entry nothing uses is a located warning naming the likely site.
printf 'data {\n  N: int\n  y: real[N]\n}\nmodel {\n  mu ~ Normal(0, 1)\n  plate i in N {\n    yy ~ Normal(mu, 1)\n  }\n}\n' > "$work/unused.ppl"
"$ppl" check "$work/unused.ppl" >/dev/null 2>"$work/err" && pass || fail "unused data is a warning, not an error"
expect_in "$work/err" "unused.ppl:3:3: warning: data entry 'y' is used by no site" "unused data warning"
expect_in "$work/err" "'yy'" "unused data warning names the site"

# check --guide runs the guide against the model as fit does: a guide whose
# support is wider than the model's is an error located in the guide file.
printf 'model {\n  s ~ HalfNormal(1)\n}\n' > "$work/m.ppl"
printf '# a guide\nguide {\n  param m = 0.0\n  s ~ Normal(m, 1)\n}\n' > "$work/g.ppl"
"$ppl" check "$work/m.ppl" --guide "$work/g.ppl" >/dev/null 2>"$work/err"
[ $? -eq 1 ] && pass || fail "check --guide with a support mismatch must exit 1"
expect_in "$work/err" "g.ppl:4:3: error: guide site 's' draws from Normal with support real" "support mismatch located in the guide file"

# A runtime error in a guide file names the guide file and its line.
printf '# a guide\nguide {\n  param m = 0.0\n  s ~ LogNormal(m, -1)\n}\n' > "$work/g2.ppl"
"$ppl" fit "$work/m.ppl" --guide "$work/g2.ppl" --steps 10 --quiet >/dev/null 2>"$work/err"
[ $? -eq 1 ] && pass || fail "a runtime error in the guide must exit 1"
expect_in "$work/err" "g2.ppl:4:" "runtime error located in the guide file"
if grep -q "m.ppl: error" "$work/err"; then fail "runtime error of the guide blamed on the model file"; else pass; fi

# A discrete latent under an autoguide: located, and no talk of HMC alone.
printf 'model {\n  k ~ Poisson(3)\n}\n' > "$work/discrete.ppl"
"$ppl" fit "$work/discrete.ppl" --guide auto_normal --steps 10 --quiet >/dev/null 2>"$work/err"
expect_in "$work/err" "discrete.ppl:2:3" "discrete latent under an autoguide is located"
expect_in "$work/err" "the autoguides need continuous latent sites" "the message names the autoguides"

report check_command
