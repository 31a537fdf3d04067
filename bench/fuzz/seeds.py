"""Valid envelopes the mutators start from, shaped like what real Sentry SDKs send.

An envelope is kept as structure until the last moment, so a mutator can lie about one field
without having to re-parse bytes: ``Envelope(header, items)`` where each item is
``Item(header, payload)``; ``payload`` is a JSON-able value or raw bytes.
"""

import json
import random
import re
import uuid
from dataclasses import dataclass, field

# An event's timestamp is "now" in seconds; fixed so that a seed is reproducible.
NOW = 1_767_225_600.0  # 2026-01-01T00:00:00Z


@dataclass
class Item:
    header: dict
    payload: object  # dict/list (JSON) or bytes (sent as is)
    # When False the item header carries no "length": the payload then ends at the next newline.
    with_length: bool = True


@dataclass
class Envelope:
    header: dict
    items: list = field(default_factory=list)


def event_id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def frames() -> list:
    """A JavaScript stack with in-app frames and source context, as @sentry/node sends it."""
    return [
        {"filename": "node:internal/process/task_queues", "function": "processTicksAndRejections",
         "lineno": 95, "colno": 5, "in_app": False},
        {"filename": "/srv/app/src/routes/orders.js", "abs_path": "/srv/app/src/routes/orders.js",
         "module": "routes.orders", "function": "handleCheckout", "lineno": 42, "colno": 17, "in_app": True,
         "pre_context": ["async function handleCheckout(req, res) {", "  const cart = await loadCart(req.user);"],
         "context_line": "  const total = cart.items.reduce((sum, i) => sum + i.price, 0);",
         "post_context": ["  res.json({ total });", "}"],
         "vars": {"req": "[Object]", "cart": None}},
    ]


def error_event(rng: random.Random) -> dict:
    return {
        "event_id": event_id(rng),
        "timestamp": NOW,
        "platform": "javascript",
        "level": "error",
        "logger": "console",
        "server_name": "web-1",
        "release": "shop@1.4.2",
        "environment": "production",
        "transaction": "POST /checkout",
        "exception": {"values": [{
            "type": "TypeError",
            "value": "Cannot read properties of undefined (reading 'items')",
            "mechanism": {"type": "onuncaughtexception", "handled": False},
            "stacktrace": {"frames": frames()},
        }]},
        "breadcrumbs": {"values": [
            {"timestamp": NOW - 2, "category": "http", "type": "http", "level": "info",
             "data": {"method": "GET", "url": "/api/cart", "status_code": 200}},
            {"timestamp": NOW - 1, "category": "console", "level": "warning", "message": "cart cache miss"},
        ]},
        "tags": {"region": "eu-west-1", "feature": "checkout"},
        "user": {"id": "42", "email": "jane@example.com", "ip_address": "203.0.113.7", "username": "jane"},
        "request": {"method": "POST", "url": "https://shop.example.com/checkout",
                    "headers": {"User-Agent": "Mozilla/5.0", "Cookie": "session=abc"},
                    "query_string": "coupon=SPRING", "data": {"cart": "c-9"}},
        "contexts": {"os": {"name": "Linux", "version": "6.1"},
                     "runtime": {"name": "node", "version": "v20.11.0"},
                     "trace": {"trace_id": uuid.UUID(int=rng.getrandbits(128)).hex, "span_id": "b0e6f15b45c36b12"}},
        "sdk": {"name": "sentry.javascript.node", "version": "8.47.0"},
        "extra": {"attempt": 1},
    }


def message_event(rng: random.Random) -> dict:
    return {
        "event_id": event_id(rng),
        "timestamp": NOW,
        "platform": "python",
        "level": "warning",
        "message": {"formatted": "Payment provider answered slowly", "message": "Payment provider answered %s",
                    "params": ["slowly"]},
        "sdk": {"name": "sentry.python", "version": "2.19.0"},
    }


def transaction(rng: random.Random) -> dict:
    trace = uuid.UUID(int=rng.getrandbits(128)).hex
    return {
        "event_id": event_id(rng),
        "type": "transaction",
        "transaction": "GET /api/cart",
        "start_timestamp": NOW - 0.25,
        "timestamp": NOW,
        "contexts": {"trace": {"trace_id": trace, "span_id": "a1b2c3d4e5f60718", "op": "http.server", "status": "ok"}},
        "spans": [{"span_id": "1122334455667788", "parent_span_id": "a1b2c3d4e5f60718", "trace_id": trace,
                   "op": "db.query", "description": "SELECT * FROM carts", "start_timestamp": NOW - 0.2,
                   "timestamp": NOW - 0.1}],
        "sdk": {"name": "sentry.javascript.node", "version": "8.47.0"},
    }


def session() -> dict:
    return {"sid": "7c6e5f5e-6b4a-4b1e-9a3e-0d9a1c2b3a4f", "init": True, "started": "2026-01-01T00:00:00Z",
            "timestamp": "2026-01-01T00:00:05Z", "status": "ok", "errors": 0, "duration": 5.0,
            "attrs": {"release": "shop@1.4.2", "environment": "production"}}


def client_report() -> dict:
    return {"timestamp": NOW, "discarded_events": [{"reason": "queue_overflow", "category": "error", "quantity": 3}]}


def _header(eid: str, dsn: str | None) -> dict:
    header = {"event_id": eid, "sent_at": "2026-01-01T00:00:00.000Z",
              "sdk": {"name": "sentry.javascript.node", "version": "8.47.0"}}
    if dsn:
        header["dsn"] = dsn
    return header


def envelopes(rng: random.Random, dsn: str | None) -> dict:
    """Every seed envelope by name; dsn is put in the envelope header like SDKs do (may be None)."""
    err = error_event(rng)
    msg = message_event(rng)
    txn = transaction(rng)
    return {
        "error": Envelope(_header(err["event_id"], dsn), [Item({"type": "event"}, err)]),
        "message": Envelope(_header(msg["event_id"], dsn), [Item({"type": "event"}, msg)]),
        "attachment": Envelope(_header(err["event_id"], dsn), [
            Item({"type": "event"}, err),
            Item({"type": "attachment", "filename": "state.txt", "content_type": "text/plain"},
                 b"cart=c-9\nuser=42\n"),
            Item({"type": "client_report"}, client_report()),
        ]),
        "session": Envelope({"sent_at": "2026-01-01T00:00:05.000Z"}, [Item({"type": "session"}, session())]),
        "transaction": Envelope(_header(txn["event_id"], dsn), [Item({"type": "transaction"}, txn)]),
    }


def store_events(rng: random.Random) -> dict:
    """Bodies for the legacy /store/ endpoint: one event as JSON."""
    return {"error": error_event(rng), "message": message_event(rng)}


def raw(text: str) -> str:
    """A JSON value Python's json cannot write (1e400, NaN, 0x10, 100,000 levels of nesting):
    written verbatim, unquoted. Hex inside the marker keeps json.dumps from escaping it."""
    return f"~~RAW({text.encode().hex()})RAW~~"


def raw_bytes(data: bytes) -> str:
    """Bytes (invalid UTF-8 included) written verbatim inside a JSON string."""
    return f"~~HEX({data.hex()})HEX~~"


_RAW = re.compile(rb'"~~RAW\(([0-9a-f]*)\)RAW~~"')
_HEX = re.compile(rb"~~HEX\(([0-9a-f]*)\)HEX~~")


def dump_json(value) -> bytes:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, which is exactly what we want to send.
    text = json.dumps(value, separators=(",", ":"), allow_nan=True).encode()
    text = _RAW.sub(lambda m: bytes.fromhex(m.group(1).decode()), text)
    return _HEX.sub(lambda m: bytes.fromhex(m.group(1).decode()), text)


def serialize(envelope: Envelope) -> bytes:
    """The envelope's wire form: header line, then per item a header line and the payload."""
    out = [dump_json(envelope.header)]
    for item in envelope.items:
        payload = item.payload if isinstance(item.payload, bytes) else dump_json(item.payload)
        header = dict(item.header)
        if item.with_length and "length" not in header:
            header["length"] = len(payload)
        out.append(dump_json(header))
        out.append(payload)
    return b"\n".join(out) + b"\n"
