#!/usr/bin/env bash
# Seconds from uploading a generated 200-page PDF to its job being ready (extracted, chunked,
# indexed, searchable) on SQLite; three runs, the median reported. Bar: under 30 s.
# Usage: bench/documents/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/BugSage.Server.Tests >/dev/null
times=()
for run in 1 2 3; do
  line=$(dotnet test tests/BugSage.Server.Tests --no-build --filter "FullyQualifiedName~DocumentIngestBenchmarkTests" \
    --logger "console;verbosity=detailed" 2>&1 | grep -E "200-page PDF" | grep -v "xUnit.net" | head -1)
  echo "run $run: $line"
  times+=("$(sed -E 's/.* in ([0-9.]+) s.*/\1/' <<<"$line")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "median of 3: ${median} s (bar: 30 s)"
