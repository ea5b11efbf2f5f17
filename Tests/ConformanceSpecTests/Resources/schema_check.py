#!/usr/bin/env python3
"""Validate every shipped spec (Specs/*.json) against Specs/spec.schema.json with the
reference implementation of JSON Schema (python-jsonschema, draft 2020-12).

The schema is generated from Sources/ConformanceSpec/SpecShape.swift; this check proves the
generated schema is a valid draft 2020-12 schema and that an independent validator accepts
the shipped specs, and that it refuses a spec with an unknown key.

Usage (from the repository root):
    python3 -m venv .build-venv && .build-venv/bin/pip install -q jsonschema \
      && .build-venv/bin/python Tests/ConformanceSpecTests/Resources/schema_check.py
Prints "N passed, M failed" and exits non-zero on any failure.
"""
import copy
import json
import pathlib
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parents[3]
SPECS = ROOT / "Specs"


def main() -> int:
    schema = json.loads((SPECS / "spec.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    passed = failed = 0
    files = sorted(p for p in SPECS.glob("*.json") if not p.name.endswith(".schema.json"))
    if not files:
        print("no spec files found in", SPECS)
        return 1
    for path in files:
        spec = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path))
        if errors:
            failed += 1
            for error in errors[:10]:
                print(f"FAIL {path.name} $.{'.'.join(map(str, error.absolute_path))}: {error.message[:300]}")
        else:
            passed += 1
            print(f"ok   {path.name}")
    # The schema must refuse what the linter refuses: an unknown key and a rule without provenance.
    sample = json.loads((SPECS / "admin.v1.badge.create.json").read_text(encoding="utf-8"))
    broken = {
        "unknown key": lambda s: s["request"][2].__setitem__("maxLenght", {"value": 30, "documented": "x"}),
        "rule without provenance": lambda s: s["request"][2]["maxLength"].pop("documented"),
        "rule with both provenances": lambda s: s["request"][2]["maxLength"].__setitem__("inferred", "x"),
        "unknown behaviour kind": lambda s: s["behaviours"][0].__setitem__("kind", "deletes"),
    }
    for name, mutate in broken.items():
        spec = copy.deepcopy(sample)
        mutate(spec)
        if validator.is_valid(spec):
            failed += 1
            print(f"FAIL the schema accepts a spec with: {name}")
        else:
            passed += 1
            print(f"ok   schema refuses: {name}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
