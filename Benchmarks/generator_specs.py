#!/usr/bin/env python3
"""Writes N synthetic endpoint specs (variations of the given specs) plus platform.json into OUT.

usage: generator_specs.py SRC_SPECS_DIR OUT_DIR N
Each synthetic spec copies one source spec (round robin), with a new id and path, and its
string length limits and rate limits shifted so the derived cases differ.
"""
import json, os, shutil, sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
shutil.copy(os.path.join(src, "platform.json"), os.path.join(out, "platform.json"))
sources = sorted(f for f in os.listdir(src) if f.endswith(".json") and f != "platform.json" and not f.endswith(".schema.json"))
specs = [json.load(open(os.path.join(src, f), encoding="utf-8")) for f in sources]

def shift(node, k):
    if isinstance(node, dict):
        for key in ("maxLength", "minLength"):
            if isinstance(node.get(key), dict) and isinstance(node[key].get("value"), int) and node[key]["value"] > 1:
                node[key]["value"] += k % 7
        for v in node.values():
            shift(v, k)
    elif isinstance(node, list):
        for v in node:
            shift(v, k)

for i in range(n):
    spec = json.loads(json.dumps(specs[i % len(specs)]))
    spec["id"] = f"{spec['id']}.s{i:04d}"
    spec["path"] = f"{spec['path']}/s{i:04d}"
    shift(spec["request"], i)
    for r in spec.get("rateLimits", []):
        r["value"]["count"] += i % 5
    with open(os.path.join(out, spec["id"] + ".json"), "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=1)
