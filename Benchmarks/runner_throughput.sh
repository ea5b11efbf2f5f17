#!/usr/bin/env bash
# Runner throughput: a full run of N cases against an in-process target, as cases per second,
# beside the same number of plain requests through the same transport (overhead ratio).
# Usage: Benchmarks/runner_throughput.sh [cases] [debug|release]   (defaults: 400 debug)
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${1:-400}"
CONFIG="${2:-debug}"
SCRATCH=".build-kit"; [ "$CONFIG" = release ] && SCRATCH=".build-kit-release"
echo "machine: $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ; $(date -u +%Y-%m-%d)"
echo "swift: $(swift --version 2>&1 | head -1)"
RUNNER_BENCH=1 RUNNER_BENCH_CASES="$CASES" swift test -c "$CONFIG" --scratch-path "$SCRATCH" \
  --filter 'ConformanceKitTests.Runner(Mock)?Benchmark' 2>&1 | grep -E '^BENCH|passed|failed' | grep -v '^Test Suite' || true
