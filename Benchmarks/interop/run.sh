#!/usr/bin/env bash
# Interop check with the official Python SDK (lark-oapi): throwaway venv, start the mock on a free
# port, drive all five endpoints sync and async, check the journal. Exit status is the script's.
#   Benchmarks/interop/run.sh            (from the repository root)
# Env: SCRATCH (swift scratch path, default .build-mock), VENV (reuse a venv), REPORTS (mock report dir).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH="${SCRATCH:-.build-mock}"
WORK="$(mktemp -d)"
VENV="${VENV:-$WORK/venv}"
REPORTS="${REPORTS:-$WORK/reports}"
LOG="$WORK/mock.log"
MOCK_PID=""
# Stop the mock: its process group (swift test and the test binary it started), nothing else.
cleanup() { if [ -n "$MOCK_PID" ]; then kill -- -"$MOCK_PID" 2>/dev/null || kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q lark-oapi
fi

# Prefer the CLI's mock subcommand; fall back to the env-guarded serving test.
swift build --scratch-path "$SCRATCH" >/dev/null
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/feishu-conformance"
set -m  # background jobs get their own process group, so cleanup stops exactly them
if "$BIN" mock --help >/dev/null 2>&1; then
  "$BIN" mock --port 0 --reports "$REPORTS" >"$LOG" 2>&1 &
else
  FEISHU_MOCK_SERVE=1 FEISHU_MOCK_REPORTS="$REPORTS" FEISHU_MOCK_ADDRESS_FILE="$WORK/address" swift test --scratch-path "$SCRATCH" --filter 'MockServeTests' >"$LOG" 2>&1 &
fi
MOCK_PID=$!
set +m
URL=""
for _ in $(seq 1 600); do
  URL="$(cat "$LOG" "$WORK/address" 2>/dev/null | grep -o 'listening on http://[0-9.]*:[0-9]*' | head -1 | sed 's/listening on //')" || true
  [ -n "$URL" ] && break
  kill -0 "$MOCK_PID" 2>/dev/null || { cat "$LOG"; echo "mock exited before listening" >&2; exit 2; }
  sleep 0.5
done
[ -n "$URL" ] || { echo "mock did not print its address" >&2; exit 2; }
echo "mock at $URL"
"$VENV/bin/python" Benchmarks/interop/lark_oapi_interop.py --base-url "$URL" --specs Specs
STATUS=$?
sleep 1.2
[ -f "$REPORTS/mock-report.md" ] && { echo; cat "$REPORTS/mock-report.md"; }
exit $STATUS
