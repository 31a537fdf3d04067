#!/usr/bin/env bash
# What the digest allocates per event under full load: starts BugSage, loads it with the same generator as run.sh, records
# the runtime's allocation ticks (with stacks) for 10 s of steady load with dotnet-trace, and prints the bytes allocated per
# digested event by type and by the BugSage method that allocated them (bench/AllocationProfile).
# Usage: bench/ingest/profile.sh; SERVER_DLL=path/BugSage.Server.dll profiles another build.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=8315
work=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
trace=$(command -v dotnet-trace || true)
if [ -z "$trace" ]; then
  dotnet tool install --tool-path "$work/tools" dotnet-trace >/dev/null
  trace=$work/tools/dotnet-trace
fi
[ -n "${SERVER_DLL:-}" ] || dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/AllocationProfile -v q -nologo >/dev/null

events_stored() { python3 -c "import sqlite3; print(sqlite3.connect('file:$work/data/bugsage.db?mode=ro', uri=True).execute('select count(*) from events').fetchone()[0])"; }

BugSage__DataDirectory=$work/data BugSage__Bootstrap__AdminPassword=bench-password \
BugSage__Ingestion__MinFreeDiskBytes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "${SERVER_DLL:-src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll}" --urls "http://127.0.0.1:$PORT" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/live" && break; sleep 0.25; done
KEY=$(grep -o 'http://[0-9a-f]*@' "$work/server.log" | head -1 | sed 's|http://||; s|@||')

# 20 s of load first: the start's compilation and first batches are not the steady state.
BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" wrk -t1 -c32 -d40s -s bench/ingest/sentry-node-envelope.lua "http://127.0.0.1:$PORT" > "$work/wrk.txt" &
load=$!
sleep 20
before=$(events_stored)
# The runtime's GC keyword at verbose level: allocation ticks, with stacks.
"$trace" collect -p "$pid" --providers "Microsoft-Windows-DotNETRuntime:0x1:5" --duration 00:00:00:10 -o "$work/alloc.nettrace" > /dev/null
after=$(events_stored)
wait "$load"
dotnet bench/AllocationProfile/bin/Release/net10.0/AllocationProfile.dll "$work/alloc.nettrace" "$((after - before))"
