#!/usr/bin/env python3
"""Interop check: drive the mock with the official Python SDK (lark-oapi), sync and async.

Usage: lark_oapi_interop.py --base-url http://127.0.0.1:PORT [--specs DIR]

Every expectation (error codes, page sizes, limits) is read from the specs, not written here.
Exits 0 only when every call behaves as the specs say and GET /__mock/journal shows every SDK
request as conforming, except the ones this script breaks on purpose, which must be flagged
nonconforming with the rule they break.
"""
import argparse
import asyncio
import io
import json
import os
import struct
import sys
import urllib.request
import zlib

import lark_oapi as lark
from lark_oapi.api.admin.v1 import (Badge, CreateBadgeImageRequest, CreateBadgeImageRequestBody,
                                    CreateBadgeRequest, ListBadgeRequest)
from lark_oapi.api.im.v1 import CreateImageRequest, CreateImageRequestBody
from lark_oapi.api.lingo.v1 import File as LingoFile, UploadFileRequest

FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def png(width, height, min_bytes=0):
    """A real PNG (zero pixels, zlib-compressed), padded with a tEXt chunk to min_bytes."""
    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x00" * (width * 4) for _ in range(height))
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9))
    end = chunk(b"IEND", b"")
    pad = min_bytes - len(body) - len(end) - 12
    if pad > 0:
        body += chunk(b"tEXt", b"c\x00" + b"a" * (pad - 2))
    return body + end


def load_specs(directory):
    specs = {}
    for name in os.listdir(directory):
        if name.endswith(".json") and not name.endswith(".schema.json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                specs[name[:-5]] = json.load(f)
    return specs


def field(spec, name):
    return next(f for f in spec["request"] if f["name"] == name)


def behaviour(spec, kind):
    return next(b for b in spec["behaviours"] if b["kind"] == kind)


def rule_code(spec, rule):
    return (rule.get("error") or spec["invalidParamError"])["code"]


def pixels(spec, fname, fmt="png"):
    """(width, height) satisfying the first pixel limits that apply to fmt, and the minimum byte size."""
    f = field(spec, fname)["file"]
    w = h = 320
    for lim in f.get("pixels", []):
        if lim.get("formats") and fmt not in lim["formats"]:
            continue
        for k in ("minWidth", "minHeight"):
            if k in lim:
                v = lim[k]["value"]
                if k == "minWidth":
                    w = max(w, v)
                else:
                    h = max(h, v)
        if "maxHeight" in lim:
            h = min(h, lim["maxHeight"]["value"])
        if "maxWidth" in lim:
            w = min(w, lim["maxWidth"]["value"])
    if any("maxAspectRatio" in lim or "minAspectRatio" in lim for lim in f.get("pixels", [])):
        w = h
    return w, h, f.get("minBytes", {}).get("value", 1)


def client(base, app_id, secret):
    return lark.Client.builder().app_id(app_id).app_secret(secret).domain(base).log_level(lark.LogLevel.ERROR).build()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--specs", default=os.path.join(os.path.dirname(__file__), "..", "..", "Specs"))
    args = ap.parse_args()
    base = args.base_url.rstrip("/")
    specs = load_specs(args.specs)
    s_img, s_badge, s_list = specs["admin.v1.badge_image.create"], specs["admin.v1.badge.create"], specs["admin.v1.badge.list"]
    s_im, s_lingo = specs["im.v1.image.create"], specs["lingo.v1.file.upload"]
    deliberate = {}  # expected nonconforming rule -> count

    a = client(base, "cli_conformance_a", "conformance-secret-a")
    nobot = client(base, "cli_conformance_nobot", "conformance-secret-nobot")
    w, h, _ = pixels(s_img, "image_file")
    img = png(w, h)

    # Badge image: sync and async.
    def upload(c, data, image_type=1):
        return c.admin.v1.badge_image.create(CreateBadgeImageRequest.builder().request_body(
            CreateBadgeImageRequestBody.builder().image_file(io.BytesIO(data)).image_type(image_type).build()).build())
    r = upload(a, img)
    check(r.code == 0 and bool(r.data.image_key), f"badge_image.create sync -> {r.code} {r.msg}")
    # requests keeps the reply's header casing (httpx, on the async path, lower-cases it).
    check(r.raw is not None and "X-Tt-Logid" in r.raw.headers, "X-Tt-Logid header in canonical casing (sync path)")
    key = r.data.image_key if r.code == 0 else ""

    async def aupload():
        return await a.admin.v1.badge_image.acreate(CreateBadgeImageRequest.builder().request_body(
            CreateBadgeImageRequestBody.builder().image_file(io.BytesIO(img)).image_type(2).build()).build())
    r = asyncio.run(aupload())
    check(r.code == 0 and bool(r.data.image_key), f"badge_image.acreate async -> {r.code} {r.msg}")
    check(r.raw is not None and any(k.lower() == "x-tt-logid" for k in r.raw.headers), "X-Tt-Logid header (async path)")

    enum_rule = field(s_img, "image_type")["enum"]
    r = upload(a, img, image_type=3)
    check(r.code == rule_code(s_img, enum_rule), f"badge_image.create image_type 3 -> {r.code} (spec {rule_code(s_img, enum_rule)})")
    deliberate["request.image_type.enum"] = deliberate.get("request.image_type.enum", 0) + 1
    size_rule = field(s_img, "image_file")["file"]["maxBytes"]
    r = upload(a, png(w, h, size_rule["value"] + 1))
    check(r.code == rule_code(s_img, size_rule), f"badge_image.create over {size_rule['value']} bytes -> {r.code}")
    deliberate["request.image_file.file.maxBytes"] = 1

    # Badges: create, duplicate, too long, then a full pagination walk, sync and async.
    def create(name, c=a):
        return c.admin.v1.badge.create(CreateBadgeRequest.builder().request_body(
            Badge.builder().name(name).detail_image(key).show_image(key).build()).build())
    r = create("interop-0")
    check(r.code == 0 and r.data.badge.id and r.data.badge.name == "interop-0", f"badge.create sync -> {r.code} {r.msg}")
    dup = behaviour(s_badge, "unique")["error"]["code"]
    r = create("interop-0")
    check(r.code == dup, f"badge.create duplicate name -> {r.code} (spec {dup})")
    max_len = field(s_badge, "name")["maxLength"]
    r = create("勋" * (max_len["value"] + 1))
    check(r.code == rule_code(s_badge, max_len), f"badge.create name of {max_len['value'] + 1} chars -> {r.code}")
    deliberate["request.name.maxLength"] = 1

    async def acreate(name):
        return await a.admin.v1.badge.acreate(CreateBadgeRequest.builder().request_body(
            Badge.builder().name(name).detail_image(key).show_image(key).build()).build())
    for i in range(1, 23):
        r = asyncio.run(acreate(f"interop-{i}")) if i % 2 else create(f"interop-{i}")
        check(r.code == 0, f"badge.create interop-{i} -> {r.code}")

    expected = [f"interop-{i}" for i in range(22, -1, -1)]
    page_size = 10

    def walk_sync():
        names, token, pages = [], None, 0
        while True:
            b = ListBadgeRequest.builder().page_size(page_size)
            if token:
                b = b.page_token(token)
            r = a.admin.v1.badge.list(b.build())
            check(r.code == 0, f"badge.list page {pages + 1} -> {r.code}")
            names += [x.name for x in (r.data.badges or [])]
            pages += 1
            check(bool(r.data.has_more) == bool(r.data.page_token), "page_token present exactly when has_more")
            if not r.data.has_more or pages > 10:
                return names, pages
            token = r.data.page_token

    names, pages = walk_sync()
    check(names == expected and pages == 3, f"badge.list sync walk: {pages} pages, newest first")

    async def walk_async():
        names, token = [], None
        while True:
            b = ListBadgeRequest.builder().page_size(page_size)
            if token:
                b = b.page_token(token)
            r = await a.admin.v1.badge.alist(b.build())
            if r.code != 0:
                return None
            names += [x.name for x in (r.data.badges or [])]
            if not r.data.has_more:
                return names
            token = r.data.page_token
    check(asyncio.run(walk_async()) == expected, "badge.alist async walk, newest first")
    r = a.admin.v1.badge.list(ListBadgeRequest.builder().name("interop-7").build())
    check(r.code == 0 and [x.name for x in r.data.badges] == ["interop-7"], "badge.list exact-name filter")
    r = a.admin.v1.badge.list(ListBadgeRequest.builder().page_token("not-a-token").build())
    check(r.code == s_list["invalidParamError"]["code"], f"badge.list garbage page_token -> {r.code}")
    deliberate["request.page_token.format"] = 1

    # IM image: bot required.
    iw, ih, imin = pixels(s_im, "image")
    im_img = png(iw, ih, imin)
    def im_upload(c):
        return c.im.v1.image.create(CreateImageRequest.builder().request_body(
            CreateImageRequestBody.builder().image_type("message").image(io.BytesIO(im_img)).build()).build())
    r = im_upload(a)
    check(r.code == 0 and r.data.image_key, f"im.image.create sync -> {r.code} {r.msg}")
    async def aim():
        return await a.im.v1.image.acreate(CreateImageRequest.builder().request_body(
            CreateImageRequestBody.builder().image_type("avatar").image(io.BytesIO(im_img)).build()).build())
    r = asyncio.run(aim())
    check(r.code == 0, f"im.image.acreate async -> {r.code} {r.msg}")
    bot = behaviour(s_im, "requiresCapability")["error"]["code"]
    r = im_upload(nobot)
    check(r.code == bot, f"im.image.create without bot -> {r.code} (spec {bot})")

    # Lingo file upload.
    lw, lh, lmin = pixels(s_lingo, "file")
    lingo_img = png(lw, lh, lmin)
    r = a.lingo.v1.file.upload(UploadFileRequest.builder().request_body(
        LingoFile.builder().name("interop.png").file(io.BytesIO(lingo_img)).build()).build())
    check(r.code == 0 and r.data.file_token, f"lingo.file.upload sync -> {r.code} {r.msg}")
    async def alingo():
        return await a.lingo.v1.file.aupload(UploadFileRequest.builder().request_body(
            LingoFile.builder().name("interop2.png").file(io.BytesIO(lingo_img)).build()).build())
    r = asyncio.run(alingo())
    check(r.code == 0, f"lingo.file.aupload async -> {r.code} {r.msg}")

    # The journal: every SDK request conforming except the deliberate ones, which name their rule.
    with urllib.request.urlopen(base + "/__mock/journal") as resp:
        entries = json.load(resp)["entries"]
    bad = [e for e in entries if e["verdict"] != "conforming"]
    seen = {}
    for e in bad:
        rules = [v["rule"] for v in e["violations"] if v.get("client_fault")]
        rule = rules[0] if rules else "?"
        seen[rule] = seen.get(rule, 0) + 1
    check(seen == deliberate, f"journal: nonconforming requests are exactly the deliberate ones: {seen}")
    check(any(e["endpoint"] == "auth.v3.tenant_access_token.internal" and e["verdict"] == "conforming" for e in entries),
          "journal: the SDK's token request (no Content-Type) conforms")
    print(f"{len(entries)} journal entries, {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
