#!/usr/bin/env bash
# Source map benchmark (issue 17). Two measurements on a Release BugSage over loopback:
#  ratio:  end-to-end events/s (acknowledged and digested) of minified browser events whose
#          frames are mapped through an uploaded bundle (maps cached after a warm-up), and of the
#          same events with the frames already at the original files, in the same server run;
#          three rounds, alternating which goes first; medians and the ratio.
#  memory: about 100 MB of maps uploaded (many bundles), then events spread over all of them;
#          resident memory idle after the upload and at its peak during the events, and what the
#          source map cache holds.
# Bundles are built by esbuild (generate.mjs: generated modules plus the real @sentry/browser),
# given debug IDs and uploaded by the real sentry-cli with an API token of scope project:releases.
# Usage: [BENCH_ONLY=ratio|memory] bench/sourcemaps/run.sh [seconds per phase=20] [bundles for memory=36]
# (needs wrk and node; builds the Release server)
set -euo pipefail
cd "$(dirname "$0")/../.."
PHASE=${1:-20} MEMORY_BUNDLES=${2:-36} ONLY=${BENCH_ONLY:-both}
PORT=8331 EMAIL=admin@example.com PASSWORD=bench-password-123
CONNECTIONS=${BENCH_CONNECTIONS:-32}
LUA=bench/sourcemaps/browser-envelope.lua
SDK=tests/BugSage.Compat.Tests/sdk
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is required: apt-get install wrk" >&2; exit 1; }
[ -x $SDK/node_modules/.bin/sentry-cli ] || { echo "build tests/BugSage.Compat.Tests once first (it restores $SDK/node_modules)" >&2; exit 1; }
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" | head -1; }
events_stored() { python3 -c "import sqlite3; print(sqlite3.connect('file:$1/bugsage.db?mode=ro', uri=True).execute('select count(*) from events').fetchone()[0])"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
rss_kb() { awk "/$1/ {print \$2}" /proc/$server_pid/status; }
gauge() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v n="$1" '$1 == n {print $2}'; }

# start <data dir>: a fresh server; sets server_pid, TOKEN (login) and KEY (the default project's DSN key).
start() {
  BugSage__DataDirectory=$1 BugSage__Bootstrap__AdminEmail=$EMAIL BugSage__Bootstrap__AdminPassword=$PASSWORD \
  BugSage__Ingestion__MinFreeDiskBytes=0 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet $SERVER --urls "http://127.0.0.1:$PORT" > "$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.25; done
  TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" | json 'd["accessToken"]')
  local project; project=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/projects" | json '[p for p in d["items"] if p["slug"]=="default"][0]["id"]')
  KEY=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/projects/$project/keys" | json '[k for k in d["items"] if k["isActive"]][0]["publicKey"]')
}

stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# upload <bundle dir>: sentry-cli injects debug IDs and uploads the bundles as one artifact bundle.
upload() {
  local releases_token
  releases_token=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"bench","scopes":["project:releases"]}' "http://127.0.0.1:$PORT/api/v1/tokens" | json 'd["token"]')
  SENTRY_URL="http://127.0.0.1:$PORT/" SENTRY_AUTH_TOKEN=$releases_token SENTRY_ORG=default SENTRY_PROJECT=default \
    $SDK/node_modules/.bin/sentry-cli sourcemaps inject "$1/dist" > "$1/inject.log"
  SENTRY_URL="http://127.0.0.1:$PORT/" SENTRY_AUTH_TOKEN=$releases_token SENTRY_ORG=default SENTRY_PROJECT=default \
    $SDK/node_modules/.bin/sentry-cli sourcemaps upload --url-prefix '~/assets' "$1/dist" > "$1/upload.log" 2>&1
  grep -q "Uploaded files to Sentry" "$1/upload.log" || { cat "$1/upload.log"; exit 1; }
}

# phase <mode> <seconds> <sites file> <data dir>: prints "events_per_s acknowledged seconds".
phase() {
  local before t0 t1 requests non2xx acked
  before=$(events_stored "$4")
  t0=$(date +%s.%N)
  BENCH_PATH="/api/1/envelope/?sentry_key=$KEY" BENCH_MODE=$1 BENCH_SITES_FILE=$3 \
    wrk -t1 -c"$CONNECTIONS" -d"${2}s" -s $LUA "http://127.0.0.1:$PORT" > "$work/wrk.txt"
  requests=$(field requests < "$work/wrk.txt"); non2xx=$(field non2xx < "$work/wrk.txt")
  acked=$((requests - non2xx))
  while [ "$(events_stored "$4")" -lt $((before + acked)) ]; do sleep 0.1; done
  t1=$(date +%s.%N)
  python3 -c "print(f'{$acked/($t1-$t0):.0f} $acked {$t1-$t0:.1f} $non2xx')"
}

if [ "$ONLY" != memory ]; then
echo "== ratio: one bundle (100 modules x 5 functions + @sentry/browser), 500 throw sites, $PHASE s a phase"
node bench/sourcemaps/generate.mjs build "$work/ratio" 1 100 5
start "$work/ratio-data"
upload "$work/ratio"
node bench/sourcemaps/generate.mjs sites "$work/ratio" 500
ls -l "$work/ratio/dist" | awk 'NR>1 {print "  " $5 " bytes " $9}'
echo "  warm-up (maps parsed and cached): $(phase minified 5 "$work/ratio/sites.lua" "$work/ratio-data") / $(phase original 5 "$work/ratio/sites.lua" "$work/ratio-data")"
results=()
for round in 1 2 3; do
  if [ $((round % 2)) = 1 ]; then order="original minified"; else order="minified original"; fi
  for mode in $order; do
    read -r rate acked secs non2xx <<< "$(phase $mode "$PHASE" "$work/ratio/sites.lua" "$work/ratio-data")"
    echo "  round $round $mode: $rate events/s ($acked events in $secs s, $non2xx refused)"
    results+=("$round $mode $rate")
  done
done
python3 - "http://127.0.0.1:$PORT" "$TOKEN" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1:]
def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    return json.load(urllib.request.urlopen(request))
# One minified event as stored: its top frame must read as the original code.
project = [p for p in get("/api/v1/projects")["items"] if p["slug"] == "default"][0]["id"]
issues = get(f"/api/v1/projects/{project}/issues?limit=100")["items"]
print(f"  issues: {len(issues)} on the first page")
for issue in issues:
    event_id = get(f"/api/v1/issues/{issue['id']}/events")["items"][0]["eventId"]
    frame = get(f"/api/v1/projects/{project}/events/{event_id}")["event"]["exception"]["values"][0]["stacktrace"]["frames"][-1]
    if frame.get("minified"):
        m = frame["minified"]
        print(f"  a mapped top frame: {frame['function']} ({frame['filename']}:{frame['lineno']}:{frame['colno']}) from {m['function']} ({m['filename']}:{m['lineno']}:{m['colno']})")
        break
else:
    sys.exit("no stored event has a mapped frame: the minified events were not symbolicated")
PY
stop
printf '%s\n' "${results[@]}" | python3 -c "
import sys, statistics
rows = [l.split() for l in sys.stdin if l.strip()]
by = {m: [float(r[2]) for r in rows if r[1] == m] for m in ('original', 'minified')}
ratios = [float(m[2]) / float(o[2]) for o in rows if o[1] == 'original' for m in rows if m[1] == 'minified' and m[0] == o[0]]
print(f'original_events_per_s_median={statistics.median(by[\"original\"]):.0f} runs={by[\"original\"]}')
print(f'minified_events_per_s_median={statistics.median(by[\"minified\"]):.0f} runs={by[\"minified\"]}')
print(f'ratio_median={statistics.median(ratios):.2f} per_round={[round(r, 2) for r in ratios]}')"

fi

if [ "$ONLY" != ratio ]; then
echo "== memory: $MEMORY_BUNDLES bundles uploaded, events spread over all of them"
node bench/sourcemaps/generate.mjs build "$work/mem" "$MEMORY_BUNDLES" 100 5
echo "  maps: $(du -cb "$work"/mem/dist/*.map | tail -1 | cut -f1) bytes in $MEMORY_BUNDLES maps; bundles: $(du -cb "$work"/mem/dist/*.js | tail -1 | cut -f1) bytes"
start "$work/mem-data"
sleep 2
echo "  rss_after_start_mb=$(($(rss_kb VmRSS) / 1024))"
upload "$work/mem"
node bench/sourcemaps/generate.mjs sites "$work/mem" 2000
echo "  peak_rss_during_upload_mb=$(($(rss_kb VmHWM) / 1024))"
sleep 5
echo "  idle_rss_after_upload_mb=$(($(rss_kb VmRSS) / 1024))"
# The same load with unminified frames first: what ingestion alone takes, so the peak below is the maps'.
read -r rate acked secs non2xx <<< "$(phase original "$PHASE" "$work/mem/sites.lua" "$work/mem-data")"
sleep 2
idle=$(rss_kb VmRSS)
echo "  unminified pass: $rate events/s ($acked events); peak_mb=$(($(rss_kb VmHWM) / 1024)); rss_after_mb=$((idle / 1024)) (the baseline below)"
echo 5 > /proc/$server_pid/clear_refs  # resets VmHWM: the peak below is the minified passes' alone
for i in 1 2 3; do
  read -r rate acked secs non2xx <<< "$(phase minified "$PHASE" "$work/mem/sites.lua" "$work/mem-data")"
  echo "  minified pass $i: $rate events/s ($acked events); rss_mb=$(($(rss_kb VmRSS) / 1024)) peak_mb=$(($(rss_kb VmHWM) / 1024)) cache_entries=$(gauge bugsage_sourcemap_cache_entries) cache_estimated_mb=$(( $(gauge bugsage_sourcemap_cache_bytes) / 1048576 ))"
done
peak=$(rss_kb VmHWM)
echo "  peak_rss_mb=$((peak / 1024)) peak_over_baseline_mb=$(((peak - idle) / 1024))"
stop
fi
