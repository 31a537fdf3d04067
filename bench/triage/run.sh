#!/usr/bin/env bash
# Issue list, search and filter latency with 100,000 issues and 1,000,000 events, on SQLite and
# on PostgreSQL (a throwaway cluster from the machine's initdb/pg_ctl).
# Usage: bench/triage/run.sh [sqlite|postgres|both=both] [issues=100000] [events=1000000]
#        RUNS=3 bench/triage/run.sh ...   measures the seeded data RUNS times (default 1), each run printing its table
set -euo pipefail
cd "$(dirname "$0")/../.."
WHICH=${1:-both} ISSUES=${2:-100000} EVENTS=${3:-1000000}
PORT=8321 EMAIL=admin@example.com PASSWORD=bench-password-123
work=$(mktemp -d); chmod 755 "$work"
cleanup() {
  pkill -f "BugSage.Server.dll --urls http://127.0.0.1:$PORT" 2>/dev/null || true
  if [ -d "$work/pg" ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/TriageScale -v q -nologo >/dev/null
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
SCALE=bench/TriageScale/bin/Release/net10.0/TriageScale.dll

source bench/server.sh

measure() { # provider connection-string
  echo "== $1: migrate and bootstrap, seed $ISSUES issues and $EVENTS events, then measure"
  server "$1" "$2"; stop
  dotnet $SCALE "$1" "$2" "http://127.0.0.1:$PORT" $EMAIL $PASSWORD "$ISSUES" "$EVENTS" --seed-only
  server "$1" "$2"
  for run in $(seq 1 "${RUNS:-1}"); do
    echo "-- $1, run $run"
    dotnet $SCALE "$1" "$2" "http://127.0.0.1:$PORT" $EMAIL $PASSWORD "$ISSUES" "$EVENTS" --measure-only
  done
  stop
}

if [ "$WHICH" != postgres ]; then
  mkdir -p "$work/data"
  measure sqlite "Data Source=$work/data/bugsage.db"
  rm -rf "$work/data"
fi
if [ "$WHICH" != sqlite ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$work/pg" && chown postgres:postgres "$work/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$work/pg/data" -A trust -U bugsage -E UTF8 --no-sync >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p 8322 -k $work/pg -c listen_addresses=127.0.0.1 -c shared_buffers=512MB" start >/dev/null
  measure postgres "Host=127.0.0.1;Port=8322;Username=bugsage;Database=postgres"
fi
