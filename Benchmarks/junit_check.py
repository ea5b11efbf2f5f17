#!/usr/bin/env python3
"""Validate junit.xml files written by feishu-conformance.

Usage: python3 Benchmarks/junit_check.py [--venv DIR] FILE...

Runs itself inside a throwaway virtualenv (default: a temporary directory, or --venv DIR
to reuse one) with `junitparser` from PyPI, then checks each FILE:
  * it parses as XML and with junitparser (the reader many CI tools use);
  * its shape follows the common JUnit schema (Jenkins junit-10.xsd): element nesting
    and order, required and allowed attributes, numeric counts and times;
  * the counts on every <testsuite> and on <testsuites> match the test cases inside.
Exit status: 0 when every file is valid, 1 when one is not, 2 on usage or setup errors.
"""
import os
import subprocess
import sys
import tempfile

JUNITPARSER = "junitparser==5.0.3"


def bootstrap(argv):
    """Re-run this script inside a venv that has junitparser."""
    venv = None
    args = list(argv)
    if len(args) >= 2 and args[0] == "--venv":
        venv, args = args[1], args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    tmp = None
    if venv is None:
        tmp = tempfile.TemporaryDirectory(prefix="junit-check-")
        venv = tmp.name
    python = os.path.join(venv, "bin", "python")
    try:
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        probe = subprocess.run([python, "-c", "import junitparser"], capture_output=True)
        if probe.returncode != 0:
            subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", JUNITPARSER], check=True)
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"junit_check: cannot set up the venv with {JUNITPARSER}: {error}", file=sys.stderr)
        return 2
    env = dict(os.environ, JUNIT_CHECK_INSIDE_VENV="1")
    result = subprocess.run([python, os.path.abspath(__file__), *args], env=env)
    if tmp is not None:
        tmp.cleanup()
    return result.returncode


# junit-10.xsd, as element -> (allowed children in order, required attrs, allowed attrs)
SCHEMA = {
    "testsuites": (["testsuite"], set(), {"name", "time", "tests", "failures", "disabled", "errors"}),
    "testsuite": (["properties", "testcase", "system-out", "system-err"], {"name", "tests"},
                  {"name", "tests", "failures", "errors", "time", "disabled", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url", "version", "group"}),
    "properties": (["property"], set(), set()),
    "property": ([], {"name", "value"}, {"name", "value"}),
    "testcase": (["skipped", "error", "failure", "system-out", "system-err"], {"name"},
                 {"name", "assertions", "time", "classname", "status", "class", "file", "line", "log", "group", "url"}),
    "skipped": ([], set(), {"message"}),
    "error": ([], set(), {"message", "type"}),
    "failure": ([], set(), {"message", "type"}),
    "system-out": ([], set(), set()),
    "system-err": ([], set(), set()),
}
SINGLE = {("testsuite", "properties"), ("testsuite", "system-out"), ("testsuite", "system-err"), ("testcase", "skipped")}
INTEGER_ATTRS = {"tests", "failures", "errors", "skipped", "disabled"}


def check_element(element, problems, where):
    tag = element.tag
    if tag not in SCHEMA:
        problems.append(f"{where}: element <{tag}> is not in the JUnit schema")
        return
    children_order, required, allowed = SCHEMA[tag]
    for name in required - set(element.attrib):
        problems.append(f"{where}: <{tag}> lacks required attribute {name}")
    for name in set(element.attrib) - allowed:
        problems.append(f"{where}: <{tag}> has attribute {name} the schema does not allow")
    for name in INTEGER_ATTRS & set(element.attrib):
        if not element.attrib[name].isdigit():
            problems.append(f"{where}: <{tag} {name}={element.attrib[name]!r}> is not a non-negative integer")
    if "time" in element.attrib:
        try:
            float(element.attrib["time"])
        except ValueError:
            problems.append(f"{where}: <{tag} time={element.attrib['time']!r}> is not a number")
    if not children_order and len(element) and tag not in ("failure", "error", "skipped"):
        problems.append(f"{where}: <{tag}> must not contain elements")
    last = -1
    seen = {}
    for index, child in enumerate(element):
        child_where = f"{where}/{child.tag}[{index}]"
        if child.tag not in children_order:
            problems.append(f"{child_where}: <{child.tag}> is not allowed inside <{tag}>")
            continue
        position = children_order.index(child.tag)
        if position < last:
            problems.append(f"{child_where}: <{child.tag}> is out of the schema's order inside <{tag}>")
        last = max(last, position)
        seen[child.tag] = seen.get(child.tag, 0) + 1
        if (tag, child.tag) in SINGLE and seen[child.tag] > 1:
            problems.append(f"{child_where}: <{tag}> may hold at most one <{child.tag}>")
        check_element(child, problems, child_where)


def validate(path):
    import xml.etree.ElementTree as ET
    from junitparser import JUnitXml, TestSuite, Failure, Error, Skipped

    problems = []
    try:
        tree = ET.parse(path)
    except (ET.ParseError, OSError) as error:
        return [f"not well-formed XML: {error}"]
    root = tree.getroot()
    if root.tag != "testsuites":
        problems.append(f"root element is <{root.tag}>, expected <testsuites>")
    check_element(root, problems, root.tag)

    try:
        document = JUnitXml.fromfile(path)
    except Exception as error:  # junitparser raises several types
        return problems + [f"junitparser cannot read it: {error}"]
    suites = [document] if isinstance(document, TestSuite) else list(document)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in suites:
        counted = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            counted["tests"] += 1
            kinds = [type(r) for r in case.result]
            if Failure in kinds:
                counted["failures"] += 1
            if Error in kinds:
                counted["errors"] += 1
            if Skipped in kinds:
                counted["skipped"] += 1
            if not case.name:
                problems.append(f"suite {suite.name!r}: a testcase has no name")
        for key, value in counted.items():
            declared = getattr(suite, key)
            if declared is not None and int(declared) != value:
                problems.append(f"suite {suite.name!r}: {key}={declared} but it holds {value}")
        for key in totals:
            totals[key] += counted[key]
    if root.tag == "testsuites":
        for key, value in totals.items():
            declared = root.attrib.get(key)
            if declared is not None and declared.isdigit() and int(declared) != value:
                problems.append(f"testsuites: {key}={declared} but the suites hold {value}")
    return problems


def main(paths):
    status = 0
    for path in paths:
        problems = validate(path)
        if problems:
            status = 1
            print(f"{path}: INVALID", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
        else:
            print(f"{path}: valid JUnit XML")
    return status


if __name__ == "__main__":
    if os.environ.get("JUNIT_CHECK_INSIDE_VENV") == "1":
        sys.exit(main(sys.argv[1:]))
    sys.exit(bootstrap(sys.argv[1:]))
