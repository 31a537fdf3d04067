# Shared by the benchmark scripts: start and stop a Release BugSage on a loopback port.
# Needs PORT, EMAIL, PASSWORD, SERVER (the built dll) and work (a scratch directory) set.

# server <provider> <connection string>: starts it on a fresh data directory under $work and waits until ready. The API's
# per-caller budget (600 a minute) is lifted: a benchmark is one caller making thousands of requests.
server() {
  BugSage__DataDirectory=$work/data BugSage__Storage__Provider=$1 BugSage__Storage__ConnectionString=$2 \
  BugSage__Bootstrap__AdminEmail=$EMAIL BugSage__Bootstrap__AdminPassword=$PASSWORD BugSage__Auth__SignInRateLimit__PerMinute=1000 \
  BugSage__RateLimits__Api__PermitLimit=1000000 \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$SERVER" --urls "http://127.0.0.1:$PORT" > "$work/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health/ready" && return 0; sleep 0.25; done
  cat "$work/server.log"; return 1
}

# Stops the server this script started, by its process id: never by name, as other runs may share the machine.
stop() {
  kill "$SERVER_PID"
  while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 0.2; done
  SERVER_PID=
}
