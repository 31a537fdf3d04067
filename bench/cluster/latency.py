#!/usr/bin/env python3
"""Accept-to-browser latency across nodes: a server-sent-events reader signed in on node B while
events are POSTed one after another to node A. Each event has a fingerprint of its own, so each
makes a new issue, and the probe times from A's 200 to B's `issue.created` for that issue.
Prints `seen=N missing=N p50_ms=... p95_ms=... max_ms=...`.
Usage: latency.py <node A url> <node B url> <project id> <dsn key> <email> <password> [events=200] [gap_ms=25]
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

a_url, b_url, project_id, key, email, password = sys.argv[1:7]
count = int(sys.argv[7]) if len(sys.argv) > 7 else 200
gap = (int(sys.argv[8]) if len(sys.argv) > 8 else 25) / 1000
run = uuid.uuid4().hex[:8]
marker = f"latency probe {run} #"


def login(base):
    body = json.dumps({"email": email, "password": password}).encode()
    request = urllib.request.Request(base + "/api/v1/auth/login", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["accessToken"]


seen = {}
connected = threading.Event()


def read_stream(token):
    parts = urllib.parse.urlsplit(b_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    connection.request("GET", f"/api/v1/stream?projectId={project_id}",
                       headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"})
    answer = connection.getresponse()
    if answer.status != 200:
        raise SystemExit(f"stream on node B answered {answer.status}")
    event = None
    while True:
        line = answer.fp.readline()
        if not line:
            return
        line = line.decode().rstrip("\n")
        if line.startswith(": connected"):
            connected.set()
        elif line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == "issue.created":
            title = json.loads(line[6:]).get("title") or ""
            if marker in title:
                seen.setdefault(int(title.rsplit("#", 1)[1]), time.monotonic())


def envelope(n):
    event_id = uuid.uuid4().hex
    payload = json.dumps({
        "event_id": event_id, "platform": "node", "level": "error", "timestamp": time.time(),
        "fingerprint": [f"latency-{run}-{n}"],
        "exception": {"values": [{"type": "ClusterLatencyProbe", "value": f"{marker}{n}"}]},
    })
    header = json.dumps({"event_id": event_id, "sdk": {"name": "sentry.javascript.node", "version": "11.12.0"}})
    return f'{header}\n{{"type":"event","length":{len(payload.encode())}}}\n{payload}\n'.encode()


threading.Thread(target=read_stream, args=(login(b_url),), daemon=True).start()
if not connected.wait(30):
    raise SystemExit("the stream on node B did not connect within 30 s")

accepted = {}
for n in range(count):
    request = urllib.request.Request(f"{a_url}/api/{project_id}/envelope/?sentry_key={key}", envelope(n),
                                     {"Content-Type": "application/x-sentry-envelope"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
        if answer.status == 200:
            accepted[n] = time.monotonic()
    time.sleep(gap)  # pacing between probes, not a wait for work

deadline = time.monotonic() + 30
while any(n not in seen for n in accepted) and time.monotonic() < deadline:
    time.sleep(0.05)

latencies = sorted((seen[n] - accepted[n]) * 1000 for n in accepted if n in seen)
missing = sum(1 for n in accepted if n not in seen)
if not latencies:
    raise SystemExit(f"node B's stream saw none of the {len(accepted)} accepted probes")
p95 = latencies[min(len(latencies) - 1, int(round(0.95 * len(latencies))) - 1)]
print(f"seen={len(latencies)} missing={missing} p50_ms={statistics.median(latencies):.0f} "
      f"p95_ms={p95:.0f} max_ms={latencies[-1]:.0f}")
