#!/usr/bin/env bash
# Fuzz the mock's request path (FeishuMock.respond on the embedded specs) with libFuzzer + ASan.
# Each module is built as a static library with coverage + ASan, in dependency order, and the
# harness (plus the generated EmbeddedSpecs.swift) is linked against them.
# Usage: Benchmarks/fuzz/mock_fuzz.sh [seconds=120]   (FUZZ_NO_BUILD=1 reuses the module libraries, rebuilding only the harness; FUZZ_ARGS adds libFuzzer flags)
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-120}"
out=.build-mock-fuzz; mkdir -p "$out/corpus" "$out/artifacts" "$out/modules"
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name feishu_conformance -I "$out/modules")
quiet() { "$@" 2> >(grep -v 'Cannot export local symbol' >&2); }
[ "${FUZZ_NO_BUILD:-}" = 1 ] || for m in ConformanceSpec Media HTTPWire ConformanceKit FeishuMock; do
    quiet swiftc "${flags[@]}" -module-name "$m" -emit-library -static -emit-module \
        -emit-module-path "$out/modules/$m.swiftmodule" $(find "Sources/$m" -name '*.swift' | sort) -o "$out/lib$m.a"
done
quiet swiftc "${flags[@]}" -module-name MockFuzz Sources/ConformanceCatalog/Generated/EmbeddedSpecs.swift \
    Benchmarks/fuzz/mock_fuzz.swift -L "$out" -lFeishuMock -lConformanceKit -lHTTPWire -lMedia -lConformanceSpec \
    -o "$out/mock-fuzz"
# Seeds (0x1E between requests, 0x1F between fields; see mock_fuzz.swift for the layout).
RS=$'\x1e'; US=$'\x1f'
printf '\x00GET\x1f/open-apis/admin/v1/badges?page_size=20\x1fAuthorization: Bearer t-x\x1f' > "$out/corpus/raw"
printf '\x01\x00\x00x\x1f{"name":"n","description":"d","detail_description":"dd","show_detail_time":1,"image_key":"k","i18n_name":{"zh_cn":"a"}}\x1f' > "$out/corpus/json"
for i in 0 1 2 3 4 5; do
    printf "\\x01\\x0$i\\x00\\x1f{}\\x1fpage_size=1&page_token=x" > "$out/corpus/json$i"
    printf "\\x02\\x0$i\\x00\\x1fbnd\\x1f\\x00\\x1d\\x01\\x00\\x40\\x40\\x1f\\x01\\x1dbadge_image" > "$out/corpus/multipart$i"
done
printf '\x13{"advanceSeconds":1e300}\x1e\x01\x01\x00\x1f{}' > "$out/corpus/clock"
printf '\x0f{"capabilities":{"bot":false},"scopes":["s"]}\x1e\x07\x1e\x0b\x1e\x03' > "$out/corpus/admin"
printf '\x02\x02\x00\x1fb\x1f\x00\x1d\x01\x00\x40\x40\x1e\x02\x02\x00\x1fb\x1f\x00\x1d\x01\x00\x40\x40\x1e\x00GET\x1f/__mock/journal\x1f\x1f' > "$out/corpus/sequence"
SWIFT_BACKTRACE=enable=no "$out/mock-fuzz" "$out/corpus" -max_total_time="$secs" -timeout=10 -max_len=8192 -rss_limit_mb=3072 ${FUZZ_ARGS:-} \
    -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$out/fuzz.log" 2>&1 || status=$?
grep -aE '^#[0-9]+.*cov:' "$out/fuzz.log" | tail -1 || true
grep -aE '^(Done|stat::)|ERROR|deadly|crash-|timeout-|leak-|Fatal error' "$out/fuzz.log" | head -20 || true
exit "${status:-0}"
