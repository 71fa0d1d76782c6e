#!/bin/sh
# expect-failure.sh PATTERN COMMAND [ARG...]
# Passes when COMMAND exits with status 1 and prints a line matching the
# grep -E PATTERN: proves that a check catches a broken file, for the right
# reason (a crash, a skip or a usage error does not count).
set -u
pattern="$1"
shift
out="$("$@" 2>&1)"
rc=$?
printf '%s\n' "$out"
echo "--- exit status $rc"
if [ "$rc" -eq 77 ]; then
  exit 77    # the check itself was skipped (validator not installed)
fi
if [ "$rc" -ne 1 ]; then
  echo "FAIL: expected exit status 1 from: $*"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -qE -- "$pattern"; then
  echo "FAIL: expected output matching: $pattern"
  exit 1
fi
echo "ok: rejected as expected"
