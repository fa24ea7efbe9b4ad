# Pass/fail counting shared by the end-to-end scripts: `source` it, call
# pass or fail "what went wrong" per check, and end with `report NAME`,
# which prints the counts and fails when any check did. expect_code and
# expect_text check a command's exit code and a text in a file.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
report() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
# A command's exit code and a text in a file, for scripts that set $work.
expect_code() {  # expected-code description command...
  local want="$1" what="$2"; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else fail "$what: exit $got, expected $want"; cat "$work/err"; fi
}
expect_text() {  # file text description
  if grep -qF -- "$2" "$1"; then pass; else fail "$3: no '$2' in $(head -c 400 "$1")"; fi
}
