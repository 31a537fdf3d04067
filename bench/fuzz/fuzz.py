#!/usr/bin/env python3
"""Fuzzes BugSage's Sentry ingestion endpoints and checks that the server takes it.

Sends N deterministic hostile requests (see mutators.py) to a running server, then checks the
bars: no 5xx, no dropped connections, the process still alive, a valid event still searchable
within 5 s, peak memory within 50 MB of idle. Every 5xx and dropped connection is saved under
the output folder with its body, so it can be replayed (--replay). Python 3 standard library only.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import mutators
import seeds

SENTINEL_BAR_S = 5.0
RSS_BAR_MB = 50.0
REQUEST_TIMEOUT_S = 30.0
MEMORY_JUMP_MB = 10  # peak memory growth within one 0.25 s tick worth naming the requests for


# ---------------------------------------------------------------- HTTP

class Client:
    """One keep-alive connection; reconnects when the server closed it."""

    def __init__(self, base_url: str):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.conn = None
        self.used = False  # a request went through this connection already

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT_S)
        self.used = False

    def close(self):
        if self.conn:
            self.conn.close()
        self.conn = None

    def send(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, dict, bytes]:
        # A keep-alive connection the server closed while idle fails on reuse; that is not a
        # drop caused by the request, so the request is sent once more on a fresh connection.
        if self.conn is None:
            self._connect()
        try:
            return self._once(method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not self.used:
                raise
            self.close()
            self._connect()
            return self._once(method, path, body, headers)

    def _once(self, method, path, body, headers):
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        self.used = True
        if response.will_close:
            self.close()
        return response.status, dict(response.getheaders()), data


def api(base_url: str, method: str, path: str, token: str | None = None, body=None) -> tuple[int, object]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    client = Client(base_url)
    try:
        status, _, data = client.send(method, path, json.dumps(body).encode() if body is not None else None, headers)
    finally:
        client.close()
    try:
        return status, json.loads(data) if data else None
    except ValueError:
        return status, data[:300]


def wait_ready(base_url: str, pid: int | None, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if alive(pid) is False:
            raise SystemExit(f"the server process {pid} exited before it was ready")
        try:
            if api(base_url, "GET", "/health/ready")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{base_url} was not ready within {deadline_s:.0f} s")


def login(base_url: str, email: str, password: str) -> str:
    status, body = api(base_url, "POST", "/api/v1/auth/login", body={"email": email, "password": password})
    if status != 200:
        raise SystemExit(f"login as {email} failed: {status} {body}")
    return body["accessToken"]


def default_target(base_url: str, token: str) -> mutators.Target:
    """The first project (the default one on a fresh server) and its first active DSN key."""
    status, projects = api(base_url, "GET", "/api/v1/projects", token)
    if status != 200 or not projects["items"]:
        raise SystemExit(f"no project to fuzz: {status} {projects}")
    project = next((p for p in projects["items"] if p["slug"] == "default"), projects["items"][0])
    status, keys = api(base_url, "GET", f"/api/v1/projects/{project['id']}/keys", token)
    key = next((k for k in keys["items"] if k["isActive"]), None) if status == 200 else None
    if key is None:
        raise SystemExit(f"project {project['id']} has no active key: {status} {keys}")
    return mutators.Target(project["id"], key["publicKey"], base_url)


# ---------------------------------------------------------------- the process

def proc_status(pid: int) -> dict:
    """VmRSS / VmHWM of the process in kB; empty when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            lines = f.read().splitlines()
    except OSError:
        return {}
    values = {}
    for line in lines:
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM", "State"):
            values[name] = rest.split()[0] if name == "State" else int(rest.split()[0])
    return values


def alive(pid: int | None) -> bool | None:
    if pid is None:
        return None
    state = proc_status(pid).get("State")
    return state is not None and state not in ("Z", "X")


def settled_rss_kb(pid: int, deadline_s: float = 15.0) -> int:
    """VmRSS once two readings half a second apart agree within 1 MB (or at the deadline)."""
    deadline = time.monotonic() + deadline_s
    previous = proc_status(pid).get("VmRSS", 0)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        current = proc_status(pid).get("VmRSS", 0)
        if abs(current - previous) < 1024:
            return current
        previous = current
    return previous


@dataclass
class Health:
    exists: bool | None  # the process is there (None: no --pid to look at)
    answering: bool  # /health/live answers 200
    exited_within_s: float | None = None  # a silent process that then exited on its own, and when

    def describe(self) -> str:
        if self.answering:
            return "yes" if self.exists else "answering (process not watched: no --pid)"
        if self.exists is None:
            return "no: /health/live does not answer"
        if self.exited_within_s is not None:
            return f"no: not answering, the process exited {self.exited_within_s:.1f} s later"
        return "no: not answering" + (", the process is still there (stuck stopping)" if self.exists else ", the process is gone")


def check_health(base_url: str, pid: int | None, exit_wait_s: float = 15.0) -> Health:
    """Is the server there and answering? A host that stops answering is given a while to exit."""
    try:
        answering = api(base_url, "GET", "/health/live")[0] == 200
    except OSError:
        answering = False
    exists = alive(pid)
    if answering or not exists:
        return Health(exists, answering)
    started = time.monotonic()
    while time.monotonic() - started < exit_wait_s:
        if not alive(pid):
            return Health(False, False, time.monotonic() - started)
        time.sleep(0.2)
    return Health(True, False)


# ---------------------------------------------------------------- sentinel

def sentinel_latency(base_url: str, token: str, target: mutators.Target, deadline_s: float = 30.0) -> float | None:
    """Sends one valid event with a unique word; seconds until the issue search finds it, or None."""
    word = "sentinel" + uuid.uuid4().hex[:16]
    event = {"event_id": uuid.uuid4().hex, "timestamp": time.time(), "platform": "python", "level": "error",
             "message": f"fuzz {word} arrived"}
    env = seeds.Envelope({"event_id": event["event_id"]}, [seeds.Item({"type": "event"}, event)])
    request = mutators.envelope_request("sentinel", target, seeds.serialize(env))
    started = time.monotonic()
    client = Client(base_url)
    try:
        status, _, data = client.send("POST", request.path, request.body, request.headers)
    except OSError as e:
        print(f"sentinel not sent: {e!r}")
        return None
    finally:
        client.close()
    if status != 200:
        print(f"sentinel refused: {status} {data[:200]!r}")
        return None
    path = f"/api/v1/projects/{target.project_id}/issues?query={word}"
    while time.monotonic() - started < deadline_s:
        try:
            status, body = api(base_url, "GET", path, token)
            if status == 200 and body["items"]:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    return None


# ---------------------------------------------------------------- the run

DROP_ERRORS = (http.client.HTTPException, ConnectionResetError, BrokenPipeError, ConnectionAbortedError, TimeoutError, socket.timeout)


@dataclass
class Results:
    statuses: Counter = field(default_factory=Counter)
    by_kind: dict = field(default_factory=lambda: defaultdict(Counter))  # family -> status/error -> count
    dropped: Counter = field(default_factory=Counter)  # error class -> count
    refused: int = 0
    findings: list = field(default_factory=list)
    sent: int = 0
    bytes_sent: int = 0
    gone_after: int | None = None  # requests sent when the server was first seen gone or refusing
    last_status: dict = field(default_factory=dict)  # the process's last VmRSS/VmHWM seen alive
    in_flight: dict = field(default_factory=dict)  # thread -> kind of the request it is sending
    memory_jumps: list = field(default_factory=list)  # (MB the peak grew, kinds in flight then)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note_gone(self):
        with self.lock:
            if self.gone_after is None:
                self.gone_after = self.sent


def save_finding(out_dir: str, index: int, request: mutators.Request, target: mutators.Target, outcome: str,
                 response: bytes = b"", headers: dict | None = None) -> dict:
    """Writes the request (replayable) and what came back; returns the summary record."""
    family = request.kind.split(":")[0]
    stem = os.path.join(out_dir, "findings", f"{index:06d}-{family}")
    with open(stem + ".body", "wb") as f:
        f.write(request.body)
    trace = re.search(rb'"traceId":"00-([0-9a-f]{32})-', response or b"")
    record = {
        "index": index, "kind": request.kind, "outcome": outcome, "method": request.method, "path": request.path,
        "headers": request.headers, "body_bytes": len(request.body), "body_file": os.path.basename(stem + ".body"),
        "sample": request.body[:160].decode("latin-1"), "response": (response or b"")[:300].decode("latin-1"),
        "sentry_error": (headers or {}).get("X-Sentry-Error"), "trace_id": trace.group(1).decode() if trace else None,
        "project_id": target.project_id, "key": target.key,
    }
    with open(stem + ".json", "w") as f:
        json.dump(record, f, indent=1)
    return record


def worker(base_url, seed, indexes, n, target, results: Results, out_dir, stop: threading.Event):
    client = Client(base_url)
    for index in indexes:
        if index >= n or stop.is_set():
            break
        request = mutators.request_for(seed, index, target, valid_only=VALID_ONLY)
        family = request.kind.split(":")[0]
        outcome, response, headers = None, b"", {}
        results.in_flight[threading.get_ident()] = request.kind
        try:
            status, headers, response = client.send(request.method, request.path, request.body, request.headers)
            outcome = str(status)
        except ConnectionRefusedError:
            outcome = "refused"
        except DROP_ERRORS as e:
            outcome = f"dropped:{type(e).__name__}"
        results.in_flight.pop(threading.get_ident(), None)
        with results.lock:
            results.sent += 1
            results.bytes_sent += len(request.body)
            results.by_kind[family][outcome] += 1
            if outcome == "refused":
                results.refused += 1
            elif outcome.startswith("dropped"):
                results.dropped[outcome.split(":")[1]] += 1
            else:
                results.statuses[int(outcome)] += 1
        if outcome == "refused":
            # Nobody listens any more: the host is gone or stopping; stop sending.
            results.note_gone()
            stop.set()
        elif outcome.startswith("dropped") or outcome.startswith("5"):
            record = save_finding(out_dir, index, request, target, outcome, response, headers)
            with results.lock:
                results.findings.append(record)
    client.close()


def watch_process(pid, results: Results, stop: threading.Event, done: threading.Event):
    """Keeps the last memory reading, notes which requests were in flight when peak memory
    jumped, and after how many requests the server process disappeared (stopping the run)."""
    while not done.wait(0.25):
        status = proc_status(pid)
        if status.get("State") not in (None, "Z", "X"):
            grown_mb = (status["VmHWM"] - results.last_status.get("VmHWM", status["VmHWM"])) / 1024
            if grown_mb >= MEMORY_JUMP_MB:
                results.memory_jumps.append((round(grown_mb), sorted(set(results.in_flight.values()))))
            results.last_status = status
            continue
        results.note_gone()
        stop.set()
        return


def fuzz(base_url, seed, n, threads, target, pid, out_dir) -> tuple[Results, float]:
    results, stop, done = Results(), threading.Event(), threading.Event()
    counter = itertools.count()
    lock = threading.Lock()

    def next_index():
        while True:
            with lock:
                index = next(counter)
            yield index

    started = time.monotonic()
    progress = threading.Thread(target=report_progress, args=(results, n, done), daemon=True)
    progress.start()
    watcher = None
    if pid is not None:
        watcher = threading.Thread(target=watch_process, args=(pid, results, stop, done), daemon=True)
        watcher.start()
    pool = [threading.Thread(target=worker, args=(base_url, seed, next_index(), n, target, results, out_dir, stop))
            for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    done.set()
    return results, time.monotonic() - started


def report_progress(results: Results, n: int, done: threading.Event):
    while not done.wait(10):
        with results.lock:
            fives = sum(c for s, c in results.statuses.items() if s >= 500)
            print(f"  {results.sent}/{n} sent, {fives} 5xx, {sum(results.dropped.values())} dropped", flush=True)


def warm_up(base_url, token, target, seed):
    """Valid traffic of every seed kind, so that idle memory includes what normal work allocates."""
    client = Client(base_url)
    rng = random.Random(seed)
    for _ in range(10):
        for envelope in seeds.envelopes(rng, None).values():
            request = mutators.envelope_request("warm_up", target, seeds.serialize(envelope))
            client.send(request.method, request.path, request.body, request.headers)
    client.close()
    api(base_url, "GET", f"/api/v1/projects/{target.project_id}/issues", token)
    # The warm-up's events are digested once a later event is searchable.
    if sentinel_latency(base_url, token, target) is None:
        raise SystemExit("the warm-up sentinel never became searchable")


# ---------------------------------------------------------------- server log

LOG_ENTRY = re.compile(r"^(trce|dbug|info|warn|fail|crit): ", re.M)


def log_entries(path: str | None) -> list[str]:
    if not path or not os.path.exists(path):
        return []
    with open(path, errors="replace") as f:
        text = f.read()
    starts = [m.start() for m in LOG_ENTRY.finditer(text)] + [len(text)]
    return [text[a:b].rstrip() for a, b in zip(starts, starts[1:])]


def headline(entry: str) -> str:
    """The category line, the message and the exception's first line of one log entry."""
    lines = [line.strip() for line in entry.splitlines() if not line.strip().startswith(("=>", "at "))]
    return " | ".join(lines[:3])[:400]


def explain(results: Results, log_path: str | None) -> dict:
    """Joins each 5xx to its log entry (by trace id) and collects errors no request explains."""
    entries = [e for e in log_entries(log_path) if e.startswith(("fail", "crit"))]
    by_trace = {}
    for entry in entries:
        m = re.search(r"TraceId:([0-9a-f]{32})", entry)
        if m:
            by_trace.setdefault(m.group(1), entry)
    failing = defaultdict(lambda: {"count": 0, "outcomes": Counter(), "log": Counter(), "samples": []})
    for record in sorted(results.findings, key=lambda r: r["index"]):
        info = failing[record["kind"].split(":")[0]]
        info["count"] += 1
        info["outcomes"][record["outcome"]] += 1
        entry = by_trace.get(record["trace_id"] or "")
        if entry:
            info["log"][headline(entry)] += 1
        if len(info["samples"]) < 3:
            info["samples"].append(f"#{record['index']} {record['kind']} -> {record['outcome']} ({record['body_file']})")
    explained = {by_trace[r["trace_id"]] for r in results.findings if r["trace_id"] in by_trace}
    unexplained = Counter(headline(e) for e in entries if e not in explained)
    return {"by_family": failing, "other_errors": unexplained}


# ---------------------------------------------------------------- summary

def summarize(args, results, elapsed, health, latency, idle_kb, status_after, explained) -> bool:
    fives = sum(c for s, c in results.statuses.items() if s >= 500)
    dropped = sum(results.dropped.values())
    classes = Counter(f"{s // 100}xx" for s in results.statuses.elements())
    peak_kb, now_kb = status_after.get("VmHWM"), status_after.get("VmRSS")
    delta_mb = (peak_kb - idle_kb) / 1024 if peak_kb and idle_kb else None

    print(f"\n== BugSage fuzz: seed {args.seed}, {results.sent}/{args.n} requests in {elapsed:.1f} s "
          f"({results.bytes_sent / 1e6:.1f} MB sent)")
    print("answers by class:  " + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))
    print("answers by status: " + ", ".join(f"{k} {v}" for k, v in sorted(results.statuses.items())))
    print(f"5xx: {fives}   dropped connections: {dropped} {dict(results.dropped) or ''}   refused (nobody listening): {results.refused}")
    if results.gone_after is not None:
        print(f"server stopped answering after {results.gone_after} requests")
        # The engine looks at an issue's latest event: the hostile cases sent just before count.
        window = results.gone_after // mutators.HOSTILE_WINDOW
        cases = [mutators.Position(args.seed, w * mutators.HOSTILE_WINDOW).hostile_case() for w in range(max(0, window - 1), window + 1)]
        print("  regex_hostile cases of the last windows: " + "; ".join(f"{v} in {where} ({p} {t})" for v, (p, t), where in cases))
    for family, info in sorted(explained["by_family"].items(), key=lambda kv: -kv[1]["count"]):
        print(f"  {family}: {info['count']} ({', '.join(f'{o} {c}' for o, c in info['outcomes'].items())})")
        for line, count in info["log"].most_common(3):
            print(f"      log x{count}: {line}")
        for sample in info["samples"]:
            print(f"      {sample}")
    if explained["other_errors"]:
        print("server errors not tied to a request:")
        for line, count in explained["other_errors"].most_common(6):
            print(f"  x{count}: {line}")

    bars = {
        "no 5xx": fives == 0,
        "no dropped connections": dropped == 0,
        "process alive and answering": health.answering and health.exists is not False,
        f"sentinel searchable within {SENTINEL_BAR_S:.0f} s": latency is not None and latency <= SENTINEL_BAR_S,
        f"peak RSS within {RSS_BAR_MB:.0f} MB of idle": delta_mb is None or delta_mb <= RSS_BAR_MB,
    }
    if args.memory_report_only:
        # Memory is a benchmark figure (BENCHMARKS.md), not a gate: it depends on the machine and its load.
        bars.pop(f"peak RSS within {RSS_BAR_MB:.0f} MB of idle")
    if results.memory_jumps:
        print("peak memory grew most while these were in flight:")
        for grown, kinds in sorted(results.memory_jumps, key=lambda j: -j[0])[:5]:
            print(f"  +{grown} MB: {', '.join(kinds)}")
    print(f"alive: {health.describe()}")
    print(f"sentinel latency: {f'{latency:.2f} s' if latency is not None else 'never (not searchable or not sent)'}")
    if idle_kb:
        print(f"RSS idle {idle_kb / 1024:.0f} MB, peak {peak_kb / 1024 if peak_kb else float('nan'):.0f} MB, "
              f"{'now' if health.exists else 'last seen'} {now_kb / 1024 if now_kb else float('nan'):.0f} MB, peak - idle "
              f"{f'{delta_mb:.0f} MB' if delta_mb is not None else 'unknown (process gone)'}")
    for name, ok in bars.items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")

    summary = {
        "seed": args.seed, "n": args.n, "sent": results.sent, "elapsed_s": round(elapsed, 1),
        "statuses": dict(results.statuses), "classes": dict(classes), "five_xx": fives,
        "dropped": dict(results.dropped), "refused": results.refused, "gone_after": results.gone_after,
        "process_exists": health.exists, "answering": health.answering, "exited_within_s": health.exited_within_s, "sentinel_latency_s": latency, "rss_idle_kb": idle_kb, "rss_peak_kb": peak_kb,
        "rss_now_kb": now_kb, "memory_jumps": results.memory_jumps, "by_kind": {k: dict(v) for k, v in results.by_kind.items()},
        "failing": {k: {"count": v["count"], "outcomes": dict(v["outcomes"]), "log": dict(v["log"]), "samples": v["samples"]}
                    for k, v in explained["by_family"].items()},
        "other_errors": dict(explained["other_errors"]), "bars": bars,
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    return all(bars.values())


# ---------------------------------------------------------------- replay

def replay(args) -> int:
    """Sends saved findings again, with the key and project of the server now running."""
    token = login(args.url, args.email, args.password)
    target = default_target(args.url, token)
    for path in args.replay:
        with open(path) as f:
            record = json.load(f)
        with open(os.path.join(os.path.dirname(path), record["body_file"]), "rb") as f:
            body = f.read().replace(record["key"].encode(), target.key.encode())
        request_path = record["path"].replace(record["key"], target.key)
        request_path = request_path.replace(f"/api/{record['project_id']}/", f"/api/{target.project_id}/", 1)
        client = Client(args.url)
        try:
            status, headers, data = client.send(record["method"], request_path, body, record["headers"])
            print(f"{path}: {record['kind']} -> {status} {headers.get('X-Sentry-Error', '')} {data[:200]!r}")
        except OSError as e:
            print(f"{path}: {record['kind']} -> {type(e).__name__}: {e}")
        finally:
            client.close()
    return 0


# ---------------------------------------------------------------- main

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="the server, e.g. http://127.0.0.1:8000")
    p.add_argument("--pid", type=int, help="the server's process id: enables the alive and memory checks")
    p.add_argument("-n", type=int, default=10_000, help="requests to send (default 10000)")
    p.add_argument("--seed", type=int, default=1, help="the run's seed: same seed, same requests")
    p.add_argument("--threads", type=int, default=4, help="concurrent connections (default 4)")
    p.add_argument("--email", default="fuzz@localhost")
    p.add_argument("--password", default="fuzz-password-1")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "manual"))
    p.add_argument("--server-log", help="the server's output, to join 5xx answers with their log entries")
    p.add_argument("--memory-report-only", action="store_true", help="print the memory figures but do not fail on them")
    p.add_argument("--baseline", action="store_true", help="before fuzzing, send N unmutated envelopes; idle memory is read after them")
    p.add_argument("--valid-only", action="store_true", help="send unmutated seed envelopes: the memory baseline of ordinary traffic")
    p.add_argument("--replay", nargs="+", metavar="FINDING.json", help="resend saved findings instead of fuzzing")
    return p.parse_args(argv)


# Set from --valid-only: every request is an unmutated seed (a baseline run).
VALID_ONLY = False


def main(argv) -> int:
    global VALID_ONLY
    args = parse_args(argv)
    VALID_ONLY = args.valid_only
    if args.replay:
        return replay(args)
    os.makedirs(os.path.join(args.out, "findings"), exist_ok=True)
    wait_ready(args.url, args.pid, 120)
    token = login(args.url, args.email, args.password)
    target = default_target(args.url, token)
    print(f"fuzzing {args.url} project {target.project_id}: {args.n} requests, seed {args.seed}, {args.threads} connections")

    warm_up(args.url, token, target, args.seed)
    if args.baseline:
        # The same volume of ordinary traffic first: caches, connection pools and the database's
        # page cache grow with use, so "idle" is the server after that, and what the hostile run
        # adds on top is what hostile input costs.
        VALID_ONLY, only = True, VALID_ONLY
        baseline, took = fuzz(args.url, args.seed + 1_000_000, args.n, args.threads, target, None, args.out)
        VALID_ONLY = only
        print(f"baseline: {baseline.sent} valid requests in {took:.1f} s ({dict(baseline.statuses)})")
    idle_kb = settled_rss_kb(args.pid) if args.pid else None
    if idle_kb:
        print(f"idle RSS after warm-up: {idle_kb / 1024:.0f} MB")

    results, elapsed = fuzz(args.url, args.seed, args.n, args.threads, target, args.pid, args.out)

    health = check_health(args.url, args.pid)
    latency = None
    if health.answering:
        try:
            # A fresh token: a long run outlives the first one.
            latency = sentinel_latency(args.url, login(args.url, args.email, args.password), target)
        except (OSError, SystemExit) as e:
            print(f"sentinel check failed: {e}")
        # The host may be stopping already (a background service failed late in the run).
        health = check_health(args.url, args.pid)
    # A process that died leaves its last reading: its peak up to then still counts.
    status_after = {}
    if args.pid:
        status_after = proc_status(args.pid) if "VmHWM" in proc_status(args.pid) else results.last_status
    explained = explain(results, args.server_log)
    return 0 if summarize(args, results, elapsed, health, latency, idle_kb, status_after, explained) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
