#!/usr/bin/env bash
# Fuzz HTTPWire's request parser and multipart decoder with libFuzzer + AddressSanitizer.
# Usage: Benchmarks/fuzz/httpwire_fuzz.sh [seconds=120] [jobs=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-120}"; jobs="${2:-1}"
out=.build-httpwire-fuzz; mkdir -p "$out/corpus" "$out/artifacts"
swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name HTTPWire \
    Sources/HTTPWire/*.swift Benchmarks/fuzz/httpwire_fuzz.swift -o "$out/httpwire-fuzz" 2> >(grep -v 'Cannot export local symbol' >&2)
# Seeds: valid requests and bodies, byte 0 = control (low 7 bits chunk size, high bit multipart).
printf '\x05GET /a?b=c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n' > "$out/corpus/get"
printf '\x01POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: v\r\n\r\nGET / HTTP/1.0\r\n\r\n' > "$out/corpus/chunked"
printf '\x02PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\ndata' > "$out/corpus/expect"
printf '\x80preamble\r\n--b\r\nContent-Disposition: form-data; name="a"; filename="f"\r\nContent-Type: x/y\r\n\r\nv\r\n--b\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--b--\r\n' > "$out/corpus/multipart"
SWIFT_BACKTRACE=enable=no "$out/httpwire-fuzz" "$out/corpus" -max_total_time="$secs" $( [ "$jobs" -gt 1 ] && echo "-jobs=$jobs -workers=$jobs" ) \
    -max_len=4096 -artifact_prefix="$out/artifacts/" -print_final_stats=1 >"$out/fuzz.log" 2>&1 || status=$?
grep -aE '^#[0-9]+.*cov:' "$out/fuzz.log" | tail -1 || true
grep -aE '^(Done|stat::)|ERROR|deadly|crash-' "$out/fuzz.log" | head -20 || true
exit "${status:-0}"
