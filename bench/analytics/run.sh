#!/usr/bin/env bash
# Analytics latency over 90 days with 100,000 issues and 1,000,000 events, on SQLite and on
# PostgreSQL (a throwaway cluster from the machine's initdb/pg_ctl). Seeds with bench/triage's
# seeder in its analytics shape (straight into the tables, past the digest; first sightings over 90 days, each issue's
# events spread from its first to its last sighting, three environments), backfills the rollups with the
# `rebuild-rollups` verb (timed), on PostgreSQL vacuums and analyses the freshly seeded tables, then times each analytics
# request through the API.
# Usage: bench/analytics/run.sh [sqlite|postgres|both=both] [issues=100000] [events=1000000] [requests=60]
# PROJECTS (default 1): with more, the organization gets that many projects and the issues are dealt round-robin over
# them, so its answer reads many busy projects (the project requests then read project 1's share).
# WARMUP (default 10) requests of each kind are not counted. WARMUP_PASSES (default 1) first passes over every kind are
# printed and not counted: a freshly started server compiles its code for its first few hundred answers (tiered JIT),
# which no server that has run for a minute pays. PASSES (default 3) counted passes follow, each printed, then the
# median over them of each kind's p50 and p95. BEFORE_SERVER=path/to/BugSage.Server.dll (an older build, e.g. main's) measures that
# build first on the same seeded database, then lets this build migrate it, rebuild the rollups and measure: a
# before/after on one dataset without seeding twice.
set -euo pipefail
cd "$(dirname "$0")/../.."
WHICH=${1:-both} ISSUES=${2:-100000} EVENTS=${3:-1000000} REQUESTS=${4:-60} WARMUP=${WARMUP:-10} PASSES=${PASSES:-3} WARMUP_PASSES=${WARMUP_PASSES:-1} PROJECTS=${PROJECTS:-1}
PORT=8331 EMAIL=admin@example.com PASSWORD=bench-password-123
work=$(mktemp -d); chmod 755 "$work"
cleanup() {
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  if [ -d "$work/pg" ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null
dotnet build -c Release bench/TriageScale -v q -nologo >/dev/null
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
SCALE=bench/TriageScale/bin/Release/net10.0/TriageScale.dll

source bench/server.sh

# p50 and p95 in ms of REQUESTS GETs of one URL (the first WARMUP warm up and are not counted), and the server's CPU time
# (user and system, from /proc) per counted request: on 2 cores the latency's floor is about half of it.
timed() { # name url
  local times=() cpu_from=0
  for n in $(seq 1 "$REQUESTS"); do
    [ "$n" -eq "$((WARMUP + 1))" ] && cpu_from=$(server_cpu_ticks)
    local t
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$2")
    [ "${t%% *}" = 200 ] || { echo "GET $2 answered ${t%% *}" >&2; return 1; }
    [ "$n" -gt "$WARMUP" ] && times+=("${t#* }")
  done
  local cpu_ms=$(( ($(server_cpu_ticks) - cpu_from) * 1000 / $(getconf CLK_TCK) ))
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$1" -v cpu="$cpu_ms" \
    '{ a[NR] = $1 * 1000 } END { printf "| %s | %.1f | %.1f | %.1f |\n", name, a[int(NR / 2) + 1], a[int(NR * 0.95)], cpu / NR }'
}

# The server process's user and system CPU time so far, in clock ticks.
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# Times every request kind against the running server: WARMUP_PASSES passes that are printed but not counted, then
# PASSES counted ones, and the median over the counted passes of each kind's p50 and p95 (of an even count, the mean of
# the middle two).
requests() { # label
  login
  local to from31 from90 passes=$((WARMUP_PASSES + PASSES)) counted=$work/counted
  : > "$counted"
  to=$(date -u -d '+1 hour' +%Y-%m-%dT%H:00:00Z); from90=$(date -u -d '-90 days' +%Y-%m-%dT%H:00:00Z); from31=$(date -u -d '-30 days' +%Y-%m-%dT%H:00:00Z)
  for pass in $(seq 1 "$passes"); do
    if [ "$pass" -le "$WARMUP_PASSES" ]; then echo "-- $1, warm-up pass $pass of $WARMUP_PASSES (not counted)"
    else echo "-- $1, pass $((pass - WARMUP_PASSES)) of $PASSES"; fi
    echo "| request | p50 ms | p95 ms | server CPU ms |"
    echo "|---|---|---|---|"
    login # a pass can outlast an access token (15 minutes)
    {
      timed "project, 90 days by day" "/api/v1/projects/1/analytics?from=$from90&to=$to&interval=day"
      timed "project, 90 days by week" "/api/v1/projects/1/analytics?from=$from90&to=$to&interval=week"
      timed "project, 31 days by hour" "/api/v1/projects/1/analytics?from=$from31&to=$to&interval=hour"
      timed "project, 90 days, one environment" "/api/v1/projects/1/analytics?from=$from90&to=$to&environment=production"
      timed "project, 31 days by hour, one environment" "/api/v1/projects/1/analytics?from=$from31&to=$to&interval=hour&environment=production"
      timed "project, 90 days, one release" "/api/v1/projects/1/analytics?from=$from90&to=$to&release=app@1.7.0"
      timed "organization, 90 days by day" "/api/v1/organizations/1/analytics?from=$from90&to=$to&interval=day"
    } | if [ "$pass" -gt "$WARMUP_PASSES" ]; then tee -a "$counted"; else cat; fi
  done
  echo "-- $1, median over the $PASSES counted passes"
  echo "| request | p50 ms | p95 ms |"
  echo "|---|---|---|"
  awk -F' [|] ' '{ sub(/^[|] /, ""); n[$1]++; p50[$1, n[$1]] = $2; p95[$1, n[$1]] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++kinds] = $1 } }
    function median(a, name, count,   i, j, v, t) { for (i = 1; i <= count; i++) v[i] = a[name, i] + 0
      for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2 }
    END { for (k = 1; k <= kinds; k++) printf "| %s | %.1f | %.1f |\n", order[k], median(p50, order[k], n[order[k]]), median(p95, order[k], n[order[k]]) }' "$counted"
}

# Logs in as the benchmark's administrator.
login() {
  TOKEN=$(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
}

# Creates the organization's projects past the first, through the API; the seeder deals the issues over all of them.
add_projects() {
  [ "$PROJECTS" -gt 1 ] || return 0
  login
  for n in $(seq 2 "$PROJECTS"); do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Service $n\",\"platform\":\"node\"}" "http://127.0.0.1:$PORT/api/v1/projects"
  done
  echo "created $((PROJECTS - 1)) more projects"
}

# The seeder writes a million rows in about a minute, and a rebuild rewrites every rollup, which autovacuum then scans and
# analyses for minutes while the requests run; a production database grows over weeks. Vacuumed after each, the passes
# of either build measure the queries, not the vacuum. SQLite has nothing to vacuum for this.
vacuum() { # provider
  if [ "$1" != postgres ]; then return 0; fi
  local started=$SECONDS
  "$PGBIN/psql" -q -h 127.0.0.1 -p 8332 -U bugsage postgres -c 'VACUUM ANALYZE'
  echo "vacuumed and analysed in $((SECONDS - started)) s"
}

measure() { # provider connection-string
  echo "== $1: migrate and bootstrap, seed $ISSUES issues and $EVENTS events, backfill the rollups, then measure"
  local built=$SERVER
  if [ -n "${BEFORE_SERVER:-}" ]; then SERVER=$BEFORE_SERVER; fi
  server "$1" "$2"; add_projects; stop
  dotnet $SCALE "$1" "$2" "http://127.0.0.1:$PORT" $EMAIL $PASSWORD "$ISSUES" "$EVENTS" --seed-only --analytics-shape --all-projects
  local started=$SECONDS
  BugSage__DataDirectory=$work/data BugSage__Storage__Provider=$1 BugSage__Storage__ConnectionString=$2 \
    dotnet "$SERVER" rebuild-rollups
  echo "rollups rebuilt from raw data in $((SECONDS - started)) s"
  vacuum "$1"
  server "$1" "$2"
  if [ -n "${BEFORE_SERVER:-}" ]; then
    requests "before ($BEFORE_SERVER)"
    stop
    SERVER=$built
    started=$SECONDS
    server "$1" "$2"; stop
    echo "this build migrated the database in $((SECONDS - started)) s (start and stop included)"
    started=$SECONDS
    BugSage__DataDirectory=$work/data BugSage__Storage__Provider=$1 BugSage__Storage__ConnectionString=$2 \
      dotnet "$SERVER" rebuild-rollups
    echo "rollups rebuilt by this build in $((SECONDS - started)) s"
    vacuum "$1"
    server "$1" "$2"
  fi
  requests "this build"
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
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p 8332 -k $work/pg -c listen_addresses=127.0.0.1 -c shared_buffers=512MB" start >/dev/null
  measure postgres "Host=127.0.0.1;Port=8332;Username=bugsage;Database=postgres"
fi
