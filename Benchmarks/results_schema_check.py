#!/usr/bin/env python3
"""Validate results.json files written by feishu-conformance against Reports/results.schema.json
with the reference implementation of JSON Schema (python-jsonschema, Draft202012Validator).

Usage (from anywhere; a Python with jsonschema installed, e.g. the CI venv):
    python3 -m venv /tmp/rs-venv && /tmp/rs-venv/bin/pip install -q jsonschema
    /tmp/rs-venv/bin/python Benchmarks/results_schema_check.py [--schema FILE] RESULTS_JSON...

Checks that the schema is a valid draft 2020-12 schema, validates each file (one line per file
and, for an invalid one, up to 20 problems with their JSON paths), then checks that the schema
refuses, in a copy of the first valid file, what the format does not allow (Swift's synthesized
enum encoding, an unknown kind, a missing or other formatVersion, an unknown member).
Exit status: 0 when every file is valid, 1 when one is not (or the schema is broken), 2 on usage
or setup errors (no jsonschema, unreadable file, not JSON).
"""
import copy
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEFAULT_SCHEMA = ROOT / "Reports" / "results.schema.json"
SHOWN = 20


def where(error):
    path = "$"
    for step in error.absolute_path:
        path += f"[{step}]" if isinstance(step, int) else f".{step}"
    return path


def load(path, what):
    try:
        return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        print(f"results_schema_check: cannot read {what} {path}: {error.strerror or error}", file=sys.stderr)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        print(f"results_schema_check: {what} {path} is not JSON: {error}", file=sys.stderr)
    return None


def self_check(validator, sample):
    """The schema must refuse what the format does not allow; returns the problems."""
    broken = {
        "Swift's synthesized enum shape ({\"field\": {\"_0\": ...}})":
            lambda r: r["endpoints"][0]["coverage"].__setitem__(0, {"field": {"_0": "name"}}),
        "an unknown coverage key kind": lambda r: r["endpoints"][0]["coverage"][0].__setitem__("kind", "header"),
        "no formatVersion": lambda r: r.pop("formatVersion"),
        "another formatVersion": lambda r: r.__setitem__("formatVersion", 2),
        "an unknown top-level member": lambda r: r.__setitem__("unexpected", True),
    }
    problems = []
    for name, mutate in broken.items():
        run = copy.deepcopy(sample)
        try:
            mutate(run)
        except (KeyError, IndexError, TypeError):
            problems.append(f"cannot build the sample with {name}: the first file has no endpoint coverage")
            continue
        if validator.is_valid(run):
            problems.append(f"the schema accepts a results.json with {name}")
    return problems


def main(argv):
    args = list(argv)
    schema_path = DEFAULT_SCHEMA
    if len(args) >= 2 and args[0] == "--schema":
        schema_path, args = pathlib.Path(args[1]), args[2:]
    if not args or any(a.startswith("-") for a in args):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
    except ImportError:
        print(f"results_schema_check: {sys.executable} has no jsonschema; "
              "run it with a Python that has it (python3 -m venv VENV && VENV/bin/pip install jsonschema)", file=sys.stderr)
        return 2

    schema = load(schema_path, "schema")
    if schema is None:
        return 2
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        print(f"{schema_path}: not a valid draft 2020-12 schema at {'/'.join(map(str, error.absolute_path)) or 'the root'}: "
              f"{error.message}", file=sys.stderr)
        return 1
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    documents = []
    for path in args:
        document = load(path, "results file")
        if document is None:
            return 2
        documents.append((path, document))

    status = 0
    for path, document in documents:
        errors = sorted(validator.iter_errors(document), key=lambda e: [str(s) for s in e.absolute_path])
        if errors:
            status = 1
            print(f"{path}: INVALID against {schema_path.name} ({len(errors)} problem(s))", file=sys.stderr)
            for error in errors[:SHOWN]:
                print(f"  {where(error)}: {error.message[:300]}", file=sys.stderr)
            if len(errors) > SHOWN:
                print(f"  ... and {len(errors) - SHOWN} more", file=sys.stderr)
        else:
            print(f"{path}: valid against {schema_path.name} (formatVersion {document.get('formatVersion')}, "
                  f"{len(document.get('cases', []))} cases)")

    valid = [document for _, document in documents if validator.is_valid(document)]
    if valid:
        for problem in self_check(validator, valid[0]):
            status = 1
            print(f"{schema_path}: {problem}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
