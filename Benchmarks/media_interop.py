#!/usr/bin/env python3
"""Interop check for the Media module: Pillow must open every forged file and agree on format and size.

Runs `swift test --filter MediaTests.writeForgeCorpus` with MEDIA_FORGE_DIR set (the test writes the corpus
and manifest.json), then, in a venv with Pillow from PyPI, opens each file: format and size must match the
manifest (which the Swift test has already checked against ImageInspector), the byte count must match, and
images up to 4096x4096 must decode fully. Near-miss files that ImageInspector rejects must be rejected by
Pillow too (at open or load), except the documented divergences below. Exit 1 on any disagreement.

Usage: python3 Benchmarks/media_interop.py [--scratch-path DIR] [--venv DIR] [--keep DIR]
(SWIFT_SCRATCH in the environment is used when --scratch-path is not given.)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

PIL_NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP", "bmp": "BMP", "tiff": "TIFF", "ico": "ICO"}
# Near misses Pillow repairs instead of rejecting; ImageInspector is deliberately stricter.
PILLOW_REPAIRS = {"gifZeroSize": "Pillow takes the first frame's size when the logical screen is 0x0"}


def check(directory):
    import warnings
    from PIL import Image

    warnings.simplefilter("ignore")
    Image.MAX_IMAGE_PIXELS = None
    manifest = json.load(open(os.path.join(directory, "manifest.json")))
    passed = failed = 0
    for entry in manifest:
        path = os.path.join(directory, entry["file"])
        problem = None
        if "nearMiss" in entry:
            try:
                with Image.open(path) as im:
                    im.load()
                    verdict = f"opened as {im.format} {im.size}"
            except Exception as e:  # noqa: BLE001 - any failure is a rejection
                verdict = f"rejected ({type(e).__name__})"
            if entry["expectedError"] is None:
                if not verdict.startswith("opened as JPEG (320, 320)"):
                    problem = f"expected a valid JPEG 320x320, Pillow: {verdict}"
            elif not verdict.startswith("rejected"):
                if entry["nearMiss"] in PILLOW_REPAIRS:
                    print(f"note {entry['file']}: {verdict}; {PILLOW_REPAIRS[entry['nearMiss']]}")
                else:
                    problem = f"ImageInspector says {entry['expectedError']}, Pillow {verdict}"
        else:
            want = (PIL_NAMES[entry["format"]], (entry["width"], entry["height"]))
            try:
                if os.path.getsize(path) != entry["bytes"]:
                    problem = f"file has {os.path.getsize(path)} bytes, manifest says {entry['bytes']}"
                with Image.open(path) as im:
                    got = (im.format, im.size)
                    if got != want:
                        problem = f"Pillow says {got}, forge/inspector say {want}"
                    elif entry["load"]:
                        im.load()
                        if im.size != want[1]:
                            problem = f"decoded size {im.size} differs from header size {want[1]}"
            except Exception as e:  # noqa: BLE001
                problem = f"Pillow failed: {type(e).__name__}: {e}"
        if problem:
            failed += 1
            print(f"FAIL {entry['file']}: {problem}")
        else:
            passed += 1
    print(f"media interop (Pillow {Image.__version__}): {passed} passed, {failed} failed")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scratch-path", help="swift --scratch-path (default: $SWIFT_SCRATCH or SwiftPM's default)")
    ap.add_argument("--venv", default=os.path.join(tempfile.gettempdir(), "feishu-conformance-media-venv"))
    ap.add_argument("--keep", help="write the corpus here and keep it")
    ap.add_argument("--check", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.check:
        sys.exit(check(args.check))

    from media_pyenv import run_swift_test, venv_python

    py = venv_python(args.venv)
    out = args.keep or tempfile.mkdtemp(prefix="media-forge-")
    os.makedirs(out, exist_ok=True)
    try:
        run_swift_test("writeForgeCorpus", "MEDIA_FORGE_DIR", out, scratch=args.scratch_path)
        rc = subprocess.call([py, os.path.abspath(__file__), "--check", out])
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    sys.exit(rc)


if __name__ == "__main__":
    main()
