#!/usr/bin/env bash
# Fuzzes BugSage's Sentry ingestion endpoints: builds the server (Release), starts it on a free
# loopback port with a throwaway data directory, runs fuzz.py against it and stops it again.
# Exits non-zero when a bar fails (see bench/fuzz/README.md).
#
# Usage: bench/fuzz/run.sh [N=10000] [SEED=1] [--threads T] [--no-build]
#        bench/fuzz/run.sh [N] [SEED] --url http://127.0.0.1:8000 [--pid PID] [--server-log FILE]
#            (an already running server; --email/--password for its owner account)
#        SERVER_DLL=/path/BugSage.Server.dll bench/fuzz/run.sh N SEED --no-build   (another build)
set -euo pipefail
cd "$(dirname "$0")/../.."

N=10000 SEED=1 URL="" BUILD=1
EMAIL=fuzz@localhost PASSWORD=fuzz-password-1
passthrough=()
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --email) EMAIL=$2; shift 2 ;;
    --password) PASSWORD=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --pid|--server-log|--threads) passthrough+=("$1" "$2"); shift 2 ;;
    --valid-only|--baseline|--memory-report-only) passthrough+=("$1"); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -ge 1 ] && N=${positional[0]}
[ ${#positional[@]} -ge 2 ] && SEED=${positional[1]}

OUT=bench/fuzz/out/seed$SEED-n$N
rm -rf "$OUT" && mkdir -p "$OUT"
export PYTHONDONTWRITEBYTECODE=1
fuzz() { python3 bench/fuzz/fuzz.py -n "$N" --seed "$SEED" --email "$EMAIL" --password "$PASSWORD" --out "$OUT" "$@"; }

if [ -n "$URL" ]; then
  fuzz --url "$URL" "${passthrough[@]}"
  exit
fi

if [ "$BUILD" = 1 ]; then
  echo "building src/BugSage.Server (Release)"
  dotnet build -c Release src/BugSage.Server -v q -nologo > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi
# SERVER_DLL names another build to fuzz (an A/B comparison with a copy of an earlier one).
SERVER=${SERVER_DLL:-src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll}
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
pid=""

# Running, not a zombie: one that exited on its own may not have been reaped yet.
running() { grep -qv '^State:.*Z' <(grep '^State:' "/proc/$pid/status" 2>/dev/null); }

stop_server() {
  [ -n "$pid" ] || return 0
  if ! running; then
    code=0; wait "$pid" 2>/dev/null || code=$?
    echo "the server had exited on its own (exit code $code)"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  # A graceful stop first; a server that hangs on the way down is killed after 20 s.
  for _ in $(seq 1 100); do running || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
trap 'stop_server; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Warnings and errors only (each with its request's TraceId, joined with 5xx answers); the
# default autofix policy stays as it is, so automatic analysis runs on what the fuzzer sends.
BugSage__DataDirectory=$work/data \
BugSage__Bootstrap__AdminEmail=$EMAIL BugSage__Bootstrap__AdminPassword=$PASSWORD \
Logging__LogLevel__Default=Warning Logging__Console__IncludeScopes=true \
ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$SERVER" --urls "http://127.0.0.1:$PORT" > "$OUT/server.log" 2>&1 &
pid=$!
echo "server pid $pid on http://127.0.0.1:$PORT, data in $work, log in $OUT/server.log"

rc=0
fuzz --url "http://127.0.0.1:$PORT" --pid "$pid" --server-log "$OUT/server.log" "${passthrough[@]}" || rc=$?
echo "findings and summary.json in $OUT"
exit $rc
