#!/usr/bin/env bash
# The catalog form at scale: `generate` plus a clean debug `swift build` of the whole package for
# N synthetic endpoint specs (Benchmarks/generator_specs.py: variations of the shipped specs), beside
# the same for the shipped specs in the same run (the reference: the machine is noisy). Each build
# runs in a copy of the committed tree (git archive of HEAD) with a scratch folder of its own.
# Prints per set: endpoints, cases, generated Swift lines and bytes, generate seconds, build seconds.
# usage: Benchmarks/catalog_build_bench.sh [N=200] [REV=HEAD]   (REV: the commit whose tree and generator are built)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-200}"
rev="${2:-HEAD}"
root="$(pwd)"
work="$(mktemp -d /tmp/catalog-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" && git archive "$rev" | tar -x -C "$work/src"
(cd "$work/src" && swift build --scratch-path "$work/tool" >/dev/null)
BIN="$(cd "$work/src" && swift build --scratch-path "$work/tool" --show-bin-path)/feishu-conformance"
echo "rev: $(git rev-parse --short "$rev"); machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ), $(swift --version 2>/dev/null | head -1)"
for set in shipped "n$n"; do
    tree="$work/$set"
    mkdir -p "$tree"
    git -C "$root" archive "$rev" | tar -x -C "$tree"
    if [ "$set" != shipped ]; then
        rm -f "$tree"/Specs/*.v*.json
        python3 Benchmarks/generator_specs.py Specs "$tree/Specs.synthetic" "$n"
        cp "$tree"/Specs.synthetic/*.json "$tree/Specs/"
        rm -rf "$tree/Specs.synthetic"
    fi
    endpoints=$(ls "$tree"/Specs/*.json | grep -v -e platform.json -e schema.json | wc -l)
    start=$(date +%s.%N)
    "$BIN" generate --specs "$tree/Specs" >/dev/null 2>&1
    mid=$(date +%s.%N)
    (cd "$tree" && swift build --scratch-path "$work/build-$set" >/dev/null 2>"$work/build-$set.err") || { cat "$work/build-$set.err"; exit 1; }
    end=$(date +%s.%N)
    lines=$(cat "$tree"/Sources/ConformanceCatalog/Generated/*.swift "$tree"/Tests/ConformanceCatalogTests/Generated/*.swift | wc -l)
    bytes=$(cat "$tree"/Sources/ConformanceCatalog/Generated/*.swift "$tree"/Tests/ConformanceCatalogTests/Generated/*.swift | wc -c)
    cases=$(grep -h -c -e '^{"covers"' -e '^        id: "' "$tree"/Sources/ConformanceCatalog/Generated/*.swift | paste -sd+ | bc)
    python3 -c "import sys; s,m,e=map(float,sys.argv[1:4]); print(f'$set: $endpoints endpoints, $cases cases, $lines generated lines ($bytes bytes); generate {m-s:.1f} s; clean debug build {e-m:.1f} s; both {e-s:.1f} s')" "$start" "$mid" "$end"
done
