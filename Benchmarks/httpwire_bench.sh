#!/usr/bin/env bash
# HTTPWire benchmarks: wrk small-JSON throughput vs nginx serving the same bytes, and
# 8 concurrent 10 MB multipart uploads (ingest MB/s, server peak RSS).
# Needs: apt-get install -y wrk nginx; python3. Usage: Benchmarks/httpwire_bench.sh [seconds=10] [connections=64] [rounds=3]
# The two servers are measured alternately, `rounds` times each; the medians are printed last
# (the machine is shared, so single runs swing by tens of percent).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"; conns="${2:-64}"; rounds="${3:-3}"
scratch="${SCRATCH:-.build-httpwire-release}"
work=$(mktemp -d /tmp/httpwire-bench.XXXXXX)
swift build -c release --build-tests -Xswiftc -enable-testing --scratch-path "$scratch" >/dev/null

start_server() {  # starts the env-guarded serving test; sets SPORT and SPID
    rm -f "$work/port"
    HTTPWIRE_BENCH_SERVE=1 HTTPWIRE_BENCH_PORT_FILE="$work/port" \
        swift test -c release -Xswiftc -enable-testing --skip-build --scratch-path "$scratch" \
        --filter "HTTPWireTests.BenchServe" >"$work/server.log" 2>&1 &
    SWRAP=$!
    for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
    read -r SPORT SPID <"$work/port"
}
stop_server() { kill "$SPID" 2>/dev/null || true; wait "$SWRAP" 2>/dev/null || true; }

# nginx on a free port, same JSON bytes, worker_processes auto, access log off.
json=$(sed -n 's/.*static let json = Data(#"\(.*\)"#.utf8)/\1/p' Tests/HTTPWireTests/BenchServe.swift)
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nport;
    location / { default_type application/json; return 200 '$json'; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
trap 'kill $(cat "$work/nginx/nginx.pid") 2>/dev/null || true; stop_server' EXIT

start_server
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%dT%H:%MZ)"
for round in $(seq 1 "$rounds"); do
for target in "httpwire http://127.0.0.1:$SPORT/json" "nginx http://127.0.0.1:$nport/json"; do
    set -- $target
    curl -s "$2" | cmp -s - <(printf '%s' "$json") || echo "WARNING: $1 body differs"
    wrk -t2 -c"$conns" -d"${secs}s" --latency "$2" >"$work/wrk-$1.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$1.txt"); p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$1.txt")
    errs=$(grep -E "Socket errors|Non-2xx" "$work/wrk-$1.txt" | tr '\n' ' ' || true)
    echo "wrk $1 round $round: ${rps} req/s, p50 ${p50}, p99 ${p99} ${errs}" | tee -a "$work/rounds.txt"
done
done
for name in httpwire nginx; do
    median=$(awk -v n="$name" '$2==n {print $5}' "$work/rounds.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "median $name: $median req/s"
done
stop_server

start_server  # fresh process so its peak RSS reflects the uploads only
echo "upload: $(python3 Benchmarks/httpwire_upload.py "$SPORT" "$SPID" 8 3 10)"
echo "fds open in server after uploads: $(ls /proc/$SPID/fd | wc -l)"
