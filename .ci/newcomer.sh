#!/usr/bin/env bash
# A newcomer's first run: clone the repository, type the README's run command from the clone's
# root, and check what the README promises: the server answers, takes an event with the DSN it
# printed, and keeps its data in ./data of that directory. Fails with the server's log otherwise.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
pid=
cleanup() {
    # The server runs in its own process group (setsid): stop dotnet run and the server together.
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "newcomer: $*" >&2; tail -n 40 "$work/server.log" >&2 || true; exit 1; }

git clone --quiet "$repo" "$work/bugsage"
cd "$work/bugsage"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The README's command, with a free port instead of 8000 (it may be taken on a CI machine).
setsid dotnet run --project src/BugSage.Server -- --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
pid=$!
# The first run builds the solution too; then the server starts in seconds.
deadline=$((SECONDS + 300))
until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "the server exited before it was ready"
    [ "$SECONDS" -lt "$deadline" ] || fail "not ready within 300 s"
    sleep 1
done

# The DSN the first start printed: http://<public key>@127.0.0.1:<port>/<project id>.
dsn=$(grep -o "DSN: *http://[0-9a-f]*@[^ ]*" "$work/server.log" | head -n 1 | sed 's/^DSN: *//')
[ -n "$dsn" ] || fail "no DSN in the start-up banner"
key=$(echo "$dsn" | sed -E 's#http://([0-9a-f]+)@.*#\1#')
project=${dsn##*/}
event=$(python3 -c 'import uuid; print(uuid.uuid4().hex)')
answer=$(curl -fsS "http://127.0.0.1:$port/api/$project/store/?sentry_key=$key" -H 'content-type: application/json' \
    -d "{\"event_id\":\"$event\",\"message\":\"a newcomer's first event\",\"level\":\"error\",\"platform\":\"other\"}") \
    || fail "the event was refused"
echo "$answer" | grep -q "$event" || fail "unexpected answer to the event: $answer"

grep -q "Hosting environment: Production" "$work/server.log" || fail "dotnet run did not start in Production"
kill -TERM -- "-$pid"
wait "$pid" 2>/dev/null || true
pid=

[ -f data/bugsage.db ] || fail "no ./data/bugsage.db in the directory the command was run from"
[ -d data/inbox ] || fail "no ./data/inbox in the directory the command was run from"
[ ! -e src/BugSage.Server/data ] || fail "data went to src/BugSage.Server/data instead of ./data"
echo "newcomer: cloned, ran the README's command, sent an event; data in ./data as the README says"
