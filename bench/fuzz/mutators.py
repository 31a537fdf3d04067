"""Mutation kinds: each turns a seed into one hostile ingest request.

Every mutator is ``fn(rng, target) -> Request`` and names its variant in ``Request.kind`` as
``family:variant`` so that the summary can say exactly which lie made the server fail. All
randomness comes from ``rng``: the same seed and index always give the same request.
"""

import gzip
import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import seeds
from seeds import Envelope, Item, raw, raw_bytes


@dataclass
class Target:
    project_id: int
    key: str
    base_url: str  # for DSNs written into envelope headers

    def dsn(self, project_id: int | None = None, key: str | None = None) -> str:
        host = self.base_url.split("://", 1)[-1].rstrip("/")
        return f"http://{key or self.key}@{host}/{self.project_id if project_id is None else project_id}"


@dataclass
class Request:
    kind: str
    path: str
    body: bytes
    headers: dict = field(default_factory=dict)
    method: str = "POST"


ENVELOPE_TYPE = {"Content-Type": "application/x-sentry-envelope"}
JSON_TYPE = {"Content-Type": "application/json"}


def envelope_request(kind: str, t: Target, body: bytes, headers: dict | None = None, auth: str = "query") -> Request:
    """An envelope POST authenticated the usual way (query key), by header, or not at all."""
    path = f"/api/{t.project_id}/envelope/"
    all_headers = dict(ENVELOPE_TYPE)
    if auth == "query":
        path += f"?sentry_key={t.key}"
    elif auth == "header":
        all_headers["X-Sentry-Auth"] = f"Sentry sentry_version=7, sentry_client=fuzz/1.0, sentry_key={t.key}"
    all_headers.update(headers or {})
    return Request(kind, path, body, all_headers)


def store_request(kind: str, t: Target, body: bytes, headers: dict | None = None) -> Request:
    return Request(kind, f"/api/{t.project_id}/store/?sentry_key={t.key}", body, {**JSON_TYPE, **(headers or {})})


# ---------------------------------------------------------------- odd values

def odd_values(rng: random.Random) -> list:
    """Values of the wrong type or out of range for any JSON field."""
    return [
        None, True, False, 0, -1, 1.5, 2**63, 2**64, -(2**63) - 1, 10**30,
        raw("1e400"), raw("-1e400"), raw("NaN"), raw("Infinity"), raw("-0"), raw("1E-400"), raw("0x10"),
        "", " ", "null", "1e400", "-1", "true", "9999-12-31T23:59:59Z", "\ud800", "\x00",
        [], [None], [[[]]], [1, "a", {}], {}, {"": None}, {"a": {"b": {"c": [1]}}},
        "x" * rng.choice([255, 256, 1025, 8193]),
    ]


def json_paths(value, prefix=()) -> list:
    """Every path (a tuple of keys and indexes) inside a JSON value, the root excluded."""
    paths = []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        paths.append(prefix + (key,))
        paths.extend(json_paths(child, prefix + (key,)))
    return paths


def set_at(value, path: tuple, new) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


def get_at(value, path: tuple):
    for key in path:
        value = value[key]
    return value


def string_paths(value) -> list:
    return [p for p in json_paths(value) if isinstance(get_at(value, p), str)]


def random_seed(rng: random.Random, t: Target, names=None) -> tuple[str, Envelope]:
    all_seeds = seeds.envelopes(rng, t.dsn() if rng.random() < 0.5 else None)
    name = rng.choice(names or sorted(all_seeds))
    return name, all_seeds[name]


def json_items(envelope: Envelope) -> list:
    return [i for i in envelope.items if isinstance(i.payload, (dict, list))]


def pick_json_target(rng: random.Random, envelope: Envelope):
    """Any JSON object of the envelope: its header, an item header or a JSON payload."""
    candidates = [envelope.header] + [i.header for i in envelope.items] + [i.payload for i in json_items(envelope)]
    return rng.choice(candidates)


# ---------------------------------------------------------------- envelope mutators

def valid(rng, t):
    name, env = random_seed(rng, t)
    auth = rng.choice(["query", "header"])
    return envelope_request(f"valid:{name}", t, seeds.serialize(env), auth=auth)


def byte_flip(rng, t):
    name, env = random_seed(rng, t)
    body = bytearray(seeds.serialize(env))
    for _ in range(rng.randint(1, 20)):
        body[rng.randrange(len(body))] ^= 1 << rng.randrange(8)
    return envelope_request(f"byte_flip:{name}", t, bytes(body))


def truncate(rng, t):
    name, env = random_seed(rng, t)
    body = seeds.serialize(env)
    return envelope_request(f"truncate:{name}", t, body[: rng.randrange(len(body))])


LENGTH_LIES = {
    "too_long": lambda n, rng: n + rng.randint(1, 10_000),
    "too_short": lambda n, rng: max(0, n - rng.randint(1, n or 1)),
    "negative": lambda n, rng: rng.choice([-1, -n, -(2**31)]),
    "huge": lambda n, rng: rng.choice([2**31, 2**32 + 1, 2**63 - 1]),
    "over_int64": lambda n, rng: rng.choice([2**63, 2**64, 10**40]),
    "float": lambda n, rng: rng.choice([n + 0.5, float(n), raw("1e400"), raw("NaN")]),
    "string": lambda n, rng: rng.choice([str(n), "", "abc", "\ud800"]),
    "other_type": lambda n, rng: rng.choice([None, True, [], {}, [n]]),
}


def item_length(rng, t):
    name, env = random_seed(rng, t)
    variant = rng.choice(sorted(LENGTH_LIES))
    item = rng.choice(env.items)
    payload = item.payload if isinstance(item.payload, bytes) else seeds.dump_json(item.payload)
    item.header["length"] = LENGTH_LIES[variant](len(payload), rng)
    return envelope_request(f"item_length:{variant}", t, seeds.serialize(env))


def type_confusion(rng, t):
    name, env = random_seed(rng, t)
    for _ in range(rng.randint(1, 3)):
        obj = pick_json_target(rng, env)
        paths = json_paths(obj)
        if paths:
            set_at(obj, rng.choice(paths), rng.choice(odd_values(rng)))
    return envelope_request(f"type_confusion:{name}", t, seeds.serialize(env))


def nested(rng, depth: int) -> str:
    """A value nested depth levels deep (arrays, objects or both alternating), as raw JSON:
    deeper than Python's own json could write."""
    style = rng.choice(["array", "object", "mixed"])
    opens = ["[" if style == "array" or (style == "mixed" and level % 2) else '{"a":' for level in range(depth)]
    closes = ["]" if o == "[" else "}" for o in reversed(opens)]
    return raw("".join(opens) + "1" + "".join(closes))


def deep_nesting(rng, t):
    name, env = random_seed(rng, t)
    depth = rng.choice([33, 65, 100, 1000, 10_000, 100_000])
    variant = rng.choice(["field", "payload", "header", "unclosed"])
    if variant == "unclosed":
        rng.choice(env.items).payload = (b"[" * depth) if rng.random() < 0.5 else (b'{"a":' * depth)
    elif variant == "payload":
        json_items(env)[0].payload = nested(rng, depth)
    else:
        target = env.header if variant == "header" else pick_json_target(rng, env)
        set_at(target, rng.choice(json_paths(target) or [("extra",)]), nested(rng, depth))
    return envelope_request(f"deep_nesting:{variant}_{depth}", t, seeds.serialize(env))


def huge_text(rng, size: int) -> str:
    """About size bytes once written as JSON (escapes included)."""
    unit = rng.choice(["a", "é", "\u4e2d", "\U0001F600", "\\", '"', "\n", "ab\u0000", "<script>"])
    return unit * (size // len(seeds.dump_json(unit)) + 1)


def huge_string(rng, t):
    name, env = random_seed(rng, t)
    # Log-uniform between 10 KB and 2 MB: mostly moderate, now and then a couple of megabytes.
    size = int(10_000 * (200 ** rng.random()))
    variant = rng.choice(["field", "key", "attachment", "header"])
    if variant == "attachment":
        env.items.append(Item({"type": "attachment", "filename": "big.bin"}, bytes(rng.getrandbits(8) for _ in range(64)) * (size // 64)))
    elif variant == "header":
        env.header[rng.choice(["event_id", "dsn", "sdk", "x"])] = huge_text(rng, size)
    else:
        obj = pick_json_target(rng, env)
        if variant == "key":
            obj[huge_text(rng, size)] = 1
        else:
            paths = string_paths(obj) or [("extra",)]
            set_at(obj, rng.choice(paths), huge_text(rng, size))
    return envelope_request(f"huge_string:{variant}_{size // 1000}kb", t, seeds.serialize(env))


BAD_UTF8 = [b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80", b"\xf8\x88\x80\x80\x80"]


def bad_utf8_text(rng) -> str:
    return "x" + raw_bytes(rng.choice(BAD_UTF8)) + "y"


def corrupt_strings(rng, obj: dict, make) -> None:
    """Puts make(rng) into a string value of obj, or in a key name when it has no strings."""
    paths = string_paths(obj)
    if paths and rng.random() < 0.8:
        set_at(obj, rng.choice(paths), make(rng))
    else:
        obj[make(rng)] = "v"


def invalid_utf8(rng, t):
    name, env = random_seed(rng, t)
    where = rng.choice(["header", "item_header", "payload", "attachment"])
    if where == "header":
        corrupt_strings(rng, env.header, bad_utf8_text)
    elif where == "item_header":
        corrupt_strings(rng, rng.choice(env.items).header, bad_utf8_text)
    elif where == "attachment":
        env.items.append(Item({"type": "attachment", "filename": "bin.dat"}, b"ok" + rng.choice(BAD_UTF8) + b"ok"))
    else:
        items = json_items(env)
        corrupt_strings(rng, items[0].payload, bad_utf8_text)
    return envelope_request(f"invalid_utf8:{where}", t, seeds.serialize(env))


def nul_surrogate_text(rng) -> str:
    return rng.choice(["a\u0000b", "\ud800", "\udfff", "x\ud83d", "\udc00\ud800", "\u0000" * 100, "\ufffe\uffff",
                       "a" + raw_bytes(b"\x00") + "b", raw_bytes(b"\x01\x1f")])


def nul_surrogate(rng, t):
    name, env = random_seed(rng, t)
    where = rng.choice(["header", "item_header", "payload"])
    obj = {"header": env.header, "item_header": rng.choice(env.items).header,
           "payload": json_items(env)[0].payload}[where]
    for _ in range(rng.randint(1, 4)):
        corrupt_strings(rng, obj, nul_surrogate_text)
    return envelope_request(f"nul_surrogate:{where}", t, seeds.serialize(env))


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    # Just over the 100 MB envelope limit once inflated; about 100 KB on the wire.
    return gzip.compress(b"\0" * (101 * 1024 * 1024), compresslevel=9)


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


def flip(rng, data: bytes, count: int = 8) -> bytes:
    body = bytearray(data)
    for _ in range(count):
        body[rng.randrange(len(body))] ^= 0xFF
    return bytes(body)


def compression(rng, t):
    name, env = random_seed(rng, t)
    plain = seeds.serialize(env)
    gz, zl = gzip.compress(plain), zlib.compress(plain)
    variants = {
        "gzip_valid": ("gzip", lambda: gz),
        "deflate_zlib_valid": ("deflate", lambda: zl),
        "deflate_raw_valid": ("deflate", lambda: deflate_raw(plain)),
        "gzip_truncated": ("gzip", lambda: gz[: rng.randrange(1, len(gz))]),
        "gzip_flipped": ("gzip", lambda: flip(rng, gz)),
        "gzip_trailing_garbage": ("gzip", lambda: gz + bytes(rng.getrandbits(8) for _ in range(64))),
        "gzip_header_only": ("gzip", lambda: gz[:10]),
        "gzip_twice": ("gzip", lambda: gzip.compress(gz)),
        "gzip_claimed_plain": ("gzip", lambda: plain),
        "deflate_truncated": ("deflate", lambda: zl[: rng.randrange(1, len(zl))]),
        "deflate_flipped": ("deflate", lambda: flip(rng, zl)),
        "deflate_garbage": ("deflate", lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000)))),
        "br_garbage": ("br", lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000)))),
        "br_claimed_plain": ("br", lambda: plain),
        "br_gzip_body": ("br", lambda: gz),
        "empty_gzip": ("gzip", lambda: b""),
        "empty_br": ("br", lambda: b""),
        "gzip_bomb": ("gzip", gzip_bomb),
        "x_gzip_upper": ("X-GZIP", lambda: gz),
    }
    variant = rng.choice(sorted(variants))
    encoding, make = variants[variant]
    return envelope_request(f"compression:{variant}", t, make(), {"Content-Encoding": encoding})


def unknown_encoding(rng, t):
    name, env = random_seed(rng, t)
    encoding = rng.choice(["zstd", "compress", "gzip, br", "gzip,gzip", "identity;q=0", "\u00e9", "x" * 300, "*"])
    # http.client sends header values as latin-1: an "é" arrives as one non-ASCII byte.
    return envelope_request(f"unknown_encoding:{encoding[:12]}", t, seeds.serialize(env), {"Content-Encoding": encoding})


def item_type(rng, t):
    name, env = random_seed(rng, t)
    variant = rng.choice(["unknown", "empty", "missing", "number", "event_not_json", "event_is_array",
                          "attachment_no_filename", "every_known_type_junk", "null"])
    item = env.items[0]
    if variant == "unknown":
        item.header["type"] = rng.choice(["foo", "EVENT", "event ", "event\u0000", "\ud800", "x" * 1000])
    elif variant == "empty":
        item.header["type"] = ""
    elif variant == "missing":
        item.header.pop("type", None)
    elif variant == "number":
        item.header["type"] = rng.choice([1, 1.5, True, [], {}])
    elif variant == "null":
        item.header["type"] = None
    elif variant == "event_not_json":
        env.items.insert(0, Item({"type": "event"}, bytes(rng.getrandbits(8) for _ in range(100))))
    elif variant == "event_is_array":
        env.items.insert(0, Item({"type": rng.choice(["event", "transaction"])}, rng.choice([[1, 2], "s", 3, None])))
    elif variant == "attachment_no_filename":
        env.items.append(Item({"type": "attachment"}, b"data"))
    else:
        for kind in ["event", "transaction", "attachment", "user_report", "feedback", "client_report", "session",
                     "sessions", "check_in", "profile", "replay_event", "replay_recording", "log", "statsd"]:
            env.items.append(Item({"type": kind}, rng.choice([b"{}", b"[]", b"null", b"\x00\xff", b"", b"{\"a\":"])))
    return envelope_request(f"item_type:{variant}", t, seeds.serialize(env))


def many_items(rng, t):
    name, env = random_seed(rng, t)
    count = rng.choice([999, 1000, 1001, 2000, 5000])
    variant = rng.choice(["attachment", "client_report", "unknown", "empty_lines", "no_length", "event"])
    if variant == "empty_lines":
        body = seeds.serialize(env) + b"\n" * count * 10
        return envelope_request(f"many_items:{variant}_{count}", t, body)
    make = {
        "attachment": lambda i: Item({"type": "attachment", "filename": f"{i}.txt"}, b"x"),
        "client_report": lambda i: Item({"type": "client_report"}, {"discarded_events": []}),
        "unknown": lambda i: Item({"type": f"t{i}"}, b"{}"),
        "no_length": lambda i: Item({"type": "attachment"}, b"y", with_length=False),
        "event": lambda i: Item({"type": "event"}, {"message": f"m{i}"}),
    }[variant]
    env.items.extend(make(i) for i in range(count))
    return envelope_request(f"many_items:{variant}_{count}", t, seeds.serialize(env))


def bad_auth(rng, t):
    name, env = random_seed(rng, t, ["error"])
    env.header.pop("dsn", None)
    body = seeds.serialize(env)
    wrong_key = "%032x" % rng.getrandbits(128)
    p = t.project_id
    variants = {
        "missing_key": (f"/api/{p}/envelope/", {}),
        "wrong_key": (f"/api/{p}/envelope/?sentry_key={wrong_key}", {}),
        "empty_key": (f"/api/{p}/envelope/?sentry_key=", {}),
        "key_odd_chars": (f"/api/{p}/envelope/?sentry_key=%00%ff%27%22", {}),
        "key_huge": (f"/api/{p}/envelope/?sentry_key={'k' * 4000}", {}),
        "other_project": (f"/api/{p + 1000}/envelope/?sentry_key={t.key}", {}),
        "project_zero": (f"/api/0/envelope/?sentry_key={t.key}", {}),
        "project_negative": (f"/api/-1/envelope/?sentry_key={t.key}", {}),
        "project_over_int64": (f"/api/{2**64}/envelope/?sentry_key={t.key}", {}),
        "project_not_number": (f"/api/abc/envelope/?sentry_key={t.key}", {}),
        "header_malformed": (f"/api/{p}/envelope/", {"X-Sentry-Auth": rng.choice(
            ["Sentry", "Sentry sentry_key=", "Sentry ,,,,=,=", "sentry_key", f"Bearer {t.key}", "Sentry sentry_key=" + "," * 2000])}),
        "header_wrong_key": (f"/api/{p}/envelope/", {"X-Sentry-Auth": f"Sentry sentry_key={wrong_key}"}),
        "authorization_header": (f"/api/{p}/envelope/", {"Authorization": rng.choice([f"DSN {t.dsn()}", "Basic Zm9vOmJhcg==", "Sentry sentry_key=" + t.key])}),
        "header_and_query_disagree": (f"/api/{p}/envelope/?sentry_key={wrong_key}", {"X-Sentry-Auth": f"Sentry sentry_key={t.key}"}),
    }
    dsn_variants = {
        "dsn_other_project": t.dsn(project_id=p + 1),
        "dsn_wrong_key": t.dsn(key=wrong_key),
        "dsn_malformed": rng.choice(["not a url", "http://@/", "http://k@h/", "http://k@h/abc", "http://k@h/99999999999999999999999",
                                     "://", "http://" + "a" * 5000 + "@h/1", "\ud800"]),
        "dsn_not_string": rng.choice([1, None, [], {"key": t.key}]),
    }
    variant = rng.choice(sorted(variants) + sorted(dsn_variants))
    if variant in dsn_variants:
        env.header["dsn"] = dsn_variants[variant]
        return Request(f"bad_auth:{variant}", f"/api/{p}/envelope/", seeds.serialize(env), dict(ENVELOPE_TYPE))
    path, headers = variants[variant]
    return Request(f"bad_auth:{variant}", path, body, {**ENVELOPE_TYPE, **headers})


# Messages that make backtracking regexes work hard, shaped after the patterns an offline
# analysis engine looks for in exception messages.
HOSTILE_MESSAGES = {
    "a_run": lambda: "a" * 50_000 + "!",
    "dots": lambda: "a." * 25_000,
    "parens": lambda: "((((" * 10_000,
    "quotes": lambda: "'" * 50_000,
    "reading_repeated": lambda: "Cannot read properties of undefined (reading '" * 2_000,
    "not_a_function": lambda: "a.b" * 15_000 + " is not a functio",
    "not_iterable": lambda: "x " * 25_000 + "is not iterabl",
    "evaluating": lambda: "undefined is not an object (evaluating '" * 2_000,
    "no_attribute": lambda: "'NoneType' object has no attribute '" * 2_000,
    "int_parse": lambda: "invalid literal for int() with base 10: " * 1_500,
    "key_not_found": lambda: "The given key '" * 4_000,
    "unsupported_operand": lambda: "unsupported operand type(s) for " * 1_500,
    "for_input_string": lambda: 'For input string: "' * 3_000,
    "spaces": lambda: " " * 50_000 + "!",
    "word_chars": lambda: "$" * 30_000 + ".x",
}

# Platforms and exception types the engine has patterns for, so every message reaches them;
# JavaScript's TypeError, which the most patterns share, comes up most often.
HOSTILE_TYPES = [
    ("javascript", "TypeError"), ("javascript", "TypeError"), ("javascript", "TypeError"), ("node", "TypeError"),
    ("node", "TypeError"), ("javascript", "Error"), ("javascript", "SyntaxError"), ("javascript", "ReferenceError"),
    ("python", "AttributeError"), ("python", "ValueError"), ("python", "TypeError"), ("python", "KeyError"),
    ("csharp", "System.Collections.Generic.KeyNotFoundException"), ("java", "java.lang.NumberFormatException"),
    ("java", "java.lang.NullPointerException"), ("csharp", "System.FormatException"),
]


# Automatic analysis looks at an issue once it has enough events (10 by default), and only
# until one analysis is queued. So hostile events come in windows: within one window of
# requests every hostile event is the same case with the same fingerprint, and its issue
# reaches the threshold with a hostile latest event. Windows cycle through all the cases.
HOSTILE_WINDOW = 100


@dataclass
class Position:
    """Where a request is in its run: what mutators that depend on their neighbours need."""
    seed: int
    index: int

    def hostile_case(self) -> tuple:
        rng = random.Random(f"{self.seed}:{self.index // HOSTILE_WINDOW}")
        return (rng.choice(sorted(HOSTILE_MESSAGES)), rng.choice(HOSTILE_TYPES),
                rng.choice(["value", "value", "value", "message", "context_line", "type"]))


def hostile_event(rng, at: Position) -> tuple[str, dict]:
    variant, (platform, exc_type), where = at.hostile_case()
    event = seeds.error_event(rng)
    event["platform"] = platform
    # Later requests are later events, so an issue's latest event is the newest hostile one.
    event["timestamp"] = seeds.NOW + at.index / 1000
    event["fingerprint"] = [f"regex-hostile-{variant}-{platform}-{exc_type}-{where}"]
    exc = event["exception"]["values"][0]
    exc["type"] = exc_type
    text = HOSTILE_MESSAGES[variant]()
    if where == "value":
        exc["value"] = text
    elif where == "message":
        del event["exception"]
        event["message"] = text
    elif where == "context_line":
        # A message the engine recognises, so that it goes on to search the source line.
        exc["stacktrace"]["frames"][-1]["context_line"] = text
    else:
        exc["type"] = text[:5000]
    return f"regex_hostile:{variant}_{where}", event


def regex_hostile(rng, t, at: Position):
    kind, event = hostile_event(rng, at)
    env = Envelope({"event_id": event["event_id"]}, [Item({"type": "event"}, event)])
    return envelope_request(kind, t, seeds.serialize(env))


GROUPING_FIELDS = {
    "fingerprint": lambda rng: rng.choice([[], [""], ["{{ default }}"], [None], [1, True, {}], ["a" * 10_000],
                                           [str(i) for i in range(1000)], "not-an-array", {"a": 1}, ["\ud800"],
                                           ["{{ default }}", "{{ transaction }}", "{{ type }}"]]),
    "platform": lambda rng: rng.choice(["", "\u0000", "x" * 5000, "cobol", "JAVASCRIPT", None, 7, ["python"]]),
    "level": lambda rng: rng.choice(["fatal", "FATAL", "", "critical", "debug\n", 5, None, "warning" * 1000]),
    "timestamp": lambda rng: rng.choice([1e20, -1.0, 0, 253402300800, -62135596801, "9999-12-31T23:59:59Z",
                                         "10000-01-01T00:00:00Z", "0000-00-00", "1767225600", raw("NaN"),
                                         raw("Infinity"), raw("1e400"), "2026-02-30T25:61:61Z", 2**64, None]),
    "start_timestamp": lambda rng: rng.choice([1e20, -1.0, "yesterday", seeds.NOW + 1e9]),
    "release": lambda rng: rng.choice(["", "\n", "x" * 5000, "../../etc", None, 1]),
    "environment": lambda rng: rng.choice(["", "/", "x" * 5000, None, {}]),
    "frames": lambda rng: rng.choice([[], None, [{}] * 500, [{"lineno": -1, "colno": 2**64, "in_app": "yes"}],
                                      [{"filename": "\ud800", "function": None}] * 3]),
}


def grouping(rng, t):
    name, env = random_seed(rng, t, ["error", "transaction"])
    event = json_items(env)[0].payload
    variant = rng.choice(sorted(GROUPING_FIELDS))
    value = GROUPING_FIELDS[variant](rng)
    if variant == "frames":
        if "exception" in event:
            event["exception"]["values"][0]["stacktrace"]["frames"] = value
    else:
        event[variant] = value
    return envelope_request(f"grouping:{variant}", t, seeds.serialize(env))


def framing(rng, t):
    name, env = random_seed(rng, t)
    good = seeds.serialize(env)
    header, _, rest = good.partition(b"\n")
    variants = {
        "empty_body": lambda: b"",
        "header_only": lambda: header,
        "header_newline_only": lambda: header + b"\n",
        "crlf": lambda: good.replace(b"\n", b"\r\n"),
        "no_final_newline": lambda: good.rstrip(b"\n"),
        "blank_lines": lambda: good.replace(b"\n", b"\n\n\n"),
        "header_array": lambda: b"[1,2]\n" + rest,
        "header_string": lambda: b'"envelope"\n' + rest,
        "header_number": lambda: b"123\n" + rest,
        "header_two_objects": lambda: header + header + b"\n" + rest,
        "header_trailing_comma": lambda: header[:-1] + b",}\n" + rest,
        "newlines_only": lambda: b"\n" * 1000,
        "whitespace_lines": lambda: header + b"\n" + b" \t\r\n" * 500,
        "binary_garbage": lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 5000))),
        "bom": lambda: b"\xef\xbb\xbf" + good,
        "utf16": lambda: good.decode("latin-1").encode("utf-16"),
        "giant_header_line": lambda: b'{"event_id":"' + b"a" * 1_000_000 + b'"}\n' + rest,
        "two_envelopes": lambda: good + good,
    }
    variant = rng.choice(sorted(variants))
    return envelope_request(f"framing:{variant}", t, variants[variant]())


# ---------------------------------------------------------------- legacy store endpoint

def store(rng, t, at: Position):
    """The legacy /store/ endpoint: one JSON event, mutated like an envelope payload."""
    event = seeds.store_events(rng)[rng.choice(["error", "message"])]
    variant = rng.choice(["valid", "type_confusion", "deep_nesting", "huge_string", "invalid_utf8",
                          "nul_surrogate", "regex_hostile", "truncate", "not_object", "empty", "gzip_corrupt",
                          "br_garbage", "missing_key"])
    headers, path = {}, None
    if variant == "type_confusion":
        for _ in range(rng.randint(1, 3)):
            set_at(event, rng.choice(json_paths(event)), rng.choice(odd_values(rng)))
    elif variant == "deep_nesting":
        event["extra"] = nested(rng, rng.choice([33, 65, 500]))
    elif variant == "huge_string":
        set_at(event, rng.choice(string_paths(event)), huge_text(rng, int(10_000 * (100 ** rng.random()))))
    elif variant == "invalid_utf8":
        corrupt_strings(rng, event, bad_utf8_text)
    elif variant == "nul_surrogate":
        corrupt_strings(rng, event, nul_surrogate_text)
    elif variant == "regex_hostile":
        variant, event = hostile_event(rng, at)
    body = seeds.dump_json(event)
    if variant == "truncate":
        body = body[: rng.randrange(len(body))]
    elif variant == "not_object":
        body = rng.choice([b"[]", b"null", b'"event"', b"1e400", b"{", b"\xff\xfe"])
    elif variant == "empty":
        body = b""
    elif variant == "gzip_corrupt":
        body, headers = flip(rng, gzip.compress(body)), {"Content-Encoding": "gzip"}
    elif variant == "br_garbage":
        body, headers = bytes(rng.getrandbits(8) for _ in range(200)), {"Content-Encoding": "br"}
    elif variant == "missing_key":
        path = f"/api/{t.project_id}/store/"
    request = store_request(f"store:{variant}", t, body, headers)
    if path:
        request.path = path
    return request


# ---------------------------------------------------------------- choosing

# Relative weights: hostile input that needs many requests to bite (regex work in the analysis
# engine only starts once an issue has enough events) gets a larger share.
MUTATORS = [
    (valid, 4), (byte_flip, 6), (truncate, 4), (item_length, 8), (type_confusion, 12), (deep_nesting, 4),
    (huge_string, 2), (invalid_utf8, 6), (nul_surrogate, 5), (compression, 8), (unknown_encoding, 1),
    (item_type, 5), (many_items, 2), (bad_auth, 5), (regex_hostile, 14), (grouping, 6), (framing, 4), (store, 10),
]


def request_for(seed: int, index: int, t: Target, valid_only: bool = False) -> Request:
    """The index-th request of a run: depends only on (seed, index), not on thread timing.
    valid_only sends unmutated seeds instead: the same volume of ordinary traffic, as a baseline."""
    rng = random.Random(seed * 1_000_003 + index)
    mutator = valid if valid_only else rng.choices([m for m, _ in MUTATORS], weights=[w for _, w in MUTATORS])[0]
    if mutator in (regex_hostile, store):
        return mutator(rng, t, Position(seed, index))
    return mutator(rng, t)
