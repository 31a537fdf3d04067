#!/usr/bin/env bash
# Idle memory after start (issue 21's bar: 120 MB). Starts a Release BugSage RUNS times (default 3), each on an empty
# data directory (SQLite, Production), waits for /health/ready, then reads VmRSS once it has stayed within 1 MB for a
# second, and prints each start's figure and their median. With BEFORE_SERVER=<dll>, that build starts first each time,
# the two alternating, and the ratio after ÷ before of the medians is printed too.
#   bench/memory/idle.sh [RUNS]         SERVER=<dll> to measure a build other than this checkout's Release build
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
PORT=${PORT:-5391}
EMAIL=bench@example.com
PASSWORD=bench-password-123
SERVER=${SERVER:-$PWD/src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll}
[ -f "$SERVER" ] || dotnet build src/BugSage.Server -c Release -v q
source bench/server.sh

# rss_when_steady: VmRSS in MB of $SERVER_PID once two readings a second apart differ by under 1 MB (at most a minute).
rss_when_steady() {
  local last=0 now
  for _ in $(seq 1 60); do
    now=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status")
    if [ $((now - last)) -lt 1 ] && [ $((last - now)) -lt 1 ]; then echo "$now"; return; fi
    last=$now
    sleep 1
  done
  echo "$now"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

measure() {
  local dll=$1
  work=$(mktemp -d)
  SERVER=$dll server sqlite "Data Source=$work/data/bugsage.db"
  rss_when_steady
  stop
  rm -rf "$work"
}

after=() before=()
for run in $(seq 1 "$RUNS"); do
  if [ -n "${BEFORE_SERVER:-}" ]; then before+=("$(measure "$BEFORE_SERVER")"); echo "start $run, before: ${before[-1]} MB"; fi
  after+=("$(measure "$SERVER")")
  echo "start $run: ${after[-1]} MB"
done
echo "idle RSS, median of $RUNS starts: $(median "${after[@]}") MB"
if [ -n "${BEFORE_SERVER:-}" ]; then
  b=$(median "${before[@]}") a=$(median "${after[@]}")
  echo "before: $b MB; after ÷ before: $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')"
fi
