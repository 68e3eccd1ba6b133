#!/usr/bin/env bash
# The one test command: set-up (idempotent), typecheck, then every test with
# node's test runner: unit/integration (src/**/*.test.ts) and e2e
# (test/e2e/**/*.test.ts, real kubectl against a real k8ts process).
# Exits non-zero on any failure; ends with node's summary (# tests/# pass/# fail).
#
# Arguments, if any, are test files to run instead of all of them.
# Environment:
#   K8TS_SKIP_SETUP=1    do not run scripts/setup.sh first
#   K8TS_TEST_CONCURRENCY number of test files run at once (default 2)
#   K8TS_TESTS=unit|e2e  only src/**/*.test.ts, or only test/e2e/**/*.test.ts (default: all)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

step() { printf '\n==> %s\n' "$*"; }
started=$SECONDS

if [ "${K8TS_SKIP_SETUP:-0}" != 1 ]; then
  step "setup (scripts/setup.sh)"
  bash scripts/setup.sh
fi

step "typecheck (tsc --noEmit -p .)"
npx --no-install tsc --noEmit -p .
echo "    typecheck ok"

step "collecting test files"
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  case "${K8TS_TESTS:-all}" in
    unit) roots=(src) ;;
    e2e) roots=(test/e2e) ;;
    all) roots=(src test) ;;
    *) echo "test.sh: K8TS_TESTS must be unit, e2e or all" >&2; exit 2 ;;
  esac
  mapfile -t files < <(find "${roots[@]}" -name '*.test.ts' -not -path '*/node_modules/*' | LC_ALL=C sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "test.sh: no test files found" >&2; exit 1
fi
unit=0; e2e=0
for f in "${files[@]}"; do case "$f" in test/e2e/*) e2e=$((e2e + 1)) ;; *) unit=$((unit + 1)) ;; esac; done
echo "    ${#files[@]} files: $unit unit/integration, $e2e e2e"

# A skipped or todo test is a test that did not run; count them so nobody
# mistakes a quiet skip for a pass.
step "running tests (node --test, concurrency ${K8TS_TEST_CONCURRENCY:-2})"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
node --import tsx --test \
  --test-concurrency="${K8TS_TEST_CONCURRENCY:-2}" \
  --test-reporter=spec \
  "${files[@]}" 2>&1 | tee "$log" || status=$?

skipped="$(sed -n 's/^ℹ skipped \([0-9]*\)$/\1/p' "$log" | tail -1)"
todo="$(sed -n 's/^ℹ todo \([0-9]*\)$/\1/p' "$log" | tail -1)"
tests="$(sed -n 's/^ℹ tests \([0-9]*\)$/\1/p' "$log" | tail -1)"
pass="$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log" | tail -1)"
fail="$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log" | tail -1)"
cancelled="$(sed -n 's/^ℹ cancelled \([0-9]*\)$/\1/p' "$log" | tail -1)"

echo
echo "# tests ${tests:-0}"
echo "# pass ${pass:-0}"
echo "# fail ${fail:-0}"
echo "# cancelled ${cancelled:-0}"
echo "# skipped ${skipped:-0}"
echo "# todo ${todo:-0}"
echo "# duration $((SECONDS - started))s"

if [ "$status" -ne 0 ]; then
  echo "test.sh: FAILED (node --test exited $status)" >&2; exit "$status"
fi
if [ -z "$tests" ] || [ "$tests" -eq 0 ]; then
  echo "test.sh: FAILED: no test ran" >&2; exit 1
fi
if [ "${skipped:-0}" -ne 0 ] || [ "${todo:-0}" -ne 0 ]; then
  echo "test.sh: FAILED: $skipped skipped and $todo todo tests; every test must run" >&2; exit 1
fi
echo "${pass:-0} passed, ${fail:-0} failed"
