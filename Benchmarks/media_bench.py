#!/usr/bin/env python3
"""Inspection benchmark for the Media module, side by side with Pillow in one run.

1. `swift test -c release --filter MediaTests.inspectionBenchmark` with MEDIA_BENCH_DIR set forges 10 KiB and
   10 MiB files of every format (metadata padding; plus a JPEG whose 10 MiB are scan data) and times
   ImageInspector.inspect on each, in memory (median of 7 rounds x 20,000 calls).
2. In a venv with Pillow from PyPI, times the lazy `Image.open(BytesIO(bytes)).size` on the same files, also
   in memory (median of 7 rounds).
3. Prints the table and, unless --no-report, rewrites the "## Media" section of Reports/benchmarks.md.

Exit 1 when a swift step fails, or with --strict when a ratio is under 20x or a 10 MiB inspection costs more
than 2x its 10 KiB twin.

Usage: python3 Benchmarks/media_bench.py [--configuration release|debug] [--scratch-path DIR] [--venv DIR]
       [--report Reports/benchmarks.md] [--no-report] [--strict]
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def pillow_timings(directory):
    import io
    import statistics
    import time
    import warnings

    from PIL import Image

    warnings.simplefilter("ignore")
    Image.MAX_IMAGE_PIXELS = None
    rows = json.load(open(os.path.join(directory, "swift_timings.json")))
    out = {}
    for row in rows:
        data = open(os.path.join(directory, row["file"]), "rb").read()
        with Image.open(io.BytesIO(data)) as im:  # warm-up, and a sanity check
            assert im.size[0] > 0
        iterations = 200 if row["bytes"] < 1_000_000 else 50
        rounds = []
        for _ in range(7):
            start = time.perf_counter_ns()
            for _ in range(iterations):
                with Image.open(io.BytesIO(data)) as im:
                    im.size
            rounds.append((time.perf_counter_ns() - start) / iterations)
        out[row["file"]] = statistics.median(rounds)
    json.dump({"pillow": Image.__version__, "ns": out}, open(os.path.join(directory, "pillow_timings.json"), "w"))


def fmt_ns(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def build_section(rows, pillow, args, strict_failures):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    swift_version = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0]
    lines = [
        "## Media",
        "",
        "Header-only `ImageInspector.inspect` against Pillow's lazy `Image.open(BytesIO(data)).size`, both on the same",
        "in-memory bytes in one run (median of 7 rounds). 10 KiB / 10 MiB files are 32x32 images padded with each",
        "format's metadata (PNG `tEXt`, JPEG `COM` between frame and scan headers, GIF comment, WEBP `XMP `, unreferenced",
        "bytes in BMP/TIFF/ICO); `10MiB-scan` is a 51200x51200 JPEG whose size is entropy-coded data.",
        "",
        f"- Machine: `{platform.machine()}`, {os.cpu_count()} cores (shared with other jobs), {platform.system()} {platform.release()}",
        f"- Date: {now}; {swift_version}; Python {platform.python_version()}, Pillow {pillow['pillow']}",
        f"- Swift build: `{args.configuration}`",
        f"- Command: `python3 Benchmarks/media_bench.py --configuration {args.configuration}`",
        "",
        "| format | file | bytes | ImageInspector | Pillow open().size | Pillow / inspector |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        p = pillow["ns"][r["file"]]
        lines.append(f"| {r['format']} | {r['label']} | {r['bytes']:,} | {fmt_ns(r['ns_per_inspect'])} | {fmt_ns(p)} | {p / r['ns_per_inspect']:.0f}x |")
    lines += ["", "Size independence (10 MiB time / 10 KiB time, same format):", ""]
    by = {(r["format"], r["label"]): r["ns_per_inspect"] for r in rows}
    for f in sorted({r["format"] for r in rows}, key=[r["format"] for r in rows].index):
        small = by.get((f, "10KiB"))
        for label in ("10MiB", "10MiB-scan"):
            if small and (f, label) in by:
                lines.append(f"- {f} {label}: {by[(f, label)] / small:.2f}x")
    lines += [
        "",
        "JPEG inspection walks the marker segments that precede the frame header, so its cost grows with the",
        "number of APPn/COM segments placed before SOF (per segment, not per byte), never with pixel data.",
    ]
    if strict_failures:
        lines += ["", "Below target: " + "; ".join(strict_failures)]
    return "\n".join(lines) + "\n"


def write_section(path, section):
    """Replace (or append) only the "## Media" section of the report."""
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == "## Media"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        rest = "".join(lines[end:])
        text = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--configuration", default="release", choices=["release", "debug"])
    ap.add_argument("--scratch-path", help="swift --scratch-path (default: $SWIFT_SCRATCH or SwiftPM's default)")
    ap.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "feishu-conformance-media-venv"))
    ap.add_argument("--report", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Reports", "benchmarks.md"))
    ap.add_argument("--no-report", action="store_true")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--pillow", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pillow:
        pillow_timings(args.pillow)
        return

    from media_pyenv import run_swift_test, venv_python

    py = venv_python(args.venv)
    out = tempfile.mkdtemp(prefix="media-bench-")
    try:
        run_swift_test("inspectionBenchmark", "MEDIA_BENCH_DIR", out, scratch=args.scratch_path, configuration=args.configuration)
        if subprocess.call([py, os.path.abspath(__file__), "--pillow", out]) != 0:
            sys.exit(1)
        rows = json.load(open(os.path.join(out, "swift_timings.json")))
        pillow = json.load(open(os.path.join(out, "pillow_timings.json")))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    failures = []
    by = {(r["format"], r["label"]): r["ns_per_inspect"] for r in rows}
    for r in rows:
        ratio = pillow["ns"][r["file"]] / r["ns_per_inspect"]
        if ratio < 20:
            failures.append(f"{r['file']} only {ratio:.1f}x faster than Pillow")
        small = by.get((r["format"], "10KiB"))
        if r["label"] != "10KiB" and small and r["ns_per_inspect"] > 2 * small:
            failures.append(f"{r['file']} costs {r['ns_per_inspect'] / small:.1f}x its 10 KiB twin")
    section = build_section(rows, pillow, args, failures)
    print(section)
    if not args.no_report:
        os.makedirs(os.path.dirname(args.report), exist_ok=True)
        write_section(args.report, section)
        print(f"media: wrote the Media section of {args.report}")
    if failures:
        print("media bench: " + "; ".join(failures))
        if args.strict:
            sys.exit(1)


if __name__ == "__main__":
    main()
