#!/usr/bin/env bash
# Proxy interop with the official Python SDK (lark-oapi), in two setups:
#   1. SDK -> feishu-conformance proxy -> mock serving Specs/
#   2. SDK -> feishu-conformance proxy -> mock serving a copy of Specs/ with one documented fact
#      changed (error 1051104 answered with HTTP 500, documented 400)
# and `diff Specs DRIFTED`, which must classify that fact as breaking. The proxy checks traffic
# against the compiled-in specs; each setup's report is checked by lark_oapi_proxy.py check.
#   Benchmarks/interop/proxy_run.sh            (from the repository root)
# Env: SCRATCH (swift scratch path, default .build), VENV (a venv with lark-oapi), KEEP (a directory
# to copy the reports to).
set -euo pipefail
cd "$(dirname "$0")/../.."
SCRATCH="${SCRATCH:-.build}"
WORK="$(mktemp -d)"
VENV="${VENV:-$WORK/venv}"
PIDS=()
# Stops exactly the servers this script started.
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap cleanup EXIT

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q lark-oapi
fi
swift build --scratch-path "$SCRATCH" >/dev/null
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/feishu-conformance"

# start NAME ARGS...: runs the binary in the background, sets URL from its first stdout line.
start() {
  local name="$1"; shift
  "$BIN" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  local pid=$!
  PIDS+=("$pid")
  LAST_PID=$pid
  URL=""
  for _ in $(seq 1 200); do
    URL="$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$WORK/$name.out" 2>/dev/null | head -1 | sed 's/listening on //')" || true
    [ -n "$URL" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/$name.err" >&2
  echo "$name did not start" >&2
  exit 2
}

"$VENV/bin/python" Benchmarks/interop/lark_oapi_proxy.py drift --specs Specs --out "$WORK/drifted"
set +e
"$BIN" diff Specs "$WORK/drifted" --reports "$WORK/diff" 2>"$WORK/diff.err" >/dev/null
DIFF_STATUS=$?
set -e
cat "$WORK/diff.err"
if [ "$DIFF_STATUS" -ne 1 ] || ! grep -q '"class" : "error.httpStatus.changed"\|"class": "error.httpStatus.changed"' "$WORK/diff/diff-results.json"; then
  echo "FAIL diff Specs DRIFTED: expected exit 1 and one error.httpStatus.changed (exit $DIFF_STATUS)" >&2
  exit 1
fi
echo "ok   diff Specs DRIFTED: error.httpStatus.changed, breaking, exit 1"

STATUS=0
for setup in documented drifted; do
  echo
  echo "== $setup: SDK -> proxy -> mock serving $([ "$setup" = drifted ] && echo "the drifted copy of Specs/" || echo "Specs/")"
  if [ "$setup" = drifted ]; then start "mock-$setup" mock --port 0 --specs "$WORK/drifted" --reports "$WORK/mock-$setup"
  else start "mock-$setup" mock --port 0 --reports "$WORK/mock-$setup"; fi
  MOCK_PID=$LAST_PID
  start "proxy-$setup" proxy --upstream "$URL" --port 0 --reports "$WORK/proxy-$setup"
  PROXY_PID=$LAST_PID
  "$VENV/bin/python" Benchmarks/interop/lark_oapi_proxy.py session --base-url "$URL" --specs Specs || STATUS=1
  kill -TERM "$PROXY_PID"; wait "$PROXY_PID" || STATUS=1
  kill -TERM "$MOCK_PID"; wait "$MOCK_PID" || true
  PIDS=()
  tail -1 "$WORK/proxy-$setup.err"
  "$VENV/bin/python" Benchmarks/interop/lark_oapi_proxy.py check --reports "$WORK/proxy-$setup" --setup "$setup" || STATUS=1
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP/$setup"; cp "$WORK/proxy-$setup"/* "$KEEP/$setup/"; fi
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP/diff"; cp "$WORK/diff"/* "$KEEP/diff/"; fi
echo
python3 Benchmarks/junit_check.py --venv "$VENV" "$WORK/proxy-documented/proxy-junit.xml" "$WORK/proxy-drifted/proxy-junit.xml" \
  "$WORK/diff/diff-junit.xml" || STATUS=1
exit $STATUS
