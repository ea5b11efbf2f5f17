#!/usr/bin/env python3
"""Upload benchmark for HTTPWire: N concurrent 10 MB multipart uploads, ingest MB/s and server peak RSS.

Usage: httpwire_upload.py PORT PID [concurrency=8] [rounds=3] [megabytes=10]
Prints one JSON line. PID is the server process (its /proc status gives VmRSS / VmHWM).
"""
import http.client, json, os, sys, threading, time

port, pid = int(sys.argv[1]), int(sys.argv[2])
conc = int(sys.argv[3]) if len(sys.argv) > 3 else 8
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
mb = int(sys.argv[5]) if len(sys.argv) > 5 else 10

def mem(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024  # MiB
    return -1

payload = os.urandom(mb * 1024 * 1024)
boundary = "benchBoundary7MA4YWxkTrZu0gW"
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image_type\"\r\n\r\nmessage\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.bin\"\r\n"
        f"Content-Type: application/octet-stream\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()
headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(body))}
errors = []

def upload():
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("POST", "/upload", body=body, headers=headers)
        r = c.getresponse()
        text = r.read().decode()
        if r.status != 200 or text != f"2 {7 + len(payload)}":
            errors.append(f"{r.status} {text[:80]}")
        c.close()
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        errors.append(repr(e))

rss_before = mem("VmRSS")
start = time.monotonic()
for _ in range(rounds):
    threads = [threading.Thread(target=upload) for _ in range(conc)]
    for t in threads: t.start()
    for t in threads: t.join()
elapsed = time.monotonic() - start
total_mb = len(body) * conc * rounds / 1e6
print(json.dumps({
    "concurrency": conc, "rounds": rounds, "upload_mb": round(len(body) / 1e6, 2),
    "seconds": round(elapsed, 2), "ingest_MBps": round(total_mb / elapsed, 1),
    "rss_before_MiB": rss_before, "rss_after_MiB": mem("VmRSS"), "peak_rss_MiB": mem("VmHWM"),
    "errors": errors[:5], "error_count": len(errors)}))
