#!/usr/bin/env bash
# Interop check with the official Python SDK (lark-oapi): throwaway venv, start the mock on a free
# port, run one suite against it, check the journal. Exit status is the script's.
#   Benchmarks/interop/run.sh [curated|imported]     (from the repository root)
#   curated (default): lark_oapi_interop.py, all five curated endpoints sync and async;
#   imported: lark_oapi_imported.py, the imported specs the mock serves by convention (issue 15).
# Env: SCRATCH (swift scratch path, default .build-mock), VENV (reuse a venv), REPORTS (mock report dir).
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-curated}" in
  curated) SCRIPT=Benchmarks/interop/lark_oapi_interop.py ;;
  imported) SCRIPT=Benchmarks/interop/lark_oapi_imported.py ;;
  *) echo "usage: $0 [curated|imported]" >&2; exit 2 ;;
esac
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

# Prefer the CLI's mock subcommand; fall back to the env-guarded serving test when the CLI has none.
swift build --scratch-path "$SCRATCH" >/dev/null
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/feishu-conformance"
set -m  # background jobs get their own process group, so cleanup stops exactly them
start_cli() { "$BIN" mock --port 0 --reports "$REPORTS" >"$LOG" 2>&1 & MOCK_PID=$!; }
start_test() {
  FEISHU_MOCK_SERVE=1 FEISHU_MOCK_REPORTS="$REPORTS" FEISHU_MOCK_ADDRESS_FILE="$WORK/address" \
    swift test --scratch-path "$SCRATCH" --filter 'MockServeTests' >"$LOG" 2>&1 & MOCK_PID=$!
}
wait_url() {  # sets URL, or returns 1 when the server process ends first
  URL=""
  for _ in $(seq 1 600); do
    URL="$(cat "$LOG" "$WORK/address" 2>/dev/null | grep -o 'listening on http://[0-9.]*:[0-9]*' | head -1 | sed 's/listening on //')" || true
    [ -n "$URL" ] && return 0
    kill -0 "$MOCK_PID" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}
start_cli
if ! wait_url; then
  echo "CLI mock unavailable ($(head -c 200 "$LOG")); serving from the env-guarded test" >&2
  cleanup; MOCK_PID=""
  start_test
  wait_url || { cat "$LOG"; echo "mock did not start" >&2; exit 2; }
fi
set +m
echo "mock at $URL"
"$VENV/bin/python" "$SCRIPT" --base-url "$URL" --specs Specs
STATUS=$?
sleep 1.2
[ -f "$REPORTS/mock-report.md" ] && { echo; cat "$REPORTS/mock-report.md"; }
exit $STATUS
