#!/usr/bin/env bash
# Bulk import of the platform's GFM export (../shared/feishu-docs, 2,170 pages) into a temporary
# directory: prints the counts `import` reports, the skipped pages by reason, and the wall time;
# fails when too few endpoint pages are imported lint clean.
#
# usage: Benchmarks/import_bench.sh [DOCS_DIR]
#   BIN=path     a built feishu-conformance (.ci/run passes its debug build); without BIN the
#                release build is made and used, and the wall time must stay under MAX_SECONDS
#   MIN_VALID    least share (%) of endpoint pages imported lint clean, no error   (default 99.0)
#   MIN_FULL     least share (%) of endpoint pages imported with no warning either (default 99.0)
#   MAX_SECONDS  most wall seconds for the whole corpus, release build only       (default 10)
#   RUNS         runs to time, the median is reported                             (default 3; 1 with BIN)
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS="${1:-../shared/feishu-docs}"
MIN_VALID="${MIN_VALID:-99.0}"
MIN_FULL="${MIN_FULL:-99.0}"
MAX_SECONDS="${MAX_SECONDS:-10}"
if [ ! -d "$DOCS" ]; then echo "import_bench: no $DOCS (the platform's GFM export)" >&2; exit 2; fi

timed_limit=""
if [ -z "${BIN:-}" ]; then
  swift build -c release --product feishu-conformance >/dev/null
  BIN="$(swift build -c release --show-bin-path)/feishu-conformance"
  timed_limit="$MAX_SECONDS"
  RUNS="${RUNS:-3}"
fi
RUNS="${RUNS:-1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
times=()
for run in $(seq "$RUNS"); do
  rm -rf "$work/out"
  start=$(date +%s.%N)
  set +e
  "$BIN" import --out "$work/out" "$DOCS" >"$work/report.txt" 2>"$work/stderr.txt"
  code=$?
  set -e
  end=$(date +%s.%N)
  # Exit 1 means some pages had problems (named in the report); 2 is a usage error.
  if [ "$code" -ge 2 ]; then cat "$work/stderr.txt" >&2; exit 2; fi
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

# The counts and the skipped pages by reason (the per-page problems stay in the report file).
sed -n '1,/^problems:/p' "$work/report.txt" | grep -v '^problems:' | grep -v '^    ' || true
echo "problems: $(grep -c '^  [^ ]' <(sed -n '/^problems:/,$p' "$work/report.txt") || true) page(s) (import warnings or lint findings; listed by \`import\`)"
share() { grep "^$1" "$work/report.txt" | sed -E 's/.*\(([0-9.]+)%\).*/\1/'; }
valid=$(share "endpoint pages imported lint clean (no error)")
full=$(share "endpoint pages imported with no warning either")
echo "wall time: ${median} s (median of ${RUNS}: ${times[*]}); $(nproc) cores; $(basename "$BIN") at $BIN"
tail -1 "$work/stderr.txt"

status=0
if awk -v a="$valid" -v b="$MIN_VALID" 'BEGIN { exit !(a < b) }'; then
  echo "FAIL: ${valid}% of the endpoint pages imported lint clean, under ${MIN_VALID}%" >&2; status=1
fi
if awk -v a="$full" -v b="$MIN_FULL" 'BEGIN { exit !(a < b) }'; then
  echo "FAIL: ${full}% of the endpoint pages imported with no warning, under ${MIN_FULL}%" >&2; status=1
fi
if [ -n "$timed_limit" ] && awk -v a="$median" -v b="$timed_limit" 'BEGIN { exit !(a > b) }'; then
  echo "FAIL: the corpus took ${median} s, over ${timed_limit} s" >&2; status=1
fi
exit $status
