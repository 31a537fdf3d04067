#!/usr/bin/env bash
# How soon dashboard pages are interactive in Chromium with many issues (SQLite): seeds the
# issues with bench/TriageScale, starts the server, then bench/DashboardLoad opens the pages.
# Usage: bench/dashboard/run.sh [issues=10000] [events=100000] [runs=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
ISSUES=${1:-10000} EVENTS=${2:-100000} RUNS=${3:-30}
PORT=8331 EMAIL=admin@example.com PASSWORD=bench-password-123
work=$(mktemp -d)
cleanup() { pkill -f "BugSage.Server.dll --urls http://127.0.0.1:$PORT" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/TriageScale -v q -nologo >/dev/null
dotnet build -c Release bench/DashboardLoad -v q -nologo >/dev/null
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
DB="Data Source=$work/data/bugsage.db"
mkdir -p "$work/data"

server() {
  BugSage__DataDirectory=$work/data BugSage__Storage__Provider=sqlite \
  BugSage__Bootstrap__AdminEmail=$EMAIL BugSage__Bootstrap__AdminPassword=$PASSWORD BugSage__Auth__SignInRateLimit__PerMinute=1000 \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet $SERVER --urls "http://127.0.0.1:$PORT" > "$work/server.log" 2>&1 &
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/ready" && return 0; sleep 0.25; done
  cat "$work/server.log"; return 1
}
stop() { pkill -f "BugSage.Server.dll --urls http://127.0.0.1:$PORT"; while pgrep -f "BugSage.Server.dll --urls http://127.0.0.1:$PORT" >/dev/null; do sleep 0.2; done; }

server; stop
dotnet bench/TriageScale/bin/Release/net10.0/TriageScale.dll sqlite "$DB" "http://127.0.0.1:$PORT" $EMAIL $PASSWORD "$ISSUES" "$EVENTS" --seed-only
server
dotnet bench/DashboardLoad/bin/Release/net10.0/DashboardLoad.dll "http://127.0.0.1:$PORT" $EMAIL $PASSWORD 1 "$RUNS"
