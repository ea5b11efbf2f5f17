#!/usr/bin/env bash
# Times `generate` for 10, 100 and 1,000 synthetic endpoint specs (variations of the shipped ones).
# usage: Benchmarks/generator_bench.sh [SPECS_DIR]   (default: Specs/, or the generator's reference set when Specs/ has no platform.json)
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:-Specs}"
[ -f "$src/platform.json" ] || src="Tests/ConformanceGeneratorTests/Resources/Reference/Specs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for n in 10 100 1000; do python3 Benchmarks/generator_specs.py "$src" "$work/n$n/Specs" "$n"; done
swift build -c release --scratch-path "${SCRATCH:-.build-generator-release}" -Xswiftc -enable-testing --build-tests >/dev/null
GENERATOR_BENCH_DIRS="$work/n10/Specs:$work/n100/Specs:$work/n1000/Specs" \
  swift test -c release --scratch-path "${SCRATCH:-.build-generator-release}" -Xswiftc -enable-testing --skip-build \
  --filter GeneratorBenchmark 2>&1 | grep '^bench'
