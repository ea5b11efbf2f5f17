"""Summary of Benchmarks/openapi_check.sh: Schemathesis' counts from its JSON report, the mock's
own view from its journal (answers by status, no 5xx), the hooks' adjustments. Prints it, writes it
as Markdown with --markdown FILE, exits 1 when Schemathesis failed or errored or the mock answered 5xx."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import sys
from collections import Counter


def machine() -> str:
    model = ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {platform.machine()}" + (f", {model}" if model else "") + f", {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schemathesis-status", type=int, required=True)
    parser.add_argument("--schemathesis-output", required=True)
    parser.add_argument("--schemathesis-report", default="")
    parser.add_argument("--journal", required=True)
    parser.add_argument("--hooks", required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--examples", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--version", default="")
    parser.add_argument("--markdown", default="")
    args = parser.parse_args()

    output = pathlib.Path(args.schemathesis_output).read_text(errors="replace")
    try:
        report = json.loads(pathlib.Path(args.schemathesis_report).read_text())
    except (OSError, ValueError):
        print(output[-4000:])
        print("openapi check: Schemathesis wrote no JSON report", file=sys.stderr)
        return 1
    journal = json.loads(pathlib.Path(args.journal).read_text()).get("entries", [])
    try:
        hooks = json.loads(pathlib.Path(args.hooks).read_text())
    except (OSError, ValueError):
        hooks = {}

    operations = report["operations"]
    cases = report["test_cases"]
    failures = report.get("failures", [])
    errors = report.get("errors", [])
    phases = {name: info["status"] for name, info in report["phases"].items()}
    warnings = {kind: items for kind, items in report.get("warnings", {}).items() if items}
    statuses = Counter(entry["http_status"] for entry in journal)
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    by_endpoint: dict[str, Counter] = {}
    for entry in journal:
        counter = by_endpoint.setdefault(entry.get("endpoint") or "(unrouted)", Counter())
        counter["requests"] += 1
        counter["2xx" if 200 <= entry["http_status"] < 300 else f"{entry['http_status'] // 100}xx"] += 1
        counter[entry["verdict"]] += 1
    failure_count = sum(f.get("count", 1) for f in failures)
    ok = args.schemathesis_status == 0 and not failures and not errors and cases["errored"] == 0 and server_errors == 0

    lines = [
        f"Schemathesis {report['schemathesis_version']} ({args.version}), seed {args.seed}, "
        f"at most {args.examples} examples per operation; phases: "
        + ", ".join(f"{name} {status}" for name, status in phases.items()),
        f"operations: {operations['tested']} tested of {operations['selected']} selected ({operations['total']} in the document)",
        f"generated test cases: {cases['generated']}; with failures: {cases['with_failures']}; "
        f"unique failures: {cases['unique_failures']}; errored: {cases['errored']}; without checks: {cases['without_checks']}",
        f"failures: {failure_count}" + ("" if not failures else " (" + "; ".join(f"{f['code']} {f['title']}: {', '.join(f['operations'])}" for f in failures) + ")"),
        f"failures dropped by the hooks' filter_failure (each verified first): {report.get('filtered', 0)}",
        f"mock journal: {len(journal)} requests; by status " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        + f"; 5xx: {server_errors}",
        f"wall time of the check: {args.seconds} s",
    ]
    print("\n".join(lines))
    if warnings:
        print("Schemathesis warnings: " + "; ".join(f"{kind}: {items}" for kind, items in warnings.items()))
    if not ok:
        print(output[-6000:])
        print("openapi check: FAILED (Schemathesis exit %d, %d failure(s), %d error(s), %d 5xx answer(s))"
              % (args.schemathesis_status, failure_count, len(errors) + cases["errored"], server_errors), file=sys.stderr)

    if args.markdown:
        # Paths as a reader can reproduce them: the scratch folder as $WORK, the repository relative.
        work = os.path.dirname(os.path.dirname(os.path.abspath(args.schemathesis_report)))
        command = report["command"].replace(work, "$WORK").replace(os.getcwd() + "/", "")
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        md = [
            "# Schemathesis against the mock, from the OpenAPI export",
            "",
            "Written by `Benchmarks/openapi_check.sh --report Reports/schemathesis.md` (CI runs the same check, `.ci/run`).",
            "",
            f"- **Machine**: {machine()}; **date**: {date}",
            f"- **Tools**: Schemathesis {report['schemathesis_version']}, openapi-spec-validator (accepts the export); "
            f"feishu-conformance `export openapi` (identical bytes twice) and `mock --rate-limits off`",
            f"- **Command**: `{command}`",
            f"- **Verdict**: {'passed' if ok else 'FAILED'} in {args.seconds} s (export, validation, mock start, Schemathesis, journal)",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| operations tested | {operations['tested']} of {operations['total']} |",
            f"| generated test cases | {cases['generated']} |",
            f"| failures | {failure_count} |",
            f"| errored test cases | {cases['errored']} |",
            f"| test cases answered but given no check result | {cases['without_checks']} |",
            f"| failures dropped by `filter_failure` after the hook verified them | {report.get('filtered', 0)} |",
            f"| requests the mock journaled | {len(journal)} |",
            f"| answers with HTTP 5xx | {server_errors} |",
            "",
            "Phases: " + ", ".join(f"{name} {status}" for name, status in phases.items()) + ". "
            "Checks: Schemathesis' defaults (every built-in check). "
            "Schemathesis takes the tenant token from the mock's token endpoint (`[auth.dynamic]` in "
            "`Benchmarks/openapi/schemathesis.toml`).",
            "",
            "Two kinds of Schemathesis failure are dropped by the hooks' `filter_failure`, each only after "
            "the hook checked it against the mock: `ignored_auth` and `missing_required_header` expect "
            "401/403 for a request without a usable token, where the platform answers its documented "
            "code with HTTP 400 (99991661 and friends; the status is the spec's inferred decision "
            "`platform-gateway-status`), verified per operation by re-sending without a token and with a "
            "malformed one; and a negative multipart mutation that is valid as sent (a string part that "
            "\"became\" an integer travels as valid text), verified by re-reading the sent body against "
            "the schema. The test cases \"answered but given no check result\" are "
            "chiefly the probes Schemathesis itself sends (`ignored_auth` re-sends a case without "
            "credentials; their number follows the dropped auth failures).",
            "",
            "## The mock's view (its journal)",
            "",
            "| endpoint | requests | 2xx | 4xx | conforming | nonconforming |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for endpoint, counter in sorted(by_endpoint.items()):
            md.append(f"| `{endpoint}` | {counter['requests']} | {counter['2xx']} | {counter['4xx']} | {counter['conforming']} | {counter['nonconforming']} |")
        md += [
            "",
            "2xx answers are requests that reached the endpoint's logic and succeeded (uploads stored, badges "
            "created, lists walked, tokens issued); the 4xx are the platform's documented refusals.",
            "",
            "## What the hooks did (`Benchmarks/openapi/schemathesis_hooks.py`)",
            "",
            "| adjustment | count |",
            "|---|---:|",
        ]
        for what, count in sorted(hooks.items()):
            md.append(f"| {what} | {count} |")
        if warnings:
            md += ["", "## Schemathesis warnings", ""]
            for kind, items in warnings.items():
                md.append(f"- `{kind}`: {', '.join(map(str, items))}")
            if "validation_mismatch" in warnings:
                md += ["", "A `validation_mismatch` on the token endpoint is expected: most generated credentials "
                       "do not exist (10014); half the requests carry app A's id and half its secret "
                       "(`[parameters]` in the configuration), so about a quarter get a token."]
        pathlib.Path(args.markdown).write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
