"""Time from an event accepted to its alert delivered, measured from outside.

Starts a webhook receiver, makes a webhook integration and a "new issue" rule that only probe
events match (tag probe=1, so the background load never fires it), then sends probe events, each a
new issue, at a steady pace while the caller's background load runs. The latency of one probe is the
time from the SDK endpoint's 200 to the signed webhook's arrival at the receiver.

Usage: probe.py BASE_URL PROJECT_ID DSN_KEY EMAIL PASSWORD PROBES INTERVAL_S
"""
import json, sys, threading, time, uuid, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

base, project, key, email, password = sys.argv[1:6]
probes, interval = int(sys.argv[6]), float(sys.argv[7])
arrived = {}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        at = time.monotonic()
        try:
            event_id = json.loads(body)["data"]["event"]["eventId"]
            with lock:
                arrived.setdefault(event_id, at)
        except (KeyError, TypeError, ValueError):
            pass
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


token = call("POST", "/api/v1/auth/login", {"email": email, "password": password})["accessToken"]
hook = call("POST", f"/api/v1/projects/{project}/integrations",
            {"kind": "webhook", "name": "latency probe", "url": f"http://127.0.0.1:{receiver.server_port}/hook"}, token)
call("POST", f"/api/v1/projects/{project}/alert-rules", {
    "name": "probe: new issue", "trigger": "new_issue", "conditions": {"tags": {"probe": "1"}},
    "actions": [{"target": "integration", "integrationId": hook["id"]}], "issueIntervalMinutes": 0, "maxFiringsPerHour": 10000}, token)

sent = {}
for n in range(probes):
    event_id = uuid.uuid4().hex
    event = {"event_id": event_id, "platform": "node", "level": "error", "environment": "production", "tags": {"probe": "1"},
             "exception": {"values": [{"type": "ProbeError", "value": f"probe {n}", "stacktrace": {"frames": [
                 {"filename": "/srv/app/src/probe.js", "function": f"probe{n}_{event_id[:8]}", "lineno": 10 + n, "in_app": True}]}}]}}
    payload = json.dumps(event).encode()
    envelope = json.dumps({"event_id": event_id}).encode() + b"\n" + json.dumps({"type": "event", "length": len(payload)}).encode() + b"\n" + payload
    request = urllib.request.Request(f"{base}/api/{project}/envelope/?sentry_key={key}", data=envelope, method="POST",
                                     headers={"Content-Type": "application/x-sentry-envelope"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status == 200:
            sent[event_id] = time.monotonic()
    time.sleep(interval)

deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    with lock:
        if all(e in arrived for e in sent):
            break
    time.sleep(0.05)
with lock:
    latencies = sorted((arrived[e] - t) * 1000 for e, t in sent.items() if e in arrived)
missing = len(sent) - len(latencies)


def pct(p):
    return latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies) + 0.5)) - 1)] if latencies else float("nan")


print(f"probes_accepted={len(sent)} delivered={len(latencies)} missing_after_60s={missing}")
print(f"notify_latency_p50_ms={pct(50):.0f} notify_latency_p95_ms={pct(95):.0f} notify_latency_max_ms={max(latencies, default=float('nan')):.0f}")
