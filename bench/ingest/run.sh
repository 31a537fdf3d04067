#!/usr/bin/env bash
# End-to-end ingestion benchmark: the ceiling of a bare Kestrel endpoint, BugSage's sustained
# end-to-end rate (acknowledged and digested) under full load with the server's CPU time per
# event, and its ingest latency at 25, 50 and 75% of that rate. Uses wrk (apt-get install wrk)
# with sentry-node-envelope.lua.
# Usage: bench/ingest/run.sh [seconds=60]; SERVER_DLL=path/BugSage.Server.dll measures another build (an earlier
# commit's, for a before-and-after in one sitting) instead of this tree's; BENCH_LATENCY=0 stops after the full-load run
# (the ceiling, the end-to-end rate, CPU per event and peak RSS), for alternating two builds in less time.
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
[ -n "${SERVER_DLL:-}" ] || dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/BareEndpoint -v q -nologo >/dev/null

wait_http() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.25; done; echo "no answer from $1" >&2; return 1; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" | head -1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
events_stored() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:$1/bugsage.db?mode=ro', uri=True).execute('select count(*) from events').fetchone()[0])"; }

start_bugsage() {
  local data=$1
  BugSage__DataDirectory=$data BugSage__Bootstrap__AdminPassword=bench-password \
  BugSage__Ingestion__MinFreeDiskBytes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "${SERVER_DLL:-src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll}" --urls "http://127.0.0.1:$PORT_APP" > "$data.log" 2>&1 &
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
t0=$(date +%s.%N); cpu0=$(cpu_ticks "$pid")
BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_LOAD}s" -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/e2e.txt"
t_load=$(date +%s.%N)
requests=$(field requests < "$work/e2e.txt"); non2xx=$(field non2xx < "$work/e2e.txt")
acked=$((requests - non2xx))
while [ "$(events_stored "$work/e2e")" -lt "$acked" ]; do sleep 0.2; done
t_done=$(date +%s.%N); cpu1=$(cpu_ticks "$pid")
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
kill "$pid"; wait "$pid" 2>/dev/null || true
e2e=$(python3 - "$t0" "$t_load" "$t_done" "$acked" "$non2xx" "$ceiling" "$rss_kb" "$((cpu1 - cpu0))" "$(getconf CLK_TCK)" <<'PY'
import sys
t0, tl, td, acked, non2xx, ceiling, rss, ticks, hz = map(float, sys.argv[1:])
e2e = acked / (td - t0)
print(f"acknowledged={int(acked)} refused={int(non2xx)} accept_rate_per_s={acked/(tl-t0):.0f}", file=sys.stderr)
print(f"end_to_end_events_per_s={e2e:.0f} (acknowledged and digested, over {td-t0:.1f} s)", file=sys.stderr)
print(f"end_to_end_over_ceiling={e2e/ceiling:.3f}", file=sys.stderr)
# The server's own CPU time (user and system, every thread) from the first request until the last event was digested.
print(f"server_cpu_us_per_event={ticks / hz * 1e6 / acked:.0f}", file=sys.stderr)
print(f"peak_rss_mb={rss/1024:.0f}", file=sys.stderr)
print(int(e2e))
PY
)

[ "${BENCH_LATENCY:-1}" = 0 ] && exit 0

echo "== BugSage ingest latency at 25, 50 and 75% of the end-to-end rate ($e2e/s), 30 s each, after a 20 s warm-up at full load"
start_bugsage "$work/lat"
pid=$(cat "$work/lat.pid")
BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" wrk -t1 -c"$CONNECTIONS" -d20s -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/warm.txt"
acked_total=$(( $(field requests < "$work/warm.txt") - $(field non2xx < "$work/warm.txt") ))
for share in 25 50 75; do
  while [ "$(events_stored "$work/lat")" -lt "$acked_total" ]; do sleep 0.2; done
  # 100 connections, each pausing after every answer: 100 / (pause + what an answer adds) is the rate. A 5 s pass
  # measures what an answer adds, so that the timed pass reaches the rate wanted.
  rate=$(( e2e * share / 100 )); pause_ms=$(( 100000 / (rate > 0 ? rate : 1) ))
  BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" BENCH_DELAY_MS=$pause_ms wrk -t1 -c100 -d5s -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/pace$share.txt"
  acked_total=$(( acked_total + $(field requests < "$work/pace$share.txt") - $(field non2xx < "$work/pace$share.txt") ))
  reached=$(awk '/Requests\/sec/ {print $2}' "$work/pace$share.txt")
  pause_ms=$(python3 -c "print(max(0, round($pause_ms + 100000 / $rate - 100000 / $reached)))")
  while [ "$(events_stored "$work/lat")" -lt "$acked_total" ]; do sleep 0.2; done
  BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" BENCH_DELAY_MS=$pause_ms wrk -t1 -c100 -d30s -s $LUA "http://127.0.0.1:$PORT_APP" > "$work/lat$share.txt"
  acked_total=$(( acked_total + $(field requests < "$work/lat$share.txt") - $(field non2xx < "$work/lat$share.txt") ))
  p50=$(field latency_p50_us < "$work/lat$share.txt"); p99=$(field latency_p99_us < "$work/lat$share.txt"); p999=$(field latency_p999_us < "$work/lat$share.txt")
  echo "latency_at_${share}pct target_per_s=$rate requests_per_s=$(awk '/Requests\/sec/ {print int($2)}' "$work/lat$share.txt") p50_ms=$(python3 -c "print(round($p50/1000,2))") p99_ms=$(python3 -c "print(round($p99/1000,2))") p999_ms=$(python3 -c "print(round($p999/1000,2))")"
done
kill "$pid"; wait "$pid" 2>/dev/null || true
