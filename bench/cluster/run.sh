#!/usr/bin/env bash
# Cluster benchmark: end-to-end events/s (acknowledged and digested) with 1, 2 and 3 BugSage nodes in
# cluster mode on one throwaway PostgreSQL, redis-server and rabbitmq-server, each node a Release process
# pinned with taskset to one core; then the latency from node A's 200 to node B's server-sent
# issue.created. Load goes to every node at once: one wrk per node (bench/ingest's envelope script),
# the connections split between them. Needs root (PostgreSQL runs as the postgres user), wrk,
# redis-server, rabbitmq-server and PostgreSQL's server binaries (Debian's packages).
# Usage: bench/cluster/run.sh [seconds of load per run=20] [runs per node count=3] [latency probes=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_LOAD=${1:-20} RUNS=${2:-3} PROBES=${3:-200}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
EMAIL=admin@example.com PASSWORD=bench-password-123
PG_PORT=8341 REDIS_PORT=8342 AMQP_PORT=8343 AMQP_DIST_PORT=8344 NODE_PORT=8350
LUA=bench/ingest/sentry-node-envelope.lua
SERVER=src/BugSage.Server/bin/Release/net10.0/BugSage.Server.dll
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RABBIT_NODE=bugsage-bench-$AMQP_PORT@localhost
CORES=$(nproc)
work=$(mktemp -d); chmod 755 "$work"
pids=()

# Everything is stopped by the ids this script recorded (process groups of its own), never by name:
# other engineers' runs share the machine.
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  if [ -d "$work/pg/data" ]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

for tool in wrk redis-server taskset; do command -v $tool >/dev/null || { echo "$tool is required (apt-get install)" >&2; exit 1; }; done
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || { echo "rabbitmq-server is required: apt-get install rabbitmq-server" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root: PostgreSQL is started as the postgres user" >&2; exit 1; }
dotnet build -c Release src/BugSage.Server -v q -nologo >/dev/null

wait_for() { # what, command...
  local what=$1; shift
  for _ in $(seq 1 480); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "$what did not come up" >&2; return 1
}
sql() { "$PGBIN/psql" -h 127.0.0.1 -p $PG_PORT -U bugsage -d postgres -tAc "$1"; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" | head -1; }

echo "== dependencies: PostgreSQL (default durability), redis-server, rabbitmq-server"
mkdir -p "$work/pg" && chown postgres:postgres "$work/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$work/pg/data" -A trust -U bugsage -E UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o \
  "-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=512MB" start >/dev/null
setsid redis-server --port $REDIS_PORT --bind 127.0.0.1 --dir "$work" --save "" --appendonly no > "$work/redis.log" 2>&1 &
pids+=($!)
mkdir -p "$work/rabbit/home" "$work/rabbit/mnesia" "$work/rabbit/log" "$work/rabbit/conf.d"
echo "[]." > "$work/rabbit/enabled_plugins"
# Its own HOME holds a fresh Erlang cookie; the script under /usr/lib runs the broker as the caller.
rabbit_env=(HOME="$work/rabbit/home" RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT=$AMQP_PORT RABBITMQ_DIST_PORT=$AMQP_DIST_PORT RABBITMQ_MNESIA_BASE="$work/rabbit/mnesia"
  RABBITMQ_LOG_BASE="$work/rabbit/log" RABBITMQ_PID_FILE="$work/rabbit/rabbitmq.pid"
  RABBITMQ_ENABLED_PLUGINS_FILE="$work/rabbit/enabled_plugins" RABBITMQ_CONFIG_FILES="$work/rabbit/conf.d")
env "${rabbit_env[@]}" setsid /usr/lib/rabbitmq/bin/rabbitmq-server > "$work/rabbit.log" 2>&1 &
pids+=($!)
wait_for redis-server redis-cli -p $REDIS_PORT ping
# await_startup answers at once while the node has not registered yet: asked again until it has.
rabbit_up() { env "${rabbit_env[@]}" /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBIT_NODE" -q --timeout 60 await_startup; }
wait_for rabbitmq-server rabbit_up

# Every node seals and opens secrets with one server key, made here as a new installation would.
(umask 077; openssl rand -base64 32 > "$work/secrets.key")

node_url() { echo "http://127.0.0.1:$((NODE_PORT + $1))"; }
# start_node <n>: node n on core (n-1) mod cores; with 3 nodes on 2 cores, nodes 1 and 3 share core 0.
start_node() {
  local n=$1 core=$(( ($1 - 1) % CORES ))
  mkdir -p "$work/node$n"
  BugSage__DataDirectory="$work/node$n" BugSage__NodeId="node-$n" \
  BugSage__Storage__Provider=postgres BugSage__Storage__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=bugsage;Database=postgres" \
  BugSage__Secrets__KeyFile="$work/secrets.key" \
  BugSage__Cluster__Enabled=true BugSage__Cluster__Redis="127.0.0.1:$REDIS_PORT" \
  BugSage__Cluster__RabbitMq="amqp://guest:guest@127.0.0.1:$AMQP_PORT/" \
  BugSage__Bootstrap__AdminEmail=$EMAIL BugSage__Bootstrap__AdminPassword=$PASSWORD \
  BugSage__Auth__SignInRateLimit__PerMinute=1000 BugSage__Ingestion__MinFreeDiskBytes=0 \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    setsid taskset -c $core dotnet "$SERVER" --urls "$(node_url "$n")" > "$work/node$n.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  ready() { kill -0 "$pid" || return 2; curl -sf -o /dev/null "$(node_url "$n")/health/ready"; }
  wait_for "node $n" ready || { tail -20 "$work/node$n.log"; return 1; }
  echo "node $n ready on $(node_url "$n"), pinned to core $core"
}

# measure <nodes>: one run of full load on every node for SECONDS_LOAD, then until all acknowledged are stored.
measure() {
  local nodes=$1 per=$(( CONNECTIONS / $1 )) before t0 t_load t_done acked=0 refused=0
  before=$(sql "select count(*) from events")
  local loads=()
  t0=$(date +%s.%N)
  for n in $(seq 1 "$nodes"); do
    BENCH_SEED=$n BENCH_PATH="/api/$PROJECT/envelope/?sentry_key=$KEY" wrk -t1 -c"$per" -d"${SECONDS_LOAD}s" -s $LUA "$(node_url "$n")" > "$work/wrk$n.txt" &
    loads+=($!)
  done
  wait "${loads[@]}"
  t_load=$(date +%s.%N)
  for n in $(seq 1 "$nodes"); do
    local requests non2xx
    requests=$(field requests < "$work/wrk$n.txt"); non2xx=$(field non2xx < "$work/wrk$n.txt")
    acked=$((acked + requests - non2xx)); refused=$((refused + non2xx))
  done
  local deadline=$(( $(date +%s) + 600 ))
  while [ "$(sql "select count(*) from events")" -lt $((before + acked)) ]; do
    [ "$(date +%s)" -lt $deadline ] || { echo "not all acknowledged events were stored within 600 s" >&2; return 1; }
    sleep 0.2
  done
  t_done=$(date +%s.%N)
  python3 -c "import sys; t0,tl,td,a,r=map(float,sys.argv[1:]); print(f'nodes=$nodes acknowledged={int(a)} refused={int(r)} accept_per_s={a/(tl-t0):.0f} end_to_end_per_s={a/(td-t0):.0f} drain_s={td-tl:.1f}')" \
    "$t0" "$t_load" "$t_done" "$acked" "$refused" | tee -a "$work/results.txt"
}

start_node 1
KEY=$(grep -o 'http://[0-9a-f]*@[^ ]*' "$work/node1.log" | head -1 | sed 's|http://\([0-9a-f]*\)@.*|\1|')
PROJECT=$(grep -o 'http://[0-9a-f]*@[^ ]*' "$work/node1.log" | head -1 | sed 's|.*/||')
[ -n "$KEY" ] && [ -n "$PROJECT" ] || { echo "no DSN in node 1's banner" >&2; cat "$work/node1.log"; exit 1; }
echo "uptime before: $(uptime)"
for nodes in 1 2 3; do
  [ "$nodes" = 1 ] || start_node "$nodes"
  echo "== $nodes node(s): $RUNS runs of $SECONDS_LOAD s, $CONNECTIONS connections split over the nodes"
  for _ in $(seq 1 "$RUNS"); do measure "$nodes"; done
done
echo "uptime after throughput: $(uptime)"

echo "== accept on node 1 to issue.created on node 2's server-sent events ($PROBES probes, 3 runs, 3 nodes up)"
for _ in 1 2 3; do
  python3 bench/cluster/latency.py "$(node_url 1)" "$(node_url 2)" "$PROJECT" "$KEY" $EMAIL $PASSWORD "$PROBES" | tee -a "$work/latency.txt"
done

echo "== medians of $RUNS runs"
python3 - "$work/results.txt" "$work/latency.txt" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\d.]+)", line)) for line in open(sys.argv[1])]
base = None
for nodes in ("1", "2", "3"):
    runs = [r for r in rows if r["nodes"] == nodes]
    e2e = statistics.median(float(r["end_to_end_per_s"]) for r in runs)
    accept = statistics.median(float(r["accept_per_s"]) for r in runs)
    base = base or e2e
    print(f"nodes={nodes} median_end_to_end_per_s={e2e:.0f} median_accept_per_s={accept:.0f} ratio_to_one_node={e2e/base:.2f}")
lat = [dict(re.findall(r"(\w+)=([\d.]+)", line)) for line in open(sys.argv[2])]
print(f"latency median_p50_ms={statistics.median(float(r['p50_ms']) for r in lat):.0f} "
      f"median_p95_ms={statistics.median(float(r['p95_ms']) for r in lat):.0f} "
      f"missing={sum(int(r['missing']) for r in lat)}")
PY
echo "uptime at the end: $(uptime)"
