#!/usr/bin/env bash
# End-to-end ingestion benchmark: the ceiling of a bare Kestrel endpoint, BugSage's sustained
# end-to-end rate (acknowledged and digested) under full load, and its ingest latency at about
# 1,000 events/s. Uses wrk (apt-get install wrk) with sentry-node-envelope.lua.
# Usage: bench/ingest/run.sh [seconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_LOAD=${1:-60}
PORT_BARE=8311 PORT_APP=8312
CONNECTIONS=${BENCH_CONNECTIONS:-32}
LUA=bench/ingest/sentry-node-envelope.lua
work=$(mktemp -d)
# Processes are ended by the ids this script recorded, never by name: other runs may share the machine.
bare_pid=
trap 'if [ -n "$bare_pid" ]; then kill "$bare_pid" 2>/dev/null || true; fi; for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/BareEndpoint -v q -nologo >/dev/null

wait_http() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.25; done; echo "no answer from $1" >&2; return 1; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" | head -1; }
events_stored() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:$1/bugsage.db?mode=ro', uri=True).execute('select count(*) from events').fetchone()[0])"; }

start_bugsage() {
  local data=$1
  BugSage__DataDirectory=$data BugSage__Bootstrap__AdminPassword=bench-password \
  BugSage__Ingestion__MinFreeDiskBytes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll --urls "http://127.0.0.1:$PORT_APP" > "$data.log" 2>&1 &
  echo $! > "$data.pid"
  wait_http "http://127.0.0.1:$PORT_APP/health/live"
  KEY=$(grep -o 'http://[0-9a-f]*@' "$data.log" | head -1 | sed 's|http://||; s|@||')
}

echo "== ceiling: bare Kestrel accept-and-discard ($CONNECTIONS connections, 20 s)"
dotnet bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll --urls "http://127.0.0.1:$PORT_BARE" > /dev/null 2>&1 &
bare_pid=$!
wait_http "http://127.0.0.1:$PORT_BARE/"
ceiling=$(BENCH_PATH="/api/1/envelope/" wrk -t1 -c"$CONNECTIONS" -d20s -s $LUA "http://127.0.0.1:$PORT_BARE" | tee "$work/ceiling.txt" | awk '/Requests\/sec/ {print int($2)}')
kill "$bare_pid"; bare_pid=
echo "ceiling_requests_per_s=$ceiling"

echo "== BugSage end to end: full load for $SECONDS_LOAD s, then until every acknowledged event is digested"
start_bugsage "$work/e2e"
pid=$(cat "$work/e2e.pid")
t0=$(date +%s.%N)
BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_LOAD}s" -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/e2e.txt"
t_load=$(date +%s.%N)
requests=$(field requests < "$work/e2e.txt"); non2xx=$(field non2xx < "$work/e2e.txt")
acked=$((requests - non2xx))
while [ "$(events_stored "$work/e2e")" -lt "$acked" ]; do sleep 0.2; done
t_done=$(date +%s.%N)
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
kill "$pid"
python3 - "$t0" "$t_load" "$t_done" "$acked" "$non2xx" "$ceiling" "$rss_kb" <<'PY'
import sys
t0, tl, td, acked, non2xx, ceiling, rss = map(float, sys.argv[1:])
e2e = acked / (td - t0)
print(f"acknowledged={int(acked)} refused={int(non2xx)} accept_rate_per_s={acked/(tl-t0):.0f}")
print(f"end_to_end_events_per_s={e2e:.0f} (acknowledged and digested, over {td-t0:.1f} s)")
print(f"end_to_end_over_ceiling={e2e/ceiling:.2f}")
print(f"peak_rss_mb={rss/1024:.0f}")
PY

echo "== BugSage ingest latency at about 1,000 events/s (30 s)"
start_bugsage "$work/lat"
# 25 connections, each waiting 20 ms after every answer: about 1,000 requests/s.
BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" BENCH_DELAY_MS=20 wrk -t1 -c25 -d30s -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/lat.txt"
kill "$(cat "$work/lat.pid")"
awk '/Requests\/sec/ {print "latency_run_requests_per_s=" int($2)}' "$work/lat.txt"
p50=$(field latency_p50_us < "$work/lat.txt"); p99=$(field latency_p99_us < "$work/lat.txt")
echo "latency_p50_ms=$(python3 -c "print(round($p50/1000,2))") latency_p99_ms=$(python3 -c "print(round($p99/1000,2))")"
