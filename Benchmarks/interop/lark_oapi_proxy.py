#!/usr/bin/env python3
"""Proxy interop: the official Python SDK (lark-oapi) talks to `feishu-conformance proxy`.

Usage:
  lark_oapi_proxy.py drift --specs DIR --out DIR      copy the specs with one documented fact changed
  lark_oapi_proxy.py session --base-url URL [--specs DIR]   an SDK session through the proxy
  lark_oapi_proxy.py check --reports DIR --setup documented|drifted   read the proxy's report

The drifted copy answers error 1051104 (badge name too long) with HTTP 500 instead of the
documented 400. The session sends conforming requests to every endpoint (sync and async,
multipart uploads, one over 10 MB), two requests that break a rule on purpose, and one request
to an endpoint no spec describes. `check` exits 0 only when the report says exactly that: behind
the documented mock, no reply differs and only the deliberate requests break a rule; behind the
drifted one, the report names the changed rule (errors.1051104.httpStatus). No secret or token
may appear in either report file.
"""
import argparse
import asyncio
import io
import json
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lark_oapi_interop import client, field, load_specs, pixels, png  # noqa: E402

DRIFTED_FILE = "admin.v1.badge.create.json"
DRIFTED_CODE = 1051104
DRIFTED_RULE = f"errors.{DRIFTED_CODE}.httpStatus"
DELIBERATE = {"request.name.maxLength", "request.image.file.maxBytes"}
SECRETS = ["conformance-secret-a"]

FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def drift(args):
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.specs):
        if name.endswith(".json"):
            shutil.copy(os.path.join(args.specs, name), os.path.join(args.out, name))
    path = os.path.join(args.out, DRIFTED_FILE)
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    entry = next(e for e in spec["errors"] if e["code"] == DRIFTED_CODE)
    old = entry["httpStatus"]["value"]
    entry["httpStatus"]["value"] = 500
    with open(path, "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=2)
    print(f"{path}: error {DRIFTED_CODE} answered with HTTP 500 (documented: {old})")
    return 0


def session(args):
    from lark_oapi.api.admin.v1 import Badge, CreateBadgeImageRequest, CreateBadgeImageRequestBody, CreateBadgeRequest, ListBadgeRequest
    from lark_oapi.api.im.v1 import CreateImageRequest, CreateImageRequestBody
    from lark_oapi.api.lingo.v1 import File as LingoFile, UploadFileRequest
    import lark_oapi as lark

    base = args.base_url.rstrip("/")
    specs = load_specs(args.specs)
    s_img, s_badge, s_im, s_lingo = (specs["admin.v1.badge_image.create"], specs["admin.v1.badge.create"],
                                     specs["im.v1.image.create"], specs["lingo.v1.file.upload"])
    a = client(base, "cli_conformance_a", "conformance-secret-a")
    w, h, _ = pixels(s_img, "image_file")
    img = png(w, h)

    def upload(data, image_type=1):
        return a.admin.v1.badge_image.create(CreateBadgeImageRequest.builder().request_body(
            CreateBadgeImageRequestBody.builder().image_file(io.BytesIO(data)).image_type(image_type).build()).build())
    r = upload(img)
    check(r.code == 0 and bool(r.data.image_key), f"badge_image.create through the proxy -> {r.code}")
    check(r.raw is not None and "X-Tt-Logid" in r.raw.headers, "X-Tt-Logid passes through in canonical casing")
    key = r.data.image_key if r.code == 0 else "missing"

    async def aupload():
        return await a.admin.v1.badge_image.acreate(CreateBadgeImageRequest.builder().request_body(
            CreateBadgeImageRequestBody.builder().image_file(io.BytesIO(img)).image_type(2).build()).build())
    r = asyncio.run(aupload())
    check(r.code == 0, f"badge_image.acreate (async) -> {r.code}")

    def create(name):
        return a.admin.v1.badge.create(CreateBadgeRequest.builder().request_body(
            Badge.builder().name(name).detail_image(key).show_image(key).build()).build())
    r = create("proxy-0")
    check(r.code == 0 and r.data.badge.name == "proxy-0", f"badge.create -> {r.code}")
    r = create("proxy-0")
    dup = next(b for b in s_badge["behaviours"] if b["kind"] == "unique")["error"]["code"]
    check(r.code == dup, f"badge.create duplicate (a platform refusal, conforming request) -> {r.code}")
    limit = field(s_badge, "name")["maxLength"]["value"]
    r = create("勋" * (limit + 1))
    check(r.code == DRIFTED_CODE, f"badge.create name of {limit + 1} characters (deliberate) -> {r.code}")
    r = a.admin.v1.badge.list(ListBadgeRequest.builder().page_size(10).build())
    check(r.code == 0 and [b.name for b in r.data.badges] == ["proxy-0"], f"badge.list -> {r.code}")

    iw, ih, imin = pixels(s_im, "image")
    max_bytes = field(s_im, "image")["file"]["maxBytes"]["value"]

    def im_upload(data):
        return a.im.v1.image.create(CreateImageRequest.builder().request_body(
            CreateImageRequestBody.builder().image_type("message").image(io.BytesIO(data)).build()).build())
    r = im_upload(png(iw, ih, imin))
    check(r.code == 0, f"im.image.create -> {r.code}")
    r = im_upload(png(iw, ih, max_bytes + 1))
    check(r.code != 0, f"im.image.create of {max_bytes + 1} bytes (deliberate, a multipart upload over 10 MB) -> {r.code}")

    lw, lh, lmin = pixels(s_lingo, "file")
    r = a.lingo.v1.file.upload(UploadFileRequest.builder().request_body(
        LingoFile.builder().name("proxy.png").file(io.BytesIO(png(lw, lh, lmin))).build()).build())
    check(r.code == 0, f"lingo.file.upload -> {r.code}")

    request = lark.BaseRequest.builder().http_method(lark.HttpMethod.GET).uri("/open-apis/contact/v3/users/me") \
        .token_types({lark.AccessTokenType.TENANT}).build()
    r = a.request(request)
    check(r.raw is not None, f"a request to an endpoint without a spec is forwarded -> HTTP {r.raw.status_code if r.raw else '-'}")
    print(f"{len(FAILURES)} failures")
    return 1 if FAILURES else 0


def check_report(args):
    junit = os.path.join(args.reports, "proxy-junit.xml")
    markdown = os.path.join(args.reports, "proxy-report.md")
    root = ET.parse(junit).getroot()
    cases = [(suite.get("name"), case) for suite in root.iter("testsuite") for case in suite.iter("testcase")]
    failed = [(suite, case, case.find("failure")) for suite, case in cases if case.find("failure") is not None]
    reply_failures = [f.get("type") for _, _, f in failed if f.get("message", "").startswith("reply differs")]
    request_failures = [f.get("type") for _, _, f in failed if f.get("message", "").startswith("request breaks")]
    unknown = [case for suite, case in cases if suite == "(no spec)"]
    with open(markdown, encoding="utf-8") as f:
        text = f.read()
    with open(junit, encoding="utf-8") as f:
        xml_text = f.read()
    check(len(cases) >= 11, f"{len(cases)} exchanges journaled")
    check(any(suite == "auth.v3.tenant_access_token.internal" and case.find("failure") is None for suite, case in cases),
          "the SDK's token request conforms")
    check(len(unknown) == 1 and unknown[0].find("skipped") is not None, "the request without a spec is reported as unknown (skipped)")
    if args.setup == "documented":
        check(reply_failures == [], f"behind the documented mock no reply differs: {reply_failures}")
        check(sorted(request_failures) == sorted(DELIBERATE), f"only the deliberate requests break a rule: {request_failures}")
    else:
        check(reply_failures == [DRIFTED_RULE], f"behind the drifted double the report names {DRIFTED_RULE}: {reply_failures}")
        section = text.split("## Replies that differ from the specs", 1)
        check(len(section) == 2 and DRIFTED_RULE in section[1].split("\n## ", 1)[0] and "HTTP 500" in section[1],
              f"proxy-report.md lists {DRIFTED_RULE} (expected HTTP 400, observed HTTP 500) among replies that differ")
    for secret in SECRETS:
        check(secret not in text and secret not in xml_text, "no app secret in the reports")
    token = re.search(r"\bt-[A-Za-z0-9]{16,}", text + xml_text)
    check(token is None, "no tenant access token in the reports")
    print(f"{args.setup}: {len(FAILURES)} failures")
    return 1 if FAILURES else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("drift")
    d.add_argument("--specs", required=True)
    d.add_argument("--out", required=True)
    s = sub.add_parser("session")
    s.add_argument("--base-url", required=True)
    s.add_argument("--specs", default=os.path.join(os.path.dirname(__file__), "..", "..", "Specs"))
    c = sub.add_parser("check")
    c.add_argument("--reports", required=True)
    c.add_argument("--setup", choices=["documented", "drifted"], required=True)
    args = ap.parse_args()
    return {"drift": drift, "session": session, "check": check_report}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
