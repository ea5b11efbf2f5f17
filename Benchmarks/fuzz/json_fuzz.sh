#!/usr/bin/env bash
# Fuzz ConformanceSpec's JSON parser (JSONValue.parse) with libFuzzer + AddressSanitizer, checking it
# against Foundation's JSONSerialization and its own round trip (disagreements are saved as findings).
# Usage: Benchmarks/fuzz/json_fuzz.sh [seconds=120]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-120}"
out=.build-json-fuzz; mkdir -p "$out/corpus" "$out/artifacts"; rm -rf "$out/findings"
swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name ConformanceSpec \
    Sources/ConformanceSpec/*.swift Benchmarks/fuzz/json_fuzz.swift -o "$out/json-fuzz" 2> >(grep -v 'Cannot export local symbol' >&2)
# Seeds: the shipped specs (real nesting, CJK text, escapes) and the edge cases a body may carry.
i=0; for f in Specs/*.json; do head -c 4096 "$f" > "$out/corpus/spec$i"; i=$((i+1)); done
printf '{"a":1,"a":2}' > "$out/corpus/dupkey"
printf '["\\ud800","\\udc00x","\\ud83d\\ude00"]' > "$out/corpus/surrogates"
printf '[1e400,-1e-400,123456789012345678901234567890,-0,-0.0,1E+2,0.1e-2]' > "$out/corpus/numbers"
printf '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{"":[]}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]' > "$out/corpus/deep"
printf '\xef\xbb\xbf{"k":"\xe4\xb8\xad\\u0000\\t"}' > "$out/corpus/bom"
printf ' "x" \n' > "$out/corpus/fragment"
SWIFT_BACKTRACE=enable=no "$out/json-fuzz" "$out/corpus" -max_total_time="$secs" -timeout=5 -max_len=4096 \
    -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$out/fuzz.log" 2>&1 || status=$?
grep -aE '^#[0-9]+.*cov:' "$out/fuzz.log" | tail -1 || true
grep -aE '^(Done|stat::)|ERROR|deadly|crash-|timeout-' "$out/fuzz.log" | head -20 || true
echo "findings (kind per file, input beside it in $out/findings):"
cat "$out"/findings/*.txt 2>/dev/null || echo "  none"
exit "${status:-0}"
