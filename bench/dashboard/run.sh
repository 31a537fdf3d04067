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

source bench/server.sh

server sqlite "$DB"; stop
dotnet bench/TriageScale/bin/Release/net10.0/TriageScale.dll sqlite "$DB" "http://127.0.0.1:$PORT" $EMAIL $PASSWORD "$ISSUES" "$EVENTS" --seed-only
server sqlite "$DB"
dotnet bench/DashboardLoad/bin/Release/net10.0/DashboardLoad.dll "http://127.0.0.1:$PORT" $EMAIL $PASSWORD 1 "$RUNS"
