# Pass/fail counting shared by the end-to-end scripts: `source` it, call
# pass or fail "what went wrong" per check, and end with `report NAME`,
# which prints the counts and fails when any check did.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
report() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
