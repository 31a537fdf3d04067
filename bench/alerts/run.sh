#!/usr/bin/env bash
# Alert latency: the time from an event accepted by the SDK endpoint to its webhook notification
# arriving at a receiver, p50/p95, with and without about 1,000 events/s of background load (wrk
# with the ingestion benchmark's @sentry/node envelopes). Each probe event is a new issue that a
# "new issue" rule sends to a webhook on this machine (bench/alerts/probe.py).
# Usage: bench/alerts/run.sh [probes=100] [interval_s=0.25]
set -euo pipefail
cd "$(dirname "$0")/../.."
PROBES=${1:-100} INTERVAL=${2:-0.25}
PORT=8331 EMAIL=admin@example.com PASSWORD=bench-password-123
LUA=bench/ingest/sentry-node-envelope.lua
work=$(mktemp -d); chmod 755 "$work"
trap 'pkill -f "BugSage.Server.dll --urls http://127.0.0.1:$PORT" 2>/dev/null || true; pkill -f "wrk .*127.0.0.1:$PORT" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
source bench/server.sh
# The receiver is on loopback, which the outbound policy refuses unless allowed.
export BugSage__Network__AllowedPrivateHosts__0=127.0.0.1 BugSage__Ingestion__MinFreeDiskBytes=0

measure() { # label, then "load" for background load
  rm -rf "$work/data"; mkdir -p "$work/data"
  server sqlite "Data Source=$work/data/bugsage.db"
  KEY=$(grep -o 'http://[0-9a-f]*@' "$work/server.log" | head -1 | sed 's|http://||; s|@||')
  local load_pid=
  if [ "${2:-}" = load ]; then
    # Connections that each wait 20 ms after every answer (35: about 1,000 requests/s here); 10 s to create its 500 issues first.
    BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" BENCH_DELAY_MS=20 wrk -t1 -c"${LOAD_CONNECTIONS:-35}" -d600s -s $LUA "http://127.0.0.1:$PORT" > "$work/wrk.txt" &
    load_pid=$!
    sleep 10
  fi
  echo "== $1"
  python3 bench/alerts/probe.py "http://127.0.0.1:$PORT" 1 "$KEY" "$EMAIL" "$PASSWORD" "$PROBES" "$INTERVAL"
  if [ -n "$load_pid" ]; then
    kill -INT "$load_pid"; wait "$load_pid" || true
    awk '/Requests\/sec/ {print "background_requests_per_s=" int($2)}' "$work/wrk.txt"
  fi
  stop
}

measure "idle (baseline)"
measure "under ~1,000 events/s of background load" load
