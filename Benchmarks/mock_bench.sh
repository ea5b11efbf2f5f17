#!/usr/bin/env bash
# FeishuMock benchmarks: wrk throughput of badge list and badge create through the whole mock
# (auth, validation, state, journal; rate limits lifted) beside a bare HTTPServer answering a fixed
# body in the same run (GET, and the create POST script); then memory with 1000 badges in each of 100 tenants.
# Last, in-process ns per create and list request with 1 and 2 threads (FEISHU_MOCK_BENCH=inprocess).
# Needs: apt-get install -y wrk. Usage: Benchmarks/mock_bench.sh [seconds=10] [connections=32] [rounds=3]
# Each round runs bare, list, create, bare-post in turn; medians and share-of-bare are printed last
# (the machine is shared, so single runs swing by tens of percent).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; conns="${2:-32}"; rounds="${3:-3}"
scratch="${SCRATCH:-.build-mock-release}"
work=$(mktemp -d /tmp/mock-bench.XXXXXX)
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$scratch" >/dev/null
run_test() {  # mode filter
    FEISHU_MOCK_BENCH="$1" FEISHU_MOCK_BENCH_DIR="$work" \
        swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path "$scratch" \
        --filter "FeishuMockTests.MockBenchServe/$2" >"$work/$1.log" 2>&1
}
run_test serve serve &
SWRAP=$!
trap 'kill "$SWRAP" 2>/dev/null || true; [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [ -s "$work/ports" ] && break; sleep 0.2; done
read -r MPORT BPORT SPID <"$work/ports"
read -r TOKEN0 IMAGE0 <"$work/tenants"

cat >"$work/create.lua" <<LUA
-- Unique names per thread and request; the bench tenants in turn (quota 1000 each).
local tenants = {}
for line in io.lines("$work/tenants") do
  local t, k = line:match("(%S+) (%S+)")
  tenants[#tenants + 1] = { t, k }
end
-- The round number (wrk ... -- ROUND) keeps names unique across rounds.
local counter, id = 0, 0
function setup(thread) id = id + 1; thread:set("tid", id) end
function init(args) round = args[1] or "0" end
function request()
  counter = counter + 1
  local t = tenants[(counter % #tenants) + 1]
  local body = string.format('{"name":"w%s-%d-%d","detail_image":"%s","show_image":"%s"}', round or "0", tid or 0, counter, t[2], t[2])
  return wrk.format("POST", "/open-apis/admin/v1/badges",
    { ["Authorization"] = "Bearer " .. t[1], ["Content-Type"] = "application/json; charset=utf-8" }, body)
end
LUA
cat >"$work/status.lua" <<'LUA'
local codes = {}
function response(status) codes[status] = (codes[status] or 0) + 1 end
LUA

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%dT%H:%MZ), $(swift --version 2>&1 | head -1)"
bench() {  # label url [script]
    local extra=()
    [ -n "${3:-}" ] && extra=(-s "$3")
    wrk -t2 -c"$conns" -d"${secs}s" --latency "${extra[@]}" -H "Authorization: Bearer $TOKEN0" "$2" -- "$round-$1" >"$work/wrk-$1.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$1.txt"); p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$1.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$1.txt"); errs=$(grep -E "Socket errors" "$work/wrk-$1.txt" | xargs || true)
    echo "$1: ${rps} req/s, p50 ${p50}, p99 ${p99}, non-2xx ${non2xx:-0} ${errs}" | tee -a "$work/rounds.txt"
}
for round in $(seq 1 "$rounds"); do
    bench bare "http://127.0.0.1:$BPORT/fixed"
    bench list "http://127.0.0.1:$MPORT/open-apis/admin/v1/badges?page_size=20"
    bench create "http://127.0.0.1:$MPORT/open-apis/admin/v1/badges" "$work/create.lua"
    # The same POST script against the bare server (it answers any path): the reference for create,
    # as wrk's Lua request generation costs the shared cores about twice what a fixed GET does.
    bench bare-post "http://127.0.0.1:$BPORT/open-apis/admin/v1/badges" "$work/create.lua"
done
median() { awk -v n="$1:" '$1==n {print $2}' "$work/rounds.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median bare); ml=$(median list); mc=$(median create); mp=$(median bare-post)
echo "median: bare ${mb}, list ${ml} ($(awk -v a="$ml" -v b="$mb" 'BEGIN {printf "%.2f", a/b}') of bare), create ${mc} ($(awk -v a="$mc" -v b="$mb" 'BEGIN {printf "%.2f", a/b}') of bare, $(awk -v a="$mc" -v b="$mp" 'BEGIN {printf "%.2f", a/b}') of bare-post ${mp})"
# Per-round shares (each mock run against the bare runs of its own round, seconds apart), and their medians:
# steadier than a ratio of medians when other jobs load the machine in some rounds only.
awk '{ v[$1] = $2 } $1 == "bare-post:" { n++; l[n] = v["list:"] / v["bare:"]; c[n] = v["create:"] / v["bare-post:"]; g[n] = v["create:"] / v["bare:"];
      printf "round %d: list %.2f of bare, create %.2f of bare-post (%.2f of bare)\n", n, l[n], c[n], g[n] }
     function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
     END { printf "median of rounds: list %.2f of bare, create %.2f of bare-post (%.2f of bare)\n", med(l, n), med(c, n), med(g, n) }' "$work/rounds.txt"
curl -s -H "Authorization: Bearer $TOKEN0" "http://127.0.0.1:$MPORT/open-apis/admin/v1/badges?page_size=1" | head -c 200; echo
echo "mock server RSS after the runs: $(awk '/VmRSS/ {print $2, $3}' /proc/$SPID/status)"
kill "$SWRAP" 2>/dev/null || true; kill "$SPID" 2>/dev/null || true; wait "$SWRAP" 2>/dev/null || true

run_test memory memory || { tail -20 "$work/memory.log"; exit 1; }
echo "memory: $(cat "$work/memory")"

# In-process CPU per request (no sockets): `respond` over prebuilt create and list requests, one
# thread and two at once, beside parsing the same requests' bytes (the reference in the same run).
for threads in 1 2; do
    FEISHU_MOCK_BENCH_THREADS=$threads run_test inprocess inprocess || { tail -20 "$work/inprocess.log"; exit 1; }
    echo "in-process, $threads thread(s): $(cat "$work/inprocess")"
done
