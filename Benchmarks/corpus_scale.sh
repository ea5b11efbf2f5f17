#!/usr/bin/env bash
# Whole-corpus scale (issue 15): every endpoint page of ../shared/feishu-docs imported into a
# temporary directory, then
#   (a) `mock --specs` over all of them: time to its "listening on" line and to a first request
#       served, and its memory after start (VmRSS, VmHWM);
#   (b) the mock serves every imported endpoint: one request per spec (its method, its path with
#       the parameters filled, no token) is routed to that spec (the journal names it), never
#       answered as an unknown path (platform.json's routing.notFound code);
#   (c) `run --specs` over all of them against the embedded mock: wall time, peak RSS, case counts,
#       the share of endpoints with 0 failures, and the endpoints with failures grouped by rule.
# Writes nothing into the repository. Exits 1 on a crash, a hang (TIMEOUT), an endpoint the mock
# does not serve, or (release build only) a start over MAX_START seconds; the failures of (c) are
# reported, not enforced.
#
# usage: Benchmarks/corpus_scale.sh [DOCS_DIR]        (default ../shared/feishu-docs)
#   BIN=path     a built feishu-conformance (.ci/run passes its debug build): its figures are
#                reported and the start time is not enforced; without BIN the release build is
#                made and used
#   MAX_START    most seconds from launch to the first request served, release only (default 2)
#   RUNS         mock starts to time, the median is reported           (default 3; 1 with BIN)
#   TIMEOUT      most seconds for `run` over the corpus                (default 1200)
#   KEEP=dir     copy the imported specs, the run's reports and the summary there
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS="${1:-../shared/feishu-docs}"
MAX_START="${MAX_START:-2}"
TIMEOUT="${TIMEOUT:-1200}"
if [ ! -d "$DOCS" ]; then echo "corpus_scale: no $DOCS (the platform's GFM export)" >&2; exit 2; fi

build="given"
if [ -z "${BIN:-}" ]; then
  swift build -c release --product feishu-conformance >/dev/null
  BIN="$(swift build -c release --show-bin-path)/feishu-conformance"
  build="release"
  RUNS="${RUNS:-3}"
fi
RUNS="${RUNS:-1}"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

work="$(mktemp -d)"
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp -R "$work/specs" "$work/reports" "$work/summary.txt" "$KEEP/" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
status=0
say() { echo "$*" | tee -a "$work/summary.txt"; }
: >"$work/summary.txt"

say "== whole-corpus scale: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $build build at $BIN"

# Import. Exit 1 means some pages had warnings (listed by `import`); 2 is a usage error.
start=$(date +%s.%N)
set +e
"$BIN" import --out "$work/specs" "$DOCS" >"$work/import.txt" 2>"$work/import.err"
code=$?
set -e
if [ "$code" -ge 2 ]; then cat "$work/import.err" >&2; echo "FAIL: import exited $code" >&2; exit 1; fi
endpoints=$(find "$work/specs" -name '*.json' ! -name platform.json | wc -l)
say "import: $endpoints endpoint specs from $(grep -m1 '^pages read' "$work/import.txt" | sed 's/pages read: //') pages in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s ($(du -sh "$work/specs" | cut -f1) of JSON); import exit $code"

# (a) and (b): the mock over every spec. A Python helper times the start to the microsecond,
# reads the mock's memory from /proc and sends one request per spec over one connection.
cat >"$work/mock_check.py" <<'PY'
import http.client, json, os, subprocess, sys, time, urllib.parse
binary, specs, reports, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) // 1024
    return fields

def cpu_seconds(pid):
    """User plus system CPU time of the process so far: what the start costs whatever the load."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def start():
    t0 = time.monotonic()
    proc = subprocess.Popen([binary, "mock", "--specs", specs, "--port", "0", "--reports", reports],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    t1 = time.monotonic()
    cpu = cpu_seconds(proc.pid)
    if not line.startswith("listening on http://"):
        proc.kill()
        sys.exit(f"mock did not start: {line!r} {proc.stderr.read()[-2000:]}")
    hostport = line.strip().split("//", 1)[1]
    conn = http.client.HTTPConnection(hostport, timeout=30)
    conn.request("GET", "/__mock/health")
    reply = conn.getresponse()
    reply.read()
    t2 = time.monotonic()
    if reply.status != 200:
        sys.exit(f"mock health answered {reply.status}")
    return proc, hostport, conn, t1 - t0, t2 - t0, cpu

platform = json.load(open(os.path.join(specs, "platform.json")))
not_found = platform["roles"]["notFound"]["code"]
method_mismatch = platform["roles"]["methodMismatch"]["code"]
endpoints = []
for name in sorted(os.listdir(specs)):
    if name.endswith(".json") and name != "platform.json":
        spec = json.load(open(os.path.join(specs, name)))
        endpoints.append((spec["id"], spec["method"].upper(), spec["path"]))

starts = []
for i in range(runs):
    proc, hostport, conn, listening, served, cpu = start()
    starts.append((listening, served, cpu))
    if i < runs - 1:
        proc.terminate(); proc.wait(timeout=30)
mem = memory(proc.pid)

# (b) one request per spec, in order; the journal then names the endpoint each was routed to.
seen, sent = {}, []
for endpoint_id, method, path in endpoints:
    filled = "/".join("x" + part[1:] if part.startswith(":") else part for part in path.split("/"))
    target = urllib.parse.quote(filled, safe="/:@!$&'()*+,;=-._~")
    body = b"{}" if method in ("POST", "PUT", "PATCH") else None
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, target, body=body, headers=headers)
    reply = conn.getresponse()
    data = reply.read()
    try:
        code = json.loads(data).get("code")
    except ValueError:
        code = None
    seen.setdefault((method, path), []).append(endpoint_id)
    sent.append((endpoint_id, method, path, reply.status, code))
conn.request("GET", "/__mock/journal")
journal = json.loads(conn.getresponse().read())["entries"]
mem_after = memory(proc.pid)
proc.terminate(); proc.wait(timeout=60)

unknown, misrouted, shadowed = [], [], []
for (endpoint_id, method, path, status, code), entry in zip(sent, journal):
    if code == not_found or code == method_mismatch:
        unknown.append(f"{endpoint_id}: {method} {path} -> HTTP {status}, code {code}")
    elif entry.get("endpoint") != endpoint_id:
        twins = seen[(method, path)]
        (shadowed if len(twins) > 1 else misrouted).append(
            f"{endpoint_id}: {method} {path} served as {entry.get('endpoint')}" + (f" (same method and path as {', '.join(t for t in twins if t != endpoint_id)})" if len(twins) > 1 else ""))
served = len(endpoints) - len(unknown) - len(misrouted) - len(shadowed)
listening = sorted(s[0] for s in starts)[len(starts) // 2]
first = sorted(s[1] for s in starts)[len(starts) // 2]
cpu = sorted(s[2] for s in starts)[len(starts) // 2]
result = {"listening": listening, "served": first, "cpu": cpu, "starts": starts, "rss_mb": mem.get("VmRSS"), "hwm_mb": mem.get("VmHWM"),
          "rss_after_mb": mem_after.get("VmRSS"), "endpoints": len(endpoints), "routed": served, "journal": len(journal),
          "unknown": unknown, "misrouted": misrouted, "shadowed": shadowed}
json.dump(result, open(out, "w"), indent=1)
PY

set +e
timeout 600 python3 "$work/mock_check.py" "$BIN" "$work/specs" "$work/mock-reports" "$RUNS" "$work/mock.json"
code=$?
set -e
if [ "$code" -ne 0 ]; then echo "FAIL: the mock check exited $code (124: timed out)" >&2; exit 1; fi
python3 - "$work/mock.json" "$build" "$MAX_START" <<'PY' | tee -a "$work/summary.txt"
import json, sys
r = json.load(open(sys.argv[1]))
runs = ", ".join(f"{a:.2f}/{b:.2f}/{c:.2f}" for a, b, c in r["starts"])
print(f"mock start ({len(r['starts'])} run(s), listening/first reply/CPU: {runs} s): 'listening on' after {r['listening']:.2f} s, "
      f"first request served after {r['served']:.2f} s, {r['cpu']:.2f} s of CPU until listening; RSS {r['rss_mb']} MB after start (high-water {r['hwm_mb']} MB), "
      f"{r['rss_after_mb']} MB after one request per endpoint")
print(f"mock serves: {r['routed']} of {r['endpoints']} endpoints routed to their own spec; "
      f"{len(r['unknown'])} answered as an unknown path or method, {len(r['misrouted'])} routed to another spec, "
      f"{len(r['shadowed'])} shadowed by another spec with the same method and path")
for line in (r["unknown"] + r["misrouted"] + r["shadowed"])[:20]:
    print("  " + line)
PY
read -r served_s routed total unknown misrouted < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["served"], r["routed"], r["endpoints"], len(r["unknown"]), len(r["misrouted"]))' "$work/mock.json")
if [ "$unknown" -gt 0 ] || [ "$misrouted" -gt 0 ]; then
  echo "FAIL: the mock does not serve every imported endpoint ($unknown unknown, $misrouted misrouted)" >&2; status=1
fi
if [ "$build" = "release" ] && awk -v a="$served_s" -v b="$MAX_START" 'BEGIN { exit !(a > b) }'; then
  echo "FAIL: the mock took ${served_s} s to serve a first request, over ${MAX_START} s" >&2; status=1
fi

# (c) run over every spec against the embedded mock. /usr/bin/time -v gives the peak RSS; without
# it, /proc is polled.
run_cmd=("$BIN" run --specs "$work/specs" --reports "$work/reports" --quiet)
start=$(date +%s.%N)
set +e
if [ -x /usr/bin/time ]; then
  timeout "$TIMEOUT" /usr/bin/time -v -o "$work/time.txt" "${run_cmd[@]}" >"$work/run.out" 2>"$work/run.err"
  code=$?
  peak_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/time.txt" 2>/dev/null)
  cpu=$(awk -F: '/User time|System time/ { s += $2 } END { printf "%.1f s CPU, ", s }' "$work/time.txt" 2>/dev/null)
else
  timeout "$TIMEOUT" "${run_cmd[@]}" >"$work/run.out" 2>"$work/run.err" &
  pid=$!
  peak_kb=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(pgrep -P "$pid" | head -1 | xargs -I{} awk '/VmHWM/ { print $2 }' /proc/{}/status 2>/dev/null || true)
    [ -n "$rss" ] && [ "$rss" -gt "$peak_kb" ] && peak_kb=$rss
    sleep 0.5
  done
  wait "$pid"
  code=$?
fi
set -e
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [ "$code" -ge 2 ] || [ ! -f "$work/reports/results.json" ]; then
  tail -30 "$work/run.err" >&2
  case "$code" in
    124) echo "FAIL: run over the corpus did not finish within ${TIMEOUT} s (hang)" >&2 ;;
    *) echo "FAIL: run over the corpus exited $code (2: usage or connection error; over 128: killed by signal $((code - 128)))" >&2 ;;
  esac
  exit 1
fi
say "run: exit $code in ${wall} s wall, ${cpu:-}peak RSS $(( ${peak_kb:-0} / 1024 )) MB; $(tail -1 "$work/run.err")"

# Counts, the share of endpoints with 0 failures, and the failing endpoints grouped by rule.
python3 - "$work/reports/results.json" <<'PY' | tee -a "$work/summary.txt"
import collections, json, re, sys
r = json.load(open(sys.argv[1]))
cases = r["cases"]
by_status = collections.Counter(c["status"] for c in cases)
by_endpoint = collections.defaultdict(collections.Counter)
for c in cases:
    by_endpoint[c["endpointID"]][c["status"]] += 1
ids = [e["id"] for e in r["endpoints"]]
clean = [e for e in ids if by_endpoint[e]["failed"] == 0 and by_endpoint[e]["error"] == 0]
spotless = [e for e in clean if by_endpoint[e]["warning"] == 0]
print(f"cases: {len(cases)} ({', '.join(f'{n} {s}' for s, n in by_status.most_common())}) over {len(ids)} endpoints")
print(f"endpoints with 0 failures (no case failed or errored): {len(clean)} of {len(ids)} ({100 * len(clean) / max(len(ids), 1):.1f}%); "
      f"with no warning either: {len(spotless)} ({100 * len(spotless) / max(len(ids), 1):.1f}%)")
baselines = collections.Counter(c["status"] for c in cases if c["caseID"].endswith("/request/baseline"))
print(f"cases exercised: {len(cases) - by_status['skipped']} of {len(cases)} ({100 * (len(cases) - by_status['skipped']) / max(len(cases), 1):.1f}%); "
      f"success baselines: {', '.join(f'{n} {s}' for s, n in baselines.most_common())} (a skipped baseline: no successful call exercised)")

def family(rule):
    """A rule without the field it names: request.name.maxLength -> request.*.maxLength."""
    parts = rule.split(".")
    if parts[0] in ("request", "response") and len(parts) > 2:
        return f"{parts[0]}.*.{parts[-1]}"
    if parts[0] == "errors" and len(parts) > 2:
        return "errors.<code>." + parts[-1]
    if parts[0] == "behaviours" and len(parts) > 2:
        return ".".join(parts[:2]) + ".*"
    return re.sub(r"\d{5,}", "<code>", rule)

def grouped(statuses, severity, title):
    groups = collections.defaultdict(lambda: {"endpoints": set(), "cases": 0, "example": None})
    for c in cases:
        if c["status"] not in statuses:
            continue
        if c["status"] == "error":
            rules = {"error (could not complete): " + (c.get("skipReason") or "")[:60]}
        else:
            rules = {family(f["rule"]) for f in c["findings"] if f["severity"] == severity} or {f"{c['status']} without a {severity} finding"}
        for rule in rules:
            g = groups[rule]
            g["endpoints"].add(c["endpointID"])
            g["cases"] += 1
            g["example"] = g["example"] or c["caseID"]
    print(f"{title} (top 20 by endpoints; a case may count under several rules): {'none' if not groups else ''}")
    for rule, g in sorted(groups.items(), key=lambda kv: (-len(kv[1]["endpoints"]), -kv[1]["cases"], kv[0]))[:20]:
        names = sorted(g["endpoints"])
        print(f"  {len(names):5d} endpoints {g['cases']:6d} cases  {rule}  e.g. {g['example']}")
        print(f"        {', '.join(names[:6])}{' ...' if len(names) > 6 else ''}")

grouped(("failed", "error"), "failure", "endpoints with failures, by failing rule")
grouped(("warning",), "warning", "endpoints with warnings (inferred expectations missed, drift), by rule")

# Why the rest were not exercised: the reason up to its first parenthesis, numbers and names of
# path parameters folded.
reasons = collections.Counter()
for c in cases:
    if c["status"] == "skipped":
        reason = re.sub(r"\(the :\S+ segment", "(the :<param> segment", c.get("skipReason") or "")
        reasons[re.sub(r"\d+", "N", reason.split(" (")[0])[:150]] += 1
print("not exercised, by reason (top 8):")
for reason, n in reasons.most_common(8):
    print(f"  {n:6d}  {reason}")
PY
echo "summary: $work/summary.txt$( [ -n "${KEEP:-}" ] && echo " (kept in $KEEP)" )"
exit $status
