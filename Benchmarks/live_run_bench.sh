#!/usr/bin/env bash
# A paced live run against a stand-in for a production tenant, in real time: the mock with its
# admin API off (`mock --no-admin`: the runner sees a live platform, the mock keeps state and
# enforces the documented rate limits), two runs with writes one after the other on the same
# tenant. Prints per run: the plan's least wall time (the floor the documented limits impose),
# the wall time, its ratio to the floor, objects created per endpoint (successful creates in
# results.json, reused fixtures not counted), and the verdict counts.
# Usage: Benchmarks/live_run_bench.sh [runs=2]   (SCRATCH=DIR picks the build folder; default .build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-2}"
scratch="${SCRATCH:-.build}"
swift build --scratch-path "$scratch" >/dev/null
BIN="$(swift build --scratch-path "$scratch" --show-bin-path)/feishu-conformance"
work=$(mktemp -d /tmp/live-bench.XXXXXX)
"$BIN" mock --no-admin --app cli_bench_a:bench-secret-a --app cli_bench_b:bench-secret-b --reports "$work/mock" >"$work/mock.out" 2>"$work/mock.err" &
MPID=$!
trap 'kill "$MPID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q listening "$work/mock.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$work/mock.out" | head -1)
export FEISHU_APP_ID=cli_bench_a FEISHU_APP_SECRET=bench-secret-a FEISHU_SECOND_APP_ID=cli_bench_b FEISHU_SECOND_APP_SECRET=bench-secret-b
echo "machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ); tenant: $URL (mock --no-admin)"
for n in $(seq 1 "$runs"); do
    "$BIN" run --base-url "$URL" --plan --allow-writes --max-writes 400 >"$work/plan$n.md"
    start=$(date +%s.%N)
    set +e
    "$BIN" run --base-url "$URL" --allow-writes --max-writes 400 --reports "$work/run$n" --quiet >/dev/null 2>"$work/run$n.err"
    code=$?
    set -e
    end=$(date +%s.%N)
    python3 - "$work/plan$n.md" "$work/run$n/results.json" "$start" "$end" "$code" "$n" <<'PY'
import json, re, sys, pathlib
plan, results, start, end, code, n = sys.argv[1:]
text = pathlib.Path(plan).read_text()
m = re.search(r"\*\*Least wall time\*\* under the documented rate limits: (?:(\d+):)?(\d+):(\d+)", text)
floor = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3))) if m else float("nan")
planned = re.search(r"\*\*Objects created\*\*: (\d+)", text)
run = json.loads(pathlib.Path(results).read_text())
creating = {}
for spec in pathlib.Path("Specs").glob("*.json"):
    s = json.loads(spec.read_text())
    if any(b.get("kind") == "creates" for b in s.get("behaviours", [])):
        creating[s["method"].upper() + " " + re.sub(r":[a-z_]+", "*", s["path"])] = s["id"]
objects, statuses = {}, {}
for case in run["cases"]:
    statuses[case["status"]] = statuses.get(case["status"], 0) + 1
    for x in case.get("exchanges", []):
        if x.get("httpStatus") == 200 and x.get("code") == 0:
            key = x["method"] + " " + x["path"].split("?")[0]
            if key in creating:
                objects[creating[key]] = objects.get(creating[key], 0) + 1
wall = float(end) - float(start)
total = sum(objects.values())
print(f"run {n}: exit {code}; wall {wall:.1f} s; floor {floor} s; ratio {wall / floor:.2f}; objects {total} "
      f"(plan {planned.group(1) if planned else '?'}): " + ", ".join(f"{k} {v}" for k, v in sorted(objects.items()))
      + "; cases: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
PY
done
